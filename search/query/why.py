"""Why a result in the other language answers a query, in a few words: which translation or
near spelling of a typed word it holds ("incendie ← fire"). Read from the explanation the API
gives on request (:meth:`search.backends.base.IndexView.explain`), so that the page and the API agree.
"""

from __future__ import annotations

import re

_PATTERNS = (
    ("translation", re.compile(r"^(?P<typed>.+?) → (?P<found>.+?) in (?P<lang>[\w-]+) articles")),
    ("cognate", re.compile(r"^(?P<typed>.+?) ~ (?P<found>.+?) \(cognate\) in (?P<lang>[\w-]+) articles")),
)
MAX_REASONS = 3
"""Reasons shown per result: a line, not a list."""


def reasons(explanation: list[dict]) -> list[dict]:
    """The translations and near spellings that counted for a result: ``{"typed", "found",
    "kind"}`` (kind ``translation`` or ``cognate``), most useful first, without repeats."""
    found: list[dict] = []
    seen: set[tuple[str, str]] = set()
    for entry in sorted(explanation, key=lambda e: -e.get("score", 0.0)):
        if not entry.get("counted"):
            continue
        for kind, pattern in _PATTERNS:
            match = pattern.match(entry.get("match", ""))
            if match and (match["typed"], match["found"]) not in seen:
                seen.add((match["typed"], match["found"]))
                found.append({"typed": match["typed"], "found": match["found"], "kind": kind})
                break
    return found[:MAX_REASONS]
