"""Read one article file (.txt, .md or .json) into an :class:`Article`.

News files saved from the web carry page furniture around the story: site names, datelines,
"Loading...", repeated headlines, share links. This module keeps the metadata it can find
(title, date, source, url) and leaves the rest out of the body so that it pollutes neither
the index nor the snippets.
"""

from __future__ import annotations

import codecs
import errno
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..text import normalize_text
from .dates import checked_date, find_date
from .textfix import clean_text, repair_unencodable

SUFFIXES = (".txt", ".md", ".json")
"""File types read as articles; others in a corpus folder are ignored."""

MAX_BYTES = 5 * 1024 * 1024
"""Articles longer than this are cut (with a note) so one huge file cannot exhaust memory."""

FIRST_SENTENCE_MAX = 300
"""A title made from the story's first sentence is cut here; a real headline is kept whole
(result lists shorten it for display, the article page shows all of it)."""

_BINARY_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or Office document)",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
}
_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
_JSON_TEXT_KEYS = ("text", "body", "article", "content")
_JSON_SUMMARY_KEYS = ("heading", "summary", "description", "lead")

_URL = re.compile(r"https?://[^\s<>()\"']+", re.IGNORECASE)
_SEPARATOR = re.compile(r"^[\s\-–—_*=#.•·]*$")
_MARKDOWN = re.compile(r"^\s*#{1,6}\s*|\*\*|__|^\s*>\s*")
_BOILERPLATE = re.compile(
    r"^(loading\.*|voir plus|.*\bvoir plus|lire (la )?suite|read more|share( this)?( article)?|"
    r"advertisement|publicit[ée]|kaynak\s*/\s*source\s*:?.*|source\s*:|photo\s*:.*|"
    r"click here.*|cliquez ici.*|subscribe.*|abonnez-vous.*)$",
    re.IGNORECASE,
)
_SOURCE_LINE = re.compile(r"^(?:kaynak\s*/\s*)?sources?\s*:\s*(\S.{0,59})$", re.IGNORECASE)
"""``Source: AFP``, ``Kaynak/Source: AzerNews``, ``Source : Le Monde``: the most explicit source there is."""
_BYLINE = re.compile(r"^(?:by|par)\s+(.+)$", re.IGNORECASE)
_SOURCE_WITH_DATE = re.compile(r"^([A-Z][\w.&' -]{1,40}?)\s*\(([^)]*)\)\s*$")


class ReadError(Exception):
    """The file is not a readable article; the message says why."""


@dataclass
class Article:
    """One news article as read from a file, before analysis."""

    id: str
    title: str
    body: str
    date: str | None = None
    source: str | None = None
    url: str | None = None
    lang: str | None = None
    notes: list[str] = field(default_factory=list)
    headline: bool = True
    """False when the title is only the story's first sentence (then it is not boosted as one)."""
    section: str | None = None
    """The section the file states (a JSON ``section`` or ``category``, a page's category);
    see :func:`search.ingest.sections.section_of` for the folder used otherwise."""

    @property
    def text(self) -> str:
        """Everything searchable, headline first."""
        if not self.headline:
            return self.body
        return f"{self.title}\n\n{self.body}" if self.body else self.title


