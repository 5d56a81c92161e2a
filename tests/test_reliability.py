"""Crash safety, concurrent indexing and serving, and lock handling (slow, run in CI)."""

from __future__ import annotations

import json
import os
import pty
import random
import re
import select
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from search import Engine, IndexLockedError
from search.backends.crashpoints import MARKER, PAUSE_ENV
from search.backends.whoosh.store import sync_lock

from .browser_kit import serving
from .synthetic import make_corpus

pytestmark = pytest.mark.slow


def index_cmd(corpus: Path, index: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "search", "index", "--corpus", str(corpus), "--index", str(index), *extra]


BASE_ARTICLES = 1200
"""Enough that reading (~1 s) and the term flush (~0.15 s) of a full build can be seen and hit."""
PLAN = ("reading", "flush", "commit", "manifest") * 3
"""Where each run is killed: reading (seen on the progress bar, a full --rebuild), the writer's
term flush (the new postings file seen growing, a full --rebuild), and two moments inside the
commit of an update that last milliseconds, where the indexer pauses for the test
(``SEARCH_TEST_PAUSE_AT``, see :mod:`search.backends.crashpoints`)."""
ATTEMPTS = 3
"""Runs tried per planned kill when the observed moment passed before the kill."""
LIVE_KILLS_WANTED = 10
_PERCENT = re.compile(rb"(\d+)%")


class _CorpusStates:
    """Two states of one corpus folder, switched in place: A (``BASE_ARTICLES`` articles) and
    B (A with 60 articles added, 10 edited and 10 deleted)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        make_corpus(folder, BASE_ARTICLES)
        self.edited = [folder / f"art-{n:05d}.txt" for n in range(10, 20)]
        self.deleted = [folder / f"art-{n:05d}.txt" for n in range(100, 110)]
        self.original = {path: path.read_text("utf-8") for path in self.edited + self.deleted}
        self.state = "A"

    def switch(self, state: str) -> None:
        if state == "B":
            make_corpus(self.folder, 60, seed=3, start=5000)
            for path in self.edited:
                path.write_text(self.original[path] + "\nzebracornedit\n", "utf-8")
            for path in self.deleted:
                path.unlink()
        else:
            for path in self.folder.glob("art-050*.txt"):
                path.unlink()
            for path, text in self.original.items():
                path.write_text(text, "utf-8")
        self.state = state


_PROBES = [f"tok{n}" for n in (0, 10, 15, 100, 105, 777, BASE_ARTICLES - 1, 5000, 5031, 5059)] + ["zebracornedit"]
_BROAD = ["Karabakh", "ministre", "demining"]


def _snapshot(index: Path) -> dict:
    """What searching the index shows: its counts, the articles found by words that single
    out added, edited, deleted and untouched articles, and how many match common words."""
    with Engine(index, translator=None) as engine:
        stats = engine.stats()
        found = {q: sorted(hit.id for hit in engine.search(q, limit=50, translate=False).hits) for q in _PROBES}
        totals = {q: engine.search(q, limit=1, translate=False).total for q in _BROAD}
    return {"articles": stats.articles, "languages": stats.languages, "found": found, "totals": totals}


def _wait_for_progress(master: int, proc: subprocess.Popen, percent: int) -> bool:
    """Read the progress bar drawn on the pseudo-terminal ``master`` until it shows at least
    ``percent`` (but not 100); False if the run ended first."""
    seen = b""
    while proc.poll() is None:
        ready, _, _ = select.select([master], [], [], 0.5)
        if not ready:
            continue
        try:
            seen = (seen + os.read(master, 4096))[-200:]
        except OSError:  # the terminal closed: the run has ended
            return False
        shown = [int(p) for p in _PERCENT.findall(seen)]
        if shown and percent <= shown[-1] < 100:
            return True
    return False


def _wait_for_flush(index: Path, proc: subprocess.Popen) -> bool:
    """Poll the index folder until a new segment's postings file has content: the writer is
    filing its terms (it creates the file empty at the start and folds it into the
    segment's compound file at the end of the flush)."""
    while proc.poll() is None:
        try:
            if any(entry.name.endswith(".pst") and entry.stat().st_size > 0 for entry in os.scandir(index)):
                return True
        except FileNotFoundError:  # a file renamed or removed while being looked at
            pass
        time.sleep(0.002)
    return False


def _wait_for_pause(stderr, proc: subprocess.Popen, point: str) -> bool:
    """Read the run's stderr until it says it paused at ``point``; False if it ended first."""
    for line in stderr:
        if line.strip() == MARKER + point:
            return True
    proc.wait()
    return False


def _run_and_kill(corpus: Path, index: Path, phase: str, rng: random.Random) -> int:
    """Start an indexing run, kill it (SIGKILL, with its workers) at ``phase`` and return its
    wait status as Popen decodes it: ``-SIGKILL`` when the kill ended it, 0 when it had
    finished on its own before the moment came."""
    env = {**os.environ, PAUSE_ENV: phase} if phase in ("commit", "manifest") else None
    cmd = index_cmd(corpus, index, *(("--rebuild",) if phase in ("reading", "flush") else ()))
    master = slave = None
    if phase == "reading":
        master, slave = pty.openpty()  # stderr a terminal: the progress bar is drawn on it
        stderr = slave
    else:
        stderr = subprocess.PIPE if env else subprocess.DEVNULL
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=stderr, env=env, start_new_session=True,
                            text=env is not None)
    try:
        if phase == "reading":
            os.close(slave)
            seen = _wait_for_progress(master, proc, rng.randrange(5, 70))
        elif phase == "flush":
            seen = _wait_for_flush(index, proc)
        else:
            seen = _wait_for_pause(proc.stderr, proc, phase)
        if seen:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=120)
    finally:
        if master is not None:
            os.close(master)
        if proc.stderr:
            proc.stderr.close()
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return proc.returncode


