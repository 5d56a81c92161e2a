"""Filters, facet counts and the timeline of one query's matches, from the scoring pass.

Everything here works on the label codes of the matched documents (numpy arrays), so the
counts a results page shows cost no further query. Each facet ignores its own filter, so
the other choices stay visible once one is picked: the language counts follow the date
filters, the year counts and the timeline follow the language filter.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass

import numpy as np

from ...query.facets import UNDATED, DateFilter
from ...results import Period, Timeline
from .labels import DocLabels

MONTHS_MAX = 36
"""A timeline spanning more months than this counts years instead."""
YEARS_CONTINUOUS_MAX = 60
"""Beyond this many years (stray dates), only the years holding matches are listed."""


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
    """Matches per month and language (per year when the span is long), oldest first, with
    the empty periods in between so that the gaps of a story show."""
    months, langs = labels.month[docnums], labels.lang[docnums]
    dated = months != (0 if labels.month_names[:1] == [""] else -1)
    months, langs = months[dated], langs[dated]
    if not len(months):
        return Timeline(unit="month", languages=[], periods=[])
    names = labels.month_names
    present = sorted({labels.lang_names[code] for code in np.unique(langs).tolist()})
    counts: dict[str, dict[str, int]] = {}
    n_langs = len(labels.lang_names)
    pairs = np.bincount(months * n_langs + langs, minlength=len(names) * n_langs).reshape(len(names), n_langs)
    for month_code, lang_code in zip(*np.nonzero(pairs)):
        counts.setdefault(names[month_code], {})[labels.lang_names[lang_code]] = int(pairs[month_code, lang_code])
    first, last = min(counts), max(counts)
    span = (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7]) - int(first[5:7]) + 1
    if span > MONTHS_MAX:
        by_year: dict[str, dict[str, int]] = {}
        for month, per_lang in counts.items():
            year = by_year.setdefault(month[:4], {})
            for code, n in per_lang.items():
                year[code] = year.get(code, 0) + n
        keys = _years(int(first[:4]), int(last[:4]), by_year)
        periods = [Period(key, f"{key}-01-01", f"{key}-12-31", _zeros(present, by_year.get(key))) for key in keys]
        return Timeline(unit="year", languages=present, periods=periods)
    periods = []
    year, month = int(first[:4]), int(first[5:7])
    for _ in range(span):
        key = f"{year:04d}-{month:02d}"
        end = calendar.monthrange(year, month)[1]
        periods.append(Period(key, f"{key}-01", f"{key}-{end:02d}", _zeros(present, counts.get(key))))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return Timeline(unit="month", languages=present, periods=periods)


def _years(first: int, last: int, counts: dict[str, dict[str, int]]) -> list[str]:
    if last - first + 1 > YEARS_CONTINUOUS_MAX:
        return sorted(counts)
    return [f"{year:04d}" for year in range(first, last + 1)]


def _zeros(languages: list[str], counts: dict[str, int] | None) -> dict[str, int]:
    return {lang: (counts or {}).get(lang, 0) for lang in languages}
