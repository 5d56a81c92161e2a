"""Query latency: a fixed mix of English and French queries, top 10 with highlights.

    python bench/query_speed.py --index /tmp/corpus-ix [--rounds 3]

In-process through Engine.search (result cache off, so every query does the work), then
over HTTP against `search serve --cache 0` fetching the results page as a browser would.
Prints median, p95 and p99 in milliseconds over all rounds (the first one starts with cold
caches: postings, positions, snippets), p95 of the later rounds alone, and the server's
memory.
"""

from __future__ import annotations

import argparse
import http.client
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from common import percentiles, rss_of  # also puts the project on sys.path
from load import free_port, wait_ready
from queries import FILTERED, QUERIES

from search import Engine
from search.lexicon import default_translator


def requests() -> list[dict]:
    plain = [{"q": q} for q in QUERIES]
    return plain + [{"q": q, "lang": lang} for q, lang in FILTERED]


def in_process(index: Path, rounds: int) -> tuple[dict, dict]:
    """Percentiles of all rounds, and of the rounds after the first (warm caches)."""
    engine = Engine(index, translator=default_translator(), cache_size=0)
    engine.search("warm up")
    samples = []
    for _ in range(rounds):
        for args in requests():
            started = time.perf_counter()
            engine.search(**args)
            samples.append((time.perf_counter() - started) * 1000)
    return percentiles(samples), percentiles(samples[len(requests()):] or samples)


def over_http(index: Path, rounds: int) -> tuple[dict, dict, float]:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "search", "serve", "--index", str(index), "--port", str(port),
                               "--cache", "0"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              cwd=Path(__file__).resolve().parent.parent)
    try:
        wait_ready(port)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        samples = []
        for _ in range(rounds):
            for args in requests():
                started = time.perf_counter()
                conn.request("GET", "/search?" + urllib.parse.urlencode(args))
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    raise SystemExit(f"HTTP {response.status} for {args}")
                samples.append((time.perf_counter() - started) * 1000)
        return percentiles(samples), percentiles(samples[len(requests()):] or samples), rss_of(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    local, local_warm = in_process(args.index, args.rounds)
    print(f"in-process: median {local['median']:.1f} ms  p95 {local['p95']:.1f} ms  p99 {local['p99']:.1f} ms  "
          f"({local['n']} queries; after the first round: p95 {local_warm['p95']:.1f} ms)")
    remote, remote_warm, rss = over_http(args.index, args.rounds)
    print(f"HTTP /search: median {remote['median']:.1f} ms  p95 {remote['p95']:.1f} ms  p99 {remote['p99']:.1f} ms  "
          f"({remote['n']} requests; after the first round: p95 {remote_warm['p95']:.1f} ms); "
          f"server RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
