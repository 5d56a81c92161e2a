"""Filters, facet counts and the timeline of one query's matches, from the scoring pass.

Everything here works on the label codes of the matched documents (numpy arrays), so the
counts a results page shows cost no further query. Each facet ignores its own filter, so
the other choices stay visible once one is picked: the language counts follow the date and
section filters, the year counts and the timeline the language and section filters, the
section counts the language and date filters.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...query.facets import UNDATED, DateFilter, MonthCounts, timeline
from ...results import Timeline
from ..base import Filters
from .labels import DocLabels

@dataclass
class Selection:
    keep: np.ndarray
    """Positions (among the matches) of the matches every filter keeps."""
    facets: dict[str, dict[str, int]]
    timeline: Timeline


def select(labels: DocLabels, docnums: np.ndarray, filters: Filters) -> Selection:
    """Apply the language, date and section filters to the matches ``docnums`` (several
    sections: any of them; filters of different kinds: all of them); count the facets and the
    timeline of the matches on the way."""
    dates = filters.dates
    langs, years = labels.lang[docnums], labels.year[docnums]
    lang_ok, date_ok, section_ok = _masks(labels, docnums, filters)
    facets = {
        "lang": _counts(langs[date_ok & section_ok], labels.lang_names, by_count=True),
        "year": _counts(years[lang_ok & section_ok], labels.year_names, by_count=False),
        "section": _counts(labels.section[docnums[lang_ok & date_ok]], labels.section_names, by_count=True),
    }
    story = lang_ok & section_ok
    undated = int(np.count_nonzero(labels.date[docnums[story]] == _undated_code(labels)))
    if undated:
        facets["year"][UNDATED] = undated
    chart = timeline(month_counts(labels, docnums[story]), month_counts(labels, docnums[story & date_ok]),
                     collection_counts(labels), dates)
    return Selection(np.flatnonzero(story & date_ok), facets, chart)


def kept_count(labels: DocLabels, docnums: np.ndarray, filters: Filters) -> int:
    """How many of the matches ``docnums`` every filter keeps (no facet counted)."""
    lang_ok, date_ok, section_ok = _masks(labels, docnums, filters)
    return int(np.count_nonzero(lang_ok & date_ok & section_ok))


def _masks(labels: DocLabels, docnums: np.ndarray, filters: Filters) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which of the matches ``docnums`` the language, the date and the section filters keep."""
    lang_ok = (labels.lang[docnums] == labels.lang_code(filters.lang) if filters.lang is not None
               else np.ones(len(docnums), bool))
    return lang_ok, _date_mask(labels, docnums, filters.dates), _section_mask(labels, docnums, filters.sections)


def _section_mask(labels: DocLabels, docnums: np.ndarray, sections: tuple[str, ...]) -> np.ndarray:
    if not sections:
        return np.ones(len(docnums), bool)
    codes = [labels.section_names.index(name) for name in sections if name in labels.section_names]
    return np.isin(labels.section[docnums], codes)


def _undated_code(labels: DocLabels) -> int:
    return 0 if labels.date_names[:1] == [""] else -1


def _date_mask(labels: DocLabels, docnums: np.ndarray, dates: DateFilter) -> np.ndarray:
    ok = np.ones(len(docnums), bool)
    if not dates.active:
        return ok
    codes = labels.date[docnums]
    if dates.year == UNDATED:
        ok &= codes == _undated_code(labels)
    elif dates.year is not None:
        ok &= labels.year[docnums] == labels.year_code(dates.year)
    if dates.start or dates.end:
        low, high = labels.date_code_range(dates.start or "0000-01-01", dates.end or "9999-12-31")
        ok &= (codes >= low) & (codes < high)
    return ok


def _counts(codes: np.ndarray, names: list[str], by_count: bool) -> dict[str, int]:
    """Matches per label (empty labels left out): most frequent first, or newest first."""
    counts = np.bincount(codes, minlength=len(names)) if len(codes) else np.zeros(len(names), np.int64)
    found = {names[code]: int(n) for code, n in enumerate(counts) if n and names[code]}
    if by_count:
        return dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))
    return dict(sorted(found.items(), reverse=True))


def month_counts(labels: DocLabels, docnums: np.ndarray) -> MonthCounts:
    """Documents per month (``YYYY-MM``) and language; undated ones left out."""
    n_langs = len(labels.lang_names)
    names = labels.month_names
    pairs = np.bincount(labels.month[docnums] * n_langs + labels.lang[docnums],
                        minlength=len(names) * n_langs).reshape(len(names), n_langs)
    counts: MonthCounts = {}
    for month_code, lang_code in zip(*np.nonzero(pairs)):
        if names[month_code]:
            counts.setdefault(names[month_code], {})[labels.lang_names[lang_code]] = int(pairs[month_code, lang_code])
    return counts


def collection_counts(labels: DocLabels) -> MonthCounts:
    """The live articles per month and language (for shares)."""
    return month_counts(labels, np.flatnonzero(labels.live))
