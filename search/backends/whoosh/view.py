"""One state of the embedded index, for one search: :class:`search.backends.base.IndexView`
over a Whoosh searcher, with the numpy scorer (:mod:`.evaluate`) and the label arrays
(:mod:`.labels`) behind it."""

from __future__ import annotations

from itertools import islice
from typing import Hashable

import numpy as np
from whoosh.searching import Searcher

from ...cache import remember
from ...query import plan
from ..base import Filters, Ranked, RankedHit
from ..fields import ID_FIELD, LANG_FIELD, TITLE_FIELD
from .bm25 import doc_frequency, language_doc_count
from .evaluate import Matches, explain, score_all
from .facets import kept_count, select
from .labels import labels_of, language_counts


class WhooshView:
    """A borrowed searcher of the embedded index, answering a search's reads."""

    def __init__(self, searcher: Searcher, identity: Hashable):
        self.searcher = searcher
        self.identity = identity

    # --- statistics -----------------------------------------------------------------------

    def doc_count(self) -> int:
        return self.searcher.doc_count()

    def doc_count_all(self) -> int:
        return self.searcher.doc_count_all()

    def language_doc_count(self, lang: str) -> int:
        return language_doc_count(self.searcher, lang)

    def doc_frequency(self, field: str, term: str) -> int:
        return doc_frequency(self.searcher, field, term)

    def doc_frequencies(self, field: str, terms: list[str]) -> dict[str, int]:
        return {term: doc_frequency(self.searcher, field, term) for term in terms}

    def similar_terms(self, field: str, term: str, maxdist: int, prefix: int, limit: int | None = None) -> list[str]:
        if field not in self.searcher.schema:
            return []
        return list(islice(self.searcher.reader().terms_within(field, term, maxdist, prefix=prefix), limit))

    # --- ranking --------------------------------------------------------------------------

    def rank(self, query: plan.Node, filters: Filters, sort: str, start: int, count: int) -> Ranked:
        """One scoring pass over every match gives the ranking, the total and the facets."""
        matched = score_all(self.searcher, query)
        labels = labels_of(self.searcher.reader())
        docnums, scores = matched.docnums, matched.scores
        answering = _answering(matched, query, sort)
        partial = 0
        if answering is not None:
            partial = kept_count(labels, docnums[~answering], filters)
            docnums, scores = docnums[answering], scores[answering]
        selection = select(labels, docnums, filters)
        docnums, scores = docnums[selection.keep], scores[selection.keep]
        if sort == "date":
            order = np.lexsort((docnums, -scores, -labels.date[docnums]))
        elif sort == "oldest":
            dates = labels.date[docnums]
            undated = dates == _undated(labels)
            order = np.lexsort((docnums, -scores, np.where(undated, len(labels.date_names), dates)))
        else:
            ranks = scores if matched.tiers is None else _tiered(matched.tiers[selection.keep], scores)
            order = _best_first(ranks, docnums, start + count)
        hits = [RankedHit(self.searcher.stored_fields(int(docnums[i])), float(scores[i]), int(docnums[i]))
                for i in order[start:start + count]]
        return Ranked(len(docnums), hits, selection.facets, selection.timeline, _complete(matched, query),
                      matched.dropped, partial)

    def count_complete(self, query: plan.Node) -> int:
        return _complete(score_all(self.searcher, query), query)

    def count(self, query: plan.Node) -> int:
        return remember(lambda caches: caches.counts, (self.identity, plan.signature(query)),
                        lambda: self.count_complete(query))

    def explain(self, query: plan.Node, refs: list[Hashable]) -> dict[Hashable, list[dict]]:
        return explain(self.searcher, query, [int(ref) for ref in refs])

    # --- stored articles ------------------------------------------------------------------

    def document(self, doc_id: str) -> dict | None:
        docnum = self.searcher.document_number(id=doc_id)
        return None if docnum is None else self.searcher.stored_fields(docnum)

    def documents_with(self, field: str, term: str, limit: int) -> list[dict]:
        if (field, term) not in self.searcher.reader():
            return []
        postings = self.searcher.postings(field, term)
        found = []
        while postings.is_active() and len(found) < limit:
            found.append(self.searcher.stored_fields(postings.id()))
            postings.next()
        return found

    def articles_between(self, lang: str, start: str, end: str) -> list[dict]:
        labels = labels_of(self.searcher.reader())
        window = labels.dated_between(start, end) & (labels.lang == labels.lang_code(lang)) & labels.live
        return [self.searcher.stored_fields(docnum) for docnum in np.flatnonzero(window).tolist()]

    def language_counts(self) -> dict[str, int]:
        return language_counts(self.searcher)

    def summary(self) -> dict:
        labels = labels_of(self.searcher.reader())
        live = labels.live
        dated = live & (labels.date != _undated(labels))
        codes = labels.date[dated]
        languages = {labels.lang_names[code]: int(n) for code, n in enumerate(np.bincount(labels.lang[live],
                     minlength=len(labels.lang_names))) if n and labels.lang_names[code]}
        return {
            "articles": int(np.count_nonzero(live)),
            "languages": dict(sorted(languages.items(), key=lambda kv: -kv[1])),
            "undated": int(np.count_nonzero(live) - np.count_nonzero(dated)),
            "first_date": labels.date_names[int(codes.min())] if len(codes) else None,
            "last_date": labels.date_names[int(codes.max())] if len(codes) else None,
        }

    def recent_titles(self, lang: str, limit: int) -> list[str]:
        labels = labels_of(self.searcher.reader())
        mine = np.flatnonzero(labels.live & (labels.date != _undated(labels)) & (labels.lang == labels.lang_code(lang)))
        if not len(mine):
            mine = np.flatnonzero(labels.live & (labels.lang == labels.lang_code(lang)))
        recent = mine[np.argsort(-labels.date[mine], kind="stable")][:limit]
        return [self.searcher.stored_fields(docnum).get(TITLE_FIELD, "") for docnum in recent.tolist()]


    def headlines(self, limit: int) -> list[dict]:
        labels = labels_of(self.searcher.reader())
        live = np.flatnonzero(labels.live)
        newest = live[np.argsort(-labels.date[live], kind="stable")][:limit]
        return [{key: stored.get(key, "") for key in (TITLE_FIELD, ID_FIELD, LANG_FIELD)}
                for stored in (self.searcher.stored_fields(docnum) for docnum in newest.tolist())]


