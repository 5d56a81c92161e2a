"""The SolrCloud backend when the cluster fails, through the engine, the command and the web app:
a node killed while searches run, the whole cluster down and back, a collection of another
schema version."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path
from typing import Iterator

import pytest
from click.testing import CliRunner

from search import Engine, IndexVersionError
from search.backends.solr.client import CONFIGSET_DIR, SolrClient
from search.cli import cli
from web.app import create_app

from .conftest import SEEDS, drop_collection

pytestmark = pytest.mark.solr

KILLED_FOR = 5.0
"""Seconds searches run after the kill before the node is started again."""


@pytest.fixture()
def seeds_url(solr_cluster) -> Iterator[str]:
    """A fresh 2x2 collection of the seeds, reached through node 0 (the one the tests kill)."""
    url = solr_cluster.new_collection_url("faults", node=0)
    Engine(url).index(SEEDS)
    yield url
    solr_cluster.ensure_up()
    drop_collection(url)


def test_searches_keep_answering_while_a_node_is_killed(solr_cluster, seeds_url, record_property):
    engine = Engine(seeds_url, cache_size=0)
    assert engine.search("demining").total == 5
    answered, failed = [], []
    stop = threading.Event()

    def search_forever() -> None:
        while not stop.is_set():
            try:
                answered.append(engine.search("Chesnel").total)
            except Exception as exc:  # noqa: BLE001 - counted: the test is about how many fail
                failed.append(repr(exc))

    worker = threading.Thread(target=search_forever)
    worker.start()
    time.sleep(1.0)
    before = len(answered)
    solr_cluster.kill(0)  # the node the engine's URL names
    time.sleep(KILLED_FOR)
    after_kill = len(answered) - before
    solr_cluster.restart(0)
    with SolrClient(seeds_url) as client:
        solr_cluster.wait_active(client)
    stop.set()
    worker.join(timeout=60)
    record_property("summary", f"{after_kill} searches answered in the {KILLED_FOR:.0f} s after the kill, "
                               f"{len(failed)} failed")
    assert len(failed) <= 1, failed  # at most the one in flight at the kill
    assert after_kill > 0 and set(answered) == {1}
    assert engine.search("Chesnel").total == 1  # the restarted node serves again


def test_the_whole_cluster_down_then_back_without_a_restart(solr_cluster, seeds_url, tmp_path, monkeypatch):
    app = create_app({"INDEX_DIR": seeds_url, "RESULT_CACHE": 0})
    web = app.test_client()
    assert web.get("/search?q=demining").status_code == 200
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    solr_cluster.kill(0)
    solr_cluster.kill(1)
    try:
        result = CliRunner().invoke(cli, ["query", "demining", "--index", seeds_url])
        assert result.exit_code == 1
        assert result.output.startswith(f"Error: Solr does not answer at {seeds_url} ")
        assert result.output.count("\n") == 1
        page = web.get("/search?q=demining")
        assert page.status_code == 503
        assert "The search cluster does not answer right now" in page.get_data(as_text=True)
        api = web.get("/api/search?q=demining")
        assert api.status_code == 503 and "does not answer" in api.get_json()["error"]
        assert web.get("/healthz").status_code == 503
    finally:
        solr_cluster.ensure_up()
    with SolrClient(seeds_url) as client:
        solr_cluster.wait_active(client)
    assert list(work.iterdir()) == []  # nothing was written locally
    assert web.get("/search?q=demining").status_code == 200  # the same app, not restarted
    assert web.get("/api/search?q=demining").get_json()["total"] == 5


def test_a_collection_of_another_schema_version_says_how_to_recreate_it(solr_cluster, tmp_path):
    conf = tmp_path / "conf"
    shutil.copytree(CONFIGSET_DIR, conf)
    schema = conf / "managed-schema.xml"
    schema.write_text(schema.read_text("utf-8").replace('name="bilingual-news-3"', 'name="bilingual-news-1"'), "utf-8")
    url = solr_cluster.new_collection_url("oldschema")
    with SolrClient(url) as client:
        client.create_collection(conf_dir=Path(conf))
    try:
        with pytest.raises(IndexVersionError, match="delete the collection"):
            Engine(url).search("demining")
        result = CliRunner().invoke(cli, ["index", "--corpus", str(SEEDS), "--index", url])
        assert result.exit_code == 1 and "bilingual-news-1" in result.output and "recreate" in result.output
    finally:
        drop_collection(url)
