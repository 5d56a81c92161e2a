"""The engine object that the CLI and the web app share: open an index, sync it, search it."""

from __future__ import annotations

import threading
from collections import OrderedDict
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from whoosh.searching import Searcher

from .counterparts import find_counterpart
from .errors import IndexNotFoundError
from .indexer import IndexReport, Progress, language_counts, sync
from .querybuild import Translator
from .ranking import LanguageBM25F
from .overview import overview
from .related import find_related
from .results import ArticleView, Results
from .searcher import MAX_EXPORT, SearchRequest, article_view, run_search
from .sources import read_source, source_path
from .store import index_exists, open_index


RESULT_CACHE_SIZE = 512
"""Recent result pages kept per engine; keyed by index generation, so never stale."""


class Engine:
    """Search and maintain the index in ``index_dir``.

    The engine keeps one Whoosh searcher and swaps it for a fresh one as soon as the index
    has a newer commit, so a long-running server sees a re-indexed corpus without a restart.
    Recent results are cached per index generation. Results objects may be shared between
    callers: treat them as read-only."""

    def __init__(self, index_dir: Path, translator: Translator | None = None,
                 cache_size: int = RESULT_CACHE_SIZE):
        self.index_dir = Path(index_dir)
        self.cache_size = cache_size
        self.translator = translator
        self._ix = None
        self._searcher: Searcher | None = None
        self._lock = threading.RLock()
        self._counterparts: dict[tuple, dict | None] = {}
        self._related: dict[tuple, list[dict]] = {}
        self._overview: tuple[int, dict] | None = None
        self._results: OrderedDict[tuple, Results] = OrderedDict()

    def index(self, corpus: Path, *, rebuild: bool = False, progress: Progress | None = None,
              workers: int | None = None, lock_wait: float = 0.0) -> IndexReport:
        """Sync ``corpus`` into this engine's index (see :func:`search.indexer.sync`)."""
        report = sync(corpus, self.index_dir, rebuild=rebuild, progress=progress, workers=workers,
                      lock_wait=lock_wait)
        with self._lock:  # a rebuild may have replaced the schema: reopen everything
            self.close()
            self._ix = None
        return report

    def search(self, q: str, *, lang: str | None = None, page: int = 1, limit: int = 10,
               sort: str = "relevance", year: str | None = None, translate: bool = True,
               explain: bool = False, date_from: str | None = None, date_to: str | None = None) -> Results:
        """Ranked, highlighted results for a user query; bad parameters raise QueryError.
        ``explain=True`` says for each hit which words, translations or cognates matched."""
        request = SearchRequest(q, lang=lang, page=page, limit=limit, sort=sort, year=year, translate=translate,
                                explain=explain, date_from=date_from, date_to=date_to)
        return self._search(request)

    def export(self, q: str, *, rows: int = MAX_EXPORT, sort: str = "relevance", **filters) -> Results:
        """The first ``rows`` (at most MAX_EXPORT) results of a query without snippets: for
        CSV/JSON exports and feeds of a whole result list. Filters as for :meth:`search`."""
        return self._search(SearchRequest(q, limit=rows, sort=sort, snippets=False, **filters))

    def _search(self, request: SearchRequest) -> Results:
        with self._reading() as searcher:
            key = (searcher.reader().generation(), request)
            cached = self._results.get(key)
            if cached is not None:
                self._results.move_to_end(key)
                return cached
            results = run_search(searcher, request, self.translator)
            for hit in results.hits:
                hit.counterpart = self._counterpart(searcher, hit.id)
            self._results[key] = results
            while len(self._results) > self.cache_size:
                self._results.popitem(last=False)
            return results

    def article(self, doc_id: str, q: str | None = None) -> ArticleView | None:
        """One article by id (its path in the corpus), or None if the index has no such article."""
        with self._reading() as searcher:
            view = article_view(searcher, doc_id, q, self.translator)
            if view is not None:
                view.counterpart = self._counterpart(searcher, doc_id)
                view.related = self._related_to(searcher, doc_id, view.counterpart)
            return view

    def source(self, doc_id: str, corpus: Path | None) -> str | None:
        """The source file's text of an indexed article, read from ``corpus``; None when the
        article is not indexed or its file is missing or would lie outside ``corpus``."""
        path = self.source_path(doc_id, corpus)
        return read_source(path) if path is not None else None

    def source_path(self, doc_id: str, corpus: Path | None) -> Path | None:
        """Where an indexed article's file is inside ``corpus`` (see :mod:`search.sources`)."""
        with self._reading() as searcher:
            if searcher.document_number(id=doc_id) is None:
                return None
        return source_path(corpus, doc_id)

    def overview(self) -> dict:
        """Counts, date span and example queries of the collection (cached per index generation)."""
        with self._reading() as searcher:
            generation = searcher.reader().generation()
            if self._overview is None or self._overview[0] != generation:
                self._overview = (generation, overview(searcher))
            return self._overview[1]

    def stats(self) -> dict:
        """What the index holds: article count and languages, and the lexicons in use."""
        with self._reading() as searcher:
            counts = language_counts(searcher)
            articles = searcher.doc_count()
        lexicons = self.translator.describe() if hasattr(self.translator, "describe") else []
        return {"index": str(self.index_dir), "articles": articles, "languages": counts, "lexicons": lexicons}

    def _counterpart(self, searcher: Searcher, doc_id: str) -> dict | None:
        """The same story in the other language, cached per index generation."""
        key = (searcher.reader().generation(), doc_id)
        if key not in self._counterparts:
            if len(self._counterparts) > 20_000:
                self._counterparts.clear()
            self._counterparts[key] = find_counterpart(searcher, doc_id)
        return self._counterparts[key]

    def _related_to(self, searcher: Searcher, doc_id: str, counterpart: dict | None) -> list[dict]:
        """More like this (see :mod:`search.related`), cached per index generation."""
        key = (searcher.reader().generation(), doc_id)
        if key not in self._related:
            if len(self._related) > 20_000:
                self._related.clear()
            exclude = {counterpart["id"]} if counterpart else set()
            self._related[key] = find_related(searcher, doc_id, self.translator, exclude)
        return self._related[key]

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None

    @contextmanager
    def _reading(self) -> Iterator[Searcher]:
        """The engine's one searcher, swapped for a new one when the index has a newer commit.

        One searcher per engine, used by one thread at a time: Whoosh is pure Python, so
        threads gain nothing from separate searchers, and each costs ~100 MB of mapped index."""
        with self._lock:
            if self._searcher is None:
                self._searcher = self._open_searcher()
            elif not self._searcher.up_to_date():
                # A new searcher rather than refresh(): whoosh-reloaded's refresh fails on some
                # reader types (reuse of an EmptyReader).
                self._searcher.close()
                self._searcher = self._open_searcher()
            yield self._searcher

    def _open_searcher(self) -> Searcher:
        if self._ix is None:
            if not index_exists(self.index_dir):
                raise IndexNotFoundError(f"no index in {self.index_dir}/ yet: run `search index` first")
            self._ix = open_index(self.index_dir)
        return self._ix.searcher(weighting=LanguageBM25F())
