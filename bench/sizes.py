#!/usr/bin/env python3
"""The largest calendar, feed and list page a build writes, for the budgets of what clients
read: calendar apps (about 1 MB or 1,000 events), feed readers (1 MB) and phones on a school
network (a list page of 200 KB). Builds the generated corpus (or --hub) with --convene into an
empty folder and prints a table row per kind: the largest file, its bytes and its items.

    python3 bench/sizes.py --pages 10000 [--convene target/release/convene]
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus  # noqa: E402

TAXONOMIES = ["roles", "subjects", "regions", "grade-levels", "tags"]


def kind_of(path):
    """'calendar', 'archive', 'feed', 'list', 'sitemap' or None for a file of the output."""
    parts = path.split("/")
    if parts[0] == "es":
        parts = parts[1:]
    name = parts[-1]
    if name == "events-archive.ics":
        return "archive"
    if name == "events.ics":
        return "calendar"
    if name == "rss.xml":
        return "feed"
    if name.startswith("sitemap") and name.endswith(".xml"):
        return "sitemap"
    if name != "index.html" or parts[0] in ("search", "pagefind"):
        return None
    if len(parts) == 2 or "page" in parts[:-1]:
        return "list"
    if len(parts) == 3 and parts[0] in TAXONOMIES:
        return "list"
    return None


def items(kind, data):
    if kind in ("calendar", "archive"):
        return data.count(b"BEGIN:VEVENT")
    if kind == "feed":
        return data.count(b"<item>")
    if kind == "sitemap":
        return data.count(b"<url>") + data.count(b"<sitemap>")
    return len(re.findall(rb'<li class="card', data)) or data.count(b"<article")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hub", help="an existing hub (of --pages pages) instead of generating one")
    parser.add_argument("--convene", default=corpus.CONVENE)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="convene-sizes-")
    try:
        hub = args.hub
        if not hub:
            hub = os.path.join(work, "hub")
            corpus.generate(args.pages, args.seed, hub, "convene")
        out = os.path.join(work, "out")
        subprocess.run([args.convene, "build", "--source", hub, "--output", out, "--no-search",
                        "--now", corpus.NOW], check=True, stdout=subprocess.DEVNULL)
        largest = {}
        total = files = 0
        for folder, _, names in os.walk(out):
            for name in names:
                full = os.path.join(folder, name)
                size = os.path.getsize(full)
                total += size
                files += 1
                path = os.path.relpath(full, out)
                kind = kind_of(path)
                if kind and size > largest.get(kind, ("", 0))[1]:
                    largest[kind] = (path, size)
        print(f"{args.pages} pages: {files} files, {total / 1e6:.1f} MB")
        print(f"{'':10}{'largest file':48}{'bytes':>12}{'items':>8}")
        for kind in ("calendar", "archive", "feed", "list", "sitemap"):
            if kind in largest:
                path, size = largest[kind]
                with open(os.path.join(out, path), "rb") as f:
                    count = items(kind, f.read())
                print(f"{kind:10}{path:48}{size:12,}{count:8,}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
