"""Opening and creating the on-disk index, with the analysis version checked.

Besides Whoosh's own files the index folder holds ``search-meta.json`` (which analysis rules
built it) and ``manifest.json`` (size, mtime and hash of every indexed file, so that a no-op
re-index does not have to read the corpus). The manifest records the index generation it
describes; a manifest from another generation is ignored and rebuilt from the index.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import pickle
import shutil
import struct
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from whoosh.filedb.filestore import FileStorage
from whoosh.index import EmptyIndexError, Index, clean_files
from whoosh.index import IndexError as WhooshIndexError

from ...analysis.analyzers import ANALYSIS_VERSION
from ...errors import IndexDamagedError, IndexLockedError, IndexNotFoundError, IndexVersionError, IndexWriteError
from .schema import build_schema
from .whoosh_format import committed_segments

META_FILE = "search-meta.json"
MANIFEST_FILE = "manifest.json"
DUPLICATES_FILE = "duplicates.json"
"""Copies of each indexed article (see :mod:`search.backends.whoosh.duplicates`)."""
LOCK_FILE = "sync.lock"
FORMAT_NAME = "bilingual-news-search"


def index_exists(index_dir: Path) -> bool:
    """Whether ``index_dir`` holds a committed index, judged by its table-of-contents files
    alone: Whoosh's ``exists_in`` unpickles the schema, which fails with a traceback on an
    index whose analyzer classes have moved since, before the analysis version is checked."""
    try:
        names = os.listdir(index_dir)
    except OSError:
        return False
    return any(name.startswith(_TOC_PREFIX) and name.endswith(_TOC_SUFFIX)
               and name[len(_TOC_PREFIX):-len(_TOC_SUFFIX)].isdigit() for name in names)


def open_index(index_dir: Path) -> Index:
    """Open an existing index for reading, refusing one built with other analysis rules."""
    index_dir = Path(index_dir)
    if not index_exists(index_dir):
        raise IndexNotFoundError(f"no index in {index_dir}/ yet: run `search index` first")
    check_version(index_dir)
    try:
        ix = _storage(index_dir).open_index()  # reads the table of contents (segments open lazily)
    except FileNotFoundError:
        raise  # vanished meanwhile: the caller decides
    except EmptyIndexError:
        raise IndexNotFoundError(f"no index in {index_dir}/ yet: run `search index` first") from None
    except DAMAGE as exc:
        raise damaged(index_dir, exc) from None
    return ix


DAMAGE = (EOFError, pickle.UnpicklingError, struct.error, ValueError, TypeError, AttributeError, ImportError,
          KeyError, IndexError, WhooshIndexError, UnicodeDecodeError)
"""What reading a damaged index raises (truncated files, garbage in the table of contents,
a pickle of classes that no longer exist), as opposed to a vanished one (OSError)."""


def check_readable(ix: Index, index_dir: Path) -> None:
    """Read the segments' descriptions now (IndexDamagedError when they cannot be read).

    For the indexer, which holds the lock: searches skip this, so that a search running
    while a re-index removes old segments does not fail for that."""
    try:
        ix.doc_count_all()
    except DAMAGE as exc:
        raise damaged(index_dir, exc) from None


def damaged(index_dir: Path, exc: BaseException) -> IndexDamagedError:
    """The one-line error for an index that cannot be read."""
    return IndexDamagedError(f"the index in {Path(index_dir)}/ cannot be read ({type(exc).__name__}: damaged or "
                             "not written by this program): run `search index --rebuild`")


def index_identity(index_dir: Path) -> tuple | None:
    """What tells the index in ``index_dir`` apart from any other that was or will be there:
    the folder (another one moved in place), the latest generation and its table of
    contents (rewritten by a rebuild). None when the folder holds no index."""
    index_dir = Path(index_dir)
    try:
        folder = os.stat(index_dir)
        generations = [int(name[len(_TOC_PREFIX):-len(_TOC_SUFFIX)]) for name in os.listdir(index_dir)
                       if name.startswith(_TOC_PREFIX) and name.endswith(_TOC_SUFFIX)
                       and name[len(_TOC_PREFIX):-len(_TOC_SUFFIX)].isdigit()]
        if not generations:
            return None
        generation = max(generations)
        toc = os.stat(index_dir / f"{_TOC_PREFIX}{generation}{_TOC_SUFFIX}")
    except FileNotFoundError:
        return None
    return (folder.st_dev, folder.st_ino, generation, toc.st_ino, toc.st_mtime_ns)


_TOC_PREFIX, _TOC_SUFFIX = "_MAIN_", ".toc"
"""Whoosh's name for a generation's table of contents (index name ``MAIN``)."""


def _storage(index_dir: Path) -> FileStorage:
    """Index files read with ordinary reads, not memory maps: whoosh-reloaded copies each
    mapped sub-file whole into memory (``BufferFile``), which cost the server ~2 GB at
    240,000 articles. The kernel's page cache still keeps hot postings in memory."""
    return FileStorage(str(index_dir), supports_mmap=False)


