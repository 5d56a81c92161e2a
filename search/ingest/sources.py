"""An article's source file, for the "raw text" link: only ever a file inside the corpus.

The id of an article is its path relative to the corpus folder. A path is served only when
it is relative, has no ``..`` part, and still lies inside the corpus once every symbolic
link is resolved: a link in the corpus that points elsewhere is not followed out.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from .articles import MAX_BYTES, ReadError, decode, read_bytes


def source_path(corpus: Path | None, doc_id: str) -> Path | None:
    """The file of ``doc_id`` inside ``corpus``, or None when it is missing or would lie outside."""
    if corpus is None or not doc_id or "\x00" in doc_id or "\\" in doc_id:
        return None
    relative = PurePosixPath(doc_id)
    if relative.is_absolute() or ".." in relative.parts:
        return None
    try:
        root = Path(corpus).resolve(strict=True)
        path = (root / relative).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path


def read_source(path: Path) -> str:
    """The file's text as the indexer decoded it (at most the first MAX_BYTES).

    ``path`` is the resolved path :func:`source_path` gave; it is opened as the indexer opens
    files (:func:`search.ingest.articles.read_bytes`: no final link followed, no blocking, a regular
    file only), so a link or named pipe swapped in since cannot hang or leak."""
    try:
        data = read_bytes(path, path.parent)[:MAX_BYTES]
        return decode(data)[0]
    except ReadError as exc:
        return f"({exc})"
