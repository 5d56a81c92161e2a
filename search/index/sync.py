"""Sync a corpus folder into the index: add new files, replace changed ones, drop deleted ones.

Files are compared by size and modification time first and by content hash only when those
differ, so a no-op run reads no article. Worker processes read, detect, analyse and encode
batches of files, and group each batch's postings by term; the one writer process adds the
documents and files each term's postings a batch at a time (:mod:`search.index.segment_writer`).
On two cores that beats Whoosh's multi-process writer, which also needed twice the memory.
Whoosh commits atomically, so a run that dies leaves the previous index intact.
"""

from __future__ import annotations

import ctypes
import errno
import gc
import hashlib
import os
import signal
import stat
import threading
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from whoosh.query import Every
from whoosh.writing import CLEAR

from ..analysis.analyzers import ANALYSIS_VERSION, LANGUAGES, index_terms
from ..ingest.articles import Article, ReadError, read_bytes
from ..ingest.ignore import CorpusRules, Ignored
from ..ingest.language import detect_language
from ..ingest.readers import SUFFIXES, read_articles
from ..ingest.sections import section_of
from ..errors import IndexDamagedError
from .crashpoints import pause_point
from .duplicates import CopyRegistry, copies_of, drop_documents, own_ids, register_unchanged, text_key, write_copies
from .labels import language_counts
from .manifest import FileEntry, Item, entries_from_json
from .postings import encode_postings
from .schema import (
    BODY_FIELD,
    COGNATE_FIELD,
    DATE_FIELD,
    FILE_FIELD,
    ID_FIELD,
    KEYS_FIELD,
    LANG_FIELD,
    NO_LANGUAGE,
    SHA_FIELD,
    SECTION_FIELD,
    SOURCE_FIELD,
    TEXTKEY_FIELD,
    TITLE_FIELD,
    URL_FIELD,
    YEAR_FIELD,
    body_field,
    field_language,
    shared_schema,
    title_field,
)
from .segment_writer import PostingsBatch, TermwiseSegmentWriter, pack_stored
from .store import (
    analysis_version,
    check_readable,
    create_index,
    index_exists,
    open_index,
    read_manifest,
    remove_leftovers,
    sync_lock,
    write_manifest,
)

Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` while articles are read."""

PARALLEL_THRESHOLD = 200
"""Below this many files to read, a process pool costs more than it saves."""
COMMIT_EVERY = 50_000
"""Articles per intermediate commit in long runs (segments of about this size)."""
WRITER_MB = 128
"""Memory for the writer's posting pool before it spills sorted runs to disk."""

MIN_KEY_CHARS = 4
"""Shorter cognate keys are not stored for finding counterparts (too common to tell stories apart)."""

MIN_BATCH, MAX_BATCH = 16, 256
"""Files per batch a worker prepares (the postings of a batch are grouped by term there)."""


@dataclass
class Skipped:
    path: str
    reason: str


@dataclass
class IndexReport:
    """What one indexing run did; ``languages`` counts the whole index after the run."""

    indexed: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    languages: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    notes: list[Skipped] = field(default_factory=list)
    """Articles indexed with a remark: legacy encoding, truncated, language not en/fr."""
    excluded: list[Skipped] = field(default_factory=list)
    """Files and folders left out by an ignore rule (see :mod:`search.ingest.ignore`), with the rule."""
    ignored: list[Ignored] = field(default_factory=list)
    """Files of formats the engine does not read, counted by extension, with the reason."""
    duplicates: list[dict] = field(default_factory=list)
    """Every article not indexed because another has the same text: ``{"path", "copy_of"}``
    (the whole corpus after the run, like ``languages``)."""

    def to_dict(self) -> dict:
        data = asdict(self)
        data["seconds"] = round(self.seconds, 3)
        return data


@dataclass(slots=True)
class _Candidate:
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
class _Doc:
    """One article of a file, ready to add."""

    doc_id: str
    key: str
    lang: str | None
    fields: dict


@dataclass
class _Loaded:
    """One file as a worker prepared it: the documents of its articles, or why it has none
    (no documents and no error: its content is that of the indexed copy)."""

    doc_id: str
    size: int
    mtime: int
    sha: str | None
    """SHA-1 of the bytes read (None when they could not be read)."""
    docs: list[_Doc] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class _Batch:
    """Files prepared together; the postings of all their documents, grouped by term."""

    loaded: list[_Loaded]
    postings: PostingsBatch


def sync(
    corpus: Path,
    index_dir: Path,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
    workers: int | None = None,
    lock_wait: float = 0.0,
    commit_every: int = COMMIT_EVERY,
    excludes: tuple[str, ...] = (),
) -> IndexReport:
    """Bring the index in ``index_dir`` in line with the files under ``corpus``.

    ``excludes`` are gitignore patterns of files to leave out, besides the corpus's
    ``.searchignore`` (a bad one raises :class:`search.ingest.ignore.IgnoreFileError`)."""
    corpus, index_dir = Path(corpus), Path(index_dir)
    if not corpus.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {corpus}")
    rules = CorpusRules.load(corpus, excludes)
    started = time.perf_counter()
    with sync_lock(index_dir, wait=lock_wait):
        report = IndexReport()
        fresh = rebuild or not index_exists(index_dir)
        if fresh and (not index_exists(index_dir) or analysis_version(index_dir) != ANALYSIS_VERSION):
            ix = create_index(index_dir)
        else:
            try:
                ix = open_index(index_dir)
                check_readable(ix, index_dir)
            except IndexDamagedError:
                if not rebuild:
                    raise
                ix = create_index(index_dir)  # a rebuild replaces an index it cannot read
        remove_leftovers(ix)  # of a run that was killed or failed before
        try:
            known = {} if fresh else _known_files(ix, index_dir)
            candidates = list(_walk(corpus, report, rules))
            report.ignored = rules.ignored(SUFFIXES)
            to_read: list[_Candidate] = []
            new: list[_Candidate] = []
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
            to_read += new + [_Candidate(corpus, f, known[f].size or 0, known[f].mtime or 0) for f in orphans]
            report.unchanged += sum(len(own_ids(f, entry.items)) for f, entry in manifest.items())

            # Replacing a live index happens in one atomic commit; otherwise long runs commit
            # every ``commit_every`` articles (at the next batch's end), which bounds the
            # writer's spill files and keeps what was done if the run dies.
            atomic = fresh and ix.doc_count_all() > 0
            partial_commits = 0
            writer = TermwiseSegmentWriter(ix, timeout=30.0, limitmb=WRITER_MB)
            try:
                for file in gone:
                    for doc_id in own_ids(file, known[file].items):
                        writer.delete_by_term(ID_FIELD, doc_id)
                        report.deleted += 1
                in_writer = 0
                for batch in _load_all(to_read, progress, workers):
                    first = writer.docnum
                    dropped: list[int] = []
                    place = 0
                    for loaded in batch.loaded:
                        place = _apply(writer, loaded, known, manifest, report, copies, place, dropped)
                    writer.add_batch(drop_documents(batch.postings, dropped) if dropped else batch.postings, first)
                    in_writer += len(batch.loaded)
                    if not atomic and in_writer >= commit_every:
                        writer.commit(merge=False)
                        partial_commits += 1
                        in_writer = 0
                        writer = TermwiseSegmentWriter(ix, timeout=30.0, limitmb=WRITER_MB)
                if atomic:
                    writer.commit(mergetype=CLEAR)
                else:
                    writer.commit(merge=partial_commits == 0)
            except BaseException:
                _cancel(writer, ix)
                raise
            pause_point("manifest")  # committed; the manifest still describes the last generation
            write_manifest(index_dir, ix.latest_generation(), manifest)
            duplicates = copies_of(manifest)
            write_copies(index_dir, ix.latest_generation(), duplicates)
            report.duplicates = [{"path": copy, "copy_of": held} for held, found in duplicates.items() for copy in found]
            with ix.searcher() as searcher:
                report.languages = language_counts(searcher)
        finally:
            ix.close()
    report.seconds = time.perf_counter() - started
    return report


def _cancel(writer: TermwiseSegmentWriter, ix) -> None:
    """Abandon a failed run's writer and delete what it wrote (the index itself is intact).

    Cancelling may fail the way the run did (a full disk); the files are removed anyway, or
    a full disk would stay full and every later run would fail too."""
    try:
        writer.cancel()
    except Exception:  # noqa: BLE001 - the original error is the one to report
        lock = getattr(writer, "writelock", None)
        if lock is not None:
            try:
                lock.release()
            except Exception:  # noqa: BLE001
                pass
    try:
        remove_leftovers(ix)
    except OSError:
        pass


def _apply(writer, loaded: _Loaded, known: dict, manifest: dict, report: IndexReport,
           copies: CopyRegistry, place: int, dropped: list[int]) -> int:
    """File one prepared file's articles; copies of indexed articles are recorded, not added,
    and their places in the batch go to ``dropped``. Returns the next place in the batch."""
    file = loaded.doc_id
    previous = known.get(file)
    old = previous.items if previous else []
    if loaded.error is not None:
        report.skipped.append(Skipped(file, loaded.error))
        for doc_id in own_ids(file, old):
            writer.delete_by_term(ID_FIELD, doc_id)
        return place
    if previous and previous.sha == loaded.sha and not loaded.docs:
        manifest[file] = FileEntry(loaded.size, loaded.mtime, loaded.sha, _keep(writer, file, old, copies, report))
        return place
    for note in loaded.notes:
        report.notes.append(Skipped(file, note))
    was_indexed = set(own_ids(file, old))
    for doc_id in was_indexed:
        writer.delete_by_term(ID_FIELD, doc_id)
    items = []
    for doc in loaded.docs:
        holder = copies.claim(doc.doc_id, doc.key)
        items.append(Item(doc.doc_id[len(file):], doc.key, holder))
        if holder is not None:
            dropped.append(place)
        else:
            if doc.lang not in LANGUAGES:
                what = f"language '{doc.lang}'" if doc.lang else "no language detected"
                report.notes.append(Skipped(doc.doc_id, f"{what}: indexed with the neutral analyzer"))
            writer.add_document(**doc.fields)
            if doc.doc_id in was_indexed:
                report.updated += 1
            else:
                report.indexed += 1
        place += 1
    report.deleted += len(was_indexed - set(own_ids(file, items)))
    manifest[file] = FileEntry(loaded.size, loaded.mtime, loaded.sha, items)
    return place


def _keep(writer, file: str, items: list, copies: CopyRegistry, report: IndexReport) -> list:
    """A file read again whose content had not changed: its articles stay as they are, unless
    another article with the same text was indexed first in this run (then it is a copy)."""
    kept = []
    for suffix, key, _ in items:
        holder = copies.claim(file + suffix, key)
        if holder is not None:
            writer.delete_by_term(ID_FIELD, file + suffix)
            report.deleted += 1
        else:
            report.unchanged += 1
        kept.append(Item(suffix, key, holder))
    return kept


def document_fields(article: Article, sha: str) -> dict:
    """The Whoosh document for an article: its text in its own language's fields.

    Text fields get their postings encoded here (see :func:`search.analysis.analyzers.index_terms` and
    :class:`search.index.postings.EncodedPostings`), so each article is analysed and encoded once, in
    the reading workers, and the writer only files postings."""
    lang = field_language(article.lang)
    schema = shared_schema()
    title = index_terms(article.title, lang) if article.headline else ([], [])
    body = index_terms(article.body, lang)
    cognates = title[1] + body[1]
    fields = {
        ID_FIELD: article.id,
        LANG_FIELD: article.lang or NO_LANGUAGE,
        TITLE_FIELD: article.title,
        BODY_FIELD: article.body,
        SHA_FIELD: sha,
        KEYS_FIELD: " ".join(sorted({key for key in cognates if len(key) >= MIN_KEY_CHARS})),
        TEXTKEY_FIELD: text_key(article),
        body_field(lang): encode_postings(schema[body_field(lang)], body[0]),
        COGNATE_FIELD: encode_postings(schema[COGNATE_FIELD], cognates),
    }
    if article.headline:
        fields[title_field(lang)] = encode_postings(schema[title_field(lang)], title[0])
    # Always set, even empty: a segment whose documents all lack a column value breaks
    # Whoosh's column readers (facets and date sorting read these columns).
    fields[DATE_FIELD] = article.date or ""
    fields[YEAR_FIELD] = article.date[:4] if article.date else ""
    fields[SECTION_FIELD] = section_of(article)
    if article.source:
        fields[SOURCE_FIELD] = article.source
    if article.url:
        fields[URL_FIELD] = article.url
    return fields


def _known_files(ix, index_dir: Path) -> dict[str, FileEntry]:
    """The files read last time: from the manifest when it is current (and well formed), else
    from the index (copies, which are not in it, are then read again as new files)."""
    generation = ix.latest_generation()
    files = read_manifest(index_dir, generation)
    manifest = entries_from_json(files) if files is not None else None
    if manifest is not None:
        return manifest
    known: dict[str, FileEntry] = {}
    with ix.searcher() as searcher:
        for docnum in searcher.docs_for_query(Every()):
            stored = searcher.stored_fields(docnum)
            file = stored.get(FILE_FIELD, stored[ID_FIELD])
            entry = known.setdefault(file, FileEntry(None, None, stored.get(SHA_FIELD), []))
            entry.items.append(Item(stored[ID_FIELD][len(file):], stored.get(TEXTKEY_FIELD), None))
    return known


def _walk(corpus: Path, report: IndexReport, rules: CorpusRules) -> Iterator[_Candidate]:
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
            yield _Candidate(corpus, rel, st.st_size, st.st_mtime_ns)
        stack.extend(reversed(subfolders))


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


def _load(cand: _Candidate) -> _Loaded:
    """Read, hash, parse and detect one file; runs in worker processes."""
    try:
        data = read_bytes(cand.path, cand.root)
    except ReadError as exc:
        return _Loaded(cand.doc_id, cand.size, cand.mtime, None, error=str(exc))
    sha = hashlib.sha1(data).hexdigest()
    if sha == cand.known_sha:
        return _Loaded(cand.doc_id, cand.size, cand.mtime, sha)
    try:
        articles = read_articles(cand.path, cand.root, data=data)
    except ReadError as exc:
        return _Loaded(cand.doc_id, cand.size, cand.mtime, sha, error=str(exc))
    except Exception as exc:  # noqa: BLE001 - one bad article must never stop the run
        return _Loaded(cand.doc_id, cand.size, cand.mtime, sha, error=f"could not be read: {type(exc).__name__}: {exc}")
    docs = []
    for article in articles:
        article.lang = detect_language(article.text)
        fields = document_fields(article, sha)
        if article.id != cand.doc_id:
            fields[FILE_FIELD] = cand.doc_id  # a feed's item: the manifest is rebuilt from these
        docs.append(_Doc(article.id, fields[TEXTKEY_FIELD], article.lang, pack_stored(shared_schema(), fields)))
    return _Loaded(cand.doc_id, cand.size, cand.mtime, sha, docs=docs, notes=[note for a in articles for note in a.notes])


def _load_batch(cands: list[_Candidate]) -> _Batch:
    """Prepare files together, their postings grouped by term; runs in worker processes."""
    loaded = [_load(cand) for cand in cands]
    postings = PostingsBatch.gather([doc.fields for item in loaded for doc in item.docs])
    return _Batch(loaded, postings)


def _load_all(cands: list[_Candidate], progress: Progress | None, workers: int | None) -> Iterator[_Batch]:
    total = len(cands)
    if progress:
        progress(0, total)
    workers = workers if workers is not None else (os.cpu_count() or 1)
    parallel = total >= PARALLEL_THRESHOLD and workers > 1
    # Bigger batches group more postings per term; smaller ones keep every worker busy and
    # the progress moving on a small corpus.
    size = max(MIN_BATCH, min(MAX_BATCH, total // (max(workers, 1) * 8)))
    batches = [cands[start:start + size] for start in range(0, total, size)]
    if not parallel:
        yield from _reported((_load_batch(batch) for batch in batches), total, progress)
        return
    # Forked workers share the writer's pages until something writes to them, and their
    # garbage collector's passes over the inherited objects would: keep them out of its sight.
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers, initializer=_die_with_parent, initargs=(os.getpid(),)) as pool:
            yield from _reported(_in_order(pool, batches, ahead=2 * workers), total, progress)
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


def _in_order(pool: ProcessPoolExecutor, batches: list[list[_Candidate]], ahead: int) -> Iterator[_Batch]:
    """Prepared batches in order, with at most ``ahead`` more in hand: the workers would
    otherwise read ahead of the writer without limit."""
    pending: deque[Future] = deque()
    for batch in batches:
        pending.append(pool.submit(_load_batch, batch))
        if len(pending) > ahead:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _reported(batches: Iterable[_Batch], total: int, progress: Progress | None) -> Iterator[_Batch]:
    done = 0
    for batch in batches:
        yield batch
        done += len(batch.loaded)
        if progress:
            progress(done, total)
