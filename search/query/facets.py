"""Filters, facet counts and the timeline of one query's matches, from the scoring pass.

Everything here works on the label codes of the matched documents (numpy arrays), so the
counts a results page shows cost no further query. Each facet ignores its own filter, so
the other choices stay visible once one is picked: the language counts follow the date
filters, the year counts follow the language filter. The timeline follows both: a date
filter zooms it in on the chosen range (per month up to three years).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

import numpy as np

from ..errors import QueryError
from ..index.labels import DocLabels
from .date_input import DATE_FORMS, read_date
from ..results import Period, Timeline

UNDATED = "undated"
"""The ``year`` value (and year facet key) of articles without a date."""
MONTHS_MAX = 36
"""A timeline spanning more months than this counts years instead."""
YEARS_CONTINUOUS_MAX = 60
"""Beyond this many years (stray dates), only the years holding matches are listed."""


@dataclass(frozen=True)
class DateFilter:
    """Which dates a search keeps: a year (or :data:`UNDATED`) and an inclusive ISO range."""

    year: str | None = None
    start: str | None = None
    end: str | None = None

    @property
    def active(self) -> bool:
        return bool(self.year or self.start or self.end)


def parse_bound(name: str, value: str | None, last: bool) -> str | None:
    """A typed date as a full ISO date: the first day of the period it names, or its last
    day when ``last``. Bad values raise QueryError naming the parameter and the forms read."""
    if value is None or value == "":
        return None
    parts = read_date(value)
    if parts is None:
        raise QueryError(f"{name}: '{value[:20]}' is not a date such as {DATE_FORMS}")
    year, month, day = parts
    try:
        month = month or (12 if last else 1)
        if day is None:
            day = calendar.monthrange(year, month)[1] if last else 1
        return dt.date(year, month, day).isoformat()
    except ValueError:
        raise QueryError(f"{name}: '{value[:20]}' is not a real date") from None


def wider(year: str | None, start: str | None, end: str | None) -> tuple[str, str] | None:
    """The range to zoom out to from a date filter: the calendar year around a range that lies
    inside one year (and is not all of it), else None (every date)."""
    if year and year != UNDATED:
        return None
    if start and end and start[:4] == end[:4] and (start[5:], end[5:]) != ("01-01", "12-31"):
        return f"{start[:4]}-01-01", f"{start[:4]}-12-31"
    return None


@dataclass
class Selection:
    keep: np.ndarray
    """Positions (among the matches) of the matches every filter keeps."""
    facets: dict[str, dict[str, int]]
    timeline: Timeline


def select(labels: DocLabels, docnums: np.ndarray, lang: str | None, dates: DateFilter,
           sections: tuple[str, ...] = ()) -> Selection:
    """Apply the language, date and section filters to the matches ``docnums`` (several
    sections: any of them; filters of different facets: all of them); count the facets and the
    timeline of the matches on the way."""
    langs, years = labels.lang[docnums], labels.year[docnums]
    lang_ok = langs == labels.lang_code(lang) if lang is not None else np.ones(len(docnums), bool)
    date_ok = _date_mask(labels, docnums, dates)
    section_ok = _section_mask(labels, docnums, sections)
    facets = {
        "lang": _counts(langs[date_ok & section_ok], labels.lang_names, by_count=True),
        "year": _counts(years[lang_ok & section_ok], labels.year_names, by_count=False),
        "section": _counts(labels.section[docnums[lang_ok & date_ok]], labels.section_names, by_count=True),
    }
    undated = int(np.count_nonzero(labels.date[docnums[lang_ok & section_ok]] == _undated_code(labels)))
    if undated:
        facets["year"][UNDATED] = undated
    story = lang_ok & section_ok
    timeline = _timeline(labels, docnums[story], docnums[story & date_ok], dates)
    timeline.wider = wider(dates.year, dates.start, dates.end) if dates.active else None
    return Selection(np.flatnonzero(story & date_ok), facets, timeline)


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


def _timeline(labels: DocLabels, story: np.ndarray, kept: np.ndarray, dates: DateFilter) -> Timeline:
    """Matches per month and language (per year when the span is long), oldest first, with
    the empty periods in between so that the gaps of a story show, and beside each count the
    collection's articles of that language and period (for shares).

    ``story`` are the matches of every date, ``kept`` those the date filter keeps: a chosen
    range zooms in, its periods spanning the range (within the story's first and last month)."""
    dated_months = labels.month[story][labels.month[story] != _undated_month(labels)]
    if not len(dated_months) or dates.year == UNDATED:
        return Timeline(unit="month", languages=[], periods=[])
    names = labels.month_names
    first, last = names[int(dated_months.min())], names[int(dated_months.max())]
    start, end = _filter_range(dates)
    first, last = max(first, start[:7]), min(last, end[:7])
    zoomed = dates.active
    if first > last:
        return Timeline(unit="month", languages=[], periods=[], zoomed=zoomed)
    present = sorted({labels.lang_names[code] for code in np.unique(labels.lang[story]).tolist()
                      if labels.lang_names[code]})
    matched = _month_counts(labels, kept)
    collection = _month_counts(labels, np.flatnonzero(labels.live))
    span = (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7]) - int(first[5:7]) + 1
    if span > MONTHS_MAX:
        by_year, all_by_year = _per_year(matched), _per_year(collection)
        keys = _years(int(first[:4]), int(last[:4]), by_year)
        periods = [Period(key, f"{key}-01-01", f"{key}-12-31", _zeros(present, by_year.get(key)),
                          _zeros(present, all_by_year.get(key))) for key in keys]
        return Timeline(unit="year", languages=present, periods=periods, zoomed=zoomed)
    periods = []
    year, month = int(first[:4]), int(first[5:7])
    for _ in range(span):
        key = f"{year:04d}-{month:02d}"
        end_day = calendar.monthrange(year, month)[1]
        periods.append(Period(key, f"{key}-01", f"{key}-{end_day:02d}", _zeros(present, matched.get(key)),
                              _zeros(present, collection.get(key))))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return Timeline(unit="month", languages=present, periods=periods, zoomed=zoomed)


