"""The engine object that the CLI and the web app share: open an index, sync it, search it."""

from __future__ import annotations

import pickle
import struct
import threading
import time
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from whoosh.index import EmptyIndexError, IndexError as WhooshIndexError
from whoosh.reading import ReaderClosed
from whoosh.searching import Searcher

from .cache import BoundedCache, IndexCaches, using
from .crosslang.audit import AUDIT_SHARE, Noisy, audit
from .crosslang.counterparts import find_counterpart
from .crosslang.lexicon import default_translator
from .crosslang.related import find_related
from .errors import IndexDamagedError, IndexNotFoundError, IndexWriteError, SearchError
from .index.duplicates import read_copies
from .index.schema import FILE_FIELD
from .index.store import damaged, index_identity, open_index, write_error_message
from .index.labels import language_counts
from .index.sync import IndexReport, Progress, sync
from .ingest.sources import read_source, source_path
from .query.bm25 import LanguageBM25F
from .query.build import Translator
from .query.evaluate import query_budget
from .query.overview import overview
from .query.run import MAX_EXPORT, SearchRequest, article_share, article_view, run_search
from .results import ArticleView, Counterpart, IndexStats, Results


SHIPPED = object()
"""The default of ``Engine(translator=)``: the lexicons the project ships (and a user's)."""
RESULT_CACHE_SIZE = 512
"""Recent result pages kept per engine; keyed by the index's identity, so never stale."""
ARTICLE_CACHE_SIZE = 20_000
"""Counterparts and related-article lists kept per engine (each a few hundred bytes: ~10 MB)."""
SEARCHERS = 8
"""Searchers open at once at most: as many searches run side by side (one per server thread)."""
INDEX_RETRIES = 2
INDEX_RETRY_SECONDS = 0.05
"""A search that meets an index being replaced tries again this often, after this pause."""
QUERY_SECONDS = 1.0
"""Time one query's scoring may take; past it the results hold what was scored, with a note."""

T = TypeVar("T")
_VANISHED = (OSError, ReaderClosed, EmptyIndexError, WhooshIndexError)
"""What reading an index that was deleted or swapped under a searcher raises."""
_TRUNCATED = (EOFError, pickle.UnpicklingError, struct.error, zlib.error)
"""What reading a damaged segment raises while searching (narrower than at opening: our own
bugs must not pass for a damaged index)."""