def decode(data: bytes) -> tuple[str, str | None]:
    """Bytes to text: a BOM's encoding, else UTF-8, else Windows-1252/Latin-1 with a note.

    Raises ReadError for content that is not text at all."""
    for magic, kind in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise ReadError(f"binary file ({kind}), not text")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ReadError(f"invalid {encoding.upper()} despite its byte-order mark: {exc.reason}") from None
            return text, (None if encoding == "utf-8-sig" else f"decoded as {encoding.upper()} (byte-order mark)")
    if b"\x00" in data[:8192]:
        raise ReadError("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        # A file cut at MAX_BYTES may end inside a character; that alone is not a reason to fall back.
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return data[: exc.start].decode("utf-8"), None
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\t\n\r\f")
        if controls > len(text[:8192]) * 0.05:
            raise ReadError("binary file (mostly control characters), not text")
        return text, f"not valid UTF-8; decoded as {encoding}"
    raise ReadError("undecodable bytes")


def read_bytes(path: Path, root: Path, limit: int = MAX_BYTES) -> bytes:
    """The first ``limit + 1`` bytes of the article file ``path`` in corpus folder ``root``.

    Symbolic links are followed only to files inside ``root`` (both real paths compared), so
    a link to ``/etc/passwd`` is never read. The file is opened without blocking and checked
    to be a regular file on the open descriptor: a named pipe or device swapped in after the
    folder was listed is refused instead of hanging the run."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    if os.path.commonpath([real_root, real]) != real_root:
        raise ReadError("symbolic link to a file outside the corpus folder (not followed)")
    try:
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # the real path became a link after it was resolved
            raise ReadError("replaced by a symbolic link while being read (not followed)") from None
        raise ReadError(f"cannot read: {exc.strerror}") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):  # a file replaced by a folder after the listing
            raise ReadError("became a folder while the corpus was read (not read)")
        if not stat.S_ISREG(mode):
            raise ReadError("not a regular file (a named pipe, device or socket is never read)")
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as fh:
        try:
            return fh.read(limit + 1)
        except OSError as exc:
            raise ReadError(f"cannot read: {exc.strerror}") from None


def read_capped(path: Path, root: Path, data: bytes | None = None) -> tuple[bytes, list[str]]:
    """The file's bytes (``data`` when already read), cut at ``MAX_BYTES`` with a note saying so."""
    if data is None:
        data = read_bytes(path, root)
    if len(data) <= MAX_BYTES:
        return data, []
    megabytes = MAX_BYTES // (1024 * 1024)
    return data[:MAX_BYTES], [f"longer than {megabytes} MB; only the first {megabytes} MB read"]


def read_article(path: Path, root: Path, data: bytes | None = None) -> Article:
    """Read ``path`` (inside corpus folder ``root``) into an Article, or raise ReadError.

    Title, body and source come out normalised (:func:`search.text.normalize_text`): the
    stored text is the analysed text, so snippet offsets match."""
    data, notes = read_capped(path, root, data)
    text, note = decode(data)
    if note:
        notes.append(note)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    doc_id = path.relative_to(root).as_posix()
    if path.suffix.lower() == ".json":
        article = _from_json(doc_id, text)
    else:
        article = _from_text(doc_id, text)
    article.title, article.body = normalize_text(article.title), normalize_text(article.body)
    if article.source:
        article.source = normalize_text(article.source)
    if not article.body.strip() and not article.title.strip():
        raise ReadError("no text (empty or whitespace only)")
    article.title, article.body = clean_text(article.title), clean_text(article.body)
    article.notes = notes
    return settle(article)


def settle(article: Article) -> Article:
    """What every reader's article goes through last: text that cannot be encoded repaired,
    a date outside the sane range dropped, so that no stored value can fail a page, an export,
    the command line or the date arithmetic of the query stage."""
    article.title = repair_unencodable(article.title)
    article.body = repair_unencodable(article.body)
    article.source = repair_unencodable(article.source) if article.source else None
    article.url = repair_unencodable(article.url) if article.url else None
    article.date = checked_date(article.date)
    return article


def _from_json(doc_id: str, text: str) -> Article:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReadError(f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    if not isinstance(obj, dict):
        raise ReadError("JSON article must be an object with a text field")

    def string(*keys: str) -> str | None:
        for key in keys:
            value = obj.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
        return None

    body = string(*_JSON_TEXT_KEYS)
    if body is None:
        raise ReadError(f"JSON article has no text (expected one of: {', '.join(_JSON_TEXT_KEYS)})")
    summary = string(*_JSON_SUMMARY_KEYS)
    if summary:
        body = f"{summary}\n\n{body}"
    date_text = string("date", "published", "published_at", "pubDate")
    found = find_date(date_text) if date_text else None
    title = string("title", "headline")
    return Article(
        id=doc_id,
        title=_title(title, body),
        headline=title is not None,
        body=body,
        date=found[0] if found else None,
        source=string("source", "publisher", "site"),
        url=_safe_url(string("url", "link")),
        section=string("section", "category"),
    )


def _from_text(doc_id: str, text: str) -> Article:
    lines = [_MARKDOWN.sub("", line).strip() for line in text.split("\n")]
    url = None
    date = None
    source = None
    stated = None  # a "Source:" line's name
    title = None
    kept: list[str] = []
    seen: set[str] = set()
    header = True  # metadata is only looked for before the story starts
    for index, line in enumerate(lines):
        if _SEPARATOR.match(line):
            if kept and kept[-1]:
                kept.append("")
            continue
        found_url = _URL.search(line)
        if found_url and len(_URL.sub("", line).strip(" <>[]()")) == 0:
            url = url or _safe_url(found_url.group(0))
            continue
        named = _SOURCE_LINE.match(line)
        if named and _looks_like_name(named.group(1)):
            stated = named.group(1).strip(" .")
            continue
        if _BOILERPLATE.match(line):
            continue
        if line in seen:
            continue
        seen.add(line)
        if header:
            consumed, date, source = _header_line(line, date, source, lines[index + 1:], title is None)
            if consumed:
                continue
            if title is None and _looks_like_title(line):
                title = line
                continue
            header = False
        kept.append(line)
    body = "\n".join(_paragraphs(kept))
    return Article(id=doc_id, title=_title(title, body), body=body, date=date, source=stated or source,
                   url=url, headline=title is not None)


def _header_line(line: str, date: str | None, source: str | None, rest: list[str],
                 before_title: bool) -> tuple[bool, str | None, str | None]:
    """Recognise datelines, bylines and a lone site name; returns (consumed, date, source).

    A source is taken only from explicit evidence: a byline naming one word (``By
    Azernews``), a name with the date in brackets (``AzerNews (21 September 2021)``) or a
    lone name line before the headline (``Lagazette``). A place before a date (``Paris, 15
    octobre 2021``) is a dateline, and a short line after the headline a venue
    (``Headingley``), never a source."""
    if line.lower().startswith("date "):
        line = line[5:]
    found = find_date(line)
    if found and len(line) < 90:
        after = line[found[2]:].strip(" ,-–|")
        date = date or found[0]
        byline = _BYLINE.match(after)
        if byline and " " not in byline.group(1).strip():
            source = source or byline.group(1).strip()
        named = _SOURCE_WITH_DATE.match(line)
        if named:
            source = source or named.group(1).strip()
        return True, date, source
    byline = _BYLINE.match(line)
    if byline and len(line) < 60:
        name = byline.group(1).strip()
        if " " not in name:
            source = source or name
        return True, date, source
    next_real = next((l for l in rest if l and not _SEPARATOR.match(l)), "")
    if before_title and " " not in line and len(line) <= 30 and source is None and _looks_like_title(next_real):
        return True, date, line
    return False, date, source


def _looks_like_name(text: str) -> bool:
    """A publisher's name (``AFP``, ``Le Monde``), not a phrase (``a government official``) or a link."""
    return text[:1].isupper() and len(text.split()) <= 6 and not _URL.search(text)


def _looks_like_title(line: str) -> bool:
    """A headline: a few words, not a paragraph of running text."""
    return 1 <= len(line.split()) <= 30 and len(line) <= 250 and not line.endswith((".", ":", ";", ","))


def _paragraphs(lines: list[str]) -> list[str]:
    while lines and not lines[0]:
        lines = lines[1:]
    while lines and not lines[-1]:
        lines = lines[:-1]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return out


def _first_sentence(text: str) -> str:
    first = text.strip().split("\n", 1)[0]
    match = re.match(r"(.{20,}?[.!?])(\s|$)", first)
    return match.group(1) if match else first


def _title(headline: str | None, body: str) -> str:
    """The headline whole, or else the story's first sentence, cut if it runs on."""
    if headline is not None:
        return " ".join(headline.split())
    return shorten(_first_sentence(body), FIRST_SENTENCE_MAX)


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:-–") + "…"


def _safe_url(url: str | None) -> str | None:
    """Only http(s) links are kept: a ``javascript:`` URL in a file must never become a link."""
    if url and re.match(r"^https?://[^\s]+$", url.strip(), re.IGNORECASE):
        return url.strip()
    return None
