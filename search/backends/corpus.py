"""The corpus as every backend reads it: which files to read, and each file read, hashed,
parsed and language-detected, in worker processes.

:func:`walk` lists the article files under a corpus folder (ignore rules, unreadable
entries, links and odd names reported); :func:`choose` compares them with what the index
knows of each file (:mod:`search.backends.manifest`) and says which to read, which are
gone and which stay as they are; :func:`load_all` reads the chosen ones (:func:`load`,
with the backend's own function making each article's document) in a process pool, in
order, a batch at a time. What a read file then changes in an index is
:mod:`search.backends.changes`.

This sits with the backends, not in :mod:`search.ingest`: it fills the sync's report
(:mod:`search.backends.report`) and decides copies (:mod:`search.backends.copies`), and
the ingest stage imports nothing after it (tests/test_layers.py).
"""

from __future__ import annotations

import ctypes
import errno
import gc
import hashlib
import os
import re
import signal
import stat
import threading
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Protocol, TypeVar

from ..ingest.articles import Article, ReadError, read_bytes
from ..ingest.ignore import CorpusRules
from ..ingest.language import detect_languages
from ..ingest.readers import SUFFIXES, byte_limit, read_articles
from .copies import CopyRegistry, own_ids, register_unchanged
from .manifest import FileEntry
from .report import IndexReport, Skipped

Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` while articles are read."""

PARALLEL_THRESHOLD = 200
"""Below this many files to read, a process pool costs more than it saves."""


@dataclass(slots=True)
class Candidate:
    """A file to consider; a few hundred thousand of them are held at once, so no Path each."""

    root: Path
    doc_id: str
    size: int
    mtime: int
    known_sha: str | None = None
    """Content hash of the indexed copy: a file whose content is unchanged is not prepared again."""

    @property
    def path(self) -> Path:
        return self.root / self.doc_id


@dataclass
class Doc:
    """One article of a file, ready to add."""

    doc_id: str
    key: str
    lang: str | None
    fields: dict


@dataclass
class Loaded:
    """One file as a worker prepared it: the documents of its articles, or why it has none
    (no documents and no error: its content is that of the indexed copy)."""

    doc_id: str
    size: int
    mtime: int
    sha: str | None
    """SHA-1 of the bytes read (None when they could not be read)."""
    docs: list[Doc] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str | None = None


class Batch(Protocol):
    """Files a worker prepared together (each backend adds what its writer wants of them)."""

    loaded: list[Loaded]


B = TypeVar("B", bound=Batch)

MakeDoc = Callable[[Article, str, str], Doc]
"""``document(article, sha, file)``: a backend's document for one article of ``file``."""


@dataclass
class Plan:
    """What a sync will do, file by file, before it reads any."""

    to_read: list[Candidate]
    """Changed files first, then new ones, then files holding copies whose indexed article is going or changing."""
    gone: list[str]
    """Files known to the index that are no longer in the corpus."""
    manifest: dict[str, FileEntry]
    """Entries of the files left as they are (the sync adds those it reads)."""
    copies: CopyRegistry
    """Which article holds each text key, the unchanged files registered."""


def choose(corpus: Path, known: dict[str, FileEntry], report: IndexReport, rules: CorpusRules) -> Plan:
    """Walk ``corpus`` and compare each file with ``known`` (what the index holds): files are
    compared by size and modification time, and read again only when those differ. Counts
    the unchanged articles, the ignored formats and the skipped and excluded entries into
    ``report``."""
    candidates = list(walk(corpus, report, rules))
    report.ignored = rules.ignored(SUFFIXES)
    to_read: list[Candidate] = []
    new: list[Candidate] = []
    manifest: dict[str, FileEntry] = {}
    for cand in candidates:
        entry = known.get(cand.doc_id)
        if entry and entry.size == cand.size and entry.mtime == cand.mtime:
            manifest[cand.doc_id] = entry
        elif entry:
            # A file holding copies is parsed again even if its bytes are the same:
            # what it is a copy of may be changing in this run.
            has_copies = any(item.copy_of is not None for item in entry.items)
            cand.known_sha = None if has_copies else entry.sha
            to_read.append(cand)
        else:
            new.append(cand)
    present = {c.doc_id for c in candidates}
    gone = [doc_id for doc_id in known if doc_id not in present]
    # Changed files first, then new ones, then copies whose indexed article is going
    # or changing: the article that was indexed stays the one indexed when it can.
    copies = CopyRegistry()
    orphans = register_unchanged(copies, manifest)
    to_read += new + [Candidate(corpus, f, known[f].size or 0, known[f].mtime or 0) for f in orphans]
    report.unchanged += sum(len(own_ids(f, entry.items)) for f, entry in manifest.items())
    return Plan(to_read, gone, manifest, copies)


def walk(corpus: Path, report: IndexReport, rules: CorpusRules) -> Iterator[Candidate]:
    """Article files under ``corpus`` in a stable order; unreadable entries go to the report,
    so do entries the ignore rules leave out, and files of formats not read are counted.

    Symbolic links to folders are never followed; links to files only when the file lies
    inside the corpus folder (real paths compared). Names that are not valid UTF-8 cannot
    become article ids (ids are text in the index, the JSON and URLs): reported, not read."""
    real_root = os.path.realpath(corpus)
    stack = [corpus]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            report.skipped.append(Skipped(_rel(Path(folder), corpus), f"folder not readable: {exc.strerror}"))
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            rel = _rel(path, corpus)
            try:
                if entry.is_dir(follow_symlinks=False):
                    if _undecodable(entry.name):
                        report.skipped.append(Skipped(_printable(rel), "folder name is not valid UTF-8 (not read)"))
                        continue
                    if _LINE_BREAKS.search(entry.name):
                        report.skipped.append(Skipped(rel, "folder name with a line break (not read)"))
                        continue
                    why = rules.excluded(rel, is_dir=True)
                    if why:
                        report.excluded.append(Skipped(_printable(rel) + "/", why))
                    else:
                        subfolders.append(path)
                    continue
                why = rules.excluded(rel)
                if why:
                    report.excluded.append(Skipped(_printable(rel), why))
                    continue
                if not entry.name.lower().endswith(SUFFIXES):
                    rules.count_unread(entry.name)
                    continue
                if _undecodable(entry.name):
                    report.skipped.append(Skipped(_printable(rel), "file name is not valid UTF-8 (rename the file)"))
                    continue
                if _LINE_BREAKS.search(entry.name):  # no web address can name it
                    report.skipped.append(Skipped(rel, "file name with a line break (rename the file)"))
                    continue
                st = entry.stat(follow_symlinks=True)
            except OSError as exc:
                reason = "symbolic link loop" if exc.errno == errno.ELOOP else f"cannot read: {exc.strerror}"
                if entry.is_symlink() and exc.errno == errno.ENOENT:
                    reason = "broken symbolic link"
                report.skipped.append(Skipped(rel, reason))
                continue
            if entry.is_symlink():
                real = os.path.realpath(path)
                if os.path.commonpath([real_root, real]) != real_root:
                    report.skipped.append(Skipped(rel, "symbolic link to a file outside the corpus folder (not followed)"))
                    continue
            if not stat.S_ISREG(st.st_mode):
                # A named pipe or device would block or never end: never open one.
                what = "symbolic link to something other than a file" if entry.is_symlink() else "not a regular file"
                report.skipped.append(Skipped(rel, what))
                continue
            yield Candidate(corpus, rel, st.st_size, st.st_mtime_ns)
        stack.extend(reversed(subfolders))


_LINE_BREAKS = re.compile("[\n\r]")
"""An id with a line break cannot be routed (URL paths are matched line by line)."""


def _undecodable(name: str) -> bool:
    """True for a name whose bytes are not UTF-8 (Python carries them as lone surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _printable(rel: str) -> str:
    """A path with undecodable bytes shown as ``\\xNN`` escapes, so it can be printed and put in JSON."""
    return os.fsencode(rel).decode("utf-8", "backslashreplace")


def _rel(path: Path, corpus: Path) -> str:
    return path.relative_to(corpus).as_posix()


def load(cand: Candidate, document: MakeDoc) -> Loaded:
    """Read, hash, parse and detect one file, and make its articles' documents with
    ``document``; runs in worker processes."""
    try:
        data = read_bytes(cand.path, cand.root, limit=byte_limit(cand.doc_id))
    except ReadError as exc:
        return Loaded(cand.doc_id, cand.size, cand.mtime, None, error=str(exc))
    sha = hashlib.sha1(data).hexdigest()
    if sha == cand.known_sha:
        return Loaded(cand.doc_id, cand.size, cand.mtime, sha)
    try:
        articles = read_articles(cand.path, cand.root, data=data)
    except ReadError as exc:
        return Loaded(cand.doc_id, cand.size, cand.mtime, sha, error=str(exc))
    except Exception as exc:  # noqa: BLE001 - one bad article must never stop the run
        return Loaded(cand.doc_id, cand.size, cand.mtime, sha, error=f"could not be read: {type(exc).__name__}: {exc}")
    docs = []
    for article, lang in zip(articles, detect_languages([article.text for article in articles]), strict=True):
        article.lang = lang
        docs.append(document(article, sha, cand.doc_id))
    return Loaded(cand.doc_id, cand.size, cand.mtime, sha, docs=docs, notes=[note for a in articles for note in a.notes])



def load_all(cands: list[Candidate], load_batch: Callable[[list[Candidate]], B], progress: Progress | None,
             workers: int | None, min_batch: int, max_batch: int) -> Iterator[B]:
    """The files prepared by ``load_batch`` (a module-level function: it runs in worker
    processes), ``min_batch`` to ``max_batch`` files at a time, in order."""
    total = len(cands)
    if progress:
        progress(0, total)
    workers = workers if workers is not None else (os.cpu_count() or 1)
    parallel = total >= PARALLEL_THRESHOLD and workers > 1
    # Bigger batches group more postings per term; smaller ones keep every worker busy and
    # the progress moving on a small corpus.
    size = max(min_batch, min(max_batch, total // (max(workers, 1) * 8)))
    batches = [cands[start:start + size] for start in range(0, total, size)]
    if not parallel:
        yield from _reported((load_batch(batch) for batch in batches), total, progress)
        return
    # Forked workers share the writer's pages until something writes to them, and their
    # garbage collector's passes over the inherited objects would: keep them out of its sight.
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers, initializer=_die_with_parent, initargs=(os.getpid(),)) as pool:
            yield from _reported(_in_order(pool, load_batch, batches, ahead=2 * workers), total, progress)
    finally:
        gc.unfreeze()


def _die_with_parent(parent: int) -> None:
    """Worker start-up: end this worker when the indexing process ends, however it ends.

    Forked workers inherit the open lock files; if they outlived a killed run (SIGKILL or
    SIGTERM leave no time to stop them) they would hold the index's locks for ever. Linux
    kills them with the parent (PR_SET_PDEATHSIG); elsewhere a thread watches the parent."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="watch-parent").start()


_PR_SET_PDEATHSIG = 1
PARENT_CHECK_SECONDS = 1.0
"""How often a worker without PR_SET_PDEATHSIG looks whether its parent is still there."""


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def _in_order(pool: ProcessPoolExecutor, load_batch: Callable[[list[Candidate]], B], batches: list[list[Candidate]],
              ahead: int) -> Iterator[B]:
    """Prepared batches in order, with at most ``ahead`` more in hand: the workers would
    otherwise read ahead of the writer without limit."""
    pending: deque[Future] = deque()
    for batch in batches:
        pending.append(pool.submit(load_batch, batch))
        if len(pending) > ahead:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _reported(batches: Iterable[B], total: int, progress: Progress | None) -> Iterator[B]:
    done = 0
    for batch in batches:
        yield batch
        done += len(batch.loaded)
        if progress:
            progress(done, total)
