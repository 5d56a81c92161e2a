"""Load test: N concurrent clients against `search serve` on loopback for a bounded time.

    python bench/load.py --index /tmp/corpus-ix [--clients 32] [--seconds 30]
    python bench/load.py --index /tmp/corpus-ix --clients 8 --hostile 1   # + a hostile client
    python bench/load.py --index /tmp/corpus-ix --clients 8 --idle 150    # + 150 idle connections
    python bench/load.py --index /tmp/corpus-ix --clients 8 --exporters 20  # + 20 export clients

Starts `search serve` on a free loopback port, then each client loops over a mix of result
pages, API calls and article pages until the time is up. Prints requests/s, latency
percentiles, errors and the server's memory. Only 127.0.0.1 is ever contacted.

``--hostile N`` adds N clients that send, back to back, the most expensive queries the API
accepts (up to 1,000 characters: the index's 64 commonest two-letter prefixes, its 64
commonest words, stacked NOTs, limit=100, each shuffled so that no answer comes from the
cache); their latencies are reported apart. ``--idle N`` holds N connections open that
never send a byte, for the whole run. ``--exporters N`` adds N clients that ask, back to
back, for whole-list CSV exports (``/search.csv``, up to 1,000 rows) of broad queries, each
one different so that none comes from the cache; their answers (200, or 503 when every
export slot is taken) and latencies are reported apart.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import random
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

from common import percentiles, rss_of
from queries import FILTERED, QUERIES


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.25)
    raise SystemExit("server did not start")


def article_ids(port: int) -> list[str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    ids = []
    for q in ("election", "confinement", "football"):
        conn.request("GET", "/api/search?" + urllib.parse.urlencode({"q": q, "limit": 20}))
        ids += [r["id"] for r in json.loads(conn.getresponse().read())["results"]]
    return ids or ["missing.txt"]


def paths(rng: random.Random, ids: list[str]) -> str:
    kind = rng.random()
    if kind < 0.5:
        q = rng.choice(QUERIES)
        return "/search?" + urllib.parse.urlencode({"q": q})
    if kind < 0.8:
        q, lang = rng.choice(FILTERED) if rng.random() < 0.3 else (rng.choice(QUERIES), "")
        return "/api/search?" + urllib.parse.urlencode({"q": q, "lang": lang, "page": rng.choice([1, 1, 2])})
    return "/article/" + urllib.parse.quote(rng.choice(ids)) + "?" + urllib.parse.urlencode({"q": rng.choice(QUERIES)})


MAX_QUERY = 1000
BROAD = ["the", "said", "government", "people", "year", "le", "les", "pour", "france", "president", "police",
         "world", "new", "minister", "est", "plus", "deux", "time", "match", "sur"]
"""Words that most articles of the shared corpus hold: their exports have the full 1,000 rows."""


def hostile_queries(index: Path, rng: random.Random) -> list[str]:
    """The costliest query shapes the API accepts, built from the index's own vocabulary."""
    from collections import Counter

    from search.backends.whoosh.store import open_index

    ix = open_index(index)
    prefixes: Counter = Counter()
    words: Counter = Counter()
    with ix.searcher() as searcher:
        reader = searcher.reader()
        for field in ("body_en", "body_fr"):
            for text, info in reader.iter_field(field):
                word = text.decode("utf-8", "replace")
                if word.isalpha() and len(word) >= 2:
                    prefixes[word[:2]] += 1
                    if len(word) >= 4:
                        words[word] = max(words[word], info.doc_frequency())
    ix.close()
    top_prefixes = [p + "*" for p, _ in prefixes.most_common(64)]
    top_words = [w for w, _ in words.most_common(64)]

    def fit(parts: list[str], joiner: str = " ") -> str:
        parts = parts[:]
        rng.shuffle(parts)
        out = ""
        for part in parts:
            if len(out) + len(joiner) + len(part) > MAX_QUERY:
                break
            out = f"{out}{joiner}{part}" if out else part
        return out

    def make() -> str:
        kind = rng.randrange(5)
        if kind == 0:
            return fit(top_prefixes)
        if kind == 1:
            return fit([f"title:{p}" for p in top_prefixes])
        if kind == 2:
            return fit(top_words)
        if kind == 3:
            return fit(top_prefixes, " OR ")
        return " ".join(["NOT"] * 200) + " " + fit(top_words[:20])

    return [make() for _ in range(200)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--threads", type=int, default=8, help="server worker threads")
    parser.add_argument("--hostile", type=int, default=0, help="clients sending the costliest accepted queries")
    parser.add_argument("--idle", type=int, default=0, help="idle connections held open during the run")
    parser.add_argument("--exporters", type=int, default=0, help="clients asking for uncached 1,000-row CSV exports")
    args = parser.parse_args()
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "search", "serve", "--index", str(args.index), "--port", str(port),
                               "--threads", str(args.threads)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              cwd=Path(__file__).resolve().parent.parent)
    try:
        wait_ready(port)
        ids = article_ids(port)
        latencies: list[float] = []
        errors: list[str] = []
        hostile_ms: list[float] = []
        hostile_errors: list[str] = []
        lock = threading.Lock()
        worst = hostile_queries(args.index, random.Random(5)) if args.hostile else []
        idle = []
        for _ in range(args.idle):
            idle.append(socket.create_connection(("127.0.0.1", port), timeout=10))
        stop_at = time.monotonic() + args.seconds

        def run_client(next_path, timeout: float, times: list[float], failures: list[str]) -> None:
            """Send requests until the end of the run, timing each (reconnecting after a failure)."""
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
            while time.monotonic() < stop_at:
                path = next_path()
                started = time.perf_counter()
                try:
                    conn.request("GET", path)
                    response = conn.getresponse()
                    response.read()
                    failure = None if response.status == 200 else f"{path}: {response.status}"
                except OSError as exc:
                    failure = f"{path}: {exc}"
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
                with lock:
                    times.append((time.perf_counter() - started) * 1000)
                    if failure:
                        failures.append(failure)

        def attacker(n: int) -> None:
            rng = random.Random(1000 + n)
            run_client(lambda: "/api/search?" + urllib.parse.urlencode({"q": rng.choice(worst), "limit": 100}),
                       60, hostile_ms, hostile_errors)

        export_ms: list[float] = []
        export_answers: list[str] = []

        def exporter(n: int) -> None:
            rng = random.Random(2000 + n)

            def next_path() -> str:  # two broad words, never the same pair twice: nothing cached
                return "/search.csv?" + urllib.parse.urlencode({"q": " ".join(rng.sample(BROAD, 2)) + f" {rng.random():.6f}"})

            run_client(next_path, 60, export_ms, export_answers)

        def exporters(count: int, results) -> None:
            """The export clients, in a process of their own: their threads must not slow the
            measuring process's clients (that would count their cost twice)."""
            threads = [threading.Thread(target=exporter, args=(n,)) for n in range(count)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            results.put((export_ms, export_answers))

        def client(n: int) -> None:
            rng = random.Random(n)
            run_client(lambda: paths(rng, ids), 30, latencies, errors)

        threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
        threads += [threading.Thread(target=attacker, args=(n,)) for n in range(args.hostile)]
        export_results = multiprocessing.get_context("fork").Queue()
        export_process = multiprocessing.get_context("fork").Process(target=exporters, args=(args.exporters, export_results))
        started = time.monotonic()
        if args.exporters:
            export_process.start()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if args.exporters:
            export_ms, export_answers = export_results.get(timeout=120)
            export_process.join(30)
        wall = time.monotonic() - started
        stats = percentiles(latencies)
        for sock in idle:
            sock.close()
        print(f"{args.clients} clients, {args.hostile} hostile, {args.exporters} exporters, {args.idle} idle connections, {wall:.1f} s, "
              f"server threads {args.threads}")
        print(f"requests {len(latencies)}  {len(latencies) / wall:.1f} req/s  errors {len(errors)}")
        print(f"latency ms: p50 {stats['median']:.0f}  p95 {stats['p95']:.0f}  p99 {stats['p99']:.0f}")
        print(f"server RSS {rss_of(server.pid):.0f} MB")
        if hostile_ms:
            worst_stats = percentiles(hostile_ms)
            print(f"hostile: requests {len(hostile_ms)}  errors {len(hostile_errors)}  latency ms: "
                  f"p50 {worst_stats['median']:.0f}  p95 {worst_stats['p95']:.0f}  max {max(hostile_ms):.0f}")
        if export_ms:
            busy = sum(1 for answer in export_answers if answer.endswith(": 503"))
            export_stats = percentiles(export_ms)
            print(f"exports: requests {len(export_ms)}  200 {len(export_ms) - len(export_answers)}  503 {busy}  "
                  f"other errors {len(export_answers) - busy}  latency ms: p50 {export_stats['median']:.0f}  "
                  f"p95 {export_stats['p95']:.0f}  max {max(export_ms):.0f}")
        for line in errors[:10]:
            print("error:", line)
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
