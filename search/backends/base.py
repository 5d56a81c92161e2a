"""The seam between the engine and an index: what every backend offers.

The engine (:mod:`search.engine`) and the query layer (:mod:`search.query`) see an index only
through these two protocols. A :class:`Backend` is an index somewhere (a folder for the
embedded Whoosh backend); it syncs a corpus into it and lends :class:`IndexView` objects, one
per search. A view answers everything a search asks of one state of the index: statistics for
the query builder (document counts and frequencies, terms near a word), a ranked, filtered page
of a query plan (:mod:`search.query.plan`) with its facets and timeline, stored articles, and
the explanations of a page. Snippets, highlighting, translations and suggestions are ours and
stay above the seam, so every backend shows the same text.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Hashable, Protocol

from ..query.facets import DateFilter
from ..query.plan import Node
from ..results import Timeline

Progress = Callable[[int, int, str], None]
"""``progress(done, total, path)``, called as a sync reads the corpus."""


@dataclass
class RankedHit:
    stored: dict
    """The article's stored fields (see :mod:`search.backends.fields`)."""
    score: float
    ref: Hashable
    """The backend's handle of the article within the view (for :meth:`IndexView.explain`)."""


@dataclass
class Ranked:
    """One page of a plan's matches, ranked and filtered, with what the whole list counts."""

    total: int
    """Matches the filters keep."""
    hits: list[RankedHit]
    facets: dict[str, dict[str, int]]
    """``{"lang": {code: n}, "year": {year or "undated": n}, "section": {name: n}}``; each facet
    ignores its own filter."""
    timeline: Timeline
    """Built by :func:`search.query.facets.timeline` from the backend's counts per month: the
    matches of every date, those the filters keep, and the collection's articles."""
    complete: int
    """Matches (filters aside) that cover every concept of the plan: all of them for other plans."""
    dropped: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    """``(typed text, translation)`` senses the corpus contradicted, which were not searched."""
    partial: int = 0
    """Matches the filters keep that a date order leaves out: they cover only some of the
    plan's concepts, where other articles cover them all (see
    :func:`search.query.plan.date_order_concepts`)."""


@dataclass(frozen=True)
class Filters:
    """What a search keeps: one language (or any), a date filter and sections (any of them;
    none: every section). Filters of different kinds all apply."""

    lang: str | None = None
    dates: DateFilter = DateFilter()
    sections: tuple[str, ...] = ()


class IndexView(Protocol):
    """One state of an index, for one thread: every read of one search goes through one view."""

    identity: Hashable
    """Equal for two views of the same state (caches of results are keyed by it)."""

    def doc_count(self) -> int:
        """Live articles."""

    def doc_count_all(self) -> int:
        """Articles the ranking's statistics count (deleted ones until they are merged away)."""

    def language_doc_count(self, lang: str) -> int:
        """Articles whose text sits in ``lang``'s fields (the neutral fields take all others)."""

    def doc_frequency(self, field: str, term: str) -> int:
        """Articles whose ``field`` holds the index term ``term``."""

    def doc_frequencies(self, field: str, terms: list[str]) -> dict[str, int]:
        """:meth:`doc_frequency` of several terms of one field (one request where that matters)."""

    def similar_terms(self, field: str, term: str, maxdist: int, prefix: int, limit: int | None = None) -> list[str]:
        """Index terms of ``field`` within ``maxdist`` edits of ``term`` sharing its first
        ``prefix`` letters, the first ``limit`` found (all when None: callers bound the walk
        by the word's length)."""

    def rank(self, query: Node, filters: Filters, sort: str, start: int, count: int) -> Ranked:
        """Hits ``start`` to ``start + count`` of ``query`` (``sort``: relevance, date (newest
        first), oldest; undated articles last in both date orders)."""

    def count_complete(self, query: Node) -> int:
        """Matches of ``query`` that cover every concept (all matches for other plans)."""

    def count(self, query: Node) -> int:
        """Live articles a plan without concepts matches (a phrase, a sense with a query's other
        words), remembered for this state of the index: the query builder asks the same
        counts of every query that holds the same expression."""

    def explain(self, query: Node, refs: list[Hashable]) -> dict[Hashable, list[dict]]:
        """For each hit of a page, which alternatives of each concept matched and their scores."""

    def document(self, doc_id: str) -> dict | None:
        """The stored fields of the live article ``doc_id``, or None."""

    def documents_with(self, field: str, term: str, limit: int) -> list[dict]:
        """The stored fields of up to ``limit`` live articles whose ``field`` holds ``term``
        (the first ones in the index's own order)."""

    def articles_between(self, lang: str, start: str, end: str) -> list[dict]:
        """Stored fields of the live articles in ``lang`` dated from ``start`` to ``end`` (ISO, inclusive)."""

    def language_counts(self) -> dict[str, int]:
        """Live articles per language code."""

    def summary(self) -> dict:
        """``{"articles", "languages", "undated", "first_date", "last_date"}`` of the live articles."""

    def recent_titles(self, lang: str, limit: int) -> list[str]:
        """Titles of the newest ``limit`` articles in ``lang`` (the dated ones first)."""

    def headlines(self, limit: int) -> list[dict]:
        """``{"title", "id", "lang"}`` of the newest ``limit`` articles of every language (the
        dated ones first): what suggestions as you type are drawn from."""


class Backend(Protocol):
    """An index somewhere: synced from a corpus, read through views."""

    location: str
    """Where the index is, for messages (never with credentials)."""

    def sync(self, corpus: Path, *, rebuild: bool = False, progress: Progress | None = None,
             workers: int | None = None, lock_wait: float = 0.0, excludes: tuple[str, ...] = (),
             shards: int | None = None, replicas: int | None = None):
        """Bring the index in line with ``corpus``; returns the run's report
        (:class:`search.backends.report.IndexReport`). ``shards`` and ``replicas`` shape a
        distributed index when the run creates it (SearchError where they mean nothing)."""

    def reading(self) -> AbstractContextManager[IndexView]:
        """A view of the index's current state for one search (IndexNotFoundError when there
        is no index, IndexDamagedError when it cannot be read)."""

    def copies(self, view: IndexView) -> dict[str, list[str]]:
        """The copies of each indexed article (files with the same text, left out of the index)."""

    def indexed_at(self) -> float | None:
        """When the index was last written (seconds since the epoch), None without an index."""

    def current_identity(self) -> Hashable | None:
        """The identity a view would have now (None: no index), without opening one."""

    def close(self) -> None:
        """Release open files and connections; the backend reopens on next use."""
