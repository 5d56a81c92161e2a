"""Find a publication date in English or French text and return it as ISO ``YYYY-MM-DD``."""

from __future__ import annotations

import datetime as dt
import re

from ..text import fold_accents

_MONTHS = {
    "january": 1, "jan": 1, "janvier": 1, "janv": 1,
    "february": 2, "feb": 2, "fevrier": 2, "fev": 2, "fevr": 2,
    "march": 3, "mar": 3, "mars": 3,
    "april": 4, "apr": 4, "avril": 4, "avr": 4,
    "may": 5, "mai": 5,
    "june": 6, "jun": 6, "juin": 6,
    "july": 7, "jul": 7, "juillet": 7, "juil": 7,
    "august": 8, "aug": 8, "aout": 8,
    "september": 9, "sep": 9, "sept": 9, "septembre": 9,
    "october": 10, "oct": 10, "octobre": 10,
    "november": 11, "nov": 11, "novembre": 11,
    "december": 12, "dec": 12, "decembre": 12,
}
EARLIEST_YEAR, LATEST_YEAR = 1800, 2200
"""Dates outside these years are no publication dates (a feed's year 1 or 9999, a typo): the
article is kept undated. Every later stage can then add or subtract days without overflow."""

_MONTH = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"

_PATTERNS: list[tuple[re.Pattern[str], tuple[str, str, str]]] = [
    (re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"), ("y", "m", "d")),
    (re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b"), ("d", "m", "y")),
    (re.compile(r"\b(\d{1,2})(?:er|st|nd|rd|th)?\s+" + _MONTH + r",?\s+(\d{4})\b"), ("d", "M", "y")),
    (re.compile(r"\b" + _MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b"), ("M", "d", "y")),
]


def find_date(text: str) -> tuple[str, int, int] | None:
    """The first valid date in ``text`` as (ISO date, start, end) of the match, or None."""
    folded = fold_accents(text).lower()
    best: tuple[str, int, int] | None = None
    for pattern, order in _PATTERNS:
        for match in pattern.finditer(folded):
            parts = dict(zip(order, match.groups(), strict=True))
            month = _MONTHS[parts["M"]] if "M" in parts else int(parts["m"])
            try:
                day = dt.date(int(parts["y"]), month, int(parts["d"]))
            except ValueError:
                continue
            if EARLIEST_YEAR <= day.year <= LATEST_YEAR and (best is None or match.start() < best[1]):
                best = (day.isoformat(), match.start(), match.end())
            break
    return best


def month_number(word: str) -> int | None:
    """The month an English or French month name (or its abbreviation) names: ``Avril`` → 4."""
    return _MONTHS.get(fold_accents(word).lower().rstrip("."))


def parse_date(text: str) -> str | None:
    """ISO date of the first date written in ``text``: ``"15 Octobre 2021 17:52"`` → ``"2021-10-15"``."""
    found = find_date(text)
    return found[0] if found else None


def checked_date(value: str | None) -> str | None:
    """``value`` if it is an ISO date (``YYYY-MM-DD``) of a year from EARLIEST_YEAR to
    LATEST_YEAR, else None: what every reader's date goes through before it is stored."""
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return None
    return value if EARLIEST_YEAR <= day.year <= LATEST_YEAR else None
