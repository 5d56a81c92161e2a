"""The local SolrCloud for tests: the ``solr_cluster`` fixture (tests/conftest.py) hands out a
:class:`SolrCluster` over solr/cluster.py, the launcher ``make solr-up`` runs.

``make test`` starts the cluster before pytest (solr/run/cluster.json) and stops it after; a test
run without it (``pytest tests/test_solr_cluster.py``) starts one here and stops it at the end.
When it cannot start, the Solr tests skip, except in CI (``$CI`` set) where they fail.
"""

from __future__ import annotations

import importlib.util
import itertools
import os
import sys
import time
from pathlib import Path
from typing import Iterator

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load_launcher():
    """solr/cluster.py (a script of the repository, not a package: the Makefile runs it with the
    system Python), imported once under the name ``solr_cluster_launcher``."""
    name = "solr_cluster_launcher"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "solr" / "cluster.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


launcher = _load_launcher()
RECOVERY_TIMEOUT = 180.0
"""Seconds a restarted node's replicas get to become active again."""
_names = itertools.count(1)


class SolrCluster:
    """The running cluster of solr/run/cluster.json: its nodes' URLs, and a crash and a restart."""

    def urls(self) -> list[str]:
        """One base URL per node (``http://127.0.0.1:PORT/solr``)."""
        return list(launcher.read()["urls"])

    def pids(self) -> list[int]:
        return list(launcher.read()["pids"])

    @property
    def zk(self) -> str:
        return launcher.read()["zk"]

    def collection_url(self, name: str, node: int = 0) -> str:
        return f"{self.urls()[node]}/{name}"

    def new_collection_url(self, prefix: str = "test", node: int = 0) -> str:
        """The URL of a collection name no other test of this run uses."""
        return self.collection_url(f"{prefix}_{os.getpid()}_{next(_names)}", node)

    def kill(self, node: int) -> None:
        """SIGKILL node ``node`` (0-based), as a crash would."""
        launcher.kill_node(node)

    def restart(self, node: int) -> None:
        """Start node ``node`` again and wait until it is live."""
        launcher.restart_node(node)

    def wait_active(self, client, timeout: float = RECOVERY_TIMEOUT) -> list[tuple[str, str, str]]:
        """Wait until every replica of ``client``'s collection is active; returns their states."""
        deadline = time.monotonic() + timeout
        while True:
            states = client.replica_states()
            if states and all(state == "active" for _, _, state in states):
                return states
            if time.monotonic() > deadline:
                raise AssertionError(f"replicas not active after {timeout:.0f} s: {states}")
            time.sleep(0.5)

    def ensure_up(self) -> None:
        """Restart any node a test left stopped, so that the next test finds the whole cluster."""
        info = launcher.read()
        for i, node in enumerate(info["nodes"]):
            if not launcher._alive(node["pid"], node["home"]):
                launcher.restart_node(i)


def listening_addresses(pid: int) -> set[str]:
    """``host:port`` of every TCP socket process ``pid`` listens on (from /proc: Linux only)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = set()
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # state LISTEN
                address, port = fields[1].rsplit(":", 1)
                if len(address) == 8:
                    host = ".".join(str(int(address[i:i + 2], 16)) for i in (6, 4, 2, 0))
                else:
                    host = "::1" if address == "00000000000000000000000001000000" else address
                found.add(f"{host}:{int(port, 16)}")
    return found


def cluster_fixture() -> Iterator[SolrCluster]:
    """The body of the session fixture ``solr_cluster``: the cluster of solr/run/cluster.json,
    or one started here (and stopped at the end)."""
    started = False
    if not launcher.running(launcher.read()):
        try:
            launcher.up()
        except (launcher.ClusterError, OSError) as err:
            message = f"no local SolrCloud: {err}"
            if os.environ.get("CI"):
                pytest.fail(message, pytrace=False)
            pytest.skip(message)
        started = True
    try:
        yield SolrCluster()
    finally:
        if started:
            launcher.down()
