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
MAX_FILE_BYTES = 50 * 1024 * 1024
"""A .docx is read whole up to this size (not cut at the 5 MB of text files: a cut archive is
no archive). Photos make Word files large while their text stays small, and photos are
never unpacked (see below)."""
MAX_UNPACKED_BYTES = 32 * 1024 * 1024
"""The document's text and markup (its XML parts), counted while they are unpacked: a few
kilobytes of zip can unpack to gigabytes, and an archive's own record of its sizes can lie."""
MAX_MARKUP_TAGS = 400_000
"""Tags (``<``) in those parts. python-docx holds a few hundred bytes and spends about 15 µs
per element: ten million empty paragraphs (60 MB, 92 KB zipped) took 2.5 minutes and 3.5 GB.
A long report has about 100,000 tags; 360,000 cost ~5 s and ~50 MB in python-docx (measured
on this project's 2-core machine)."""
UNPACK_CHUNK = 1024 * 1024
_XML_PARTS = (".xml", ".rels")


def read_docx(path: Path, root: Path, data: bytes) -> Article:
    """The article in a .docx file, or ReadError (not a .docx, encrypted, too big, no text)."""
    import docx  # noqa: PLC0415 - loaded only where a Word file is read

    if len(data) > MAX_FILE_BYTES:
        raise ReadError(f"Word document larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; not read")
    try:
        document = docx.Document(io.BytesIO(_markup_only(data)))
    except ReadError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError) as exc:
        raise ReadError(f"not a readable Word .docx document ({type(exc).__name__})") from None
    except Exception as exc:  # noqa: BLE001 - python-docx raises its own types for broken packages
        raise ReadError(f"not a readable Word .docx document ({type(exc).__name__}: {exc})") from None
    paragraphs: list[str] = []
    headline: str | None = None
    for paragraph in document.paragraphs:
        text = " ".join(paragraph.text.split())
        if not text:
            continue
        if not paragraphs:  # only the first paragraph can be the headline; a style costs a scan of all styles
            style = (paragraph.style.name if paragraph.style is not None else "").lower()
            if style in _HEADLINE_STYLES:
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


def _markup_only(data: bytes) -> bytes:
    """The archive again with its XML parts unpacked under the budgets and every other part
    (photos, fonts, embedded files) left empty: python-docx reads only the XML, and this way
    neither a bomb nor a photo is ever inflated. Raises ReadError past a budget."""
    unpacked = tags = 0
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as archive, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as copy:
        for info in archive.infolist():
            if info.is_dir():
                continue
            if not info.filename.lower().endswith(_XML_PARTS):
                copy.writestr(info.filename, b"")
                continue
            chunks = []
            with archive.open(info) as member:
                while chunk := member.read(UNPACK_CHUNK):
                    unpacked += len(chunk)
                    tags += chunk.count(b"<")
                    if unpacked > MAX_UNPACKED_BYTES:
                        raise ReadError(f"Word document unpacks to more than {MAX_UNPACKED_BYTES // (1024 * 1024)} MB "
                                        "of text and markup; not read")
                    if tags > MAX_MARKUP_TAGS:
                        raise ReadError(f"Word document with more than {MAX_MARKUP_TAGS:,} elements; not read "
                                        "(the budget of one file)")
                    chunks.append(chunk)
            copy.writestr(info.filename, b"".join(chunks))
    return out.getvalue()
