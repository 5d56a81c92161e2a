"""Incremental sync behaves the same on both backends: the embedded Whoosh index in a folder and a
SolrCloud collection (2 shards x 2 replicas on the local cluster, a fresh one per test).

The Solr-only tests cover what a cluster adds: a run killed at any moment converges when run
again, two runs at once, and a collection analysed by another version refused."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import pytest

from search.backends import crashpoints
from search.backends.solr import sync as solr_sync
from search.backends.solr.client import SolrClient
from search.backends.whoosh.duplicates import read_copies
from search.backends.whoosh.store import open_index
from search.backends.whoosh.sync import sync as whoosh_sync
from search.errors import IndexLockedError, IndexVersionError

from .conftest import SEEDS
from .conftest import write_files as write

ROOT = Path(__file__).resolve().parent.parent
STORY = ("Glacier retreat speeds up\n\nThe Rhône glacier lost more ice this summer than in any year since measurements "
         "began, glaciologists said on Tuesday.\n")
OTHER = "Ferry service resumes\n\nThe island ferry sailed again on Friday after a week of storms kept it in port.\n"
ITEM = ("<item><title>{title}</title><link>https://news.example/{slug}</link><pubDate>Tue, 03 Mar 2020 10:00:00 GMT"
        "</pubDate><description>{text}</description></item>")
CEASEFIRE = ITEM.format(title="Ceasefire agreed after talks in Geneva", slug="ceasefire",
                        text="Negotiators from both sides agreed a ceasefire after three days of talks in Geneva.")
RATES = ITEM.format(title="Central bank holds rates", slug="rates",
                    text="The central bank kept its main interest rate unchanged on Thursday, citing slowing inflation.")
HARVEST = ITEM.format(title="Record wheat harvest", slug="harvest",
                      text="Farmers brought in the largest wheat harvest on record after a mild and wet spring.")


def feed(*items: str) -> str:
    return ("<?xml version='1.0'?><rss version='2.0'><channel><title>Example World News</title>"
            "<link>https://news.example/</link>" + "".join(items) + "</channel></rss>")




class WhooshTarget:
    """An index in a temp folder."""

    name = "whoosh"

    def __init__(self, folder: Path):
        self.folder = folder

    def sync(self, corpus: Path, **options) -> object:
        return whoosh_sync(corpus, self.folder, workers=1, **options)

    def articles(self) -> dict[str, dict]:
        """Stored fields of every live article, by id."""
        with open_index(self.folder).searcher() as searcher:
            return {fields["id"]: fields for fields in searcher.all_stored_fields()}

    def copies(self) -> dict[str, list[str]]:
        return read_copies(self.folder)


class SolrTarget:
    """A fresh collection of the local cluster, 2 shards x 2 replicas."""

    name = "solr"

    def __init__(self, url: str):
        self.client = SolrClient(url)

    def sync(self, corpus: Path, **options) -> object:
        return solr_sync.sync(self.client, corpus, workers=1, shards=2, replicas=2, **options)

    def articles(self) -> dict[str, dict]:
        """The articles' stored fields, by id, as the Whoosh backend stores them (without Solr's
        ``_version_`` and the Solr-only ``kind`` and ``month``)."""
        docs = self.client.select({"q": "kind:article", "fl": "*", "rows": 10_000})["response"]["docs"]
        out = {doc["id"]: {k: v for k, v in doc.items() if k not in ("_version_", "kind", "month")} for doc in docs}
        assert len(out) == len(docs)
        return out

    def copies(self) -> dict[str, list[str]]:
        return solr_sync.copies(self.client)


@pytest.fixture()
def solr_target(solr_cluster) -> Iterator[SolrTarget]:
    target = SolrTarget(solr_cluster.new_collection_url("sync"))
    try:
        yield target
    finally:
        solr_cluster.ensure_up()
        target.client.delete_collection()
        target.client.close()


@pytest.fixture(params=["whoosh", pytest.param("solr", marks=pytest.mark.solr)])
def target(request, tmp_path):
    """Where a sync writes: a folder for the embedded backend, a fresh collection for Solr."""
    if request.param == "whoosh":
        return WhooshTarget(tmp_path / "ix")
    return request.getfixturevalue("solr_target")


def counts(report) -> tuple[int, int, int, int]:
    return report.indexed, report.updated, report.deleted, report.unchanged


def test_a_second_run_over_an_unchanged_corpus_changes_nothing(target, corpus):
    assert counts(target.sync(corpus)) == (5, 0, 0, 0)
    before = target.articles()
    report = target.sync(corpus)
    assert counts(report) == (0, 0, 0, 5) and report.languages == {"en": 4, "fr": 1}
    assert target.articles() == before


def test_changed_new_and_deleted_files(target, corpus):
    target.sync(corpus)
    names = sorted(p.name for p in corpus.iterdir())
    (corpus / names[0]).unlink()
    write(corpus, {names[1]: OTHER, "new/glacier.txt": STORY})
    report = target.sync(corpus)
    assert counts(report) == (1, 1, 1, 3)
    articles = target.articles()
    assert set(articles) == set(names[1:]) | {"new/glacier.txt"}
    assert articles[names[1]]["title"] == "Ferry service resumes"
    assert articles["new/glacier.txt"]["lang"] == "en"


def test_feed_items_that_leave_the_feed_leave_the_index(target, tmp_path):
    corpus = tmp_path / "corpus"
    write(corpus, {"world.rss": feed(CEASEFIRE, RATES), "ferry.txt": OTHER})
    assert counts(target.sync(corpus)) == (3, 0, 0, 0)
    items = {doc_id: fields for doc_id, fields in target.articles().items() if doc_id.startswith("world.rss#")}
    assert len(items) == 2 and all(fields["file"] == "world.rss" for fields in items.values())
    rates = next(doc_id for doc_id, fields in items.items() if fields["title"] == "Central bank holds rates")
    write(corpus, {"world.rss": feed(RATES, HARVEST)})
    assert counts(target.sync(corpus)) == (1, 1, 1, 1)
    titles = {fields["title"] for doc_id, fields in target.articles().items() if doc_id.startswith("world.rss#")}
    assert titles == {"Central bank holds rates", "Record wheat harvest"} and rates in target.articles()
    (corpus / "world.rss").unlink()
    assert counts(target.sync(corpus)) == (0, 0, 2, 1)
    assert set(target.articles()) == {"ferry.txt"}


def test_copies_are_indexed_once_and_the_held_copy_removed_passes_to_another(target, tmp_path):
    corpus = tmp_path / "corpus"
    write(corpus, {"a.txt": STORY, "b.txt": STORY, "c/glacier.md": STORY.replace(" began,", "\nBEGAN,  "),
                   "ferry.txt": OTHER})
    report = target.sync(corpus)
    assert counts(report) == (2, 0, 0, 0)
    assert report.duplicates == [{"path": "b.txt", "copy_of": "a.txt"}, {"path": "c/glacier.md", "copy_of": "a.txt"}]
    assert set(target.articles()) == {"a.txt", "ferry.txt"}
    assert target.copies() == {"a.txt": ["b.txt", "c/glacier.md"]}
    (corpus / "a.txt").unlink()
    report = target.sync(corpus)
    assert counts(report) == (1, 0, 1, 1)
    assert set(target.articles()) == {"b.txt", "ferry.txt"} and target.copies() == {"b.txt": ["c/glacier.md"]}
    assert target.sync(corpus).duplicates == [{"path": "c/glacier.md", "copy_of": "b.txt"}]


def test_a_rebuild_indexes_everything_again(target, corpus):
    target.sync(corpus)
    report = target.sync(corpus, rebuild=True)
    assert counts(report) == (5, 0, 0, 0) and len(target.articles()) == 5


def mixed_corpus(folder: Path) -> Path:
    """The seeds with a feed, copies, a file that cannot be read, an excluded folder and a
    format not read: every line of the report."""
    corpus = folder / "mixed"
    shutil.copytree(SEEDS, corpus)
    write(corpus, {"feeds/world.rss": feed(CEASEFIRE, RATES), "a.txt": STORY, "b/a.txt": STORY, "ferry.txt": OTHER,
                   "broken.json": "{not json", "drafts/later.txt": OTHER + " draft", ".searchignore": "drafts/\n",
                   "scan.pdf": "%PDF-1.4", "ciao.txt": "Buongiorno\n\nIl traghetto dell'isola è ripartito venerdì "
                   "dopo una settimana di tempeste che lo avevano tenuto in porto."})
    return corpus


@pytest.mark.solr
def test_both_backends_report_store_and_index_the_same(tmp_path, solr_target):
    """The same report, the same stored fields and the same terms (each term in as many
    articles, in every searched field) on both backends."""
    corpus = mixed_corpus(tmp_path)
    whoosh = WhooshTarget(tmp_path / "ix")
    expected = whoosh.sync(corpus).to_dict()
    found = solr_target.sync(corpus).to_dict()
    for report in (expected, found):
        report.pop("seconds")
    assert found == expected
    assert expected["skipped"] and expected["excluded"] and expected["ignored"] and expected["duplicates"]
    assert expected["notes"] and set(expected["languages"]) >= {"en", "fr"}
    assert solr_target.articles() == whoosh.articles()
    assert solr_target.copies() == whoosh.copies() == {"a.txt": ["b/a.txt"]}
    months = {doc["id"]: doc.get("month", "") for doc in solr_target.client.select(  # undated: none
        {"q": "kind:article", "fl": "id,month,date", "rows": 100})["response"]["docs"]}
    assert months == {doc_id: fields["date"][:7] for doc_id, fields in whoosh.articles().items()}
    with open_index(whoosh.folder).reader() as reader:
        fields = [name for name in reader.indexed_field_names() if name.startswith(("title_", "body_", "cognates"))]
        assert {"body_en", "body_fr", "title_en", "cognates"} <= set(fields)
        for name in fields:
            terms = {term.decode("utf-8"): reader.doc_frequency(name, term) for term in reader.lexicon(name)}
            terms = {term: n for term, n in terms.items() if "," not in term}
            assert solr_target.client.doc_frequencies(name, terms) == terms, name


@pytest.mark.solr
def test_a_collection_of_another_analysis_version_is_refused(solr_target, corpus):
    solr_target.sync(corpus)
    client = solr_target.client
    meta = client.get([solr_sync.META_ID])[solr_sync.META_ID]
    client.add([{**{k: v for k, v in meta.items() if k != "_version_"}, "analysis_version_l": 1}])
    client.commit()
    with pytest.raises(IndexVersionError, match=r"analysis version 1; .* run `search index --rebuild`"):
        solr_target.sync(corpus)
    assert counts(solr_target.sync(corpus, rebuild=True)) == (5, 0, 0, 0)
    assert counts(solr_target.sync(corpus)) == (0, 0, 0, 5)


RUNNER = """
import json, sys
from pathlib import Path
from search.backends import crashpoints
from search.backends.solr import sync as solr_sync
from search.backends.solr.client import SolrClient
crashpoints.PAUSE_SECONDS = float(sys.argv[3])
solr_sync.COMMIT_EVERY = 2
solr_sync.MIN_BATCH = solr_sync.MAX_BATCH = 2
solr_sync.HEARTBEAT_SECONDS = float(sys.argv[4])
report = solr_sync.sync(SolrClient(sys.argv[1]), Path(sys.argv[2]), workers=1)
print(json.dumps(report.to_dict()))
"""


def start_paused(url: str, corpus: Path, point: str, pause: float, heartbeat: float = 0.5) -> subprocess.Popen:
    """A sync in another process, committing every 2 files, paused at ``point`` (once there)."""
    env = {**os.environ, crashpoints.PAUSE_ENV: point}
    proc = subprocess.Popen([sys.executable, "-c", RUNNER, url, str(corpus), str(pause), str(heartbeat)], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stderr.readline()
    assert line.strip() == f"{crashpoints.MARKER}{point}", line + proc.stderr.read()
    return proc


@pytest.mark.solr
@pytest.mark.parametrize("point", ["solr-articles", "solr-meta"])
def test_a_run_killed_mid_way_converges_when_run_again(solr_target, tmp_path, monkeypatch, point):
    """SIGKILL after the first 2 files' articles are committed but not their file documents
    (or after every file document, before the run is marked finished); then the corpus
    changes again (a file the killed run indexed is deleted). The next run takes the dead
    run's lock over and ends with exactly the articles a fresh index of the corpus has."""
    corpus = tmp_path / "corpus"
    write(corpus, {"old/a.txt": OTHER, "old/feed.rss": feed(CEASEFIRE, RATES), "old/c.txt": STORY})
    solr_target.sync(corpus)
    (corpus / "old/a.txt").unlink()
    shutil.copytree(SEEDS, corpus / "new")
    write(corpus, {"old/feed.rss": feed(RATES, HARVEST), "zcopy/copy.txt": STORY})
    proc = start_paused(solr_target.client.url, corpus, point, pause=60)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    first_new = sorted(p.name for p in (corpus / "new").iterdir() if p.is_file())[0]
    (corpus / "new" / first_new).unlink()  # indexed by the killed run
    monkeypatch.setattr(solr_sync, "LOCK_STALE_SECONDS", 3.0)
    with pytest.raises(IndexLockedError, match=f"process {proc.pid} on"):
        solr_target.sync(corpus)  # its heartbeat is fresh: not yet taken over
    report = solr_target.sync(corpus, lock_wait=60)
    fresh = WhooshTarget(tmp_path / "fresh")
    expected = fresh.sync(corpus)
    assert solr_target.articles() == fresh.articles()
    assert solr_target.client.count("kind:article") == len(fresh.articles()) == 7
    assert solr_target.copies() == fresh.copies() == {"old/c.txt": ["zcopy/copy.txt"]}
    assert report.duplicates == expected.duplicates and report.languages == expected.languages
    again = solr_target.sync(corpus)
    assert counts(again) == (0, 0, 0, 7)


