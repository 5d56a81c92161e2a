"""A small HTTP client for one collection of a SolrCloud cluster.

It knows the cluster's live nodes (CLUSTERSTATUS) and sends each request to the node that last
answered, moving on to the next live node when one refuses the connection, times out or answers
502/503/504: a node that dies costs at most the request in flight, and even that one is retried on
another node (every request we send is idempotent: documents are keyed by id). When no node
answers, :class:`~search.errors.BackendUnavailableError` says so in one line, naming the collection
URL without its credentials.

Credentials come from the URL (``http://user:pass@host:8983/solr/news``) or, when it has none, from
``$SEARCH_SOLR_USER`` / ``$SEARCH_SOLR_PASSWORD``; they travel as HTTP basic authentication and are
never part of a message or of ``str(client)``.

The collection's searched fields arrive pre-analysed (``solr.PreAnalyzedField``, JSON): our own
analyzers make the terms, positions and offsets (:func:`preanalyzed`), so that Solr indexes exactly
what the Whoosh backend does.
"""

from __future__ import annotations

import io
import json
import os
import threading
import time
import zipfile
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping
from urllib.parse import quote, unquote, urlsplit
from xml.etree import ElementTree

import requests

from ...errors import BackendError, BackendUnavailableError, IndexNotFoundError, IndexVersionError

CONFIGSET_DIR = Path(__file__).resolve().parent / "configset" / "conf"
"""Our configset (solrconfig.xml, managed-schema.xml): package data, so that an installed
package (not only a checkout) can create its collection."""

USER_VARIABLE = "SEARCH_SOLR_USER"
PASSWORD_VARIABLE = "SEARCH_SOLR_PASSWORD"

CONNECT_TIMEOUT = 3.0
"""Seconds to open a connection: a live node on a LAN answers in milliseconds."""
READ_TIMEOUT = 120.0
"""Seconds to wait for an answer: a commit or a collection creation on a loaded cluster is slow."""
NODES_REFRESH = 30.0
"""Seconds between two reads of the live nodes (besides after a failure)."""
BATCH_SIZE = 500
"""Documents per update request."""
CONNECTION_ATTEMPTS = 2
"""Connections tried per node before the next node: a refused or reset connection may be a
pooled one the node closed while it sat idle (a long batch of analysis between two updates)."""
RETRY_STATUS = frozenset({502, 503, 504})
"""HTTP statuses of a node that is going away or cannot reach a shard: the next node may answer."""


def _schema_name(conf_dir: Path) -> str:
    return ElementTree.parse(conf_dir / "managed-schema.xml").getroot().get("name", "")


def preanalyzed(tokens: Iterable[Any]) -> str:
    """PreAnalyzedField JSON for an analyzer's tokens: each term with its character offsets, at
    positions 0, 1, 2... as the Whoosh backend files them (search/index/postings.py: term n at
    position n; stop words take none, so a phrase matches across them). Every position increment
    is then 1, Solr's default, and left out. ``tokens`` are Whoosh tokens made with ``chars=True``
    (one object reused for every token: each value is read at once)."""
    out = [{"t": token.text, "s": token.startchar, "e": token.endchar} for token in tokens]
    return json.dumps({"v": "1", "tokens": out}, ensure_ascii=False, separators=(",", ":"))


def analysed_field(analyzer: Any, text: str) -> str:
    """``text`` run through one of our analyzers (``analyzer_for(lang)``, ``cognate_analyzer()``),
    as the value of a pre-analysed field."""
    return preanalyzed(analyzer(text, chars=True, mode="index"))


class VersionConflictError(BackendError):
    """An update refused by optimistic concurrency (HTTP 409): the document's ``_version_``
    was not the one given (another writer changed it, or it exists when ``-1`` said it must not)."""


