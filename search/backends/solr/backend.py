"""The SolrCloud backend: an index that is a collection of a Solr cluster, named by its URL
(``http://host:8983/solr/news``, credentials in the URL or the environment, see :mod:`.client`)."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Hashable, Iterator

from ...cache import BoundedCache
from ...errors import BackendError, IndexNotFoundError
from ..base import Progress
from ..report import IndexReport
from .client import SolrClient
from .sync import INDEXED_AT, META_ID, check_version, copies, sync
from .view import STATISTICS_CACHE, SolrView


class SolrBackend:
    """A Solr collection reached through any live node of its cluster.

    Views are cheap (an HTTP session shared by every thread: requests' pool holds a connection
    per thread); the state a view sees is the collection's at its first read, identified by the
    number of documents and the newest document version, so that results cached by the engine
    follow a re-index."""

    def __init__(self, url: str, searchers: int):
        self.client = SolrClient(url)
        self.location = self.client.url
        self.searchers = searchers
        self._checked = False
        self.frequencies: BoundedCache = BoundedCache(STATISTICS_CACHE)
        """Document frequencies, shared by the views (keyed by the collection's state)."""

    def sync(self, corpus: Path, *, rebuild: bool = False, progress: Progress | None = None,
             workers: int | None = None, lock_wait: float = 0.0, excludes: tuple[str, ...] = (),
             shards: int | None = None, replicas: int | None = None) -> IndexReport:
        return sync(self.client, corpus, rebuild=rebuild, progress=progress, workers=workers, lock_wait=lock_wait,
                    excludes=excludes, shards=shards, replicas=replicas)

    def copies(self, view: SolrView) -> dict[str, list[str]]:
        return copies(self.client)

    def indexed_at(self) -> float | None:
        meta = self.client.get([META_ID]).get(META_ID) if self.client.exists() else None
        found = (meta or {}).get(INDEXED_AT)
        return float(found) if found is not None else None

    def current_identity(self) -> Hashable | None:
        answer = self.client.select({"q": "*:*", "rows": 1, "sort": "_version_ desc", "fl": "_version_"})
        docs = answer["response"]["docs"]
        return (self.location, int(answer["response"]["numFound"]), docs[0]["_version_"] if docs else 0)

    @contextmanager
    def reading(self) -> Iterator[SolrView]:
        """A view of the collection; that it exists and holds our schema is checked once, and
        again after any failure (a collection deleted or recreated meanwhile)."""
        if not self._checked:
            self._check()
        try:
            identity = self.current_identity()
        except BackendError:
            self._checked = False
            self._check()  # says why: no collection, or another schema
            raise
        try:
            yield SolrView(self.client, identity, self.frequencies)
        except BackendError:
            self._checked = False
            raise

    def _check(self) -> None:
        if not self.client.exists():
            raise IndexNotFoundError(f"no Solr collection at {self.location} yet: run `search index` first")
        self.client.check_schema()
        check_version(self.client, self.client.get([META_ID]).get(META_ID))
        self._checked = True

    def close(self) -> None:
        self.client.close()
