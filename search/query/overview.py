"""What the collection holds, for a home page that invites a first search: counts, the span
of dates, and a few example queries in each language drawn from recent headlines."""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache

from babel import Locale

from ..analysis.analyzers import LANGUAGES, STOP_WORDS, analyze, term_spans
from ..backends.base import IndexView
from ..backends.fields import body_field, title_field
from ..text import fold_accents

RECENT_TITLES = 300
"""Newest headlines per language whose words are candidates."""
EXAMPLES = 4
MIN_WORD_CHARS = 4
COMMON_SHARE = 1 / 3
"""A word in more of a language's articles than this says nothing of a story: no example. On
../shared/corpus's French articles: plus 0.66, Français 0.52, après 0.51, deux 0.42 (left
out); gouvernement 0.21, morts 0.19, Covid 0.11 (kept); English: says 0.36, shares 0.14."""
COMMON_MIN_ARTICLES = 30
"""Fewer articles of a language than this tell nothing of which words are common."""


def overview(view: IndexView) -> dict:
    """``{"articles", "languages", "undated", "first_date", "last_date", "examples": {lang: [word]}}``."""
    found = view.summary()
    found["examples"] = {lang: _examples(view, lang) for lang in LANGUAGES if lang in found["languages"]}
    return found


@lru_cache(maxsize=None)
def _language_terms(lang: str) -> frozenset[str]:
    """Terms of the words CLDR names languages with in ``lang`` (français, anglais américain;
    French, American English): the nationality words headlines are full of ("américaine",
    "Français") and that say nothing of a story, so no example query."""
    words = {word for name in Locale(lang).languages.values() for word in name.split()}
    return frozenset(term for word in words for term in analyze(word, lang))


def _examples(view: IndexView, lang: str) -> list[str]:
    """Words frequent in the language's recent headlines and rare in its older ones
    (count × idf over titles), as headlines write them."""
    counts: Counter[str] = Counter()
    surfaces: dict[str, Counter[str]] = {}
    for title in view.recent_titles(lang, RECENT_TITLES):
        seen = set()
        for start, end, term in term_spans(title, lang):
            word = title[start:end]
            if len(word) < MIN_WORD_CHARS or not word.isalpha() or fold_accents(word.lower()) in STOP_WORDS[lang] \
                    or term in _language_terms(lang):
                continue
            if term not in seen:
                seen.add(term)
                counts[term] += 1
            surfaces.setdefault(term, Counter())[word] += 1
    total = max(1, view.doc_count_all())
    field = title_field(lang)
    articles = view.language_doc_count(lang)
    most = COMMON_SHARE * articles if articles >= COMMON_MIN_ARTICLES else articles
    scored = sorted(((n * math.log(total / max(1, view.doc_frequency(field, term))), term)
                     for term, n in counts.items()
                     if n >= 2 and view.doc_frequency(body_field(lang), term) <= most), reverse=True)
    return [surfaces[term].most_common(1)[0][0] for _, term in scored[:EXAMPLES]]