class SolrClient:
    """One collection of a SolrCloud cluster, reached through any of its live nodes."""

    def __init__(self, url: str, *, environ: Mapping[str, str] | None = None,
                 connect_timeout: float = CONNECT_TIMEOUT, read_timeout: float = READ_TIMEOUT):
        parts = urlsplit(url)
        path = parts.path.rstrip("/")
        context, _, collection = path.rpartition("/")
        try:
            port = parts.port
        except ValueError:
            port = -1
        if parts.scheme not in ("http", "https") or not parts.hostname or not context or not collection or port == -1:
            raise BackendError(f"not a Solr collection URL: {_without_credentials(url)} "
                               "(expected http(s)://[user:password@]host:port/solr/COLLECTION)")
        env = os.environ if environ is None else environ
        user = unquote(parts.username) if parts.username else env.get(USER_VARIABLE)
        password = unquote(parts.password) if parts.password else env.get(PASSWORD_VARIABLE)
        self.collection = unquote(collection)
        self.scheme = parts.scheme
        host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
        netloc = host if port is None else f"{host}:{port}"
        self.url = f"{parts.scheme}://{netloc}{path}"
        """The collection URL without credentials: what messages show."""
        self._session = requests.Session()
        if user:
            self._session.auth = (user, password or "")
        self._timeout = (connect_timeout, read_timeout)
        self._lock = threading.Lock()
        self._nodes = [f"{parts.scheme}://{netloc}{context}"]
        self._nodes_read = 0.0

    def __repr__(self) -> str:
        return f"SolrClient({self.url})"

    __str__ = __repr__

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> "SolrClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Nodes and requests

    def nodes(self) -> list[str]:
        """The base URLs (``http://host:port/solr``) requests go to, the preferred one first."""
        with self._lock:
            return list(self._nodes)

    def refresh_nodes(self) -> list[str]:
        """Read the live nodes from the cluster (CLUSTERSTATUS) and keep the one that answered first."""
        status = self._request("GET", "admin/collections", params={"action": "CLUSTERSTATUS"}, refresh=False)
        answered = self.nodes()[0]
        live = [self._node_url(name) for name in status.get("cluster", {}).get("live_nodes", [])]
        with self._lock:
            self._nodes = [answered] + [n for n in live if n != answered]
            self._nodes_read = time.monotonic()
        return self.nodes()

    def _node_url(self, name: str) -> str:
        host, _, context = name.partition("_")
        return f"{self.scheme}://{host}/{context.replace('_', '/')}"

    def _demote(self, node: str) -> None:
        with self._lock:
            if node in self._nodes and len(self._nodes) > 1:
                self._nodes.remove(node)
                self._nodes.append(node)

    def _request(self, method: str, path: str, *, params: Mapping[str, Any] | None = None,
                 data: Any = None, headers: Mapping[str, str] | None = None, refresh: bool = True) -> dict:
        """Send one request to the first node that answers; JSON in, JSON out."""
        if refresh and time.monotonic() - self._nodes_read > NODES_REFRESH:
            try:
                self.refresh_nodes()
            except BackendUnavailableError:
                pass
        query = {"wt": "json", **(params or {})}
        failures = []
        nodes = self.nodes()
        for node in nodes:
            for attempt in range(CONNECTION_ATTEMPTS):
                try:
                    resp = self._session.request(method, f"{node}/{path}", params=query, data=data,
                                                 headers=headers, timeout=self._timeout)
                except requests.Timeout:
                    failures.append("timed out")
                    break
                except requests.ConnectionError:
                    # A pooled connection the node closed while idle fails like a dead node:
                    # a new connection to the same node tells them apart.
                    failures.append("connection refused or reset")
                    continue
                if resp.status_code not in RETRY_STATUS:
                    return self._answer(resp)
                failures.append(f"HTTP {resp.status_code}")
                break
            self._demote(node)
        self._nodes_read = 0.0
        reasons = ", ".join(sorted(set(failures)))
        raise BackendUnavailableError(f"Solr does not answer at {self.url} ({len(nodes)} node(s) tried: {reasons})")

    def _answer(self, resp: requests.Response) -> dict:
        if resp.status_code in (401, 403):
            raise BackendError(f"Solr at {self.url} refused the credentials (HTTP {resp.status_code}): give them "
                               f"in the URL or in ${USER_VARIABLE} / ${PASSWORD_VARIABLE}")
        try:
            body = resp.json()
        except ValueError:
            body = None
        if resp.status_code >= 400 or not isinstance(body, dict):
            message = ""
            if isinstance(body, dict):
                message = str((body.get("error") or {}).get("msg") or "")
            message = message.splitlines()[0][:300] if message else f"HTTP {resp.status_code}"
            if resp.status_code == 404 and not isinstance(body, dict):
                raise IndexNotFoundError(f"no Solr collection at {self.url}")
            if resp.status_code == 409:
                raise VersionConflictError(f"Solr at {self.url} refused an update: {message}")
            raise BackendError(f"Solr at {self.url} refused a request: {message}")
        return body

    def _collection_path(self, handler: str) -> str:
        return f"{quote(self.collection, safe='')}/{handler}"

    # The collection

    def exists(self) -> bool:
        """Whether the collection exists in the cluster."""
        listed = self._request("GET", "admin/collections", params={"action": "LIST"})
        return self.collection in listed.get("collections", [])

    def schema_name(self) -> str:
        """The name of the collection's schema, which carries our schema's version."""
        if not self.exists():
            raise IndexNotFoundError(f"no Solr collection at {self.url}")
        return str(self._request("GET", self._collection_path("schema/name")).get("name", ""))

    def check_schema(self, conf_dir: Path = CONFIGSET_DIR) -> None:
        """Refuse a collection made by another version of our schema, saying how to recreate it."""
        expected = _schema_name(conf_dir)
        found = self.schema_name()
        if found != expected:
            raise IndexVersionError(
                f"the Solr collection at {self.url} has schema {found or '(unnamed)'}, this version needs {expected}: "
                f"delete the collection (or choose another name) and run `search index` to recreate it")

    def upload_configset(self, name: str, conf_dir: Path = CONFIGSET_DIR) -> None:
        """Upload our configset (a zip of the conf folder) under ``name``, replacing one of that name."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(conf_dir.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(conf_dir).as_posix())
        self._request("POST", "admin/configs",
                      params={"action": "UPLOAD", "name": name, "overwrite": "true", "cleanup": "true"},
                      data=buffer.getvalue(), headers={"Content-Type": "application/octet-stream"})

    def create_collection(self, shards: int | None = None, replicas: int | None = None,
                          conf_dir: Path = CONFIGSET_DIR) -> tuple[int, int]:
        """Upload the configset (named after the schema version) and create the collection:
        ``shards`` x ``replicas``, by default 2 x 2 when the cluster has 2 live nodes or more,
        else 1 x 1. Returns the shape chosen."""
        if shards is None or replicas is None:
            many = len(self.refresh_nodes()) >= 2
            shards = shards or (2 if many else 1)
            replicas = replicas or (2 if many else 1)
        if shards < 1 or replicas < 1:
            raise BackendError(f"a collection needs at least 1 shard and 1 replica (got {shards} x {replicas})")
        configset = _schema_name(conf_dir)
        self.upload_configset(configset, conf_dir)
        params = {"action": "CREATE", "name": self.collection, "numShards": shards, "replicationFactor": replicas,
                  "collection.configName": configset, "waitForFinalState": "true"}
        try:
            self._request("POST", "admin/collections", params=params)
        except BackendUnavailableError:
            if not self.exists():
                raise
        return shards, replicas

    def delete_collection(self) -> None:
        """Delete the collection and its data (nothing happens when there is none)."""
        if self.exists():
            self._request("POST", "admin/collections", params={"action": "DELETE", "name": self.collection})

    def replica_states(self) -> list[tuple[str, str, str]]:
        """``(shard, node URL, state)`` of every replica, states as ZooKeeper holds them
        (``active``, ``recovering``, ``down``...; a replica on a node that is not live counts as ``down``)."""
        status = self._request("GET", "admin/collections", params={"action": "CLUSTERSTATUS",
                                                                    "collection": self.collection})
        cluster = status.get("cluster", {})
        live = set(cluster.get("live_nodes", []))
        out = []
        for shard, info in sorted(cluster.get("collections", {}).get(self.collection, {}).get("shards", {}).items()):
            for replica in info.get("replicas", {}).values():
                state = replica.get("state", "") if replica.get("node_name") in live else "down"
                out.append((shard, self._node_url(replica.get("node_name", "")), state))
        return out

    # Documents

    def add(self, documents: Iterable[Mapping[str, Any]], batch_size: int = BATCH_SIZE) -> int:
        """Add or replace documents (keyed by ``id``) in batches; returns how many were sent.
        They are searchable after :meth:`commit`."""
        sent = 0
        for batch in _batches(documents, batch_size):
            self._request("POST", self._collection_path("update"), data=json.dumps(batch, ensure_ascii=False).encode(),
                          headers={"Content-Type": "application/json"})
            sent += len(batch)
        return sent

    def get(self, ids: Iterable[str], fields: str = "*,_version_") -> dict[str, dict]:
        """The current documents of ``ids`` (real-time get: updates not yet committed included),
        by id; ids without a document are left out."""
        wanted = list(ids)
        if not wanted:
            return {}
        answer = self._request("GET", self._collection_path("get"), params={"id": wanted, "fl": fields})
        docs = answer.get("response", {}).get("docs", [])
        if "doc" in answer:  # the answer to a single id
            docs = [answer["doc"]] if answer["doc"] else []
        return {doc["id"]: doc for doc in docs}

    def put(self, document: Mapping[str, Any], version: int) -> int:
        """Add or replace one document only if its ``_version_`` is ``version`` (``-1``: only if
        there is none; ``1``: only if there is one); returns its new ``_version_`` (read back
        at once: another writer could have replaced it in between only by giving that version).
        Raises :class:`VersionConflictError` otherwise."""
        answer = self._request("POST", self._collection_path("update"), params={"versions": "true"},
                               data=json.dumps([{**document, "_version_": version}], ensure_ascii=False).encode(),
                               headers={"Content-Type": "application/json"})
        adds = answer.get("adds", [])
        found = int(adds[1]) if len(adds) >= 2 else 0
        if not found:  # SolrCloud answers 0 for an update that carried a version: read it back
            found = int(self.get([document["id"]], fields="id,_version_").get(document["id"], {}).get("_version_", 0))
        return found

    def delete_version(self, doc_id: str, version: int) -> None:
        """Delete one document only if its ``_version_`` is ``version`` (VersionConflictError otherwise)."""
        self._update({"delete": {"id": doc_id, "_version_": version}})

    def delete_ids(self, ids: Iterable[str], batch_size: int = BATCH_SIZE) -> None:
        for batch in _batches(ids, batch_size):
            self._update({"delete": batch})

    def delete_query(self, query: str) -> None:
        """Delete every document a Lucene query matches (``kind:article AND file:"a.xml"``)."""
        self._update({"delete": {"query": query}})

    def commit(self) -> None:
        """Make every change visible to searches (and durable), waiting for the new searchers."""
        self._request("POST", self._collection_path("update"), params={"commit": "true", "waitSearcher": "true"},
                      data=b"[]", headers={"Content-Type": "application/json"})

    def _update(self, command: Mapping[str, Any]) -> None:
        self._request("POST", self._collection_path("update"), data=json.dumps(command, ensure_ascii=False).encode(),
                      headers={"Content-Type": "application/json"})

    # Searching

    def select(self, params: Mapping[str, Any]) -> dict:
        """Run a search (POSTed as form data, so long queries fit) and return Solr's JSON answer."""
        return self._request("POST", self._collection_path("select"), data=dict(params))

    def count(self, query: str, filters: Iterable[str] = ()) -> int:
        """How many live documents a query matches, over every shard."""
        answer = self.select({"q": query, "fq": list(filters), "rows": 0})
        return int(answer["response"]["numFound"])

    def doc_frequencies(self, field: str, terms: Iterable[str]) -> dict[str, int]:
        """Documents holding each term in ``field``, summed over the shards (TermsComponent, as
        Lucene counts them: a document deleted but not yet merged away still counts, as it does
        in the idf Solr scores with). Terms that occur nowhere get 0."""
        wanted = sorted({t for t in terms if t})
        if not wanted:
            return {}
        if any("," in t for t in wanted):
            raise BackendError("a term holding a comma cannot be looked up in the term dictionary")
        answer = self._request("POST", self._collection_path("terms"),
                               data={"terms.fl": field, "terms.list": ",".join(wanted), "terms.limit": -1})
        listed = answer.get("terms", {}).get(field, {})
        if isinstance(listed, list):  # the flat [term, count, term, count...] form
            listed = dict(zip(listed[::2], listed[1::2]))
        return {t: int(listed.get(t, 0)) for t in wanted}

    def terms_with_prefix(self, field: str, prefix: str, limit: int, by_count: bool = True) -> list[tuple[str, int]]:
        """The field's terms beginning with ``prefix`` and their document frequencies summed over
        the shards: the ``limit`` most frequent (``by_count``) or the first ``limit`` in term order."""
        answer = self._request("POST", self._collection_path("terms"),
                               data={"terms.fl": field, "terms.prefix": prefix, "terms.limit": limit,
                                     "terms.sort": "count" if by_count else "index", "terms.mincount": 1})
        listed = answer.get("terms", {}).get(field, {})
        pairs = list(zip(listed[::2], listed[1::2])) if isinstance(listed, list) else list(listed.items())
        return [(str(term), int(n)) for term, n in pairs]


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _without_credentials(url: str) -> str:
    parts = urlsplit(url)
    return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()
