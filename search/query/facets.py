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

UNDATED = "undated"
"""The ``year`` value (and year facet key) of articles without a date."""
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