def _undated_month(labels: DocLabels) -> int:
    return 0 if labels.month_names[:1] == [""] else -1


def _filter_range(dates: DateFilter) -> tuple[str, str]:
    """The first and last day a date filter keeps (the widest dates when it keeps every one)."""
    if dates.year is not None:
        start, end = f"{dates.year}-01-01", f"{dates.year}-12-31"
    else:
        start, end = "0000-01-01", "9999-12-31"
    return max(start, dates.start or start), min(end, dates.end or end)


def _month_counts(labels: DocLabels, docnums: np.ndarray) -> dict[str, dict[str, int]]:
    """Documents per month (``YYYY-MM``) and language; undated ones left out."""
    n_langs = len(labels.lang_names)
    names = labels.month_names
    pairs = np.bincount(labels.month[docnums] * n_langs + labels.lang[docnums],
                        minlength=len(names) * n_langs).reshape(len(names), n_langs)
    counts: dict[str, dict[str, int]] = {}
    for month_code, lang_code in zip(*np.nonzero(pairs)):
        if names[month_code]:
            counts.setdefault(names[month_code], {})[labels.lang_names[lang_code]] = int(pairs[month_code, lang_code])
    return counts


def _per_year(counts: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    by_year: dict[str, dict[str, int]] = {}
    for month, per_lang in counts.items():
        year = by_year.setdefault(month[:4], {})
        for code, n in per_lang.items():
            year[code] = year.get(code, 0) + n
    return by_year


def _years(first: int, last: int, counts: dict[str, dict[str, int]]) -> list[str]:
    if last - first + 1 > YEARS_CONTINUOUS_MAX:
        return sorted(counts)
    return [f"{year:04d}" for year in range(first, last + 1)]


def _zeros(languages: list[str], counts: dict[str, int] | None) -> dict[str, int]:
    return {lang: (counts or {}).get(lang, 0) for lang in languages}
