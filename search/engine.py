"""The engine object that the CLI and the web app share: open an index, sync it, search it."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable, Hashable, Iterator, Sequence, TypeVar

from .backends import open_backend
from .backends.base import IndexView, Progress
from .backends.fields import FILE_FIELD
from .cache import BoundedCache, IndexCaches
from .crosslang.audit import AUDIT_SHARE, Noisy, audit
from .crosslang.counterparts import find_counterpart
from .crosslang.lexicon import default_translator
from .crosslang.related import find_related
from .errors import IndexDamagedError, IndexNotFoundError
from .ingest.sources import read_source, source_path
from .query.budget import query_budget
from .query.build import Translator
from .query.complete import Vocabulary, complete, vocabulary
from .query.overview import overview
from .query.run import MAX_EXPORT, MAX_LIMIT, SearchRequest, article_share, article_view, run_search
from .results import ArticleView, Counterpart, IndexStats, Results


SHIPPED = object()
"""The default of ``Engine(translator=)``: the lexicons the project ships (and a user's)."""
RESULT_CACHE_SIZE = 512
"""Recent result pages kept per engine; keyed by the index's identity, so never stale."""
ARTICLE_CACHE_SIZE = 20_000
"""Counterparts and related-article lists kept per engine (each a few hundred bytes: ~10 MB)."""
SEARCHERS = 8
"""Searches reading the index at once at most (one per server thread)."""
INDEX_RETRIES = 2
INDEX_RETRY_SECONDS = 0.05
"""A search that meets an index being replaced tries again this often, after this pause."""
QUERY_SECONDS = 1.0
"""Time one query's scoring may take; past it the results hold what was scored, with a note."""

T = TypeVar("T")


class Engine:
    """Search and maintain the index at ``index``: a folder (the embedded Whoosh backend) or the
    URL of a Solr collection (``http://host:8983/solr/news``, the SolrCloud backend).

    The index is reached through its backend (:mod:`search.backends`), which lends a view of
    its current state to each search; several searches run side by side. A long-running
    server follows a re-indexed, rebuilt, moved or deleted index without a restart. Recent
    results are cached per index identity. Results objects may be shared between callers:
    treat them as read-only."""

    def __init__(self, index: Path | str, translator: Translator | None | object = SHIPPED,
                 lexicon: Path | None = None, cache_size: int = RESULT_CACHE_SIZE, searchers: int = SEARCHERS,
                 query_seconds: float | None = QUERY_SECONDS):
        """``translator``: the lexicons of cross-language search, by default the shipped
        ones plus the user's ``lexicon`` file (loaded at the first search that needs them;
        :meth:`check_lexicons` loads them now); None searches only the words typed.
        ``translate=False`` on a search does the same for that search."""
        self.backend = open_backend(index, searchers)
        self._translator = translator
        self._lexicon = lexicon
        self.cache_size = cache_size
        self.query_seconds = query_seconds
        self._results: BoundedCache[tuple, Results] = BoundedCache(max(cache_size, 0))
        self._counterparts: BoundedCache[tuple, Counterpart | None] = BoundedCache(ARTICLE_CACHE_SIZE)
        self._related: BoundedCache[tuple, list[dict]] = BoundedCache(ARTICLE_CACHE_SIZE)
        self._overview: BoundedCache[Hashable, dict] = BoundedCache(1)
        self._vocabulary: BoundedCache[Hashable, Vocabulary] = BoundedCache(1)
        self._copies: BoundedCache[Hashable, tuple[dict[str, list[str]], dict[str, str]]] = BoundedCache(1)

    @property
    def location(self) -> str:
        """Where the index is, for messages: a folder, or a collection URL without credentials."""
        return self.backend.location

    def shown(self) -> str:
        """The location as the CLI writes it (a folder with a trailing slash)."""
        return self.location if "://" in self.location else f"{self.location}/"

    @property
    def caches(self) -> IndexCaches:
        """What searches read from the index (postings, lengths...), kept for the next ones."""
        return self.backend.caches

    @property
    def translator(self) -> Translator | None:
        if self._translator is SHIPPED:
            self._translator = default_translator(self._lexicon)
        return self._translator

    def check_index(self) -> None:
        """Open the index now: IndexDamagedError or IndexVersionError when it cannot be read,
        IndexNotFoundError when there is none yet (a server may start before the first run)."""
        with self.backend.reading():
            pass

    def check_lexicons(self) -> None:
        """Load the lexicons now, so that an unreadable one fails at start-up (LexiconError)."""
        _ = self.translator

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def index(self, corpus: Path, *, rebuild: bool = False, progress: Progress | None = None,
              workers: int | None = None, lock_wait: float = 0.0, excludes: tuple[str, ...] = (),
              shards: int | None = None, replicas: int | None = None):
        """Sync ``corpus`` into this engine's index and return the run's report
        (:class:`search.backends.report.IndexReport`). A failure to write the index
        raises :class:`search.errors.IndexWriteError` with one line saying what to do.
        ``shards`` x ``replicas`` shape a Solr collection this run creates (by default 2 x 2
        on a cluster of two nodes or more, else 1 x 1)."""
        return self.backend.sync(corpus, rebuild=rebuild, progress=progress, workers=workers,
                                 lock_wait=lock_wait, excludes=excludes, shards=shards, replicas=replicas)

    def search(self, q: str, *, lang: str | None = None, page: int = 1, limit: int = 10,
               sort: str = "relevance", year: str | None = None, translate: bool = True,
               explain: bool = False, date_from: str | None = None, date_to: str | None = None,
               sections: str | Sequence[str] = ()) -> Results:
        """Ranked, highlighted results for a user query; bad parameters raise QueryError.
        ``explain=True`` says for each hit which words, translations or cognates matched;
        ``sections`` keeps the articles of one section or of any of several.

        Scoring stops after ``query_seconds``; such results carry a note and are not cached."""
        request = SearchRequest(q, lang=lang, page=page, limit=limit, sort=sort, year=year, translate=translate,
                                explain=explain, date_from=date_from, date_to=date_to, sections=sections)
        return self._search(request)

    def export(self, q: str, *, rows: int = MAX_EXPORT, sort: str = "relevance", **filters) -> Results:
        """The first ``rows`` (at most MAX_EXPORT) results of a query without snippets: for
        CSV/JSON exports and feeds of a whole result list. Filters as for :meth:`search`."""
        return self._search(SearchRequest(q, limit=rows, sort=sort, snippets=False, **filters))

    def export_pages(self, q: str, *, rows: int = MAX_LIMIT, sort: str = "relevance", **filters) -> Iterator[Results]:
        """A whole result list with snippets, ``rows`` at a time, for exports written as they are
        read (each page is a search of its own). Filters as for :meth:`search`."""
        page = 1
        while True:
            results = self._search(SearchRequest(q, page=page, limit=rows, sort=sort, **filters))
            yield results
            if page >= results.pages:
                return
            page += 1

    def indexed_at(self) -> float | None:
        """When the index was last written (seconds since the epoch), None without an index:
        the date of a feed whose entries have none."""
        return self.backend.indexed_at()

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
        with self.backend.reading() as view:
            key = (view.identity, request)
            cached = self._results.get(key)
            if cached is not None:
                return cached
            translator = self.translator  # loading the lexicons (first search) is no scoring time
            with query_budget(self.query_seconds) as budget:
                results = run_search(view, request, translator)
            results.notes.extend(note for note in budget.notes() if note not in results.notes)
            copies = self._duplicates(view)[0]
            for hit in results.hits:
                hit.counterpart = self._counterpart(view, hit.id)
                hit.duplicates = list(copies.get(hit.id, ()))
            if not budget.timed_out:
                self._results.put(key, results)
            return results

    def article(self, doc_id: str, q: str | None = None) -> ArticleView | None:
        """One article by id (its path in the corpus), or None if the index has no such article.

        The id of a copy (see :mod:`search.backends.whoosh.duplicates`) gives the indexed article with its text."""
        return self._retrying(lambda: self._article_once(doc_id, q))

    def _article_once(self, doc_id: str, q: str | None) -> ArticleView | None:
        with self.backend.reading() as view:
            copies, copy_of = self._duplicates(view)
            article = article_view(view, doc_id, q, self.translator)
            if article is None and doc_id in copy_of:
                article = article_view(view, copy_of[doc_id], q, self.translator)
            if article is not None:
                article.counterpart = self._counterpart(view, article.id)
                article.related = self._related_to(view, article.id, article.counterpart)
                article.duplicates = list(copies.get(article.id, ()))
            return article

    def source(self, doc_id: str, corpus: Path | None) -> str | None:
        """The source file's text of an indexed article, read from ``corpus``; None when the
        article is not indexed or its file is missing or would lie outside ``corpus``."""
        path = self.source_path(doc_id, corpus)
        return read_source(path) if path is not None else None

    def source_path(self, doc_id: str, corpus: Path | None) -> Path | None:
        """Where an indexed article's file is inside ``corpus`` (see :mod:`search.ingest.sources`)."""
        with self.backend.reading() as view:
            stored = view.document(doc_id)
            if stored is None:
                return None
            file = stored.get(FILE_FIELD, doc_id)  # a feed item's feed
        return source_path(corpus, file)

    def overview(self) -> dict:
        """Counts, date span and example queries of the collection (cached per index identity)."""
        with self.backend.reading() as view:
            return self._overview.get_or_compute(view.identity, lambda: overview(view))

    def complete(self, text: str) -> list[dict]:
        """Suggestions for a query as typed so far (see :mod:`search.query.complete`)."""
        with self.backend.reading() as view:
            return complete(self._vocabulary.get_or_compute(view.identity, lambda: vocabulary(view)), text)

    def stats(self) -> IndexStats:
        """What the index holds: article count and languages, copies listed with articles, and the
        lexicons in use."""
        counts, articles, duplicates = self._retrying(self._counts)
        lexicons = self.translator.describe() if hasattr(self.translator, "describe") else []
        return IndexStats(index=self.backend.location, articles=articles, languages=counts, duplicates=duplicates,
                          lexicons=lexicons)

    def lexicon_audit(self, min_share: float = AUDIT_SHARE) -> list[Noisy]:
        """The lexicon pairs whose translation more than ``min_share`` of the other
        language's articles hold, measured on this index (:mod:`search.crosslang.audit`)."""
        lexicons = getattr(self.translator, "lexicons", [])
        with self.backend.reading() as view:
            return audit(lexicons, article_share(view), min_share)

    def _counts(self) -> tuple[dict[str, int], int, int]:
        with self.backend.reading() as view:
            return (view.language_counts(), view.doc_count(),
                    sum(len(found) for found in self._duplicates(view)[0].values()))

    def _duplicates(self, view: IndexView) -> tuple[dict[str, list[str]], dict[str, str]]:
        """The copies of each indexed article and the reverse, read once per index identity."""
        def read() -> tuple[dict[str, list[str]], dict[str, str]]:
            copies = self.backend.copies(view)
            return copies, {copy: held for held, found in copies.items() for copy in found}

        return self._copies.get_or_compute(view.identity, read)

    def _counterpart(self, view: IndexView, doc_id: str) -> Counterpart | None:
        """The same story in the other language, cached per index identity."""
        def find() -> Counterpart | None:
            other = find_counterpart(view, doc_id)
            return Counterpart(**other) if other is not None else None

        return self._counterparts.get_or_compute((view.identity, doc_id), find)

    def _related_to(self, view: IndexView, doc_id: str, counterpart: Counterpart | None) -> list[dict]:
        """More like this (see :mod:`search.crosslang.related`), cached per index identity."""
        exclude = {counterpart.id} if counterpart else set()
        return self._related.get_or_compute((view.identity, doc_id),
                                            lambda: find_related(view, doc_id, self.translator, exclude))

    def close(self) -> None:
        """Release the backend's open files; it reopens on next use."""
        self.backend.close()
