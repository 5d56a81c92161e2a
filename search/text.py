"""Unicode normalisation shared by every stage: one spelling for text that looks the same.

The readers (:mod:`search.ingest`) normalise articles when they read them, the query parser
normalises queries, and the analyzers' tokenizer normalises again (a no-op on normalised
text), so the stored text that snippets mark is the very text that was analysed. This
module sits below all of them and imports none, so that reading files does not depend on
the analysis stage.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

FORMAT_CHARACTERS = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
"""Every character of Unicode category Cf (Unicode 14, as a regex class): listed rather than
computed, since walking all code points costs a third of a second at every start."""
_FORMAT_RE = re.compile(f"[{FORMAT_CHARACTERS}]")

_SPECIAL_FOLDS = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o", "Ø": "O",
                                "ı": "i", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D"})
"""Letters that compatibility decomposition leaves whole (``Diyarbakır``, ``Łódź``, ``Đoković``)."""

FOLD_CACHE_SIZE = 50_000
"""Distinct words whose folded form is remembered (analysis folds every token)."""


def normalize_text(text: str) -> str:
    """NFC without format characters: one spelling for text that looks the same.

    Decomposed accents (macOS file names, some editors) and invisible characters inside
    words (zero-width spaces, soft hyphens) would otherwise hide words from search."""
    if text.isascii():
        return text
    text = _FORMAT_RE.sub("", text)
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


@lru_cache(maxsize=FOLD_CACHE_SIZE)
def fold_accents(text: str) -> str:
    """``Gérard`` → ``Gerard``: strip combining marks after compatibility decomposition."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL_FOLDS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
