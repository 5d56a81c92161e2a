"""Every document's language, year, month, date and section as small integer codes, read once per reader.

Filters, facets and date sorting look at every match of a query, and counterpart links at
every article of a few days; numpy arrays of codes answer those without touching stored
fields or Whoosh's column readers per document.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import numpy as np

from ...cache import remember, segment_ids
from ..fields import DATE_FIELD, LANG_FIELD, SECTION_FIELD, YEAR_FIELD


@dataclass(frozen=True)
class DocLabels:
    lang: np.ndarray
    lang_names: list[str]
    year: np.ndarray
    year_names: list[str]
    date: np.ndarray
    """Position of each document's date among ``date_names`` (sorted, so also a date order)."""
    date_names: list[str]
    live: np.ndarray
    """False for deleted documents."""
    month: np.ndarray
    """Position of each document's month (``YYYY-MM``, "" when undated) among ``month_names``."""
    month_names: list[str]
    section: np.ndarray
    """Position of each document's section ("" for none) among ``section_names``."""
    section_names: list[str]

    def lang_code(self, lang: str) -> int:
        return self.lang_names.index(lang) if lang in self.lang_names else -1

    def year_code(self, year: str) -> int:
        return self.year_names.index(year) if year in self.year_names else -1

    def dated_between(self, start: str, end: str) -> np.ndarray:
        """A mask of the documents dated from ``start`` to ``end`` (ISO dates, inclusive)."""
        low, high = self.date_code_range(start, end)
        return (self.date >= low) & (self.date < high)

    def date_code_range(self, start: str, end: str) -> tuple[int, int]:
        """Date codes ``[low, high)`` of the dates from ``start`` to ``end`` (ISO, inclusive);
        undated documents ("" sorts first) are never inside."""
        # bisect on the sorted list: converting it to an array cost more than the search (exports)
        low = max(bisect.bisect_left(self.date_names, start), 1 if self.date_names[:1] == [""] else 0)
        return low, bisect.bisect_right(self.date_names, end)


def labels_of(reader) -> DocLabels:
    """The labels of every document ``reader`` holds (kept in the engine's cache, see
    :mod:`search.cache`)."""
    return remember(lambda caches: caches.labels, segment_ids(reader, deletions=True), lambda: _read_labels(reader))


def _read_labels(reader) -> DocLabels:
    count = reader.doc_count_all()
    columns = [list(reader.column_reader(name)) if reader.has_column(name) else [""] * count
               for name in (LANG_FIELD, YEAR_FIELD, DATE_FIELD, SECTION_FIELD)]
    (lang_names, lang), (year_names, year), (date_names, date), (section_names, section) = \
        (_encode(values) for values in columns)
    month_names, month_of_date = _encode([name[:7] for name in date_names])
    return DocLabels(lang, lang_names, year, year_names, date, date_names, live_mask(reader),
                     month_of_date[date] if len(date) else np.zeros(0, np.int32), month_names, section, section_names)


def live_mask(reader) -> np.ndarray:
    """True for each document of ``reader`` that is not deleted (kept in the engine's cache)."""
    return remember(lambda caches: caches.live, segment_ids(reader, deletions=True), lambda: _read_live(reader))


def _read_live(reader) -> np.ndarray:
    found = np.zeros(reader.doc_count_all(), bool)
    found[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True
    return found


def _encode(values: list[str]) -> tuple[list[str], np.ndarray]:
    """Sorted distinct values, and each value's position among them."""
    names, codes = np.unique(np.asarray(values, dtype=object).astype(str), return_inverse=True)
    return [str(n) for n in names], codes.astype(np.int32)


def language_counts(searcher) -> dict[str, int]:
    """Articles per language code in the index (deleted documents excluded)."""
    labels = labels_of(searcher.reader())
    counts = np.bincount(labels.lang[labels.live], minlength=len(labels.lang_names))
    return {lang: int(n) for lang, n in zip(labels.lang_names, counts) if n and lang}
