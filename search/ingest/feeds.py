"""Read a news feed saved from a feed reader (``.xml``, ``.rss``, ``.atom``): one article per item.

Parsing is feedparser's: RSS 0.9x/1.0/2.0 and Atom, with the dialects and broken markup
real feeds have; imported on first use only.

Each item with text (its content, else its summary) becomes an article whose id is the
file's path, ``#`` and a key made from the item's guid (else its link, else its title):
the id stays the same from run to run however the file's items are reordered, and an item
removed from the file is removed from the index with the file's next sync. The key is a
hash so that the id is safe in a URL whatever the guid holds.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import io
from html.parser import HTMLParser

from .articles import Article, ReadError, _safe_url, decode

MAX_ITEMS = 2000
"""Items read from one feed file; the rest are left out with a note. A site's feed holds a few
dozen items, an archive of one a few thousand; 10,000 tiny items took minutes to index."""
ITEM_KEY_CHARS = 12
"""Hex digits of the item key in an id (48 bits: no collision among a feed's items)."""
_BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
                     "tr", "section", "article", "figcaption", "pre", "ul", "ol", "table"})
_SKIP = frozenset({"script", "style", "noscript", "template"})


def read_feed(doc_id: str, data: bytes) -> tuple[list[Article], list[str]]:
    """The articles of a feed file and notes about items left out; ReadError if it has none."""
    decode(data)  # refuses binary content with its reason
    import feedparser  # noqa: PLC0415 - loaded only where a feed is read

    # A file object, never bytes or a string: feedparser opens a string (and bytes) that names a
    # file or a URL, so a feed whose content is "/etc/passwd" or a named pipe's path would be read.
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=False)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        detail = f" ({type(problem).__name__})" if problem else ""
        raise ReadError(f"XML that is not an RSS or Atom feed{detail}")
    feed_source = _clean(parsed.feed.get("title"))
    articles: list[Article] = []
    seen: set[str] = set()
    without_text = repeated = 0
    for entry in parsed.entries[:MAX_ITEMS]:
        body = _entry_text(entry)
        title = _clean(entry.get("title"))
        if not body:
            without_text += 1
            continue
        identity = entry.get("id") or entry.get("link") or f"{title}|{entry.get('published', '')}"
        key = hashlib.sha1(identity.encode("utf-8", "surrogatepass")).hexdigest()[:ITEM_KEY_CHARS]
        if key in seen:
            repeated += 1
            continue
        seen.add(key)
        source = entry.get("source") or {}
        articles.append(Article(
            id=f"{doc_id}#{key}",
            title=title or body.split("\n", 1)[0][:300],
            headline=title is not None,
            body=body,
            date=_date(entry),
            source=_clean(source.get("title") if hasattr(source, "get") else None) or feed_source,
            url=_safe_url(_clean(entry.get("link"))),
        ))
    notes = []
    if len(parsed.entries) > MAX_ITEMS:
        notes.append(f"{len(parsed.entries)} feed items; only the first {MAX_ITEMS} read")
    if without_text:
        notes.append(f"{without_text} feed item(s) without text (title or link only) left out")
    if repeated:
        notes.append(f"{repeated} feed item(s) repeating an earlier item's guid left out")
    if not articles:
        raise ReadError(f"feed without items that have text ({len(parsed.entries)} item(s), none with content or summary)")
    return articles, notes


def _entry_text(entry) -> str:
    """The item's longest text (full content or summary), as plain paragraphs."""
    candidates = [part.get("value", "") for part in entry.get("content") or []]
    candidates.append(entry.get("summary") or "")
    best = max(candidates, key=len)
    return html_to_text(best) if best else ""


def _date(entry) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return dt.datetime.fromtimestamp(calendar.timegm(value), dt.timezone.utc).date().isoformat()
            except (OverflowError, ValueError, OSError):
                continue
    return None


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(html_to_text(value).split()) if "<" in value or "&" in value else " ".join(value.split())
    return value or None


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """An HTML fragment (a feed item's content) as text: one paragraph per block, tags gone."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n\n".join(line for line in lines if line)
