"""What the collection holds, for a home page that invites a first search: counts, the span
of dates, and a few example queries in each language drawn from recent headlines."""

from __future__ import annotations

import math
from collections import Counter

from ..analysis.analyzers import LANGUAGES, STOP_WORDS, term_spans
from ..backends.base import IndexView
from ..backends.fields import title_field
from ..text import fold_accents

RECENT_TITLES = 300
"""Newest headlines per language whose words are candidates."""
EXAMPLES = 4
MIN_WORD_CHARS = 4


def overview(view: IndexView) -> dict:
    """``{"articles", "languages", "undated", "first_date", "last_date", "examples": {lang: [word]}}``."""
    found = view.summary()
    found["examples"] = {lang: _examples(view, lang) for lang in LANGUAGES if lang in found["languages"]}
    return found


def _examples(view: IndexView, lang: str) -> list[str]:
    """Words frequent in the language's recent headlines and rare in its older ones
    (count × idf over titles), as headlines write them."""
    counts: Counter[str] = Counter()
    surfaces: dict[str, Counter[str]] = {}
    for title in view.recent_titles(lang, RECENT_TITLES):
        seen = set()
        for start, end, term in term_spans(title, lang):
            word = title[start:end]
            if len(word) < MIN_WORD_CHARS or not word.isalpha() or fold_accents(word.lower()) in STOP_WORDS[lang]:
                continue
            if term not in seen:
                seen.add(term)
                counts[term] += 1
            surfaces.setdefault(term, Counter())[word] += 1
    total = max(1, view.doc_count_all())
    field = title_field(lang)
    scored = sorted(((n * math.log(total / max(1, view.doc_frequency(field, term))), term)
                     for term, n in counts.items() if n >= 2), reverse=True)
    return [surfaces[term].most_common(1)[0][0] for _, term in scored[:EXAMPLES]]
