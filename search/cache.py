"""Bounded, thread-safe caches, owned by an :class:`search.Engine`.

Every cache of data read from an index (decoded postings and positions, field lengths,
document frequencies, document labels) belongs to the engine that opened the index: an
:class:`IndexCaches` made by the engine, made current for the duration of each search
(:func:`using`) and found by the query code with :func:`current` (a context variable, as
the query budget is: it follows each request's thread, and searches on other engines or
threads never see it). Code run outside an engine (a test's own searcher, the indexer)
finds no caches and reads the index each time.

Keys always hold the segment's id (Whoosh gives every new segment a new random id and
never changes a segment's postings), so a re-indexed index never meets stale entries; the
old segments' entries are the least recently used and leave first.

Pure functions of text (stemming, analysis, lexicon loading) keep their own memoisation
(``functools.lru_cache`` or a dict): their results do not depend on any index, so sharing
them between engines is right.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Callable, Generic, Hashable, Iterator, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

POSTINGS_CACHE_ENTRIES = 8_000_000
"""Postings kept decoded across queries (8 bytes each, document and frequency: at most ~64 MB)."""
POSITIONS_CACHE_ENTRIES = 4_000_000
"""Word positions kept decoded for phrases (8 bytes each, document and position: at most ~32 MB)."""
LENGTHS_CACHE_ENTRIES = 8_000_000
"""Per-document field lengths kept (4 bytes each: at most ~32 MB; a field of a segment of
N documents takes N)."""
DF_CACHE_TERMS = 200_000
"""Document frequencies kept (about 150 bytes each with their key: at most ~30 MB)."""
LABELS_CACHE_DOCUMENTS = 2_000_000
"""Documents whose labels (language, year, date, month codes: 16 bytes) are kept: ~32 MB."""
LIVE_CACHE_DOCUMENTS = 8_000_000
"""Documents whose deleted-or-not flag (1 byte) is kept: ~8 MB."""
PHRASE_CACHE_DOCUMENTS = 2_000_000
"""Documents kept as holding a phrase (4 bytes each: ~8 MB)."""
COUNTS_CACHE_ENTRIES = 20_000
"""Counts the query builder asks of the index (how many articles hold a phrase, a name with
its initials, a sense with a query's other words; see :meth:`IndexView.count`): a search each
to compute, asked again by every query that holds the same expression (~4 MB)."""

_MISSING = object()


def _one(_value: object) -> int:
    return 1


class BoundedCache(Generic[K, V]):
    """A least-recently-used map whose entries' total cost stays within ``limit``.

    ``cost(value)`` is an entry's share of the limit (1 by default: the limit counts
    entries; the size of an array when it bounds memory). A value costing more than the
    whole limit is not kept. Least recently used rather than cleared when full: a sweep of
    rare terms then pushes out rare terms, not the common ones every query needs.

    The lock is held only to look up and store, never while a value is computed, so
    searches that miss at the same time compute side by side (the first to finish stays)."""

    def __init__(self, limit: int, cost: Callable[[V], int] = _one):
        if limit < 0:
            raise ValueError("limit: at least 0")
        self.limit = limit
        self._cost = cost
        self._entries: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._lock = threading.Lock()
        self.size = 0
        """Total cost of the entries held."""

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: K) -> bool:
        with self._lock:
            return key in self._entries

    def keys(self) -> list[K]:
        """The keys held, least recently used first."""
        with self._lock:
            return list(self._entries)

    def get(self, key: K, default: V | None = None) -> V | None:
        """The value for ``key`` (now the most recently used), or ``default``."""
        with self._lock:
            found = self._entries.get(key, _MISSING)
            if found is _MISSING:
                return default
            self._entries.move_to_end(key)
            return found[0]

    def put(self, key: K, value: V) -> None:
        """Keep ``value``, dropping the least recently used entries beyond the limit."""
        cost = self._cost(value)
        if cost > self.limit:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.size -= old[1]
            self._entries[key] = (value, cost)
            self.size += cost
            while self.size > self.limit:
                _, (_, dropped) = self._entries.popitem(last=False)
                self.size -= dropped

    def get_or_compute(self, key: K, compute: Callable[[], V]) -> V:
        """The cached value, or ``compute()``'s (kept for next time)."""
        found = self.get(key, _MISSING)  # type: ignore[arg-type]
        if found is not _MISSING:
            return found  # type: ignore[return-value]
        value = compute()
        self.put(key, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.size = 0


def _array_pair_cost(value) -> int:
    return len(value[0])


def _array_cost(value) -> int:
    return len(value)


def _entry_cost(value) -> int:
    """An array's length, and one for the entry itself (a phrase found nowhere still costs)."""
    return len(value) + 1


def _labels_cost(value) -> int:
    return len(value.lang)


@dataclass
class IndexCaches:
    """The caches of data read from one engine's index, each with its own limit (at most
    about 200 MB together, most of it the postings)."""

    postings: BoundedCache = field(default_factory=lambda: BoundedCache(POSTINGS_CACHE_ENTRIES, _array_pair_cost))
    """(segment id, field, term) → (document numbers, frequencies)."""
    positions: BoundedCache = field(default_factory=lambda: BoundedCache(POSITIONS_CACHE_ENTRIES, _array_pair_cost))
    """(segment id, field, term) → (document of each position, position)."""
    lengths: BoundedCache = field(default_factory=lambda: BoundedCache(LENGTHS_CACHE_ENTRIES, _array_cost))
    """(segment id, field) → every document's length in the field."""
    doc_frequency: BoundedCache = field(default_factory=lambda: BoundedCache(DF_CACHE_TERMS))
    """(segment ids, field, term) → the term's document frequency over those segments."""
    labels: BoundedCache = field(default_factory=lambda: BoundedCache(LABELS_CACHE_DOCUMENTS, _labels_cost))
    """(segment ids and live counts) → every document's :class:`search.backends.whoosh.labels.DocLabels`."""
    live: BoundedCache = field(default_factory=lambda: BoundedCache(LIVE_CACHE_DOCUMENTS, _array_cost))
    """(segment ids and live counts) → which documents are not deleted."""
    phrases: BoundedCache = field(default_factory=lambda: BoundedCache(PHRASE_CACHE_DOCUMENTS, _entry_cost))
    """(segment id, field, words, slop) → the segment's documents where the phrase stands."""
    counts: BoundedCache = field(default_factory=lambda: BoundedCache(COUNTS_CACHE_ENTRIES))
    """(index identity, plan signature) → the live articles the plan matches."""

    def clear(self) -> None:
        for cache in (self.postings, self.positions, self.lengths, self.doc_frequency, self.labels, self.live,
                      self.phrases, self.counts):
            cache.clear()


def segment_ids(reader, deletions: bool = False) -> tuple | None:
    """What data read through ``reader`` depends on, as a cache key: the ids of its segments
    (Whoosh never changes a segment's postings, lengths or columns, and gives every new
    segment a new random id), with each one's count of live documents when ``deletions``
    (a segment only ever gains deletions, so the count tells its deletions apart). None for
    readers of other kinds, whose data is not kept."""
    key = []
    for leaf, _ in reader.leaf_readers():
        segment = getattr(leaf, "segment", None)
        if not callable(segment):
            return None
        if segment() is None:  # the reader of an index without segments (no articles): no data
            continue
        key.append((segment().segment_id(), leaf.doc_count()) if deletions else segment().segment_id())
    return tuple(key)


_CURRENT: ContextVar[IndexCaches | None] = ContextVar("index_caches", default=None)


@contextmanager
def using(caches: IndexCaches) -> Iterator[IndexCaches]:
    """Make ``caches`` the current ones inside the block (this thread or task only)."""
    token = _CURRENT.set(caches)
    try:
        yield caches
    finally:
        _CURRENT.reset(token)


def current() -> IndexCaches | None:
    """The caches of the engine whose search runs here, or None outside an engine."""
    return _CURRENT.get()


def remember(pick: Callable[[IndexCaches], BoundedCache], key: Hashable | None, compute: Callable[[], V]) -> V:
    """``compute()``, kept in the current engine's cache ``pick(caches)`` under ``key``
    (computed every time outside an engine, or when ``key`` is None: no key identifies the data)."""
    caches = _CURRENT.get()
    if caches is None or key is None:
        return compute()
    return pick(caches).get_or_compute(key, compute)