@pytest.mark.solr
def test_two_runs_at_once_one_is_refused_then_one_waits(solr_target, corpus):
    """While one run holds the collection (paused mid-way), another is refused with a message
    naming it; with --wait it waits for the first to finish, then finds nothing to do."""
    solr_target.client.create_collection(2, 2)
    first = start_paused(solr_target.client.url, corpus, "solr-articles", pause=5)
    try:
        started = time.monotonic()
        with pytest.raises(IndexLockedError) as refused:
            solr_target.sync(corpus)
        message = str(refused.value)
        assert f"another `search index` is writing into {solr_target.client.url}: process {first.pid} on" in message
        assert "--wait" in message and time.monotonic() - started < 10
        report = solr_target.sync(corpus, lock_wait=120)
        out, err = first.communicate(timeout=120)
        assert first.returncode == 0, err
        assert json.loads(out)["indexed"] == 5
        assert counts(report) == (0, 0, 0, 5)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()


@pytest.mark.solr
def test_optimistic_concurrency_puts_and_deletes(solr_target):
    """What the lock is made of: a document created only if absent, replaced or deleted only
    at the version last seen; real-time get sees it before any commit."""
    from search.backends.solr.client import VersionConflictError

    client = solr_target.client
    client.create_collection(2, 2)
    doc = {"id": "/x", "kind": "lock", "owner_s": "a"}
    first = client.put(doc, -1)
    with pytest.raises(VersionConflictError):
        client.put({**doc, "owner_s": "b"}, -1)
    assert client.get(["/x"])["/x"]["owner_s"] == "a" and client.get(["/x"])["/x"]["_version_"] == first
    second = client.put({**doc, "owner_s": "c"}, first)
    with pytest.raises(VersionConflictError):
        client.put(doc, first)
    with pytest.raises(VersionConflictError):
        client.delete_version("/x", first)
    client.delete_version("/x", second)
    assert client.get(["/x", "/y"]) == {}


@pytest.mark.solr
def test_a_frozen_run_whose_lock_was_taken_over_writes_nothing_more(solr_target, corpus, monkeypatch):
    """A run frozen (SIGSTOP) past the stale limit loses its lock to the next run; woken up, it
    stops with a message instead of writing over the run that took over."""
    solr_target.client.create_collection(2, 2)
    # No heartbeat during the test: the frozen run must find out from the lock document itself.
    first = start_paused(solr_target.client.url, corpus, "solr-articles", pause=1, heartbeat=3600)
    try:
        first.send_signal(signal.SIGSTOP)
        monkeypatch.setattr(solr_sync, "LOCK_STALE_SECONDS", 2.0)
        report = solr_target.sync(corpus, lock_wait=60)
        assert report.indexed + report.updated + report.unchanged == 5
        first.send_signal(signal.SIGCONT)
        out, err = first.communicate(timeout=60)
        assert first.returncode != 0 and out == ""
        assert "IndexLockedError: another `search index` took over the lock" in err
    finally:
        if first.poll() is None:
            first.send_signal(signal.SIGCONT)
            first.kill()
            first.wait()
    assert counts(solr_target.sync(corpus)) == (0, 0, 0, 5)
    assert solr_target.client.count("kind:article") == 5
