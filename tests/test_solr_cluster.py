"""The local SolrCloud, our configset and the client, for real: 2 nodes in their own processes,
collections of 2 shards x 2 replicas, a node killed while queries run, the whole cluster down."""

from __future__ import annotations

import re
import shutil
import threading
import time
from pathlib import Path
from typing import Iterator

import pytest

from search.analysis.analyzers import analyze, analyzer_for, cognate_analyzer
from search.backends.solr.client import CONFIGSET_DIR, SolrClient, analysed_field
from search.errors import BackendUnavailableError, IndexNotFoundError, IndexVersionError

from .solr_kit import launcher, listening_addresses

pytestmark = pytest.mark.solr

SCHEMA_NAME = "bilingual-news-3"


def article(doc_id: str, lang: str, title: str, body: str) -> dict:
    """A document as the Solr backend will send one: its text in its language's fields,
    analysed by our analyzers."""
    analyzer = analyzer_for(lang)
    return {"id": doc_id, "kind": "article", "lang": lang, "title": title, "body": body,
            f"title_{lang}": analysed_field(analyzer, title), f"body_{lang}": analysed_field(analyzer, body),
            "cognates": analysed_field(cognate_analyzer(), f"{title} {body}")}


@pytest.fixture()
def collection(solr_cluster) -> Iterator[SolrClient]:
    """A new collection of 2 shards x 2 replicas from our configset, deleted afterwards."""
    client = SolrClient(solr_cluster.new_collection_url())
    assert client.create_collection() == (2, 2)
    try:
        yield client
    finally:
        solr_cluster.ensure_up()
        client.delete_collection()
        client.close()


def test_two_live_nodes_each_in_its_own_process(solr_cluster):
    urls, pids = solr_cluster.urls(), solr_cluster.pids()
    assert len(urls) == len(pids) == 2 and len(set(pids)) == 2
    names = {re.sub(r"^http://([^/]+)/solr$", r"\1_solr", url) for url in urls}
    for url, pid in zip(urls, pids):
        assert url.startswith("http://127.0.0.1:")
        assert launcher.live_nodes(url) == names  # each node answers and sees both
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        assert b"news.solr.SolrNode" in cmdline and b"-Xmx" + launcher.NODE_HEAP.encode() in cmdline
    assert re.fullmatch(r"127\.0\.0\.1:\d+", solr_cluster.zk)


def test_everything_listens_on_loopback_only(solr_cluster):
    info = launcher.read()
    assert listening_addresses(info["zk_pid"]) == {solr_cluster.zk}
    for node in info["nodes"]:
        assert listening_addresses(node["pid"]) == {f"127.0.0.1:{node['port']}"}


def test_collection_from_our_configset_reports_its_schema_version(collection):
    assert collection.exists()
    assert collection.schema_name() == SCHEMA_NAME
    collection.check_schema()
    states = collection.replica_states()
    assert sorted(shard for shard, _, _ in states) == ["shard1", "shard1", "shard2", "shard2"]
    for shard in ("shard1", "shard2"):  # the two replicas of a shard sit on the two nodes
        assert len({node for s, node, _ in states if s == shard}) == 2


def test_a_collection_of_another_schema_version_is_refused_with_the_way_out(solr_cluster, tmp_path):
    old = tmp_path / "conf"
    shutil.copytree(CONFIGSET_DIR, old)
    schema = old / "managed-schema.xml"
    schema.write_text(schema.read_text().replace(f'name="{SCHEMA_NAME}"', 'name="bilingual-news-1"'))
    client = SolrClient(solr_cluster.new_collection_url("old"))
    client.create_collection(1, 1, conf_dir=old)
    try:
        with pytest.raises(IndexVersionError) as err:
            client.check_schema()
        message = str(err.value)
        assert "has schema bilingual-news-1, this version needs bilingual-news-3" in message
        assert "recreate" in message and client.url in message
    finally:
        client.delete_collection()


def test_a_missing_collection_is_not_found(solr_cluster):
    client = SolrClient(solr_cluster.new_collection_url("missing"))
    assert not client.exists()
    with pytest.raises(IndexNotFoundError, match=f"no Solr collection at {re.escape(client.url)}"):
        client.check_schema()


NEWS = [
    article("fr/1.txt", "fr", "Le déminage du Haut-Karabakh",
            "L'armée a commencé les travaux de déminage des territoires libérés."),
    article("fr/2.txt", "fr", "Élections", "Les électeurs ont voté dimanche; l'armée est restée dans ses casernes."),
    article("en/1.txt", "en", "Demining in Karabakh", "The army started demining the liberated territories."),
    article("en/2.txt", "en", "Elections", "Voters went to the polls on Sunday."),
]


def ids(answer: dict) -> set[str]:
    return {doc["id"] for doc in answer["response"]["docs"]}


