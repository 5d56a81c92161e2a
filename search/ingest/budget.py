"""The time one file may take to read: past it, the file is skipped with the reason.

Readers bound what they hold by size (bytes read, bytes unpacked, items, elements); the
libraries behind them (trafilatura, python-docx, feedparser) can still spend minutes on
input under those sizes, and one such file must not stall a run. The limit is a timer
signal, so it applies where the reading runs in a process's main thread: in the indexing
workers and in a command-line run. Elsewhere (an embedding program's thread) only the size
budgets apply.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator

FILE_SECONDS = 30.0
"""Wall time to read one file. A saved news page or a feed takes a fraction of a second; the
costliest files the size budgets let through take about 16 s (a page of 40,000 empty
paragraphs in trafilatura) on this project's 2-core machine."""


class OverTime(BaseException):
    """Raised inside a reader when its time is up. A BaseException, so that the libraries'
    own ``except Exception`` clauses do not swallow it."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`OverTime` in the block once ``seconds`` have passed (main thread only)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum, frame):
        raise OverTime()

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
