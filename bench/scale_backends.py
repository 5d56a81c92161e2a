"""SolrCloud against the embedded index on one corpus: indexing speed, then query latency, same run.

    python bench/scale_backends.py --corpus /tmp/corpus-30x --whoosh /tmp/ix-30x \
        [--solr http://127.0.0.1:PORT/solr] [--collection scale30] [--rounds 3] [--queries-only]

Needs the local cluster (``make solr-up``; its first node is the default ``--solr``, read from
solr/run/cluster.json). Indexes the corpus with ``search index --json`` into a new collection
of that cluster (2 shards x 2 replicas, the default on 2 nodes), then into the Whoosh folder,
one after the other (the machine has 2 cores): wall time, the report's seconds, articles/s,
peak memory of the indexer's process tree, the Solr nodes' RSS and the load average. Then the
query mix of bench/query_speed.py against both, in-process (Engine.search, result cache off)
and over HTTP (``search serve --cache 0``, the results page), every query sent to both
backends in turn, alternating which goes first, so that the machine's load hits both alike.
``--queries-only`` skips the indexing (both indexes already built). Solr's own
queryResultCache (search/backends/solr/configset) still answers the repeats of the later rounds; bench/RESULTS.md
says how it was switched off for a fair comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from common import ROOT, percentiles, rss_of  # also puts the project on sys.path
from query_speed import alternating, over_http, requests
from rss_watch import tree_memory_mb

from search import Engine
from search.crosslang.lexicon import default_translator

CLUSTER_FILE = Path(os.environ.get("SOLR_RUN_DIR") or ROOT / "solr" / "run") / "cluster.json"
SAMPLE_SECONDS = 2.0
"""How often the indexer's memory is sampled: /proc is scanned each time."""


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def cluster() -> dict:
    if not CLUSTER_FILE.is_file():
        raise SystemExit(f"no local SolrCloud ({CLUSTER_FILE} missing): run `make solr-up` first")
    return json.loads(CLUSTER_FILE.read_text())


def nodes_rss(info: dict) -> str:
    return ", ".join(f"{rss_of(pid):.0f}" for pid in info["pids"]) + f" MB (ZooKeeper {rss_of(info['zk_pid']):.0f} MB)"


def index(corpus: Path, target: str) -> dict:
    """Run ``search index --json`` into ``target``; its report plus wall time, peak tree RSS and load."""
    load_before = load()
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "search", "index", "--corpus", str(corpus), "--index", target,
                             "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    peak = [0.0, 0.0]

    def watch() -> None:
        while proc.poll() is None:
            rss, pss = tree_memory_mb(proc.pid)
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            time.sleep(SAMPLE_SECONDS)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - started
    watcher.join()
    if proc.returncode not in (0, 3):
        raise SystemExit(f"search index into {target} failed ({proc.returncode}):\n{err[-3000:]}")
    report = json.loads(out)
    articles = sum(report["languages"].values())
    return {"target": target, "wall": wall, "seconds": report["seconds"], "articles": articles,
            "indexed": report["indexed"], "skipped": len(report["skipped"]), "languages": report["languages"],
            "peak_rss": peak[0], "peak_pss": peak[1], "load": f"{load_before} -> {load()}"}


def in_process(targets: list[str], rounds: int) -> list[tuple[dict, dict]]:
    """Percentiles of all rounds and of the later ones, per target, queries alternating between them."""
    engines = [Engine(t, translator=default_translator(), cache_size=0) for t in targets]
    try:
        for engine in engines:
            engine.search("warm up")
        samples: list[list[float]] = [[] for _ in targets]
        for args, i in alternating(len(targets), rounds):
            started = time.perf_counter()
            engines[i].search(**args)
            samples[i].append((time.perf_counter() - started) * 1000)
        later = len(requests())
        return [(percentiles(s), percentiles(s[later:] or s)) for s in samples]
    finally:
        for engine in engines:
            engine.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--whoosh", type=Path, required=True, help="the embedded index's folder (must not exist)")
    parser.add_argument("--solr", help="a node's base URL (default: the local cluster's first node)")
    parser.add_argument("--collection", default="scale30", help="a collection that does not exist yet")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--queries-only", action="store_true", help="both indexes are built: measure queries")
    args = parser.parse_args()
    info = cluster()
    node = (args.solr or info["urls"][0]).rstrip("/")
    collection = f"{node}/{args.collection}"
    whoosh = str(args.whoosh.resolve())
    print(f"cluster: {len(info['urls'])} nodes, heap -Xmx{info.get('heap', '?')} each; "
          f"nodes RSS {nodes_rss(info)}; load average {load()}")
    if not args.queries_only:
        if args.whoosh.exists():
            raise SystemExit(f"{args.whoosh} exists: give a new folder, so that the whole corpus is indexed")
        print("| backend | articles | wall s | report s | articles/s (wall) | articles/s (report) "
              "| indexer peak RSS / PSS | load average (1/5/15 min, before -> after) |")
        print("|---|---|---|---|---|---|---|---|")
        for label, target in (("SolrCloud 2x2", collection), ("Whoosh", whoosh)):
            r = index(args.corpus, target)
            if r["indexed"] != r["articles"]:
                print(f"note: {label} indexed {r['indexed']} of {r['articles']} articles: not a new index?")
            print(f"| {label} | {r['articles']:,} | {r['wall']:.0f} | {r['seconds']:.0f} | "
                  f"{r['articles'] / r['wall']:.0f} | {r['articles'] / r['seconds']:.0f} | "
                  f"{r['peak_rss']:.0f} / {r['peak_pss']:.0f} MB | {r['load']} |", flush=True)
            if target == collection:
                print(f"Solr nodes RSS after indexing: {nodes_rss(info)}", flush=True)
    targets = [collection, whoosh]
    labels = ["SolrCloud 2x2", "Whoosh"]
    load_before = load()
    local = in_process(targets, args.rounds)
    remote = over_http(targets, args.rounds, [ROOT, ROOT])
    print(f"\nqueries: {len(requests())} per round, {args.rounds} rounds (the first with cold caches); "
          f"load average {load_before} -> {load()}")
    print("| backend | where | median ms | p95 ms | p99 ms | p95 after the first round | server RSS |")
    print("|---|---|---|---|---|---|---|")
    for label, (all_rounds, warm) in zip(labels, local):
        print(f"| {label} | in-process | {all_rounds['median']:.1f} | {all_rounds['p95']:.1f} | "
              f"{all_rounds['p99']:.1f} | {warm['p95']:.1f} | |")
    for label, (all_rounds, warm, rss) in zip(labels, remote):
        print(f"| {label} | HTTP /search | {all_rounds['median']:.1f} | {all_rounds['p95']:.1f} | "
              f"{all_rounds['p99']:.1f} | {warm['p95']:.1f} | {rss:.0f} MB |")
    print(f"Solr nodes RSS at the end: {nodes_rss(info)}")


if __name__ == "__main__":
    main()
