"""Read a Word document (``.docx``) into an :class:`Article`.

python-docx (small, pure Python, well kept) gives the document's paragraphs in reading
order with their styles; that is all a news article in Word needs. The paragraphs then go
through the same reader as a ``.txt`` file, so headline, dateline, byline and source are
recognised the same way. A paragraph styled as a title or first-level heading is the
headline. The document's own properties (author, creation date) describe the file, not
the story, and are not used. Imported on first use only.

The old binary ``.doc`` format is not read (see :mod:`search.ingest.ignore`).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from .articles import Article, ReadError, read_article

_HEADLINE_STYLES = ("title", "heading 1")
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
"""A .docx is a zip archive; one that unpacks to more than this is refused unread (a few
megabytes of zip can claim gigabytes)."""


def read_docx(path: Path, root: Path, data: bytes) -> Article:
    """The article in a .docx file, or ReadError (not a .docx, encrypted, no text)."""
    import docx  # noqa: PLC0415 - loaded only where a Word file is read

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ReadError(f"not a readable Word .docx document ({type(exc).__name__})") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise ReadError(f"Word document unpacks to {unpacked // (1024 * 1024)} MB; larger than "
                        f"{MAX_UNPACKED_BYTES // (1024 * 1024)} MB is not read")
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReadError(f"not a readable Word .docx document ({type(exc).__name__})") from None
    except Exception as exc:  # noqa: BLE001 - python-docx raises its own types for broken packages
        raise ReadError(f"not a readable Word .docx document ({type(exc).__name__}: {exc})") from None
    paragraphs: list[str] = []
    headline: str | None = None
    for paragraph in document.paragraphs:
        text = " ".join(paragraph.text.split())
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "").lower()
        if headline is None and not paragraphs and style in _HEADLINE_STYLES:
            headline = text
        paragraphs.append(text)
    if headline is not None:
        paragraphs = paragraphs[1:]
    if not paragraphs:
        raise ReadError("Word document without text")
    article = read_article(path, root, data="\n\n".join(paragraphs).encode("utf-8"))
    if headline is not None:
        article.title, article.headline = headline, True
    return article