def test_analysed_articles_are_found_by_term_and_phrase_in_their_language(collection):
    assert collection.add(NEWS, batch_size=3) == 4
    collection.commit()
    # "déminage" analysed as a French query word is the French field's term.
    assert ids(collection.select({"q": "body_fr:deminag", "fl": "id"})) == {"fr/1.txt"}
    assert ids(collection.select({"q": "body_en:demin", "fl": "id"})) == {"en/1.txt"}
    assert ids(collection.select({"q": "body_fr:arme", "fl": "id"})) == {"fr/1.txt", "fr/2.txt"}
    # A phrase across the stop words "de", "des": consecutive positions, as in the Whoosh index.
    phrase = " ".join(analyze("travaux de déminage des territoires", "fr"))
    assert phrase == "traval deminag territoir"
    assert ids(collection.select({"q": f'body_fr:"{phrase}"', "fl": "id"})) == {"fr/1.txt"}
    assert ids(collection.select({"q": 'body_fr:"deminag traval"', "fl": "id"})) == set()
    # The cognate prefixes match across languages.
    assert ids(collection.select({"q": "cognates:demin", "fl": "id"})) == {"fr/1.txt", "en/1.txt"}
    assert collection.doc_frequencies("body_fr", ["arme", "deminag", "absent"]) == {
        "arme": 2, "deminag": 1, "absent": 0}
    assert collection.count("*:*", ["lang:fr"]) == 2


def test_deletes_by_id_and_by_query(collection):
    collection.add(NEWS)
    collection.commit()
    collection.delete_ids(["fr/1.txt"])
    collection.delete_query("lang:en")
    collection.commit()
    assert collection.count("*:*") == 1
    assert ids(collection.select({"q": "*:*", "fl": "id"})) == {"fr/2.txt"}


def test_idf_is_the_same_on_every_shard(collection):
    """ExactStatsCache: an article's score does not depend on the shard it was routed to. The
    shards hold different numbers of articles with the term; with per-shard statistics the same
    text would score differently on each."""
    text = "Mine clearance resumed in the district."
    docs = [article(f"mine/{i}.txt", "en", f"Report {i}", text) for i in range(7)]
    docs += [article(f"other/{i}.txt", "en", f"Other {i}", "Markets closed higher.") for i in range(9)]
    collection.add(docs)
    collection.commit()
    answer = collection.select({"q": "body_en:mine", "fl": "id,score,[shard]", "rows": 20,
                                "debug": "results"})
    hits = answer["response"]["docs"]
    assert len(hits) == 7
    shards = {hit["[shard]"] for hit in hits}
    assert len(shards) == 2, "the test needs articles with the term on both shards"
    per_shard = [sum(h["[shard]"] == s for h in hits) for s in shards]
    assert per_shard[0] != per_shard[1]
    assert len({hit["score"] for hit in hits}) == 1
    for explanation in answer["debug"]["explain"].values():
        assert "7 = n, number of documents containing term" in explanation
        assert "16 = N, total number of documents with field" in explanation
    assert collection.doc_frequencies("body_en", ["mine"]) == {"mine": 7}


def _query_loop(client: SolrClient, stop: threading.Event, answers: list, failures: list) -> None:
    while not stop.is_set():
        try:
            answers.append(client.select({"q": "body_en:mine", "rows": 0})["response"]["numFound"])
        except Exception as err:  # noqa: BLE001 - counted: the test allows one
            failures.append(err)
        time.sleep(0.02)


def test_a_node_killed_while_queries_run(solr_cluster, collection, record_property):
    """SIGKILL the node the client talks to: queries keep answering from the other node's
    replicas (at most the request in flight fails), and the restarted node's replicas become
    active again and serve."""
    collection.add(article(f"mine/{i}.txt", "en", f"Mine {i}", "Mine clearance resumed.") for i in range(20))
    collection.commit()
    assert collection.nodes()[0] == solr_cluster.urls()[0]
    stop, answers, failures = threading.Event(), [], []
    loop = threading.Thread(target=_query_loop, args=(collection, stop, answers, failures))
    loop.start()
    try:
        time.sleep(1.0)
        before = len(answers)
        solr_cluster.kill(0)
        time.sleep(5.0)
        after_kill = len(answers) - before
    finally:
        stop.set()
        loop.join()
    record_property("summary", f"{after_kill} queries answered in the 5 s after the kill, {len(failures)} failed")
    assert before > 0 and after_kill > 10
    assert len(failures) <= 1, failures
    assert set(answers) == {20}
    assert collection.nodes()[0] == solr_cluster.urls()[1]

    solr_cluster.restart(0)
    states = solr_cluster.wait_active(collection)
    assert {node for _, node, _ in states} == set(solr_cluster.urls())
    restarted = SolrClient(solr_cluster.collection_url(collection.collection, node=0))
    assert restarted.select({"q": "body_en:mine", "rows": 0, "distrib": "false"})["response"]["numFound"] > 0
    assert restarted.count("body_en:mine") == 20


def test_the_whole_cluster_down_is_one_line_then_it_comes_back(solr_cluster, collection):
    collection.add(NEWS)
    collection.commit()
    client = SolrClient(collection.url.replace("http://", "http://dora:t0ps3cret@"))
    assert client.count("*:*") == 4
    assert len(client.nodes()) == 2
    solr_cluster.kill(0)
    solr_cluster.kill(1)
    with pytest.raises(BackendUnavailableError) as err:
        client.select({"q": "*:*"})
    message = str(err.value)
    assert message == (f"Solr does not answer at {collection.url} "
                       "(2 node(s) tried: connection refused or reset)")
    assert "t0ps3cret" not in message and "dora" not in message
    solr_cluster.ensure_up()
    solr_cluster.wait_active(collection)
    assert client.count("*:*") == 4  # the same client: nothing to restart on our side
