"""Suggestions as a query is typed: the words of the collection's headlines that begin as the
last word typed (most frequent first, as headlines write them; after another word, the pairs
of words headlines write together first: "climate ch" → "climate change"), then headlines that
contain what is typed. Both languages at once: a reader may type either.

The vocabulary is read once per index (from the stored titles of the newest
VOCABULARY_TITLES articles) and kept by the engine; each keystroke is then a binary search.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..analysis.analyzers import STOP_WORDS
from ..backends.base import IndexView
from ..backends.fields import ID_FIELD, LANG_FIELD, NO_LANGUAGE, TITLE_FIELD
from ..text import fold_accents, normalize_text

VOCABULARY_TITLES = 50_000
"""Newest titles read for the vocabulary (the shared corpus's 8,000 take about a second)."""
MIN_PREFIX_CHARS = 2
MIN_WORD_CHARS = 3
WORDS = 5
TITLES = 3
MAX_TEXT_CHARS = 100
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Vocabulary:
    keys: list[str]
    """Folded lower-case words, sorted (for prefix search)."""
    words: list[str]
    """Each key's most frequent written form (of a pair of words: its second word's)."""
    counts: list[int]
    titles: list[tuple[str, str, str, str]]
    """(folded title, title, id, lang), newest first."""


@lru_cache(maxsize=100_000)
def _fold(text: str) -> str:
    return fold_accents(normalize_text(text).lower())


def vocabulary(view: IndexView) -> Vocabulary:
    """The words and titles suggestions are drawn from."""
    counts: Counter[str] = Counter()
    written: dict[str, Counter[str]] = {}
    first: dict[str, Counter[str]] = {}
    titles = []
    for stored in view.headlines(VOCABULARY_TITLES):
        title = stored.get(TITLE_FIELD) or ""
        lang = stored.get(LANG_FIELD) or NO_LANGUAGE
        titles.append((_fold(title), title, stored[ID_FIELD], lang))
        stops = STOP_WORDS.get(lang, frozenset())
        before = None  # the previous word, when it was a word kept
        for position, word in enumerate(_WORD.findall(title)):
            key = _fold(word)
            if len(word) < MIN_WORD_CHARS or key in stops:
                before = None
                continue
            counts[key] += 1
            # a headline's first word is capitalised whatever it is: its form counts only
            # where the word is never seen elsewhere
            (first if position == 0 else written).setdefault(key, Counter())[word] += 1
            if before is not None:
                counts[f"{_fold(before)} {key}"] += 1
                written.setdefault(f"{_fold(before)} {key}", Counter())[word] += 1
            before = word
    keys = sorted(counts)
    return Vocabulary(keys, [_usual(written.get(key) or first[key]) for key in keys], [counts[key] for key in keys],
                      titles)


def _usual(forms: Counter[str]) -> str:
    """The form to suggest: lower case unless the word is (nearly) always capitalised (a name)."""
    form, n = forms.most_common(1)[0]
    capitalised = sum(count for written, count in forms.items() if written[:1].isupper())
    lower = form.lower()
    return form if capitalised > 0.8 * sum(forms.values()) else next(
        (written for written in forms if written == lower), lower)


def _beginning(words: Vocabulary, prefix: str) -> list[int]:
    """Positions of the keys that begin with ``prefix``, most frequent first (the first few)."""
    start = bisect.bisect_left(words.keys, prefix)
    end = bisect.bisect_left(words.keys, prefix + "\uffff")
    return sorted(range(start, end), key=lambda i: (-words.counts[i], words.keys[i]))[:WORDS * 4]


def complete(words: Vocabulary, text: str) -> list[dict]:
    """Suggestions for ``text`` as typed so far: ``{"kind": "query", "text"}`` (the text with its
    last word completed) then ``{"kind": "article", "text": title, "id", "lang"}``."""
    text = " ".join(normalize_text(text[:MAX_TEXT_CHARS]).split())
    if len(text) < MIN_PREFIX_CHARS:
        return []
    head, _, last = text.rpartition(" ")
    found: list[dict] = []
    if last:
        pairs = _beginning(words, _fold(f"{head.rpartition(' ')[2]} {last}")) if head else []
        # a word alone only where no pair of words begins so, and not after a single letter
        singles = [] if pairs or len(_fold(last)) < MIN_PREFIX_CHARS else \
            [i for i in _beginning(words, _fold(last)) if " " not in words.keys[i]]
        seen = set()
        for i in pairs + singles:
            text_found = f"{head} {words.words[i]}".strip()
            if _fold(text_found) not in seen and len(seen) < WORDS:
                seen.add(_fold(text_found))
                found.append({"kind": "query", "text": text_found})
    whole = _fold(text)
    titles = 0
    for folded, title, doc_id, lang in words.titles:
        at = folded.find(whole)
        if at >= 0 and (at == 0 or not folded[at - 1].isalnum()):
            found.append({"kind": "article", "text": title, "id": doc_id, "lang": lang})
            titles += 1
            if titles >= TITLES:
                break
    return found
