"""The filters of a search (language aside): a year, or a range of dates, as users type them.

Backends apply them and count the facets and the timeline of the matches (the embedded one:
:mod:`search.backends.whoosh.facets`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from ..errors import QueryError
from ..results import Period, Timeline

UNDATED = "undated"
"""The ``year`` value (and year facet key) of articles without a date."""
MONTHS_MAX = 36
"""A timeline spanning more months than this counts years instead."""
YEARS_CONTINUOUS_MAX = 60
"""Beyond this many years (stray dates), only the years holding matches are listed."""
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


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
    """``2021``, ``2021-10`` or ``2021-10-15`` as a full ISO date: the first day of the period,
    or its last day when ``last``. Bad values raise QueryError naming the parameter."""
    if value is None or value == "":
        return None
    match = _PARTIAL_DATE.match(value.strip())
    if not match:
        raise QueryError(f"{name}: '{value[:20]}' is not a date such as 2021, 2021-10 or 2021-10-15")
    year, month, day = int(match[1]), int(match[2] or (12 if last else 1)), match[3]
    try:
        if day is None:
            day = calendar.monthrange(year, month)[1] if last else 1
        return dt.date(year, month, int(day)).isoformat()
    except ValueError:
        raise QueryError(f"{name}: '{value[:20]}' is not a real date") from None


def timeline(counts: dict[str, dict[str, int]]) -> Timeline:
    """The timeline of ``{month (YYYY-MM): {language: matches}}``: per month, per year when the
    span is long, oldest first, with the empty periods in between so that the gaps of a story
    show."""
    if not counts:
        return Timeline(unit="month", languages=[], periods=[])
    present = sorted({lang for per_lang in counts.values() for lang in per_lang})
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
