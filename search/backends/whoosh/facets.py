"""Filters, facet counts and the timeline of one query's matches, from the scoring pass.

Everything here works on the label codes of the matched documents (numpy arrays), so the
counts a results page shows cost no further query. Each facet ignores its own filter, so
the other choices stay visible once one is picked: the language counts follow the date
filters, the year counts and the timeline follow the language filter.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...query.facets import UNDATED, DateFilter, timeline
from ...results import Timeline
from .labels import DocLabels

@dataclass
class Selection:
    keep: np.ndarray
    """Positions (among the matches) of the matches every filter keeps."""
    facets: dict[str, dict[str, int]]
    timeline: Timeline


def select(labels: DocLabels, docnums: np.ndarray, lang: str | None, dates: DateFilter) -> Selection:
    """Apply the language and date filters to the matches ``docnums``; count the facets and
    the timeline of the matches on the way."""
    langs, years = labels.lang[docnums], labels.year[docnums]
    lang_ok = langs == labels.lang_code(lang) if lang is not None else np.ones(len(docnums), bool)
    date_ok = _date_mask(labels, docnums, dates)
    facets = {
        "lang": _counts(langs[date_ok], labels.lang_names, by_count=True),
        "year": _counts(years[lang_ok], labels.year_names, by_count=False),
    }
    undated = int(np.count_nonzero(labels.date[docnums[lang_ok]] == _undated_code(labels)))
    if undated:
        facets["year"][UNDATED] = undated
    timeline = _timeline(labels, docnums[lang_ok])
    return Selection(np.flatnonzero(lang_ok & date_ok), facets, timeline)


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


def _timeline(labels: DocLabels, docnums: np.ndarray) -> Timeline:
    """Matches per month and language (see :func:`search.query.facets.timeline`)."""
    months, langs = labels.month[docnums], labels.lang[docnums]
    dated = months != (0 if labels.month_names[:1] == [""] else -1)
    months, langs = months[dated], langs[dated]
    if not len(months):
        return timeline({})
    names = labels.month_names
    counts: dict[str, dict[str, int]] = {}
    n_langs = len(labels.lang_names)
    pairs = np.bincount(months * n_langs + langs, minlength=len(names) * n_langs).reshape(len(names), n_langs)
    for month_code, lang_code in zip(*np.nonzero(pairs)):
        counts.setdefault(names[month_code], {})[labels.lang_names[lang_code]] = int(pairs[month_code, lang_code])
    return timeline(counts)
