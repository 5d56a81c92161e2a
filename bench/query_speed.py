"""Query latency: a fixed mix of English and French queries, top 10 with highlights.

    python bench/query_speed.py --index /tmp/corpus-ix [--rounds 3] [--baseline DIR]

``--index`` may also be a Solr collection URL (http://127.0.0.1:PORT/solr/NAME).

In-process through Engine.search (result cache off, so every query does the work), then
over HTTP against `search serve --cache 0` fetching the results page as a browser would.
Prints median, p95 and p99 in milliseconds over all rounds (the first one starts with cold
caches: postings, positions, snippets), p95 of the later rounds alone, and the server's
memory.

With ``--baseline DIR`` (another checkout, e.g. ``git archive main | tar -x -C DIR``), a
second server runs DIR's code over the same index (or over ``--baseline-index``, built by
DIR's own code, when the index format changed in between) and every request goes to both servers
in turn (alternating which goes first), so that both are measured under the same load:
the fair comparison on a shared, noisy machine.
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
from search.crosslang.lexicon import default_translator


def requests() -> list[dict]:
    plain = [{"q": q} for q in QUERIES]
    return plain + [{"q": q, "lang": lang} for q, lang in FILTERED]


def alternating(targets: int, rounds: int):
    """``(request, target)`` for every request of ``rounds`` rounds, each sent to every target,
    which target goes first alternating from one request to the next (the machine's load then
    hits all targets alike)."""
    turn = 0
    for _ in range(rounds):
        for args in requests():
            order = list(range(targets))
            if turn % 2:
                order.reverse()
            turn += 1
            for i in order:
                yield args, i


def in_process(index: Path | str, rounds: int) -> tuple[dict, dict]:
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


def over_http(indexes: list[Path] | list[str], rounds: int, checkouts: list[Path]) -> list[tuple[dict, dict, float]]:
    """For each checkout's server (over its index): percentiles of all rounds, of the later
    rounds, and RSS. Requests alternate between the servers, so they share the machine's load."""
    servers, conns = [], []
    try:
        for checkout, served in zip(checkouts, indexes):
            port = free_port()
            servers.append(subprocess.Popen(
                [sys.executable, "-m", "search", "serve", "--index", str(served), "--port", str(port), "--cache", "0"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=checkout))
            wait_ready(port)
            conns.append(http.client.HTTPConnection("127.0.0.1", port, timeout=60))
        samples: list[list[float]] = [[] for _ in checkouts]
        for args, i in alternating(len(checkouts), rounds):
            started = time.perf_counter()
            conns[i].request("GET", "/search?" + urllib.parse.urlencode(args))
            response = conns[i].getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"HTTP {response.status} for {args} from {checkouts[i]}")
            samples[i].append((time.perf_counter() - started) * 1000)
        later = len(requests())
        return [(percentiles(s), percentiles(s[later:] or s), rss_of(server.pid)) for s, server in zip(samples, servers)]
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", required=True, help="a folder or a Solr collection URL")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", type=Path, help="another checkout whose server is measured alongside")
    parser.add_argument("--baseline-index", type=Path,
                        help="the baseline's own index, when its index format differs (built by its own code)")
    args = parser.parse_args()
    local, local_warm = in_process(args.index, args.rounds)
    print(f"in-process: median {local['median']:.1f} ms  p95 {local['p95']:.1f} ms  p99 {local['p99']:.1f} ms  "
          f"({local['n']} queries; after the first round: p95 {local_warm['p95']:.1f} ms)")
    here = Path(__file__).resolve().parent.parent
    checkouts = [here] + ([args.baseline.resolve()] if args.baseline else [])
    indexes = [args.index] + ([args.baseline_index or args.index] if args.baseline else [])
    for checkout, (remote, remote_warm, rss) in zip(checkouts, over_http(indexes, args.rounds, checkouts)):
        label = "" if len(checkouts) == 1 else f" [{'this checkout' if checkout == here else checkout}]"
        print(f"HTTP /search{label}: median {remote['median']:.1f} ms  p95 {remote['p95']:.1f} ms  "
              f"p99 {remote['p99']:.1f} ms  ({remote['n']} requests; after the first round: "
              f"p95 {remote_warm['p95']:.1f} ms); server RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
