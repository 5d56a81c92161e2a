"""The local SolrCloud's costs: first build, start, memory, a node's restart.

    python bench/solr_cluster.py [--articles 2000] [--empty-repo /tmp/m2-empty]

Starts its own cluster (refuses when one runs: ``make solr-down`` first) and stops it at the
end. With ``--empty-repo``, the launcher is first rebuilt with that folder as the Maven
repository (emptied first): the build of a fresh machine, downloads included; the normal
build is then redone so that solr/run keeps using ~/.m2. Prints the time to start ZooKeeper
and the 2 nodes, each process's RSS idle and after a 2 x 2 collection of ``--articles``
articles (the seeds' paragraphs recombined, analysed by our analyzers) is indexed and
searched, and the time a SIGKILLed node takes to be live again with its replicas active.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from search.analysis.analyzers import analyzer_for, cognate_analyzer  # noqa: E402
from search.backends.solr.client import SolrClient, analysed_field  # noqa: E402
from tests.solr_kit import SolrCluster, launcher  # noqa: E402


def rss_mb(pid: int) -> float:
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def memory(label: str) -> None:
    info = launcher.read()
    nodes = ", ".join(f"{rss_mb(pid):.0f}" for pid in info["pids"])
    print(f"{label}: nodes RSS {nodes} MB, ZooKeeper {rss_mb(info['zk_pid']):.0f} MB")


def articles(count: int) -> list[dict]:
    paragraphs: dict[str, list[str]] = {"en": [], "fr": []}
    for path in sorted((ROOT / "seeds").iterdir()):
        lang = "fr" if path.name.startswith("003") else "en"
        paragraphs[lang] += [p.strip() for p in path.read_text("utf-8").split("\n\n") if len(p.strip()) > 80]
    rng = random.Random(7)
    docs = []
    for n in range(count):
        lang = "fr" if n % 4 == 0 else "en"
        body = "\n\n".join(rng.sample(paragraphs[lang], k=min(4, len(paragraphs[lang]))))
        title = f"Synthetic story {n}"
        docs.append({"id": f"art-{n:05d}.txt", "kind": "article", "lang": lang, "title": title, "body": body,
                     f"title_{lang}": analysed_field(analyzer_for(lang), title),
                     f"body_{lang}": analysed_field(analyzer_for(lang), body),
                     "cognates": analysed_field(cognate_analyzer(), f"{title} {body}")})
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--empty-repo", type=Path, help="measure a first build with this (emptied) Maven repository")
    args = parser.parse_args()
    if launcher.running(launcher.read()):
        sys.exit("a local SolrCloud runs already: make solr-down first")

    if args.empty_repo:
        shutil.rmtree(args.empty_repo, ignore_errors=True)
        shutil.rmtree(launcher.LAUNCHER / "target", ignore_errors=True)
        began = time.monotonic()
        launcher.os.environ["SOLR_MVN_ARGS"] = f"-Dmaven.repo.local={args.empty_repo}"
        launcher.build()
        print(f"first build, empty Maven repository: {time.monotonic() - began:.1f} s")
        del launcher.os.environ["SOLR_MVN_ARGS"]
        launcher.build(force=True)

    began = time.monotonic()
    launcher.up()
    print(f"start (ZooKeeper + 2 nodes live): {time.monotonic() - began:.1f} s")
    try:
        cluster = SolrCluster()
        memory("idle")
        docs = articles(args.articles)
        with SolrClient(cluster.new_collection_url("bench")) as client:
            began = time.monotonic()
            client.create_collection()
            print(f"create a 2 x 2 collection: {time.monotonic() - began:.1f} s")
            began = time.monotonic()
            client.add(docs)
            client.commit()
            print(f"index {len(docs)} articles: {time.monotonic() - began:.1f} s")
            for word in ("mine", "army", "election", "arme"):
                client.select({"q": f"body_en:{word} OR body_fr:{word}", "rows": 10, "facet": "true",
                               "facet.field": "lang"})
            memory(f"after {len(docs)} articles")
            began = time.monotonic()
            cluster.kill(0)
            cluster.restart(0)
            live = time.monotonic() - began
            cluster.wait_active(client)
            print(f"node SIGKILLed and restarted: live after {live:.1f} s, "
                  f"replicas active after {time.monotonic() - began:.1f} s")
            client.delete_collection()
    finally:
        launcher.down()


if __name__ == "__main__":
    main()
