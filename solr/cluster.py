"""The local SolrCloud of the tests and of trials: ZooKeeper and Solr nodes on loopback, one process each.

The one implementation behind ``make solr-up`` / ``make solr-down`` and the tests' ``solr_cluster``
fixture (tests/solr_kit.py): build the Maven launcher (solr/launcher) when needed, start ZooKeeper
(ZooKeeper's own server main, from the jars Solr depends on) and N nodes (``news.solr.SolrNode``, a
JettySolrRunner each, in its own JVM so that a test can SIGKILL one), wait until every node is live
in ZooKeeper and write ``solr/run/cluster.json``::

    {"urls": ["http://127.0.0.1:PORT/solr", ...], "pids": [...], "zk": "127.0.0.1:PORT", "zk_pid": n,
     "nodes": [{"url", "port", "home", "pid", "cmd", "log"}, ...], "zk_cmd": [...], ...}

Everything a restart needs is in that file (each node's port, home folder and command), so that
another process (pytest after ``make solr-up``) can kill and restart nodes. Ports are chosen free
at start; nothing listens beyond 127.0.0.1. Only the standard library: the Makefile runs this with
the system Python, before any virtualenv exists.

    python3 solr/cluster.py up [--nodes N]   |   down   |   status
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
LAUNCHER = HERE / "launcher"
CLASSES = LAUNCHER / "target" / "classes"
CLASSPATH_FILE = LAUNCHER / "target" / "classpath.txt"
ARGFILE = LAUNCHER / "target" / "classpath.args"
"""``-cp ...`` for java's @argfile: the commands in cluster.json stay readable."""
RUN_DIR = Path(os.environ.get("SOLR_RUN_DIR") or HERE / "run")
HOST = "127.0.0.1"

NODES = 2
NODE_HEAP = os.environ.get("SOLR_NODE_HEAP", "512m")
"""Each node's maximum heap; RSS measured at about 0.5 GB per node after the tests' collections
(see bench/RESULTS.md, "SolrCloud launcher")."""
ZK_HEAP = "128m"
START_TIMEOUT = 240.0
"""Seconds to wait for a node to be live: about 6 s alone, far more on 2 cores shared with a build."""
STOP_TIMEOUT = 30.0
"""Seconds a node gets to stop cleanly after SIGTERM before SIGKILL."""

JVM_OPTIONS = ["-XX:+UseSerialGC", "-Djava.net.preferIPv4Stack=true", "-Djava.awt.headless=true"]
"""The serial collector: small heaps, 2 cores shared by everything; no GC threads per core."""


class ClusterError(RuntimeError):
    """The cluster could not be built, started or reached; the message says where to look."""


# Building


def _need_tools() -> None:
    missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
    if missing:
        raise ClusterError(f"{' and '.join(missing)} not found: the local SolrCloud needs Java 17 and Maven "
                           "(apt-get install openjdk-17-jdk-headless maven)")


def _stale() -> bool:
    if not ARGFILE.is_file() or not CLASSES.is_dir():
        return True
    built = ARGFILE.stat().st_mtime
    sources = [LAUNCHER / "pom.xml", *(p for p in (LAUNCHER / "src").rglob("*") if p.is_file())]
    return any(p.stat().st_mtime > built for p in sources)


def build(force: bool = False) -> None:
    """Compile the launcher and list its classpath with Maven (quietly), unless it is up to date."""
    _need_tools()
    if not force and not _stale():
        return
    cmd = ["mvn", "-q", "-B", "-f", str(LAUNCHER / "pom.xml"), "package"]
    cmd += os.environ.get("SOLR_MVN_ARGS", "").split()
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        raise ClusterError(f"building solr/launcher failed:\n{done.stdout[-4000:]}")
    jars = CLASSPATH_FILE.read_text().strip()
    ARGFILE.write_text(f'-cp "{CLASSES}{os.pathsep}{jars}"\n')


def classpath_arg() -> str:
    return f"@{ARGFILE}"


# Processes


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _spawn(cmd: list[str], log: Path) -> int:
    with open(log, "ab") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True, cwd=log.parent)
    return proc.pid


