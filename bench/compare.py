#!/usr/bin/env python3
"""Build the same generated hub with convene and with Hugo, alternately, and print medians and
ratios of wall time, CPU time and peak memory.

    cargo build --release
    python3 bench/compare.py --pages 1000 --rounds 5

Needs Hugo (Debian package `hugo`) and the corpus generator in ../shared/bench/.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

import corpus


def measure(command, cwd):
    """Runs `command` under /usr/bin/time; returns (wall s, cpu s, peak MiB)."""
    result = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", *command], cwd=cwd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        sys.exit(f"{command[0]} failed:\n{result.stderr[-3000:]}")
    wall, user, system, peak_kib = result.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(system), int(peak_kib) / 1024


def main():
    args = corpus.arguments(__doc__, pages=1000, rounds=5)
    if not shutil.which("hugo"):
        sys.exit("Hugo is needed for the comparison: apt-get install -y hugo")

    work = tempfile.mkdtemp(prefix="convene-bench-")
    hubs = {}
    for flavor in ("convene", "hugo"):
        hubs[flavor] = os.path.join(work, flavor)
        corpus.generate(args.pages, args.seed, hubs[flavor], flavor, args.convene)
    commands = {
        "convene": [args.convene, "build", "--source", hubs["convene"], "--now", corpus.NOW],
        "hugo": ["hugo", "--quiet", "--source", hubs["hugo"], "--destination", os.path.join(work, "hugo-public")],
    }
    samples = {name: [] for name in commands}
    for _ in range(args.rounds):
        for name, command in commands.items():
            samples[name].append(measure(command, work))
    shutil.rmtree(work)

    medians = {name: [statistics.median(values) for values in zip(*runs)] for name, runs in samples.items()}
    print(f"{args.pages} pages, {args.rounds} rounds, medians")
    print(f"{'':10}{'wall s':>10}{'cpu s':>10}{'peak MiB':>10}")
    for name, (wall, cpu, peak) in medians.items():
        print(f"{name:10}{wall:10.2f}{cpu:10.2f}{peak:10.0f}")
    ratios = [c / h for c, h in zip(medians["convene"], medians["hugo"])]
    print(f"{'ratio':10}{ratios[0]:9.2f}x{ratios[1]:9.2f}x{ratios[2]:9.2f}x   (convene / hugo)")


if __name__ == "__main__":
    main()
