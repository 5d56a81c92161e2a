"""What one query may cost, and what was cut to keep it there.

Cost is bounded by work, not only by the query's length: a prefix expands to its most
frequent terms, all prefixes of a query together to ``MAX_QUERY_PREFIX_TERMS`` (per segment
in the embedded index), and scoring stops at a deadline, keeping what it has scored. The
budget records what was cut, for a note to the user; every backend honours it.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Iterator

MAX_PREFIX_TERMS = 200
"""Terms one prefix expands to in one field, the most frequent first (``co*`` has thousands)."""
MAX_QUERY_PREFIX_TERMS = 1000
"""Terms all the prefixes of one query expand to together, per segment."""
MAX_PREFIX_SCAN = 20_000
"""Dictionary entries read to find a prefix's most frequent terms."""


@dataclass
class Budget:
    """What one query may cost, and what was cut to keep it there."""

    deadline: float | None = None
    """``time.monotonic()`` past which no more query nodes are evaluated (None: no limit)."""
    prefix_terms: int = MAX_QUERY_PREFIX_TERMS
    timed_out: bool = False
    cut_prefixes: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Prefix → (terms searched, terms it has), for prefixes that expand to more than allowed."""

    def expired(self) -> bool:
        if self.deadline is not None and not self.timed_out and time.monotonic() > self.deadline:
            self.timed_out = True
        return self.timed_out

    def notes(self) -> list[str]:
        """What was cut, in words for the user (empty when nothing was)."""
        out: list[str] = []
        if len(self.cut_prefixes) > 3:
            out.append(f"{len(self.cut_prefixes)} prefixes match too many words: only the most frequent "
                       f"words beginning with each were searched")
        else:
            for prefix, (kept, found) in sorted(self.cut_prefixes.items()):
                more = "more than " if found >= MAX_PREFIX_SCAN else ""
                out.append(f"{prefix}*: only the {kept} most frequent of {more}{found} words "
                           f"beginning with '{prefix}' were searched")
        if self.timed_out:
            out.append("the query was too costly to finish in time: results may be incomplete")
        return out


_BUDGET: ContextVar[Budget | None] = ContextVar("query_budget", default=None)


@contextmanager
def query_budget(seconds: float | None, prefix_terms: int = MAX_QUERY_PREFIX_TERMS) -> Iterator[Budget]:
    """Bound every :func:`score_all` inside the block (this thread or task only)."""
    budget = Budget(None if seconds is None else time.monotonic() + seconds, prefix_terms)
    token = _BUDGET.set(budget)
    try:
        yield budget
    finally:
        _BUDGET.reset(token)


def current_budget() -> Budget:
    """The budget of the query being run (no limit outside :func:`query_budget`)."""
    return _BUDGET.get() or Budget()
