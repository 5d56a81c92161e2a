"""Load test: N concurrent clients against `search serve` on loopback for a bounded time.

    python bench/load.py --index /tmp/corpus-ix [--clients 32] [--seconds 30]

Starts `search serve` on a free loopback port, then each client loops over a mix of result
pages, API calls and article pages until the time is up. Prints requests/s, latency
percentiles, errors and the server's memory. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import http.client
import json
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--threads", type=int, default=8, help="server worker threads")
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
        lock = threading.Lock()
        stop_at = time.monotonic() + args.seconds

        def client(n: int) -> None:
            rng = random.Random(n)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            while time.monotonic() < stop_at:
                path = paths(rng, ids)
                started = time.perf_counter()
                try:
                    conn.request("GET", path)
                    response = conn.getresponse()
                    response.read()
                    ok = response.status == 200
                except OSError as exc:
                    ok = False
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    response = exc
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    latencies.append(elapsed)
                    if not ok:
                        errors.append(f"{path}: {getattr(response, 'status', response)}")

        threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.monotonic() - started
        stats = percentiles(latencies)
        print(f"{args.clients} clients, {wall:.1f} s, server threads {args.threads}")
        print(f"requests {len(latencies)}  {len(latencies) / wall:.1f} req/s  errors {len(errors)}")
        print(f"latency ms: p50 {stats['median']:.0f}  p95 {stats['p95']:.0f}  p99 {stats['p99']:.0f}")
        print(f"server RSS {rss_of(server.pid):.0f} MB")
        for line in errors[:10]:
            print("error:", line)
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
