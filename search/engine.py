"""The engine object that the CLI and the web app share: open an index, sync it, search it."""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

from whoosh.searching import Searcher

from .counterparts import find_counterpart
from .errors import IndexNotFoundError
from .indexer import IndexReport, Progress, language_counts, sync
from .querybuild import Translator
from .ranking import LanguageBM25F
from .results import ArticleView, Results
from .searcher import SearchRequest, article_view, run_search
from .store import index_exists, open_index


RESULT_CACHE_SIZE = 512
"""Recent result pages kept per engine; keyed by index generation, so never stale."""


class Engine:
    """Search and maintain the index in ``index_dir``.

    Each thread keeps its own Whoosh searcher (they are not meant to be shared) and swaps it
    for a fresh one as soon as the index has a newer commit, so a long-running server sees a
    re-indexed corpus without a restart. Recent results are cached per index generation.
    Results objects may be shared between callers: treat them as read-only."""

    def __init__(self, index_dir: Path, translator: Translator | None = None,
                 cache_size: int = RESULT_CACHE_SIZE):
        self.index_dir = Path(index_dir)
        self.cache_size = cache_size
        self.translator = translator
        self._local = threading.local()
        self._ix = None
        self._ix_lock = threading.Lock()
        self._counterparts: dict[tuple, dict | None] = {}
        self._results: OrderedDict[tuple, Results] = OrderedDict()
        self._cache_lock = threading.Lock()

    def index(self, corpus: Path, *, rebuild: bool = False, progress: Progress | None = None,
              workers: int | None = None, lock_wait: float = 0.0) -> IndexReport:
        """Sync ``corpus`` into this engine's index (see :func:`search.indexer.sync`)."""
        report = sync(corpus, self.index_dir, rebuild=rebuild, progress=progress, workers=workers,
                      lock_wait=lock_wait)
        self._reset()
        return report

    def search(self, q: str, *, lang: str | None = None, page: int = 1, limit: int = 10,
               sort: str = "relevance", year: str | None = None, translate: bool = True) -> Results:
        """Ranked, highlighted results for a user query; bad parameters raise QueryError."""
        request = SearchRequest(q, lang=lang, page=page, limit=limit, sort=sort, year=year, translate=translate)
        searcher = self._searcher()
        key = (searcher.reader().generation(), request)
        with self._cache_lock:
            cached = self._results.get(key)
            if cached is not None:
                self._results.move_to_end(key)
                return cached
        results = run_search(searcher, request, self.translator)
        for hit in results.hits:
            hit.counterpart = self._counterpart(searcher, hit.id)
        with self._cache_lock:
            self._results[key] = results
            while len(self._results) > self.cache_size:
                self._results.popitem(last=False)
        return results

    def article(self, doc_id: str, q: str | None = None) -> ArticleView | None:
        """One article by id (its path in the corpus), or None if the index has no such article."""
        searcher = self._searcher()
        view = article_view(searcher, doc_id, q, self.translator)
        if view is not None:
            view.counterpart = self._counterpart(searcher, doc_id)
        return view

    def stats(self) -> dict:
        """What the index holds: article count and languages."""
        searcher = self._searcher()
        counts = language_counts(self._index())
        lexicons = self.translator.describe() if hasattr(self.translator, "describe") else []
        return {"index": str(self.index_dir), "articles": searcher.doc_count(), "languages": counts,
                "lexicons": lexicons}

    def _counterpart(self, searcher: Searcher, doc_id: str) -> dict | None:
        """The same story in the other language, cached per index generation."""
        key = (searcher.reader().generation(), doc_id)
        if key not in self._counterparts:
            if len(self._counterparts) > 20_000:
                self._counterparts.clear()
            self._counterparts[key] = find_counterpart(searcher, doc_id)
        return self._counterparts[key]

    def close(self) -> None:
        searcher = getattr(self._local, "searcher", None)
        if searcher is not None:
            searcher.close()
            self._local.searcher = None

    def _reset(self) -> None:
        with self._ix_lock:
            self._ix = None

    def _index(self):
        with self._ix_lock:
            if self._ix is None:
                if not index_exists(self.index_dir):
                    raise IndexNotFoundError(f"no index in {self.index_dir}/ yet: run `search index` first")
                self._ix = open_index(self.index_dir)
            return self._ix

    def _searcher(self) -> Searcher:
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self._index().searcher(weighting=LanguageBM25F())
        elif not searcher.up_to_date():
            # A new searcher rather than refresh(): whoosh-reloaded's refresh fails on some
            # reader types (reuse of an EmptyReader), and segment files are cheap to reopen.
            searcher.close()
            searcher = self._index().searcher(weighting=LanguageBM25F())
        self._local.searcher = searcher
        return searcher
