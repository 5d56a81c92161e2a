"""The embedded backend: a Whoosh index in a folder, synced from a corpus and read by a pool
of searchers."""

from __future__ import annotations

import pickle
import struct
import threading
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from whoosh.index import EmptyIndexError, IndexError as WhooshIndexError
from whoosh.reading import ReaderClosed
from whoosh.searching import Searcher

from ...cache import IndexCaches, using
from ...errors import IndexNotFoundError, IndexWriteError, SearchError
from ..base import Progress
from .bm25 import LanguageBM25F
from .duplicates import read_copies
from .store import damaged, index_identity, open_index, write_error_message
from ..report import IndexReport
from .sync import sync
from .view import WhooshView

BUSY_SECONDS = 60
"""How long a search waits for a free searcher before the server says it is too busy."""

VANISHED = (OSError, ReaderClosed, EmptyIndexError, WhooshIndexError)
"""What reading an index that was deleted or swapped under a searcher raises."""
_TRUNCATED = (EOFError, pickle.UnpicklingError, struct.error, zlib.error)
"""What reading a damaged segment raises while searching (narrower than at opening: our own
bugs must not pass for a damaged index)."""


class WhooshBackend:
    """The index in ``index_dir``.

    Each search borrows a Whoosh searcher from a small pool (a searcher reads its files with
    seek and read, so it serves one thread at a time) and several searches run side by side:
    a costly query never makes the others wait. Before each search the backend looks whether
    the index on disk is still the one it has open (folder, generation, table of contents);
    when it changed the pool is refilled from the new index, when it vanished searches fail
    with :class:`IndexNotFoundError` until it is back, so a long-running server follows a
    re-indexed, rebuilt, moved or deleted index without a restart."""

    def __init__(self, index_dir: Path, searchers: int):
        if searchers < 1:
            raise ValueError("searchers: at least 1")
        self.index_dir = Path(index_dir)
        self.location = str(self.index_dir)
        self._ix = None
        self._identity: tuple | None = None
        self._idle: list[Searcher] = []
        self._slots = threading.BoundedSemaphore(searchers)
        self._lock = threading.Lock()
        self.caches = IndexCaches()
        """What searches read from the index (postings, lengths...), kept for the next ones."""

    def sync(self, corpus: Path, *, rebuild: bool = False, progress: Progress | None = None,
             workers: int | None = None, lock_wait: float = 0.0, excludes: tuple[str, ...] = (),
             shards: int | None = None, replicas: int | None = None) -> IndexReport:
        """Sync ``corpus`` into the folder (see :func:`search.backends.whoosh.sync.sync`).

        A failure to write the index folder (full disk, read-only folder) raises
        :class:`IndexWriteError` with one line saying what to do; the failed run's files are
        already removed. Reading the corpus reports its errors per file, so any OSError that
        gets here is about the index folder."""
        if shards is not None or replicas is not None:
            raise SearchError("shards and replicas shape a Solr collection; an index folder has neither")
        try:
            report = sync(corpus, self.index_dir, rebuild=rebuild, progress=progress, workers=workers,
                          lock_wait=lock_wait, excludes=excludes)
        except OSError as exc:
            if not Path(corpus).is_dir():
                raise
            raise IndexWriteError(write_error_message(exc, self.index_dir)) from None
        self.close()  # a rebuild may have replaced the schema: reopen everything
        return report

    def copies(self, view: WhooshView) -> dict[str, list[str]]:
        return read_copies(self.index_dir)

    def current_identity(self) -> tuple | None:
        try:
            return index_identity(self.index_dir)
        except VANISHED:
            return None

    def indexed_at(self) -> float | None:
        identity = self.current_identity()
        return identity[4] / 1e9 if identity else None

    @contextmanager
    def reading(self) -> Iterator[WhooshView]:
        """A view over a searcher of the current index, for one thread."""
        if not self._slots.acquire(timeout=BUSY_SECONDS):
            raise SearchError("the server is too busy: try again in a moment")
        try:
            searcher, identity = self._borrow()
            healthy = True
            try:
                with using(self.caches):
                    yield WhooshView(searcher, identity)
            except VANISHED as exc:
                healthy = False
                if self.current_identity() == identity:
                    raise  # not a vanished index: a real failure, to be seen
                raise IndexNotFoundError("the index changed while it was being read: try again") from exc
            except _TRUNCATED as exc:
                healthy = False
                raise damaged(self.index_dir, exc) from None
            finally:
                self._give_back(searcher, identity, healthy)
        finally:
            self._slots.release()

    def close(self) -> None:
        """Close the idle searchers and the index; borrowed searchers close when returned."""
        with self._lock:
            self._forget()

    def _borrow(self) -> tuple[Searcher, tuple]:
        with self._lock:
            identity = self.current_identity()
            if identity is None:
                self._forget()
                raise IndexNotFoundError(f"no index in {self.index_dir}/ yet: run `search index` first")
            if identity != self._identity:
                self._forget()
            if self._ix is None:
                try:
                    self._ix = open_index(self.index_dir)
                except VANISHED as exc:  # deleted between the look and the opening
                    raise IndexNotFoundError(f"no index in {self.index_dir}/ yet: run `search index` first") from exc
                self._identity = identity
            if self._idle:
                return self._idle.pop(), identity
            try:
                return self._ix.searcher(weighting=LanguageBM25F()), identity
            except _TRUNCATED as exc:
                self._forget()
                raise damaged(self.index_dir, exc) from None
            except VANISHED as exc:
                self._forget()
                raise IndexNotFoundError(f"the index in {self.index_dir}/ is being replaced: try again") from exc

    def _give_back(self, searcher: Searcher, identity: tuple, healthy: bool) -> None:
        with self._lock:
            if healthy and identity == self._identity and self._ix is not None:
                self._idle.append(searcher)
                return
        try:
            searcher.close()
        except Exception:  # noqa: BLE001 - a searcher of a vanished index may fail to close
            pass

    def _forget(self) -> None:
        """Drop the open index and its idle searchers (called with the lock held)."""
        idle, self._idle = self._idle, []
        for searcher in idle:
            try:
                searcher.close()
            except Exception:  # noqa: BLE001
                pass
        self._ix = None
        self._identity = None
