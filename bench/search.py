#!/usr/bin/env python3
"""Figures for the search index on a generated hub: how long indexing takes, how much it puts
on disk, and how many bytes a browser downloads for one query.

    cargo build --release
    python3 bench/search.py --pages 10000

Needs Chromium and ChromeDriver (Debian packages `chromium`, `chromium-driver`).
"""
import functools
import http.server
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.request

import corpus

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def build_seconds(hub, out, search, rounds, convene, work):
    """Median wall time of `rounds` full builds, each into an empty folder without the cache,
    as on a fresh CI runner; what a build leaves is set aside in `work`, not deleted (corpus.py)."""
    times = []
    for _ in range(rounds):
        corpus.fresh_start(hub, out, work)
        command = [convene, "build", "--source", hub, "--output", out, "--now", corpus.NOW]
        start = time.perf_counter()
        subprocess.run(command + ([] if search else ["--no-search"]), check=True,
                       stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def folder_bytes(folder):
    """Bytes of all files under `folder`, and how many files."""
    sizes = [os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(folder) for f in files]
    return sum(sizes), len(sizes)


class Counting(http.server.SimpleHTTPRequestHandler):
    """Serves the site and counts the bytes of every response body."""
    sent = []

    def log_message(self, *args):
        pass

    def copyfile(self, source, destination):
        data = source.read()
        Counting.sent.append((self.path, len(data)))
        destination.write(data)


class Browser:
    """Headless Chromium driven over WebDriver."""

    def __init__(self):
        self.port = 9517
        self.driver = subprocess.Popen(["chromedriver", f"--port={self.port}"],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.profile = tempfile.mkdtemp()
        for _ in range(50):
            try:
                self.session = self.call("POST", "/session", {"capabilities": {"alwaysMatch": {
                    "goog:chromeOptions": {"binary": "/usr/bin/chromium",
                                           "args": CHROMIUM_FLAGS + [f"--user-data-dir={self.profile}"]}}}})["sessionId"]
                break
            except OSError:
                time.sleep(0.1)

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        return json.load(urllib.request.urlopen(request))["value"]

    def search(self, url):
        """Opens `url` and waits until the results are announced."""
        self.call("POST", f"/session/{self.session}/url", {"url": url})
        # The status says the search is loading (the form's data-loading) until results are in.
        script = ("const status = document.getElementById('search-status').textContent;"
                  "return status === document.getElementById('search').dataset.loading ? '' : status;")
        for _ in range(300):
            status = self.call("POST", f"/session/{self.session}/execute/sync",
                               {"script": script, "args": []})
            if status:
                return status
            time.sleep(0.1)
        raise SystemExit(f"no results shown for {url}")

    def close(self):
        self.call("DELETE", f"/session/{self.session}")
        self.driver.kill()
        shutil.rmtree(self.profile)


def main():
    args = corpus.parser(__doc__, pages=10000, rounds=3).parse_args()

    work = tempfile.mkdtemp(prefix="convene-search-")
    hub, out = os.path.join(work, "hub"), os.path.join(work, "public")
    corpus.generate(args.pages, args.seed, hub, "convene")
    without = build_seconds(hub, out, False, args.rounds, args.convene, work)
    with_search = build_seconds(hub, out, True, args.rounds, args.convene, work)
    index_bytes, index_files = folder_bytes(os.path.join(out, "pagefind"))
    pages = sum(1 for d, _, files in os.walk(out) for f in files if f == "index.html")

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Counting, directory=out))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    browser = Browser()
    try:
        queries = []
        for query in ("q=coach", "q=math+coach", "subjects=science"):
            before = len(Counting.sent)
            status = browser.search(f"{base}/search/?{query}")
            fetched = Counting.sent[before:]
            search_bytes = sum(size for path, size in fetched if "/pagefind/" in path or path.endswith("search.js"))
            queries.append((query, status, search_bytes, len(fetched)))
    finally:
        browser.close()
        server.shutdown()
    shutil.rmtree(work)

    print(f"{args.pages} pages generated, {pages} HTML pages built; medians of {args.rounds} builds")
    print(f"build without search   {without:7.2f} s")
    print(f"build with search      {with_search:7.2f} s   (indexing adds {with_search - without:.2f} s)")
    print(f"index on disk          {index_bytes / 1e6:7.1f} MB in {index_files} files")
    print("downloads per query; the first in a fresh browser, the others after it:")
    for query, status, search_bytes, requests in queries:
        print(f"/search/?{query:18} {search_bytes / 1e3:7.0f} kB of search files in {requests} requests: {status}")


if __name__ == "__main__":
    main()
