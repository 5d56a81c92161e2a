"""BM25F with field lengths measured per language.

Whoosh's BM25F divides a field's total length by *all* documents to get the average
length. With one set of fields per language, that makes the minority language's articles
look several times longer than average, and so rank lower. Here each language's fields are
averaged over that language's articles only, so English and French results compete fairly.
The idf stays collection-wide (Lucene's BM25 form, never negative): per-language idf is
unstable when one language has only a handful of articles.
"""

from __future__ import annotations

from whoosh.scoring import BM25F, BM25FScorer, WeightScorer

from ...analysis.analyzers import LANGUAGES
from ...cache import remember, segment_ids
from ...query.ranking import bm25_idf
from ..fields import LANG_FIELD, field_lang
from .whoosh_format import field_b


def doc_frequency(searcher, fieldname: str, text: str) -> int:
    """The searcher's document frequency of a term, kept in the engine's cache (see
    :mod:`search.cache`): a query asks for the same few (its words, their translations, the
    languages) several times, and each answer is a lookup in the term dictionary on disk."""
    parent = searcher.get_parent()
    segments = segment_ids(parent.reader(), deletions=True)
    return remember(lambda caches: caches.doc_frequency, None if segments is None else (segments, fieldname, text),
                    lambda: parent.doc_frequency(fieldname, text))


def language_doc_count(searcher, lang: str) -> int:
    """Articles whose text sits in ``lang``'s fields (the neutral fields take all others)."""
    parent = searcher.get_parent()
    if lang in LANGUAGES:
        return doc_frequency(parent, LANG_FIELD, lang)
    total = parent.doc_count_all()
    return max(0, total - sum(doc_frequency(parent, LANG_FIELD, l) for l in LANGUAGES))


def field_avg_length(searcher, fieldname: str) -> float:
    """A field's average length over the articles of its own language (1 when empty)."""
    parent = searcher.get_parent()
    lang = field_lang(fieldname)
    docs = language_doc_count(searcher, lang) if lang else parent.doc_count_all()
    return (parent.field_length(fieldname) / max(docs, 1)) or 1


class LanguageBM25F(BM25F):
    """BM25F whose average field length counts only the field's own language."""

    def scorer(self, searcher, fieldname, text, qf=1):
        if not searcher.schema[fieldname].scorable:
            return WeightScorer.for_(searcher, fieldname, text)
        return _LanguageScorer(searcher, fieldname, text, field_b(self, fieldname), self.K1, qf=qf)


class _LanguageScorer(BM25FScorer):
    def __init__(self, searcher, fieldname, text, B, K1, qf=1):
        parent = searcher.get_parent()
        self.idf = bm25_idf(doc_frequency(parent, fieldname, text), max(parent.doc_count_all(), 1))
        self.avgfl = field_avg_length(searcher, fieldname)
        self.B = B
        self.K1 = K1
        self.qf = qf
        self.setup(searcher, fieldname, text)