def _alive(pid: int, marker: str) -> bool:
    """Whether ``pid`` is still the process we started (its command line holds ``marker``, a
    path of ours), so that a recycled pid is never signalled."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        if sys.platform.startswith("linux"):
            return False
        try:
            os.kill(pid, 0)
        except OSError:
            return False
        return True
    if not cmdline:
        return _state(pid) not in ("Z", "?")  # between fork and exec: the process we just spawned
    return marker in cmdline and _state(pid) != "Z"


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "?"


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def _stop(pid: int, marker: str, timeout: float = STOP_TIMEOUT) -> None:
    """SIGTERM, then SIGKILL after ``timeout`` seconds: a process of ours only."""
    if not _alive(pid, marker):
        return
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _reap(pid)
        if not _alive(pid, marker):
            return
        time.sleep(0.2)
    os.kill(pid, signal.SIGKILL)
    while _alive(pid, marker):
        _reap(pid)
        time.sleep(0.1)


def _tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


# ZooKeeper and nodes


def _zk_command(port: int, data: Path) -> list[str]:
    """ZooKeeper's own standalone server, listening on loopback only (its configuration file,
    inside its data folder, so that the command line names the folder)."""
    config = data / "zoo.cfg"
    config.write_text(f"tickTime=2000\ndataDir={data}\nclientPort={port}\nclientPortAddress={HOST}\n"
                      "admin.enableServer=false\n4lw.commands.whitelist=ruok\n")
    return ["java", f"-Xmx{ZK_HEAP}", *JVM_OPTIONS, "-Dzookeeper.admin.enableServer=false", classpath_arg(),
            "org.apache.zookeeper.server.ZooKeeperServerMain", str(config)]


def _wait_zk(port: int, pid: int, marker: str, log: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid, marker):
            raise ClusterError(f"ZooKeeper exited at start; {log}:\n{_tail(log)}")
        try:
            with socket.create_connection((HOST, port), timeout=2) as s:
                s.sendall(b"ruok")
                if s.recv(4) == b"imok":
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise ClusterError(f"ZooKeeper not ready after {timeout:.0f} s; {log}:\n{_tail(log)}")


def _node_command(home: Path, port: int, zk: str) -> list[str]:
    return ["java", f"-Xmx{NODE_HEAP}", "-Xms64m", *JVM_OPTIONS, f"-Dsolr.log.dir={home / 'logs'}",
            classpath_arg(), "news.solr.SolrNode", str(home), str(port), zk]


def node_name(node: dict) -> str:
    """The node's name in ZooKeeper's live_nodes (host:port_context)."""
    return f"{HOST}:{node['port']}_solr"


def live_nodes(url: str, timeout: float = 5.0) -> set[str]:
    """The live nodes as one node sees them (CLUSTERSTATUS); empty when it does not answer."""
    try:
        with urllib.request.urlopen(f"{url}/admin/collections?action=CLUSTERSTATUS&wt=json",
                                    timeout=timeout) as resp:
            return set(json.load(resp)["cluster"]["live_nodes"])
    except (OSError, ValueError, KeyError):
        return set()


def wait_live(info: dict, indexes: list[int] | None = None, timeout: float = START_TIMEOUT) -> None:
    """Wait until the nodes of ``info`` (or those at ``indexes``) answer and each sees them all
    live. Asking the nodes themselves matters after a SIGKILL: ZooKeeper lists the dead node
    until its session expires, and a restart is only done when the new process serves."""
    nodes = [info["nodes"][i] for i in indexes] if indexes is not None else info["nodes"]
    wanted = {node_name(n) for n in nodes}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for node in nodes:
            if not _alive(node["pid"], node["home"]):
                raise ClusterError(f"Solr node {node['url']} exited at start; {node['log']}:\n{_tail(Path(node['log']))}")
        if all(wanted <= live_nodes(node["url"]) for node in nodes):
            return
        time.sleep(0.5)
    raise ClusterError(f"Solr nodes {sorted(wanted)} not live after {timeout:.0f} s; logs in {RUN_DIR}")


def _start_node(node: dict) -> None:
    Path(node["home"]).mkdir(parents=True, exist_ok=True)
    node["pid"] = _spawn(node["cmd"], Path(node["log"]))


def _write(info: dict) -> None:
    info["urls"] = [n["url"] for n in info["nodes"]]
    info["pids"] = [n["pid"] for n in info["nodes"]]
    tmp = RUN_DIR / "cluster.json.tmp"
    tmp.write_text(json.dumps(info, indent=2) + "\n")
    tmp.replace(RUN_DIR / "cluster.json")


def read() -> dict | None:
    """The running cluster's description (solr/run/cluster.json), or None when there is none."""
    try:
        return json.loads((RUN_DIR / "cluster.json").read_text())
    except (OSError, ValueError):
        return None


