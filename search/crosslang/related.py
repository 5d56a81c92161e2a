"""More like this: articles on the same subject as one article, in both languages.

An article's most distinctive words (frequent in it, rare in the collection: tf·idf over its
own language's body field) are written out as a query of plain words and run through the
normal search path, so they are translated exactly as a typed query would be and an English
article finds French ones. The article itself, its counterpart (shown apart) and copies
with the same title are left out, and so is the same text filed again under another headline
(a wire story in two places): a reader is never shown one text twice.
"""

from __future__ import annotations

import math
from collections import Counter

from ..analysis.analyzers import term_spans
from ..backends.base import IndexView
from ..backends.fields import BODY_FIELD, KEYS_FIELD, LANG_FIELD, TITLE_FIELD, body_field, field_language
from ..query.build import Translator
from ..query.run import SearchRequest, run_search

RELATED_MAX = 5
QUERY_WORDS = 8
"""Distinctive words searched: enough to pin a subject, few enough to stay on it."""
CANDIDATES = 30
OTHER_LANGUAGE_SLOTS = 2
"""Places kept for the other language, when it has matches, so both languages show."""
MIN_WORD_CHARS = 3
SAME_TEXT = 0.8
"""Share of the smaller article's cognate keys (distinct word beginnings, see
search.crosslang.counterparts) two articles have in common above which they are one text.
Measured on ../shared/corpus (60 random articles and their top 10 related, 540 pairs): median
0.22, 90th percentile 0.36, 99th 0.52; the one text filed twice scored 0.95, and monthly
road-safety figures (two stories on one template) 0.77."""


def related_query(view: IndexView, stored: dict) -> str:
    """The article's most distinctive words as a query string (lower case, as written)."""
    lang = field_language(stored.get(LANG_FIELD))
    text = stored.get(TITLE_FIELD, "") + "\n" + stored.get(BODY_FIELD, "")
    counts: Counter[str] = Counter()
    surfaces: dict[str, Counter[str]] = {}
    for start, end, term in term_spans(text, lang):
        word = text[start:end].lower()
        if len(word) < MIN_WORD_CHARS or not word.replace("'", "").replace("’", "").isalpha():
            continue
        counts[term] += 1
        surfaces.setdefault(term, Counter())[word] += 1
    total = max(1, view.doc_count_all())
    field = body_field(lang)
    weighted = []
    for term, tf in counts.items():
        df = view.doc_frequency(field, term)
        if df < 2 and tf < 2:  # said once, and nowhere else in its language: likely noise
            continue
        weighted.append((tf * math.log(total / df), term))
    best = sorted(weighted, key=lambda pair: (-pair[0], pair[1]))[:QUERY_WORDS]
    return " ".join(surfaces[term].most_common(1)[0][0] for _, term in best)


def find_related(view: IndexView, doc_id: str, translator: Translator | None,
                 exclude: set[str] = frozenset()) -> list[dict]:
    """Up to :data:`RELATED_MAX` articles like ``doc_id``: ``{"id", "title", "lang", "date"}``,
    best first, with places kept for the other language."""
    stored = view.document(doc_id)
    if stored is None:
        return []
    query = related_query(view, stored)
    if not query:
        return []
    results = run_search(view, SearchRequest(query, limit=CANDIDATES, snippets=False), translator)
    title = stored.get(TITLE_FIELD, "").strip().lower()
    candidates = [hit for hit in results.hits
                  if hit.id != doc_id and hit.id not in exclude and hit.title.strip().lower() != title]
    candidates = _different_texts(view, stored, candidates)
    own = stored.get(LANG_FIELD)
    others = [hit for hit in candidates if hit.lang != own][:OTHER_LANGUAGE_SLOTS]
    chosen = {hit.id for hit in others}
    for hit in candidates:
        if len(chosen) >= RELATED_MAX:
            break
        chosen.add(hit.id)
    return [{"id": hit.id, "title": hit.title, "lang": hit.lang, "date": hit.date}
            for hit in candidates if hit.id in chosen]


def _different_texts(view: IndexView, stored: dict, candidates: list) -> list:
    """``candidates`` less each one whose text is the article's or an earlier candidate's."""
    seen = [set(stored.get(KEYS_FIELD, "").split())]
    titles = {stored.get(TITLE_FIELD, "").strip().lower()}
    kept = []
    for hit in candidates:
        keys = set((view.document(hit.id) or {}).get(KEYS_FIELD, "").split())
        if hit.title.strip().lower() in titles or any(_same_text(keys, other) for other in seen):
            continue
        seen.append(keys)
        titles.add(hit.title.strip().lower())
        kept.append(hit)
    return kept


def _same_text(a: set[str], b: set[str]) -> bool:
    return bool(a and b) and len(a & b) / min(len(a), len(b)) >= SAME_TEXT
