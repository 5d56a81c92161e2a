"""Snippets: the article's own words, HTML-escaped, with ``<mark>`` around those that matched.

The text is re-analysed with the article's analyzer (with character offsets), so a token
matches when its *index term* is one the query looked for, and the mark goes around the word
as written in the article (``donated``), never around its stem (``donat``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape, unescape

from ..analysis.analyzers import initial, term_spans
from .build import Terms

SNIPPET_CHARS = 260
LEAD_CHARS = 70
MAX_ANALYSED_CHARS = 200_000
"""Very long articles are only searched this far for snippet matches."""


@dataclass
class _Match:
    start: int
    end: int
    key: str = field(compare=False)


def matches(text: str, lang: str, terms: Terms) -> list[_Match]:
    """Spans of ``text`` whose index terms are among ``terms``, in order."""
    if not terms:
        return []
    found: list[_Match] = []
    for start, end, key in term_spans(text[:MAX_ANALYSED_CHARS], lang, _initials(terms)):
        if key in terms.exact or (terms.prefixes and key.startswith(terms.prefixes)):
            found.append(_Match(start, end, key))
    return found


def _initials(terms: Terms) -> frozenset[str] | None:
    """The two-letter beginnings of every term that could match (None: any could)."""
    found = {initial(t) for t in (*terms.exact, *terms.prefixes)}
    return None if any(len(i) < 2 for i in found) else frozenset(found)


def mark_all(text: str, lang: str, terms: Terms) -> str:
    """The whole text escaped, every match marked (titles, article pages)."""
    return _render(text, matches(text, lang, terms), 0, len(text))


def snippet(text: str, lang: str, terms: Terms, size: int = SNIPPET_CHARS) -> str:
    """The passage of about ``size`` characters with the most distinct matched words."""
    found = matches(text, lang, terms)
    if not found:
        end = _word_boundary(text, min(len(text), size), forward=True)
        return " ".join(_render(text, [], 0, end).split())
    best_start = _best_window(found, size)
    start = _word_boundary(text, max(0, best_start - LEAD_CHARS), forward=False)
    end = _word_boundary(text, min(len(text), start + size), forward=True)
    return " ".join(_render(text, found, start, end).split())


_MARKUP = re.compile(r"</?mark>")


def plain_text(html: str) -> str:
    """A snippet or marked text as plain text: the marks dropped, the escapes undone."""
    return unescape(_MARKUP.sub("", html))


def _best_window(found: list[_Match], size: int) -> int:
    """Where the ``size`` characters with the most distinct matched terms begin (the first
    such match). One pass with a sliding window: a long article whose every word matches a
    prefix query has tens of thousands of matches, and comparing each with all the following
    ones took seconds per snippet."""
    counts: dict[str, int] = {}
    best_start, best_score = found[0].start, -1
    end = 0  # the window is found[i:end]: the matches ending within size of found[i]'s start
    for i, m in enumerate(found):
        if end < i:
            end = i
        while end < len(found) and found[end].end <= m.start + size:
            counts[found[end].key] = counts.get(found[end].key, 0) + 1
            end += 1
        if len(counts) > best_score:
            best_start, best_score = m.start, len(counts)
        if i < end:
            key = m.key
            counts[key] -= 1
            if not counts[key]:
                del counts[key]
    return best_start


def _word_boundary(text: str, pos: int, forward: bool) -> int:
    if pos <= 0 or pos >= len(text):
        return max(0, min(pos, len(text)))
    step = 1 if forward else -1
    limit = 30
    while 0 < pos < len(text) and not text[pos].isspace() and limit:
        pos += step
        limit -= 1
    return pos


def _render(text: str, found: list[_Match], start: int, end: int) -> str:
    parts = ["… " if start > 0 else ""]
    pos = start
    for m in found:
        if m.start < pos or m.end > end:
            continue
        parts.append(escape(text[pos:m.start], quote=False))
        parts.append(f"<mark>{escape(text[m.start:m.end], quote=False)}</mark>")
        pos = m.end
    parts.append(escape(text[pos:end], quote=False))
    if end < len(text):
        parts.append(" …")
    return "".join(parts)
