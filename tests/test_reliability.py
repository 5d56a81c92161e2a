"""Crash safety, concurrent indexing and serving, and lock handling (slow, run in CI)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from search import Engine, IndexLockedError, IndexNotFoundError
from search.index.store import sync_lock

from .browser_kit import serving
from .synthetic import make_corpus

pytestmark = pytest.mark.slow


def index_cmd(corpus: Path, index: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "search", "index", "--corpus", str(corpus), "--index", str(index), *extra]


def test_sigkill_during_builds_and_updates_never_loses_the_index(tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    make_corpus(corpus, 700)
    rng = random.Random(11)
    committed: set[int] = set()  # article numbers known to be in the index
    next_new = 700
    for attempt in range(12):
        proc = subprocess.Popen(index_cmd(corpus, index), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                start_new_session=True)
        time.sleep(rng.uniform(0.3, 4.0))
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        try:
            engine = Engine(index)
            count = engine.stats()["articles"]
        except IndexNotFoundError:
            assert not committed, "an index that existed disappeared"
            continue
        # The index answers queries, and holds either the old or a complete new state.
        assert count >= len(committed)
        if committed:
            probe = max(committed)
            assert engine.search(f"tok{probe}").total == 1
        committed = {n for n in range(next_new) if engine.search(f"tok{n}", limit=1).total} if attempt % 4 == 0 else committed
        # change the corpus between kills: some new, some edited, one deleted
        make_corpus(corpus, 20, seed=attempt, start=next_new)
        next_new += 20
        edited = corpus / f"art-{rng.randrange(1, 600):05d}.txt"
        if edited.exists():
            edited.write_text(edited.read_text("utf-8") + f"\nedited{attempt}\n", "utf-8")
    final = subprocess.run(index_cmd(corpus, index, "--json"), capture_output=True, text=True, timeout=600)
    assert final.returncode == 0, final.stderr
    engine = Engine(index)
    files = sorted(p.name for p in corpus.iterdir())
    assert engine.stats()["articles"] == len(files)
    assert engine.search("tok5").total == 1 and engine.search(f"tok{next_new - 1}").total == 1
    again = subprocess.run(index_cmd(corpus, index, "--json"), capture_output=True, text=True, timeout=600)
    assert '"indexed": 0' in again.stdout and '"updated": 0' in again.stdout


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
        assert Engine(index).stats()["articles"] == 3000
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
