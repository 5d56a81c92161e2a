"""Dates as people type them in a search form: ISO (``2019``, ``2019-04``, ``2019-04-15``),
day first with slashes or dots (``15/04/2019``, ``04/2019``), and month names in English or
French (``avril 2019``, ``April 2019``, ``15 avril 2019``, ``April 15, 2019``).

Day-first is the reading of both interface languages (British and French); ``2019/04/15``
(year first) is read too. The names of months are those the article reader knows.
"""

from __future__ import annotations

import re

from ..ingest.dates import month_number

DATE_FORMS = "2021, 2021-10, 2021-10-15, 15/10/2021, 10/2021 or October 2021"
"""The forms named in an error message (and the page's hint)."""

_NUMERIC = [
    (re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$"), ("y", "m", "d")),
    (re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{1,2})[/.](\d{4})$"), ("m", "y")),
]
_NAMED = [
    (re.compile(r"^(?:(\d{1,2})(?:er|st|nd|rd|th)?\s+)?([^\W\d]+\.?)\s+(\d{4})$"), ("d", "M", "y")),
    (re.compile(r"^([^\W\d]+\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$"), ("M", "d", "y")),
]


def read_date(text: str) -> tuple[int, int | None, int | None] | None:
    """(year, month or None, day or None) of a typed date, unchecked against the calendar;
    None when ``text`` is in none of the forms."""
    cleaned = " ".join(text.strip().split())
    for pattern, order in _NUMERIC + _NAMED:
        match = pattern.match(cleaned)
        if not match:
            continue
        parts = dict(zip(order, match.groups()))
        if "M" in parts:
            month = month_number(parts["M"])
            if month is None:
                return None
        else:
            month = int(parts["m"]) if parts.get("m") else None
        day = int(parts["d"]) if parts.get("d") else None
        return int(parts["y"]), month, day
    return None