def test_sigkill_at_observed_moments_never_loses_the_index(tmp_path, record_property):
    """Kill live indexing runs while they read, while the writer files its terms and inside
    the commit: each time the index opens and shows the last committed state whole, and
    the next run completes and shows what a clean build of the corpus shows."""
    states = _CorpusStates(tmp_path / "corpus")
    index = tmp_path / "index"
    Engine(index).index(states.folder)  # a clean build of A
    expected = {"A": _snapshot(index)}
    states.switch("B")
    Engine(tmp_path / "clean-B").index(states.folder)
    expected["B"] = _snapshot(tmp_path / "clean-B")
    states.switch("A")
    assert expected["A"] != expected["B"]

    rng = random.Random(16)
    committed = "A"
    live: list[str] = []
    runs = 0
    for phase in PLAN:
        for _ in range(ATTEMPTS):
            runs += 1
            target = "B" if committed == "A" else "A"
            states.switch(target)
            status = _run_and_kill(states.folder, index, phase, rng)
            assert status in (-signal.SIGKILL, 0), f"{phase}: the run failed on its own ({status})"
            shown = _snapshot(index)  # the index opens and answers
            if status == 0:  # it had finished before the moment came: not a kill
                assert shown == expected[target], f"{phase}: a finished run left an index unlike a clean build"
                committed = target
                continue
            live.append(phase)
            holds = [state for state in ("A", "B") if shown == expected[state]]
            assert holds, f"killed at {phase}: the index shows neither the last commit nor the new one"
            if phase in ("reading", "commit"):
                assert holds == [committed], f"killed at {phase}: the index lost its last commit"
            elif phase == "manifest":
                assert holds == [target], "killed after the commit: the committed run was lost"
            report = Engine(index).index(states.folder)  # the next run completes
            assert _snapshot(index) == expected[target], f"after a kill at {phase}: unlike a clean build"
            assert report.skipped == []
            committed = target
            break
    counts = {phase: live.count(phase) for phase in dict.fromkeys(PLAN)}
    summary = f"{len(live)} of {runs} runs killed while alive (by moment: {counts})"
    record_property("summary", summary)  # printed after the test session (tests/conftest.py)
    print(summary, file=sys.stderr)
    assert len(live) >= LIVE_KILLS_WANTED and all(counts.values()), f"only {len(live)} live kills: {counts}"


def test_second_indexing_run_exits_with_a_clear_message(tmp_path, corpus):
    index = tmp_path / "index"
    Engine(index).index(corpus)
    with sync_lock(index, wait=0):
        busy = subprocess.run(index_cmd(corpus, index), capture_output=True, text=True, timeout=120)
        assert busy.returncode != 0 and "another `search index`" in busy.stderr and "Traceback" not in busy.stderr
        with pytest.raises(IndexLockedError):
            Engine(index).index(corpus)
    assert Engine(index).index(corpus).unchanged == 5


