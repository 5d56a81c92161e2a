"""The filters of a search (language aside): a year, or a range of dates, as users type them.

Backends apply them and count the facets of the matches (the embedded one:
:mod:`search.backends.whoosh.facets`); :func:`timeline` builds the timeline from their counts.
Each facet ignores its own filter, so the other choices stay visible once one is picked. The
timeline follows the language and section filters; a date filter zooms it in on the chosen
range (per month up to three years).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from ..errors import QueryError
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


MonthCounts = dict[str, dict[str, int]]
"""``{month (YYYY-MM): {language: articles}}``; undated articles left out."""


def timeline(story: MonthCounts, kept: MonthCounts, collection: MonthCounts, dates: DateFilter) -> Timeline:
    """Matches per month and language (per year when the span is long), oldest first, with
    the empty periods in between so that the gaps of a story show, and beside each count the
    collection's articles of that language and period (for shares).

    ``story`` counts the matches of every date (the other filters applied), ``kept`` those the
    date filter keeps too, ``collection`` every article: a chosen range zooms in, its periods
    spanning the range (within the story's first and last month). Every backend counts these
    its own way; the periods are built here."""
    months = [month for month, per_lang in story.items() if month and any(per_lang.values())]
    zoomed = dates.active
    wide = wider(dates.year, dates.start, dates.end) if zoomed else None
    if not months or dates.year == UNDATED:
        return Timeline(unit="month", languages=[], periods=[], wider=wide)
    start, end = _filter_range(dates)
    first, last = max(min(months), start[:7]), min(max(months), end[:7])
    if first > last:
        return Timeline(unit="month", languages=[], periods=[], zoomed=zoomed, wider=wide)
    present = sorted({lang for per_lang in story.values() for lang, n in per_lang.items() if n and lang})
    span = (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7]) - int(first[5:7]) + 1
    if span > MONTHS_MAX:
        by_year, all_by_year = _per_year(kept), _per_year(collection)
        keys = _years(int(first[:4]), int(last[:4]), by_year)
        periods = [Period(key, f"{key}-01-01", f"{key}-12-31", _zeros(present, by_year.get(key)),
                          _zeros(present, all_by_year.get(key))) for key in keys]
        return Timeline(unit="year", languages=present, periods=periods, zoomed=zoomed, wider=wide)
    periods = []
    year, month = int(first[:4]), int(first[5:7])
    for _ in range(span):
        key = f"{year:04d}-{month:02d}"
        end_day = calendar.monthrange(year, month)[1]
        periods.append(Period(key, f"{key}-01", f"{key}-{end_day:02d}", _zeros(present, kept.get(key)),
                              _zeros(present, collection.get(key))))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return Timeline(unit="month", languages=present, periods=periods, zoomed=zoomed, wider=wide)


def _filter_range(dates: DateFilter) -> tuple[str, str]:
    """The first and last day a date filter keeps (the widest dates when it keeps every one)."""
    if dates.year is not None:
        start, end = f"{dates.year}-01-01", f"{dates.year}-12-31"
    else:
        start, end = "0000-01-01", "9999-12-31"
    return max(start, dates.start or start), min(end, dates.end or end)


def _per_year(counts: MonthCounts) -> MonthCounts:
    by_year: MonthCounts = {}
    for month, per_lang in counts.items():
        year = by_year.setdefault(month[:4], {})
        for code, n in per_lang.items():
            year[code] = year.get(code, 0) + n
    return by_year


def _years(first: int, last: int, counts: MonthCounts) -> list[str]:
    if last - first + 1 > YEARS_CONTINUOUS_MAX:
        return sorted(counts)
    return [f"{year:04d}" for year in range(first, last + 1)]


def _zeros(languages: list[str], counts: dict[str, int] | None) -> dict[str, int]:
    return {lang: (counts or {}).get(lang, 0) for lang in languages}
