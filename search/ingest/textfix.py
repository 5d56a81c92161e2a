"""Repairs to article text that readers would otherwise see and the index would store.

Two defects of real news dumps, fixed once when an article is read, so the page, the
snippets and the analysed terms all see the same text:

* Markdown escapes left by converters (``\\$472,752``, ``\\*``): the backslash is dropped.
* Sentences glued together when paragraphs were joined (Orange Actu: ``l'AFP.Chez``,
  ``succession.Depuis``): a space goes back after the full stop. Only where the stop ends
  a word of at least two characters and the next word is capitalised and goes on in lower
  case (or with an apostrophe: ``L'affaire``), never inside a URL, a domain or an e-mail
  address, and never between initials (``J.K.Rowling``, ``U.S.Army``).
"""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")


def repair_unencodable(text: str) -> str:
    """Lone UTF-16 surrogates (JSON's ``"\\ud800"``, an XML character reference) as U+FFFD,
    a pair as the character it encodes: text that no page, CSV file or terminal can encode
    as UTF-8 never reaches the index."""
    if text.isascii() or not _SURROGATE.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!$|>~<&%])")
_GLUED = re.compile(r"[.!?](?=[A-ZÀ-ÖØ-Ý](?:[a-zà-öø-ÿ]|['’]))(?<=[^\s.!?]{2}[.!?])")
"""A stop between a word of two characters or more and a capitalised word; the stop first,
so the regex engine scans for it instead of trying a lookbehind at every character."""
_SPACE = re.compile(r"\s")
_NOT_PROSE = re.compile(r"://|www\.|@|\.(?:com|org|net|fr|uk|io|gov|edu)\b", re.IGNORECASE)


def unescape_markdown(text: str) -> str:
    """``\\$472,752`` → ``$472,752``: backslash escapes of Markdown punctuation removed."""
    if "\\" not in text:
        return text
    return _MARKDOWN_ESCAPE.sub(r"\1", text)


def repair_glued_sentences(text: str) -> str:
    """``l'AFP.Chez`` → ``l'AFP. Chez``; URLs, domains, initials and numbers left alone."""
    parts: list[str] = []
    last = 0
    for match in _GLUED.finditer(text):
        stop = match.start()
        start = max(text.rfind(" ", 0, stop), text.rfind("\n", 0, stop), text.rfind("\t", 0, stop)) + 1
        after = _SPACE.search(text, stop)
        if _NOT_PROSE.search(text, start, after.start() if after else len(text)):
            continue
        parts.append(text[last:stop + 1])
        parts.append(" ")
        last = stop + 1
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)


def clean_text(text: str) -> str:
    """Both repairs: what every reader applies to a title and a body."""
    return repair_glued_sentences(unescape_markdown(text))
