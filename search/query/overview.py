"""What the collection holds, for a home page that invites a first search: counts, the span
of dates, and a few example queries in each language drawn from recent headlines."""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache

import numpy as np
from babel import Locale
from whoosh.searching import Searcher

from ..analysis.analyzers import LANGUAGES, STOP_WORDS, analyze, term_spans
from ..index.labels import labels_of
from ..index.schema import TITLE_FIELD, body_field, title_field
from ..text import fold_accents
from .bm25 import doc_frequency, language_doc_count

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


def overview(searcher: Searcher) -> dict:
    """``{"articles", "languages", "undated", "first_date", "last_date", "examples": {lang: [word]}}``."""
    labels = labels_of(searcher.reader())
    live = labels.live
    dated = live & (labels.date != (0 if labels.date_names[:1] == [""] else -1))
    codes = labels.date[dated]
    languages = {labels.lang_names[code]: int(n) for code, n in enumerate(np.bincount(labels.lang[live],
                 minlength=len(labels.lang_names))) if n and labels.lang_names[code]}
    return {
        "articles": int(np.count_nonzero(live)),
        "languages": dict(sorted(languages.items(), key=lambda kv: -kv[1])),
        "undated": int(np.count_nonzero(live) - np.count_nonzero(dated)),
        "first_date": labels.date_names[int(codes.min())] if len(codes) else None,
        "last_date": labels.date_names[int(codes.max())] if len(codes) else None,
        "examples": {lang: _examples(searcher, labels, dated, lang) for lang in LANGUAGES if lang in languages},
    }


@lru_cache(maxsize=None)
def _language_terms(lang: str) -> frozenset[str]:
    """Terms of the words CLDR names languages with in ``lang`` (français, anglais américain;
    French, American English): the nationality words headlines are full of ("américaine",
    "Français") and that say nothing of a story, so no example query."""
    words = {word for name in Locale(lang).languages.values() for word in name.split()}
    return frozenset(term for word in words for term in analyze(word, lang))


def _examples(searcher: Searcher, labels, dated: np.ndarray, lang: str) -> list[str]:
    """Words frequent in the language's recent headlines and rare in its older ones
    (count × idf over titles), as headlines write them."""
    mine = np.flatnonzero(dated & (labels.lang == labels.lang_code(lang)))
    if not len(mine):
        mine = np.flatnonzero(labels.live & (labels.lang == labels.lang_code(lang)))
    recent = mine[np.argsort(-labels.date[mine], kind="stable")][:RECENT_TITLES]
    counts: Counter[str] = Counter()
    surfaces: dict[str, Counter[str]] = {}
    for docnum in recent.tolist():
        title = searcher.stored_fields(docnum).get(TITLE_FIELD, "")
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
    total = max(1, searcher.doc_count_all())
    field = title_field(lang)
    articles = language_doc_count(searcher, lang)
    most = COMMON_SHARE * articles if articles >= COMMON_MIN_ARTICLES else articles
    scored = sorted(((n * math.log(total / max(1, doc_frequency(searcher, field, term))), term)
                     for term, n in counts.items()
                     if n >= 2 and doc_frequency(searcher, body_field(lang), term) <= most), reverse=True)
    return [surfaces[term].most_common(1)[0][0] for _, term in scored[:EXAMPLES]]
