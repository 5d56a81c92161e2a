"""Read a web page saved from a browser (``.html``, ``.htm``) into an :class:`Article`.

Extraction is trafilatura's: it is made for news pages, keeps the story's paragraphs and
leaves out menus, cookie banners, related links and footers, and reads the metadata
publishers put in pages (``<title>``, ``og:`` and ``article:`` meta tags, JSON-LD) with
htmldate for the publication date (meta tags first, then dates written in the page, in
English or French). Imported on first use only: reading .txt/.md/.json never pays for it.

Only what the page states is kept: the source is its site name (``og:site_name`` or the
JSON-LD publisher), never a guess from the address; the URL is the canonical one.
"""

from __future__ import annotations

import re

from .articles import Article, ReadError, _safe_url, decode, shorten

MIN_WORDS = 15
"""A page whose main text has fewer words holds no article (a menu, an index page, an error page)."""
MIN_SENTENCE_WORDS = 6
"""...and at least one line of the text must be this long: running prose, not a list of links."""
TITLE_FROM_TEXT_MAX = 300
MAX_ELEMENTS = 40_000
"""Start tags in a page. News pages hold 2,000-10,000; trafilatura's time grows faster than
the count (40,000 empty paragraphs: 16 s, 10,000: 0.9 s; 1.3 MB of them took 54 s), so a page
beyond this is refused unread. Measured on this project's 2-core machine."""
_START_TAG = re.compile(rb"<[A-Za-z]")


def read_page(doc_id: str, data: bytes) -> Article:
    """The article of a saved web page, or ReadError when it holds none."""
    decode(data)  # refuses binary content (a PDF or an image renamed .html) with its reason
    elements = len(_START_TAG.findall(data))
    if elements > MAX_ELEMENTS:
        raise ReadError(f"web page with {elements:,} elements, more than {MAX_ELEMENTS:,}; not read "
                        "(the budget of one file)")
    import trafilatura  # noqa: PLC0415 - heavy: loaded only where a page is read

    try:
        doc = trafilatura.bare_extraction(
            data,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params={"extensive_search": True, "original_date": True},
        )
    except Exception as exc:  # noqa: BLE001 - lxml and htmldate raise many types on broken markup
        raise ReadError(f"web page could not be parsed: {type(exc).__name__}: {exc}") from None
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    title = _clean(getattr(doc, "title", None))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    lines = [line for line in lines if line]
    if lines and title and lines[0].casefold() == title.casefold():
        lines = lines[1:]  # the headline, repeated as the text's first line
    words = sum(len(line.split()) for line in lines)
    if words < MIN_WORDS or not any(len(line.split()) >= MIN_SENTENCE_WORDS for line in lines):
        raise ReadError("web page without article text (only navigation, links or boilerplate)")
    body = "\n\n".join(lines)
    return Article(
        id=doc_id,
        title=title or shorten(lines[0], TITLE_FROM_TEXT_MAX),
        headline=title is not None,
        body=body,
        date=_clean(getattr(doc, "date", None)),
        source=_clean(getattr(doc, "sitename", None)),
        url=_safe_url(_clean(getattr(doc, "url", None))),
        section=_first_category(getattr(doc, "categories", None)),
    )


def _first_category(value: object) -> str | None:
    """The page's first category (trafilatura gives a list, or a comma-separated string)."""
    if isinstance(value, str):
        value = value.split(",")
    return _clean(value[0]) if isinstance(value, (list, tuple)) and value else None


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None
