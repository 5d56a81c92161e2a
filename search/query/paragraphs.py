"""Cut an article body into paragraphs for reading.

Most sources keep their paragraph breaks; some (Orange Actu's pages) arrive as one line of
several thousand characters. Such a wall of text is cut at sentence ends into paragraphs of
a few sentences, never inside a sentence and never after an abbreviation such as ``M.`` or
``Dr.``.
"""

from __future__ import annotations

import re

PARAGRAPH_CHARS = 600
"""A paragraph without breaks longer than about this is cut at its sentence ends."""
_SENTENCE_END = re.compile(r"[.!?…][»\"”’)]*\s+(?=[«\"“(]?\s?[A-ZÀ-ÖØ-Þ0-9])")
_LAST_WORD = re.compile(r"(\w+)$")
_ABBREVIATIONS = frozenset("m mm mme mmes mlle dr mr mrs ms st pr prof gen col lt sgt no n vs etc jr sr".split())


def split_paragraphs(text: str) -> list[str]:
    """The non-empty paragraphs of ``text``: its own line breaks first, then sentence ends
    inside any paragraph longer than :data:`PARAGRAPH_CHARS`."""
    paragraphs: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        paragraphs.extend(_cut(line) if len(line) > PARAGRAPH_CHARS else [line])
    return paragraphs


def _cut(text: str) -> list[str]:
    parts: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.end() - start < PARAGRAPH_CHARS // 2:
            continue
        before = _LAST_WORD.search(text, start, match.start())
        if before and (before.group(1).lower() in _ABBREVIATIONS or len(before.group(1)) == 1):
            continue
        parts.append(text[start:match.end()].strip())
        start = match.end()
        if len(text) - start < PARAGRAPH_CHARS // 3:
            break
    parts.append(text[start:].strip())
    return [part for part in parts if part]

