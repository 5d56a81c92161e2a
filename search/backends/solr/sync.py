"""Sync a corpus folder into a Solr collection, as the Whoosh backend syncs it into a folder.

The same files are read, the same articles indexed, updated, deleted or left as they are,
with the same report: walking and reading the corpus, copies and what a read file changes
are the backends' shared modules (:mod:`search.backends.corpus`, :mod:`~search.backends.copies`,
:mod:`~search.backends.changes`). Only the writing differs.

What the indexer knows lives in the collection itself, so any machine can sync the same
corpus into the same collection. Besides one ``kind:article`` document per indexed article
(:func:`solr_document`: the Whoosh backend's stored fields, plus ``month``, plus the
searched fields pre-analysed by our analyzers), it holds one ``kind:file`` document per
file read (:data:`FILE_PREFIX` + path: size, time, hash and the file's articles as the
backends' manifest entry, :mod:`search.backends.manifest`), one ``kind:meta`` document
(:data:`META_ID`: the analysis version, whether a run is under way, the copies of each
article) and, while a run goes on, its ``kind:lock`` document (:data:`LOCK_ID`). Those ids
begin with ``/``; an article's id is a path relative to the corpus and never does.

A run killed at any moment converges when run again, with nothing lost or doubled: articles
are written and committed before the file documents that describe them (ids are unique keys,
so replaying a write replaces it), and the meta document says a run was under way until its
last commit; the next run then compares the articles really in the collection with the file
documents and reads again every file on which they disagree.

Two runs at once: the lock document is created only if there is none (Solr's optimistic
concurrency, ``_version_: -1``) and refreshed by its run every :data:`HEARTBEAT_SECONDS`; a
second run waits for it (``lock_wait``) or is refused with a message naming the other run.
A lock whose heartbeat stopped :data:`LOCK_STALE_SECONDS` ago (a killed run) is taken over.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from ...analysis.analyzers import ANALYSIS_VERSION
from ...errors import BackendError, BackendUnavailableError, IndexLockedError, IndexVersionError
from ...ingest.articles import Article
from ...ingest.ignore import CorpusRules
from ...query.ranking import TITLE_BOOST
from ..changes import apply
from ..copies import copies_of, own_ids
from ..corpus import Candidate, Doc, Loaded, Progress, choose, load, load_all
from ..crashpoints import pause_point
from ..document import article_terms, stored_fields
from ..fields import (
    COGNATE_FIELD,
    DATE_FIELD,
    FILE_FIELD,
    ID_FIELD,
    LANG_FIELD,
    SHA_FIELD,
    TEXTKEY_FIELD,
    body_field,
    lead_field,
    title_field,
)
from ..manifest import FileEntry, Item, entries_from_articles
from ..report import IndexReport
from .client import SolrClient, VersionConflictError

KIND_FIELD = "kind"
ARTICLE, FILE, META, LOCK = "article", "file", "meta", "lock"
"""Values of ``kind``: what a document of the collection is."""
MONTH_FIELD = "month"
"""``YYYY-MM`` of the article's date, or ``""``: the timeline's buckets, counted by Solr."""
INDEXED_AT = "indexed_at_d"
"""The meta document's time of the last write of a sync (seconds since the epoch): a feed's date
when its entries have none."""

FILE_PREFIX = "/file/"
META_ID = "/meta"
LOCK_ID = "/lock"

MIN_BATCH, MAX_BATCH = 16, 128
"""Files per batch a reading worker prepares."""
FLUSH_DOCS = 500
"""Articles buffered before they are sent (one update request: the client's batch size)."""
COMMIT_EVERY = 10_000
"""Files per checkpoint in long runs: their articles committed, then their file documents.
A killed run loses at most this much work; a commit with new searchers costs about a second."""
PAGE = 1000
"""Documents per page when the indexer lists file documents or articles (cursorMark)."""

HEARTBEAT_SECONDS = 5.0
"""How often a run refreshes its lock document."""
LOCK_STALE_SECONDS = 30.0
"""A lock not refreshed for this long belongs to a run that died and is taken over: by its
heartbeat's time (the machines' clocks within a few seconds of each other) or, while waiting,
by seeing its version unchanged that long."""
LOCK_POLL_SECONDS = 0.5


@dataclass
class _Batch:
    loaded: list[Loaded]


def sync(client: SolrClient, corpus: Path, *, rebuild: bool = False, progress: Progress | None = None,
         workers: int | None = None, lock_wait: float = 0.0, excludes: tuple[str, ...] = (),
         shards: int | None = None, replicas: int | None = None) -> IndexReport:
    """Bring the collection of ``client`` in line with the files under ``corpus``, creating
    it (``shards`` x ``replicas``, see :meth:`SolrClient.create_collection`) when there is none.

    ``excludes`` are gitignore patterns of files to leave out, besides the corpus's
    ``.searchignore``. A collection of another schema or analysis version is refused
    (:class:`IndexVersionError`); another run holding the lock longer than ``lock_wait``
    seconds makes this one fail with :class:`IndexLockedError`."""
    corpus = Path(corpus)
    if not corpus.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {corpus}")
    rules = CorpusRules.load(corpus, excludes)
    started = time.perf_counter()
    _ensure_collection(client, shards, replicas)
    with SyncLock(client, wait=lock_wait) as lock:
        report = IndexReport()
        client.commit()  # what a killed run sent becomes visible, so that it is seen below
        meta = client.get([META_ID]).get(META_ID)
        if rebuild:
            client.delete_query(f"*:* -{KIND_FIELD}:{LOCK}")
            client.commit()
            meta = None
        else:
            check_version(client, meta)
        dirty = meta is None or bool(meta.get("dirty_b"))
        known = {} if rebuild else _known_files(client, reconcile=dirty)
        plan = choose(corpus, known, report, rules)
        manifest, registry = plan.manifest, plan.copies
        writer = _Writer(client, lock)
        changed: list[str] = list(plan.gone)
        if plan.gone or plan.to_read or dirty:
            _write_meta(client, dirty=True)
        for file in plan.gone:
            for doc_id in own_ids(file, known[file].items):
                writer.delete_by_term(ID_FIELD, doc_id)
                report.deleted += 1
        in_run = 0
        for batch in load_all(plan.to_read, _load_batch, progress, workers, MIN_BATCH, MAX_BATCH):
            for loaded in batch.loaded:
                apply(writer, loaded, known, manifest, report, registry, 0, [])
                changed.append(loaded.doc_id)
            writer.flush(FLUSH_DOCS)
            in_run += len(batch.loaded)
            if in_run >= COMMIT_EVERY:
                _checkpoint(client, writer, changed, known, manifest)
                changed, in_run = [], 0
        _checkpoint(client, writer, changed, known, manifest)
        duplicates = copies_of(manifest)
        report.duplicates = [{"path": copy, "copy_of": held} for held, found in duplicates.items() for copy in found]
        if dirty or changed or plan.to_read or _stored_copies(meta) != duplicates:
            pause_point("solr-meta")  # file documents committed; the meta document still says dirty
            lock.check()
            _write_meta(client, dirty=False, copies=duplicates)
            client.commit()
        report.languages = language_counts(client)
    report.seconds = time.perf_counter() - started
    return report


def copies(client: SolrClient) -> dict[str, list[str]]:
    """``{indexed article id: [ids of its copies]}`` as the last sync recorded them ({} if none)."""
    meta = client.get([META_ID]).get(META_ID)
    return _stored_copies(meta)


def language_counts(client: SolrClient) -> dict[str, int]:
    """Articles per language code in the collection (as the Whoosh backend's report counts them)."""
    answer = client.select({"q": f"{KIND_FIELD}:{ARTICLE}", "rows": 0, "facet": "true", "facet.field": LANG_FIELD,
                            "facet.limit": -1, "facet.mincount": 1, "facet.sort": "index"})
    flat = answer.get("facet_counts", {}).get("facet_fields", {}).get(LANG_FIELD, [])
    return {str(lang): int(n) for lang, n in zip(flat[::2], flat[1::2]) if n}


def solr_document(article: Article, sha: str, file: str) -> Doc:
    """The Solr document of one article of ``file``: the stored fields every backend stores
    (:func:`search.backends.document.stored_fields`), ``kind`` and ``month``, the file of a
    feed's item, and the searched fields as pre-analysed JSON: term ``n`` at position ``n``,
    exactly the terms the Whoosh backend indexes (stop words take no position)."""
    terms = article_terms(article)
    fields: dict[str, Any] = stored_fields(article, sha, terms)
    fields[KIND_FIELD] = ARTICLE
    date = fields[DATE_FIELD]
    if len(date) >= 7:  # undated: no month, so that the oldest-first order puts it last
        fields[MONTH_FIELD] = date[:7]
    if article.id != file:
        fields[FILE_FIELD] = file
    fields[body_field(terms.lang)] = pre_analysed(terms.body)
    fields[lead_field(terms.lang)] = pre_analysed(terms.lead)
    if terms.title is not None:
        fields[title_field(terms.lang)] = pre_analysed(terms.title, int(TITLE_BOOST))
    fields[COGNATE_FIELD] = pre_analysed(terms.cognates)
    return Doc(article.id, fields[TEXTKEY_FIELD], article.lang, fields)


def pre_analysed(terms: list[str], times: int = 1) -> str:
    """A PreAnalyzedField JSON value for terms already analysed, one position each (offsets
    are left out: snippets are made from the stored text, not by Solr). Each term comes
    ``times`` times at its position: Lucene counts the copies in the term's frequency and in
    the field's length (the configset's ``discountOverlaps`` is false), which is BM25 of the
    Whoosh backend's weighted headline terms (:data:`search.query.ranking.TITLE_BOOST`)."""
    tokens = []
    for term in terms:
        tokens.append({"t": term})
        tokens.extend({"t": term, "i": 0} for _ in range(times - 1))
    return json.dumps({"v": "1", "tokens": tokens}, ensure_ascii=False, separators=(",", ":"))


def _load_batch(cands: list[Candidate]) -> _Batch:
    """Read and analyse files; runs in worker processes."""
    return _Batch([load(cand, solr_document) for cand in cands])


def _ensure_collection(client: SolrClient, shards: int | None, replicas: int | None) -> None:
    if client.exists():
        client.check_schema()
        return
    try:
        client.create_collection(shards, replicas)
    except BackendError:
        if not client.exists():  # not another run creating it at the same moment
            raise
    client.check_schema()


def check_version(client: SolrClient, meta: dict | None) -> None:
    """Refuse a collection whose articles were analysed by other rules."""
    if meta is not None:
        built = meta.get("analysis_version_l")
        if built != ANALYSIS_VERSION:
            raise IndexVersionError(f"the Solr collection at {client.url} was built with analysis version {built}; "
                                    f"this engine uses version {ANALYSIS_VERSION}: run `search index --rebuild`")
    elif client.count(f"{KIND_FIELD}:{ARTICLE}"):
        raise IndexVersionError(f"the Solr collection at {client.url} holds articles but no record of how they were "
                                f"analysed: run `search index --rebuild`")


def _write_meta(client: SolrClient, *, dirty: bool, copies: dict[str, list[str]] | None = None) -> None:
    doc = {ID_FIELD: META_ID, KIND_FIELD: META, "analysis_version_l": ANALYSIS_VERSION, "dirty_b": dirty,
           INDEXED_AT: time.time()}
    if copies is not None:
        doc["copies_stored"] = json.dumps(copies, ensure_ascii=False, separators=(",", ":"))
    else:
        previous = client.get([META_ID]).get(META_ID)
        if previous and previous.get("copies_stored"):
            doc["copies_stored"] = previous["copies_stored"]
    client.add([doc])


def _stored_copies(meta: dict | None) -> dict[str, list[str]]:
    try:
        found = json.loads((meta or {}).get("copies_stored") or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _checkpoint(client: SolrClient, writer: "_Writer", files: list[str], known: dict[str, FileEntry],
                manifest: dict[str, FileEntry]) -> None:
    """Commit the articles sent so far, then the documents of the ``files`` they came from."""
    if not files and writer.empty:
        return
    writer.flush(0)
    client.commit()
    pause_point("solr-articles")  # articles committed; their files' documents not yet written
    gone, docs = [], []
    for file in files:
        entry = manifest.get(file)
        if entry is None:
            gone.append(FILE_PREFIX + file)
        elif entry != known.get(file):
            docs.append(_file_document(file, entry))
    writer.check()
    client.delete_ids(gone)
    client.add(docs)
    client.commit()


def _file_document(file: str, entry: FileEntry) -> dict:
    return {ID_FIELD: FILE_PREFIX + file, KIND_FIELD: FILE, "size_l": entry.size, "mtime_l": entry.mtime,
            "sha_s": entry.sha, "items_stored": json.dumps([list(item) for item in entry.items], ensure_ascii=False)}


def _known_files(client: SolrClient, reconcile: bool) -> dict[str, FileEntry]:
    """What the file documents say of each file; after a run that did not finish, corrected
    by the articles really in the collection (see :func:`_reconciled`)."""
    known: dict[str, FileEntry] = {}
    for doc in _all(client, f"{KIND_FIELD}:{FILE}", "id,size_l,mtime_l,sha_s,items_stored"):
        try:
            items = [Item(*item) for item in json.loads(doc.get("items_stored") or "[]")]
        except (TypeError, ValueError):
            items = []
        known[doc["id"][len(FILE_PREFIX):]] = FileEntry(doc.get("size_l"), doc.get("mtime_l"), doc.get("sha_s"), items)
    if not reconcile:
        return known
    indexed = entries_from_articles(_all(client, f"{KIND_FIELD}:{ARTICLE}",
                                         ",".join((ID_FIELD, FILE_FIELD, SHA_FIELD, TEXTKEY_FIELD))))
    return _reconciled(known, indexed)


def _reconciled(known: dict[str, FileEntry], indexed: dict[str, FileEntry]) -> dict[str, FileEntry]:
    """``known`` where it agrees with the articles in the collection (``indexed``); every file
    on which they disagree gets an entry that makes the sync read and file it again in full
    (no size, time or hash), listing every article of it the collection holds, so that each
    is replaced or deleted: an article written by a killed run before its file's document is
    neither lost track of nor doubled."""
    out = dict(known)
    for file in set(known) | set(indexed):
        entry = known.get(file)
        held = {item.suffix: item for item in indexed[file].items} if file in indexed else {}
        own = {item.suffix for item in entry.items if item.copy_of is None} if entry else set()
        if own == set(held):
            continue
        items = [Item(i.suffix, i.key, None if i.suffix in held else i.copy_of) for i in (entry.items if entry else [])]
        listed = {item.suffix for item in items}
        items += [item for suffix, item in held.items() if suffix not in listed]
        out[file] = FileEntry(None, None, None, items)
    return out


def _all(client: SolrClient, query: str, fields: str) -> Iterator[dict]:
    """Every document a query matches, a page at a time (cursorMark: no deep paging cost)."""
    cursor = "*"
    while True:
        answer = client.select({"q": query, "fl": fields, "rows": PAGE, "sort": f"{ID_FIELD} asc",
                                "cursorMark": cursor})
        yield from answer["response"]["docs"]
        following = answer.get("nextCursorMark", cursor)
        if following == cursor:
            return
        cursor = following


class _Writer:
    """Adds and deletes of articles, buffered: the shared filing code
    (:func:`search.backends.changes.apply`) deletes an article and adds it again when its
    file changes; the last word for an id wins, whatever the order they are sent in."""

    def __init__(self, client: SolrClient, lock: "SyncLock"):
        self._client = client
        self._lock = lock
        self._adds: dict[str, dict] = {}
        self._deletes: set[str] = set()

    def delete_by_term(self, fieldname: str, text: str) -> None:
        self._adds.pop(text, None)
        self._deletes.add(text)

    def add_document(self, **fields: Any) -> None:
        self._deletes.discard(fields[ID_FIELD])
        self._adds[fields[ID_FIELD]] = fields

    @property
    def empty(self) -> bool:
        return not self._adds and not self._deletes

    def flush(self, at_least: int) -> None:
        """Send what is buffered once it holds ``at_least`` articles (0: everything)."""
        if len(self._adds) + len(self._deletes) < max(at_least, 1):
            return
        self.check()
        self._client.delete_ids(sorted(self._deletes))
        self._client.add(self._adds.values())
        self._adds, self._deletes = {}, set()

    def check(self) -> None:
        self._lock.check()


class SyncLock:
    """One sync at a time per collection: the ``kind:lock`` document, created only when there is
    none and kept fresh by a heartbeat thread; see the module docstring for its rules."""

    def __init__(self, client: SolrClient, wait: float):
        self._client = client
        self._wait = wait
        self._token = f"{socket.gethostname()}:{os.getpid()}:{time.time_ns()}"
        self.owner = f"process {os.getpid()} on {socket.gethostname()}"
        self._version = 0
        self._started = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self._stop = threading.Event()
        self._lost: str | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> "SyncLock":
        self._acquire()
        self._thread = threading.Thread(target=self._beat, daemon=True, name="solr-sync-heartbeat")
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self._lost is None:
            try:
                self._client.delete_version(LOCK_ID, self._version)
            except VersionConflictError:
                pass  # taken over meanwhile: not ours to delete
            except (BackendError, BackendUnavailableError):
                if exc[0] is None:
                    raise
                # the run failed already (the cluster went away): that error is the one to
                # report; the lock is taken over LOCK_STALE_SECONDS after its last heartbeat

    def check(self) -> None:
        """Raise when another run took the lock over (this run stalled past the stale limit):
        the heartbeat's finding, or the lock document itself, read now (one real-time get,
        done before each write, so a run that was frozen writes nothing once it wakes up)."""
        if self._lost is None and not self._holds():
            self._lost = (f"another `search index` took over the lock of {self._client.url} while this run "
                          f"was stalled (no heartbeat for {LOCK_STALE_SECONDS:.0f} s); run it again")
        if self._lost is not None:
            raise IndexLockedError(self._lost)

    def _document(self) -> dict:
        return {ID_FIELD: LOCK_ID, KIND_FIELD: LOCK, "token_s": self._token, "owner_s": self.owner,
                "started_s": self._started, "heartbeat_l": time.time_ns() // 1_000_000}

    def _acquire(self) -> None:
        deadline = time.monotonic() + self._wait
        seen: tuple[int, float] | None = None  # the other lock's version and when we first saw it
        while True:
            current = self._client.get([LOCK_ID]).get(LOCK_ID)
            try:
                if current is None:
                    self._version = self._client.put(self._document(), -1)
                    return
                version = int(current.get("_version_", 0))
                if seen is None or seen[0] != version:
                    seen = (version, time.monotonic())
                beat_age = time.time() - int(current.get("heartbeat_l", 0)) / 1000
                if beat_age >= LOCK_STALE_SECONDS or time.monotonic() - seen[1] >= LOCK_STALE_SECONDS:
                    self._version = self._client.put(self._document(), version)  # take over a dead run's lock
                    return
            except VersionConflictError:
                if self._holds():  # our own write, retried on another node after a timeout
                    return
                continue
            if time.monotonic() >= deadline:
                raise IndexLockedError(self._busy_message(current, beat_age))
            time.sleep(LOCK_POLL_SECONDS)

    def _holds(self) -> bool:
        current = self._client.get([LOCK_ID]).get(LOCK_ID)
        if current is not None and current.get("token_s") == self._token:
            self._version = int(current.get("_version_", 0))
            return True
        return False

    def _busy_message(self, current: dict, beat_age: float) -> str:
        return (f"another `search index` is writing into {self._client.url}: {current.get('owner_s', 'unknown')}, "
                f"started {current.get('started_s', '?')}, last heartbeat {max(beat_age, 0):.0f} s ago; "
                f"try again when it has finished or give --wait SECONDS (the lock of a run that died is taken over "
                f"{LOCK_STALE_SECONDS:.0f} s after its last heartbeat)")

    def _beat(self) -> None:
        while not self._stop.wait(HEARTBEAT_SECONDS):
            try:
                self._version = self._client.put(self._document(), self._version)
            except VersionConflictError:
                if not self._holds():
                    self._lost = (f"another `search index` took over the lock of {self._client.url} while this run "
                                  f"was stalled (no heartbeat for {LOCK_STALE_SECONDS:.0f} s); run it again")
                    return
            except (BackendError, BackendUnavailableError):
                continue  # the cluster is away for a moment: the run's own requests will say so