def _undated(labels) -> int:
    return 0 if labels.date_names[:1] == [""] else -1


def _best_first(scores: np.ndarray, docnums: np.ndarray, wanted: int) -> np.ndarray:
    """Positions of the ``wanted`` best scores, best first (ties by document number): only
    the matches scoring at least the ``wanted``-th best are sorted, not all of them."""
    if len(scores) > 4 * wanted:
        threshold = np.partition(scores, len(scores) - wanted)[len(scores) - wanted]
        candidates = np.flatnonzero(scores >= threshold)
        return candidates[np.lexsort((docnums[candidates], -scores[candidates]))]
    return np.lexsort((docnums, -scores))


def _complete(matched: Matches, query: plan.Node) -> int:
    """Matches that cover every concept of the query (all of them for other queries)."""
    ranked = plan.tier_node(query)
    if matched.tiers is None or ranked is None:
        return len(matched.docnums)
    return int(np.count_nonzero(matched.tiers >= ranked.complete_tier))


def _answering(matched: Matches, query: plan.Node, sort: str) -> np.ndarray | None:
    """Which matches a date order lists (ranking rule 6): those covering every concept, where
    some but not all do; None where it lists them all."""
    concepts = plan.date_order_concepts(query, sort)
    if concepts is None or matched.tiers is None:
        return None
    answering = concepts.covered(matched.tiers) >= concepts.size
    return answering if answering.any() and not answering.all() else None


def _tiered(tiers: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """One sort key: the coverage tier first, then the score within it."""
    span = float(scores.max()) + 1.0 if len(scores) else 1.0
    return tiers * span + scores
