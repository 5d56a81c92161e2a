"""Test-only pause points of an indexing run, for the crash tests (``tests/test_reliability.py`` for the
Whoosh backend, ``tests/test_sync_backends.py`` for the Solr backend).

The crash test kills a live indexer at moments it observes. Reading and the writer's term
flush last long enough to be seen from outside (the progress bar, the postings file
growing); two moments inside the commit last a few milliseconds and cannot be: after the
new segment's postings are written but before its table of contents names it (``commit``),
and after the table of contents but before the manifest (``manifest``). When the
environment variable ``SEARCH_TEST_PAUSE_AT`` names one of them, a run reaching it writes
``search-test: paused at <point>`` on stderr and sleeps ``PAUSE_SECONDS`` before going on,
and the test kills it during the pause.

Unset, as it is for every user, a point costs one look into ``os.environ`` per commit and
does nothing; set to any other value, it does nothing either.
"""

from __future__ import annotations

import os
import sys
import time

PAUSE_ENV = "SEARCH_TEST_PAUSE_AT"
POINTS = ("commit", "manifest", "solr-articles", "solr-meta")
"""The Whoosh backend's two (above) and the Solr backend's: after a checkpoint's articles are
committed but not their files' documents, and after every file document but before the run
is marked finished (see :mod:`search.backends.solr.sync`)."""
PAUSE_SECONDS = 30.0
"""Long enough for a test to read the line and kill; a run left alone goes on afterwards."""
MARKER = "search-test: paused at "


def pause_point(name: str) -> None:
    """Pause here when the crash test asks for it (see the module docstring)."""
    if os.environ.get(PAUSE_ENV) == name:
        sys.stderr.write(f"{MARKER}{name}\n")
        sys.stderr.flush()
        time.sleep(PAUSE_SECONDS)