class Engine:
    """Search and maintain the index in ``index_dir``.

    Each search borrows a Whoosh searcher from a small pool (a searcher reads its files with
    seek and read, so it serves one thread at a time) and several searches run side by side:
    a costly query never makes the others wait. Before each search the engine looks whether
    the index on disk is still the one it has open (folder, generation, table of contents);
    when it changed the pool is refilled from the new index, when it vanished searches fail
    with :class:`IndexNotFoundError` until it is back, so a long-running server follows a
    re-indexed, rebuilt, moved or deleted index without a restart. Recent results are
    cached per index identity. Results objects may be shared between callers: treat them
    as read-only."""

    def __init__(self, index_dir: Path, translator: Translator | None | object = SHIPPED,
                 lexicon: Path | None = None, cache_size: int = RESULT_CACHE_SIZE, searchers: int = SEARCHERS,
                 query_seconds: float | None = QUERY_SECONDS):
        """``translator``: the lexicons of cross-language search, by default the shipped
        ones plus the user's ``lexicon`` file (loaded at the first search that needs them;
        :meth:`check_lexicons` loads them now); None searches only the words typed.
        ``translate=False`` on a search does the same for that search."""
        if searchers < 1:
            raise ValueError("searchers: at least 1")
        self.index_dir = Path(index_dir)
        self._translator = translator
        self._lexicon = lexicon
        self.cache_size = cache_size
        self.query_seconds = query_seconds
        self._ix = None
        self._identity: tuple | None = None
        self._idle: list[Searcher] = []
        self._borrowed: dict[int, tuple] = {}
        self._slots = threading.BoundedSemaphore(searchers)
        self._lock = threading.Lock()
        self.caches = IndexCaches()
        """What searches read from the index (postings, lengths...), kept for the next ones."""
        self._results: BoundedCache[tuple, Results] = BoundedCache(max(cache_size, 0))
        self._counterparts: BoundedCache[tuple, Counterpart | None] = BoundedCache(ARTICLE_CACHE_SIZE)
        self._related: BoundedCache[tuple, list[dict]] = BoundedCache(ARTICLE_CACHE_SIZE)
        self._overview: BoundedCache[tuple, dict] = BoundedCache(1)
        self._copies: BoundedCache[tuple, tuple[dict[str, list[str]], dict[str, str]]] = BoundedCache(1)

    @property
    def translator(self) -> Translator | None:
        if self._translator is SHIPPED:
            self._translator = default_translator(self._lexicon)
        return self._translator

    def check_index(self) -> None:
        """Open the index now: IndexDamagedError or IndexVersionError when it cannot be read,
        IndexNotFoundError when there is none yet (a server may start before the first run)."""
        with self._borrowing():
            pass

    def check_lexicons(self) -> None:
        """Load the lexicons now, so that an unreadable one fails at start-up (LexiconError)."""
        _ = self.translator

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def index(self, corpus: Path, *, rebuild: bool = False, progress: Progress | None = None,
              workers: int | None = None, lock_wait: float = 0.0, excludes: tuple[str, ...] = ()) -> IndexReport:
        """Sync ``corpus`` into this engine's index (see :func:`search.index.sync.sync`).

        A failure to write the index folder (full disk, read-only folder) raises
        :class:`IndexWriteError` with one line saying what to do; the failed run's files are
        already removed. Reading the corpus reports its errors per file, so any OSError that
        gets here is about the index folder."""
        try:
            report = sync(corpus, self.index_dir, rebuild=rebuild, progress=progress, workers=workers,
                          lock_wait=lock_wait, excludes=excludes)
        except OSError as exc:
            if not Path(corpus).is_dir():
                raise
            raise IndexWriteError(write_error_message(exc, self.index_dir)) from None
        self.close()  # a rebuild may have replaced the schema: reopen everything
        return report

    def search(self, q: str, *, lang: str | None = None, page: int = 1, limit: int = 10,
               sort: str = "relevance", year: str | None = None, translate: bool = True,
               explain: bool = False, date_from: str | None = None, date_to: str | None = None) -> Results:
        """Ranked, highlighted results for a user query; bad parameters raise QueryError.
        ``explain=True`` says for each hit which words, translations or cognates matched.

        Scoring stops after ``query_seconds``; such results carry a note and are not cached."""
        request = SearchRequest(q, lang=lang, page=page, limit=limit, sort=sort, year=year, translate=translate,
                                explain=explain, date_from=date_from, date_to=date_to)
        return self._search(request)

    def export(self, q: str, *, rows: int = MAX_EXPORT, sort: str = "relevance", **filters) -> Results:
        """The first ``rows`` (at most MAX_EXPORT) results of a query without snippets: for
        CSV/JSON exports and feeds of a whole result list. Filters as for :meth:`search`."""
        return self._search(SearchRequest(q, limit=rows, sort=sort, snippets=False, **filters))

    def _search(self, request: SearchRequest) -> Results:
        return self._retrying(lambda: self._search_once(request))

    def _retrying(self, operation: Callable[[], T]) -> T:
        """``operation``, tried again after a moment when the index could not be read: a
        re-index commits and removes files while searches run, and a search caught in that
        instant reads a table of contents or segment that is being replaced. An index that
        is really missing or damaged still fails, ``INDEX_RETRIES`` pauses later."""
        for _ in range(INDEX_RETRIES):
            try:
                return operation()
            except (IndexNotFoundError, IndexDamagedError):
                time.sleep(INDEX_RETRY_SECONDS)
        return operation()

    def _search_once(self, request: SearchRequest) -> Results:
        with self._borrowing() as (searcher, identity):
            key = (identity, request)
            cached = self._results.get(key)
            if cached is not None:
                return cached
            translator = self.translator  # loading the lexicons (first search) is no scoring time
            with query_budget(self.query_seconds) as budget:
                results = run_search(searcher, request, translator)
            results.notes.extend(note for note in budget.notes() if note not in results.notes)
            copies = self._duplicates(identity)[0]
            for hit in results.hits:
                hit.counterpart = self._counterpart(searcher, identity, hit.id)
                hit.duplicates = list(copies.get(hit.id, ()))
            if not budget.timed_out:
                self._results.put(key, results)
            return results

    def article(self, doc_id: str, q: str | None = None) -> ArticleView | None:
        """One article by id (its path in the corpus), or None if the index has no such article.

        The id of a copy (see :mod:`search.index.duplicates`) gives the indexed article with its text."""
        return self._retrying(lambda: self._article_once(doc_id, q))

    def _article_once(self, doc_id: str, q: str | None) -> ArticleView | None:
        with self._borrowing() as (searcher, identity):
            copies, copy_of = self._duplicates(identity)
            view = article_view(searcher, doc_id, q, self.translator)
            if view is None and doc_id in copy_of:
                view = article_view(searcher, copy_of[doc_id], q, self.translator)
            if view is not None:
                view.counterpart = self._counterpart(searcher, identity, view.id)
                view.related = self._related_to(searcher, identity, view.id, view.counterpart)
                view.duplicates = list(copies.get(view.id, ()))
            return view

    def source(self, doc_id: str, corpus: Path | None) -> str | None:
        """The source file's text of an indexed article, read from ``corpus``; None when the
        article is not indexed or its file is missing or would lie outside ``corpus``."""
        path = self.source_path(doc_id, corpus)
        return read_source(path) if path is not None else None

    def source_path(self, doc_id: str, corpus: Path | None) -> Path | None:
        """Where an indexed article's file is inside ``corpus`` (see :mod:`search.ingest.sources`)."""
        with self._reading() as searcher:
            docnum = searcher.document_number(id=doc_id)
            if docnum is None:
                return None
            file = searcher.stored_fields(docnum).get(FILE_FIELD, doc_id)  # a feed item's feed
        return source_path(corpus, file)

    def overview(self) -> dict:
        """Counts, date span and example queries of the collection (cached per index identity)."""
        with self._borrowing() as (searcher, identity):
            return self._overview.get_or_compute(identity, lambda: overview(searcher))

    def stats(self) -> IndexStats:
        """What the index holds: article count and languages, copies listed with articles, and the
        lexicons in use."""
        counts, articles, duplicates = self._retrying(self._counts)
        lexicons = self.translator.describe() if hasattr(self.translator, "describe") else []
        return IndexStats(index=str(self.index_dir), articles=articles, languages=counts, duplicates=duplicates,
                          lexicons=lexicons)

    def lexicon_audit(self, min_share: float = AUDIT_SHARE) -> list[Noisy]:
        """The lexicon pairs whose translation more than ``min_share`` of the other
        language's articles hold, measured on this index (:mod:`search.crosslang.audit`)."""
        lexicons = getattr(self.translator, "lexicons", [])
        with self._reading() as searcher:
            return audit(lexicons, article_share(searcher), min_share)

    def _counts(self) -> tuple[dict[str, int], int, int]:
        with self._borrowing() as (searcher, identity):
            return (language_counts(searcher), searcher.doc_count(),
                    sum(len(found) for found in self._duplicates(identity)[0].values()))

    def _duplicates(self, identity: tuple) -> tuple[dict[str, list[str]], dict[str, str]]:
        """The copies of each indexed article and the reverse, read once per index identity."""
        def read() -> tuple[dict[str, list[str]], dict[str, str]]:
            copies = read_copies(self.index_dir)
            return copies, {copy: held for held, found in copies.items() for copy in found}

        return self._copies.get_or_compute(identity, read)

    def _counterpart(self, searcher: Searcher, identity: tuple, doc_id: str) -> Counterpart | None:
        """The same story in the other language, cached per index identity."""
        def find() -> Counterpart | None:
            other = find_counterpart(searcher, doc_id)
            return Counterpart(**other) if other is not None else None

        return self._counterparts.get_or_compute((identity, doc_id), find)

    def _related_to(self, searcher: Searcher, identity: tuple, doc_id: str,
                    counterpart: Counterpart | None) -> list[dict]:
        """More like this (see :mod:`search.crosslang.related`), cached per index identity."""
        exclude = {counterpart.id} if counterpart else set()
        return self._related.get_or_compute((identity, doc_id),
                                            lambda: find_related(searcher, doc_id, self.translator, exclude))

    def close(self) -> None:
        """Close the idle searchers and the index; borrowed searchers close when returned."""
        with self._lock:
            self._forget()

    @contextmanager
    def _reading(self) -> Iterator[Searcher]:
        """A searcher of the current index, for one thread."""
        with self._borrowing() as (searcher, _):
            yield searcher

    @contextmanager
    def _borrowing(self) -> Iterator[tuple[Searcher, tuple]]:
        """A searcher of the current index and that index's identity, for one thread."""
        if not self._slots.acquire(timeout=60):
            raise SearchError("the server is too busy: try again in a moment")
        try:
            searcher, identity = self._borrow()
            healthy = True
            try:
                with using(self.caches):
                    yield searcher, identity
            except _VANISHED as exc:
                healthy = False
                if self._current_identity() == identity:
                    raise  # not a vanished index: a real failure, to be seen
                raise IndexNotFoundError("the index changed while it was being read: try again") from exc
            except _TRUNCATED as exc:
                healthy = False
                raise damaged(self.index_dir, exc) from None
            finally:
                self._give_back(searcher, identity, healthy)
        finally:
            self._slots.release()

    def _borrow(self) -> tuple[Searcher, tuple]:
        with self._lock:
            identity = self._current_identity()
            if identity is None:
                self._forget()
                raise IndexNotFoundError(f"no index in {self.index_dir}/ yet: run `search index` first")
            if identity != self._identity:
                self._forget()
            if self._ix is None:
                try:
                    self._ix = open_index(self.index_dir)
                except _VANISHED as exc:  # deleted between the look and the opening
                    raise IndexNotFoundError(f"no index in {self.index_dir}/ yet: run `search index` first") from exc
                self._identity = identity
            if self._idle:
                return self._idle.pop(), identity
            try:
                return self._ix.searcher(weighting=LanguageBM25F()), identity
            except _TRUNCATED as exc:
                self._forget()
                raise damaged(self.index_dir, exc) from None
            except _VANISHED as exc:
                self._forget()
                raise IndexNotFoundError(f"the index in {self.index_dir}/ is being replaced: try again") from exc

    def _give_back(self, searcher: Searcher, identity: tuple, healthy: bool) -> None:
        with self._lock:
            if healthy and identity == self._identity and self._ix is not None:
                self._idle.append(searcher)
                return
        try:
            searcher.close()
        except Exception:  # noqa: BLE001 - a searcher of a vanished index may fail to close
            pass

    def _forget(self) -> None:
        """Drop the open index and its idle searchers (called with the lock held)."""
        idle, self._idle = self._idle, []
        for searcher in idle:
            try:
                searcher.close()
            except Exception:  # noqa: BLE001
                pass
        self._ix = None
        self._identity = None

    def _current_identity(self) -> tuple | None:
        try:
            return index_identity(self.index_dir)
        except _VANISHED:
            return None