def running(info: dict | None) -> bool:
    """Whether ZooKeeper and every node of ``info`` are still the processes that were started."""
    return bool(info) and _alive(info["zk_pid"], info["zk_data"]) and all(
        _alive(n["pid"], n["home"]) for n in info["nodes"])


def up(nodes: int = NODES) -> dict:
    """Start ZooKeeper and ``nodes`` Solr nodes (or return the cluster already running) and
    write solr/run/cluster.json."""
    info = read()
    if running(info) and len(info["nodes"]) == nodes:
        wait_live(info)
        return info
    if info:
        down()
    build()
    RUN_DIR.mkdir(parents=True, exist_ok=True)
    zk_port = free_port()
    zk_data = RUN_DIR / "zk"
    zk_data.mkdir(parents=True, exist_ok=True)
    zk_log = RUN_DIR / "zk.log"
    info = {"zk": f"{HOST}:{zk_port}", "zk_port": zk_port, "zk_data": str(zk_data), "zk_log": str(zk_log),
            "zk_cmd": _zk_command(zk_port, zk_data), "heap": NODE_HEAP, "nodes": []}
    try:
        info["zk_pid"] = _spawn(info["zk_cmd"], zk_log)
        _write(info)
        _wait_zk(zk_port, info["zk_pid"], str(zk_data), zk_log)
        for i in range(nodes):
            port = free_port()
            home = RUN_DIR / f"node{i + 1}"
            info["nodes"].append({"url": f"http://{HOST}:{port}/solr", "port": port, "home": str(home),
                                  "log": str(RUN_DIR / f"node{i + 1}.log"), "cmd": _node_command(home, port, info["zk"])})
        for node in info["nodes"]:
            _start_node(node)
        _write(info)
        wait_live(info)
    except BaseException:
        down()
        raise
    return info


def down() -> None:
    """Stop every process of solr/run/cluster.json (nodes first, then ZooKeeper) and remove the run state."""
    info = read()
    if info:
        nodes = [n for n in info.get("nodes", []) if n.get("pid")]
        with ThreadPoolExecutor(max(len(nodes), 1)) as pool:
            list(pool.map(lambda n: _stop(n["pid"], n["home"]), nodes))
        if info.get("zk_pid"):
            _stop(info["zk_pid"], info["zk_data"])
    shutil.rmtree(RUN_DIR, ignore_errors=True)


def kill_node(index: int) -> dict:
    """SIGKILL node ``index`` (0-based), as a crash would; returns the updated description."""
    info = read()
    node = info["nodes"][index]
    if _alive(node["pid"], node["home"]):
        os.kill(node["pid"], signal.SIGKILL)
        while _alive(node["pid"], node["home"]):
            _reap(node["pid"])
            time.sleep(0.05)
    return info


def restart_node(index: int, timeout: float = START_TIMEOUT) -> dict:
    """Start node ``index`` again (same port, home and command; stopped first if it runs) and
    wait until it is live; its replicas then recover from their leaders."""
    info = read()
    node = info["nodes"][index]
    _stop(node["pid"], node["home"])
    _start_node(node)
    _write(info)
    wait_live(info, [index], timeout)
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The local SolrCloud (ZooKeeper + Solr nodes on 127.0.0.1).")
    sub = parser.add_subparsers(dest="command", required=True)
    start = sub.add_parser("up", help="build the launcher if needed, start the cluster, write solr/run/cluster.json")
    start.add_argument("--nodes", type=int, default=NODES, help=f"Solr nodes (default {NODES})")
    sub.add_parser("down", help="stop everything 'up' started and remove solr/run/")
    sub.add_parser("status", help="print solr/run/cluster.json if the cluster runs")
    sub.add_parser("build", help="build the launcher (Maven) if needed")
    args = parser.parse_args(argv)
    try:
        if args.command == "up":
            began = time.monotonic()
            info = up(args.nodes)
            print(f"SolrCloud up in {time.monotonic() - began:.1f} s: {' '.join(info['urls'])} (ZooKeeper {info['zk']})")
        elif args.command == "down":
            down()
        elif args.command == "build":
            build()
        else:
            info = read()
            if not running(info):
                print("no SolrCloud running", file=sys.stderr)
                return 1
            print(json.dumps(info, indent=2))
    except ClusterError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