def analysis_version(index_dir: Path) -> int | None:
    try:
        meta = json.loads((Path(index_dir) / META_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return meta.get("analysis_version") if meta.get("format") == FORMAT_NAME else None


def check_version(index_dir: Path) -> None:
    found = analysis_version(index_dir)
    if found != ANALYSIS_VERSION:
        built = "unknown analysis rules" if found is None else f"analysis version {found}"
        raise IndexVersionError(
            f"the index in {index_dir}/ was built with {built}; this engine uses version "
            f"{ANALYSIS_VERSION}: run `search index --rebuild`"
        )


def create_index(index_dir: Path) -> Index:
    """A new, empty index (replacing whatever index was there)."""
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    ix = _storage(index_dir).create().create_index(build_schema())
    write_json_atomic(index_dir / META_FILE, {"format": FORMAT_NAME, "analysis_version": ANALYSIS_VERSION})
    (index_dir / MANIFEST_FILE).unlink(missing_ok=True)
    return ix


def write_json_atomic(path: Path, obj: object) -> None:
    """Write through a temporary file and rename, so readers never see half a file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")))  # C encoder; json.dump's is Python
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def remove_leftovers(ix: Index) -> None:
    """Delete what failed or killed runs left in the index folder: Whoosh's temporary
    folders (``MAIN.tmp``), segment files no commit refers to, half-written JSON files.

    Called with the sync lock held, so no other run is writing; readers only ever open the
    files of a committed generation, which are kept."""
    storage = ix.storage
    folder = Path(storage.folder)
    clean_files(storage, ix.indexname, ix.latest_generation(), committed_segments(ix))
    shutil.rmtree(folder / f"{ix.indexname}.tmp", ignore_errors=True)
    for name in (META_FILE, MANIFEST_FILE, DUPLICATES_FILE):  # write_json_atomic's temporary files
        for leftover in folder.glob(f".{name}.*.tmp"):
            leftover.unlink(missing_ok=True)


def write_error_message(exc: OSError, index_dir: Path) -> str:
    """One line for a failure to write the index, saying what to do about it."""
    if exc.errno == errno.ENOSPC:
        return (f"no space left on the device holding {index_dir}/: this run's temporary files were removed "
                f"and the index keeps its last complete commit; free some space and run `search index` again")
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"cannot write in the index folder {index_dir}/ ({exc.strerror}); choose a writable folder with --index"
    where = f" ({exc.filename})" if exc.filename else ""
    return f"could not write the index in {index_dir}/: {exc.strerror or exc}{where}"


def read_manifest(index_dir: Path, generation: int) -> dict[str, list] | None:
    """``{id: [size, mtime_ns, sha]}`` if the manifest describes this generation, else None."""
    try:
        data = json.loads((Path(index_dir) / MANIFEST_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("generation") != generation:
        return None
    files = data.get("files")
    return files if isinstance(files, dict) else None


def write_manifest(index_dir: Path, generation: int, files: dict[str, list]) -> None:
    write_json_atomic(Path(index_dir) / MANIFEST_FILE, {"generation": generation, "files": files})


@contextmanager
def sync_lock(index_dir: Path, wait: float) -> Iterator[None]:
    """One indexing run at a time: wait up to ``wait`` seconds for another run to finish.

    An flock dies with its process, so a killed run never leaves a lock behind; its reading
    workers, which inherit the lock, die with it (see :func:`search.backends.corpus._die_with_parent`).
    The holder writes its process id into the file, so that a lock still held after its run
    ended (by processes that run left behind) is reported as such."""
    index_dir = Path(index_dir)
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        fh = open(index_dir / LOCK_FILE, "a+")
    except OSError as exc:
        raise IndexWriteError(write_error_message(exc, index_dir)) from None
    with fh:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexLockedError(_busy_message(fh, index_dir)) from None
                time.sleep(0.2)
        try:
            fh.seek(0)
            fh.truncate()
            fh.write(str(os.getpid()))
            fh.flush()
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _busy_message(fh, index_dir: Path) -> str:
    fh.seek(0)
    owner = fh.read().strip()
    if owner.isdigit() and not _alive(int(owner)):
        return (f"the index in {index_dir}/ is still locked although the `search index` run that locked it "
                f"(process {owner}) has ended: processes it started hold the lock; stop them "
                f"(`fuser {index_dir / LOCK_FILE}` lists them) and try again")
    return f"another `search index` is updating {index_dir}/; try again when it has finished"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
