"""Which reader reads which file: one file gives one article, or a feed's several.

Plain articles (.txt, .md, .json) are read by :mod:`search.ingest.articles` with nothing else
loaded; web pages, feeds and Word files by :mod:`search.ingest.html_pages`, :mod:`search.ingest.feeds`
and :mod:`search.ingest.word_files`, whose libraries are imported only when such a file is met.
"""

from __future__ import annotations

from pathlib import Path

from ..text import normalize_text
from .articles import MAX_BYTES, Article, ReadError, read_article, read_bytes, read_capped, settle
from .articles import SUFFIXES as TEXT_SUFFIXES
from .budget import FILE_SECONDS, OverTime, time_limit
from .textfix import clean_text
from .word_files import MAX_FILE_BYTES as MAX_WORD_BYTES

PAGE_SUFFIXES = (".html", ".htm")
FEED_SUFFIXES = (".xml", ".rss", ".atom")
WORD_SUFFIXES = (".docx",)
SUFFIXES = (*TEXT_SUFFIXES, *PAGE_SUFFIXES, *FEED_SUFFIXES, *WORD_SUFFIXES)
"""Every file type read as articles; other files are counted by extension in the report."""


def byte_limit(name: str) -> int:
    """How much of the file ``name`` is read: Word files whole (up to their own limit), since a
    cut archive cannot be opened; every other file up to MAX_BYTES, the rest cut with a note."""
    return MAX_WORD_BYTES if name.lower().endswith(WORD_SUFFIXES) else MAX_BYTES


def read_articles(path: Path, root: Path, data: bytes | None = None,
                  seconds: float = FILE_SECONDS) -> list[Article]:
    """The articles of ``path`` (inside corpus folder ``root``), or ReadError saying why none.

    ``data`` is the file's content as the walker read it (:func:`search.ingest.articles.read_bytes`
    with :func:`byte_limit`); no reader opens a path or a URL itself. Reading may take
    ``seconds`` (see :mod:`search.ingest.budget`)."""
    try:
        with time_limit(seconds):
            return _read(path, root, data)
    except OverTime:
        raise ReadError(f"took longer than {seconds:g} s to read; not read (the time budget of one file)") from None


def _read(path: Path, root: Path, data: bytes | None) -> list[Article]:
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return [read_article(path, root, data=data)]
    if suffix in WORD_SUFFIXES:
        data, notes = (data if data is not None else read_bytes(path, root, limit=MAX_WORD_BYTES)), []
    else:
        data, notes = read_capped(path, root, data)
    doc_id = path.relative_to(root).as_posix()
    if suffix in PAGE_SUFFIXES:
        from .html_pages import read_page  # noqa: PLC0415

        articles = [read_page(doc_id, data)]
    elif suffix in WORD_SUFFIXES:
        from .word_files import read_docx  # noqa: PLC0415

        articles = [read_docx(path, root, data)]
    else:
        from .feeds import read_feed  # noqa: PLC0415

        articles, feed_notes = read_feed(doc_id, data)
        notes.extend(feed_notes)
    for article in articles:  # normalised as read_article does: snippets' offsets depend on it
        article.title = clean_text(normalize_text(article.title))
        article.body = clean_text(normalize_text(article.body))
        if article.source:
            article.source = normalize_text(article.source)
        settle(article)
    articles[0].notes = notes + articles[0].notes
    return articles


__all__ = ["SUFFIXES", "ReadError", "byte_limit", "read_articles"]