def test_serving_while_reindexing_has_no_failed_request(tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    make_corpus(corpus, 300)
    Engine(index).index(corpus)
    with serving(index) as base:
        failures: list[str] = []
        done = threading.Event()
        served = [0]

        def client() -> None:
            paths = ["/search?q=demining", "/api/search?q=Karabakh&lang=fr", "/article/art-00001.txt", "/healthz"]
            i = 0
            while not done.is_set():
                path = paths[i % len(paths)]
                i += 1
                try:
                    with urllib.request.urlopen(base + path, timeout=20) as response:
                        if response.status != 200:
                            failures.append(f"{path}: {response.status}")
                except (urllib.error.URLError, OSError) as exc:
                    failures.append(f"{path}: {exc}")
                served[0] += 1

        threads = [threading.Thread(target=client) for _ in range(3)]
        for t in threads:
            t.start()
        for round_ in range(3):
            make_corpus(corpus, 30, seed=100 + round_, start=1000 + 30 * round_)
            (corpus / f"art-{10 + round_:05d}.txt").unlink()
            edited = corpus / f"art-{50 + round_:05d}.txt"
            edited.write_text(edited.read_text("utf-8") + f"\nzebracorn{round_}\n", "utf-8")
            result = subprocess.run(index_cmd(corpus, index), capture_output=True, text=True, timeout=300)
            assert result.returncode == 0, result.stderr
        time.sleep(1)
        done.set()
        for t in threads:
            t.join(timeout=30)
        assert failures == [] and served[0] > 20
        with urllib.request.urlopen(base + "/api/search?q=zebracorn2&xlang=0", timeout=20) as response:
            assert b'"total":1' in response.read()
        with urllib.request.urlopen(base + "/api/search?q=tok1089&xlang=0", timeout=20) as response:
            assert b'"total":1' in response.read()


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs /proc to find the reading workers")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_killed_indexer_leaves_no_worker_holding_the_lock(tmp_path, sig):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    make_corpus(corpus, 3000)
    proc = subprocess.Popen(index_cmd(corpus, index), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while not workers and proc.poll() is None and time.monotonic() < deadline:
            workers = _children(proc.pid)
            time.sleep(0.02)
        assert workers, "the run ended before its reading workers were seen"
        os.kill(proc.pid, sig)
        proc.wait(timeout=60)
        deadline = time.monotonic() + 15
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in workers), "reading workers outlived the killed run"
        again = subprocess.run(index_cmd(corpus, index, "--json"), capture_output=True, text=True, timeout=600)
        assert again.returncode == 0, again.stderr
        assert Engine(index).stats().articles == 3000
    finally:
        for pid in workers:  # only the workers this test started, if they survived
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def _in_private_mounts(script: str) -> subprocess.CompletedProcess:
    """Run ``script`` (sh) in a mount namespace of its own, where it may mount a small tmpfs
    or a read-only bind mount; skips when this machine does not allow it."""
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("needs `unshare -m` (root or user namespaces) to mount a full or read-only disk")
    return subprocess.run(["unshare", "-m", "sh", "-ec", script], capture_output=True, text=True, timeout=600)


def test_disk_full_is_one_line_and_leaves_no_temporary_files(tmp_path, corpus):
    disk, bigger = tmp_path / "disk", tmp_path / "bigger"
    disk.mkdir()
    make_corpus(bigger, 1500)
    search = f"{sys.executable} -m search"
    result = _in_private_mounts(f"""
        mount -t tmpfs -o size=1m tmpfs {disk}
        {search} index --corpus {corpus} --index {disk}/ix > {tmp_path}/first.out
        cp {bigger}/* {corpus}/
        if {search} index --corpus {corpus} --index {disk}/ix 2> {tmp_path}/full.err; then exit 90; fi
        ls -a {disk}/ix > {tmp_path}/files
        {search} query Chesnel --index {disk}/ix --json > {tmp_path}/query.json
        rm {corpus}/art-*
        {search} index --corpus {corpus} --index {disk}/ix --json > {tmp_path}/after.json
    """)
    assert result.returncode == 0, result.stderr
    error = (tmp_path / "full.err").read_text()
    assert error.count("\n") == 1 and "no space left" in error and "Traceback" not in error, error
    files = (tmp_path / "files").read_text().split()
    assert not [name for name in files if name.endswith(".tmp")], files
    assert len([name for name in files if name.endswith(".seg")]) == 1, files  # the committed segment only
    assert json.loads((tmp_path / "query.json").read_text())["total"] == 1  # the old index answers
    assert json.loads((tmp_path / "after.json").read_text())["unchanged"] == 5  # and the next run works


def test_read_only_index_folder_is_a_clear_message(tmp_path, corpus):
    index = tmp_path / "ro" / "ix"
    Engine(index).index(corpus)
    (corpus / "new.txt").write_text("A new story about zebracorns near Baku, told at some length.", "utf-8")
    search = f"{sys.executable} -m search"
    result = _in_private_mounts(f"""
        mount --bind -o ro {tmp_path}/ro {tmp_path}/ro
        if {search} index --corpus {corpus} --index {index} 2> {tmp_path}/existing.err; then exit 90; fi
        if {search} index --corpus {corpus} --index {tmp_path}/ro/fresh 2> {tmp_path}/fresh.err; then exit 91; fi
    """)
    assert result.returncode == 0, result.stderr
    for name in ("existing.err", "fresh.err"):
        error = (tmp_path / name).read_text()
        assert "cannot write in the index folder" in error and "Read-only file system" in error, error
        assert "Traceback" not in error and error.count("\n") == 1, error


def test_a_lock_held_after_its_run_ended_is_reported_as_such(tmp_path, corpus):
    """Processes left behind by a run that has ended (its pid recorded in the lock) are
    named as the reason, not "another run is updating"."""
    index = tmp_path / "index"
    Engine(index).index(corpus)
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = ended.stdout.strip()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import fcntl, sys, time\n"
         f"fh = open({str(index / 'sync.lock')!r}, 'a+')\n"
         "fcntl.flock(fh.fileno(), fcntl.LOCK_EX)\n"
         f"fh.seek(0); fh.truncate(); fh.write({dead_pid!r}); fh.flush()\n"
         "print('held', flush=True)\n"
         "time.sleep(60)\n"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        busy = subprocess.run(index_cmd(corpus, index), capture_output=True, text=True, timeout=120)
        assert busy.returncode == 1 and "Traceback" not in busy.stderr
        assert f"(process {dead_pid}) has ended" in busy.stderr, busy.stderr
    finally:
        holder.kill()
        holder.wait()
