"""Score a query plan (:mod:`search.query.plan`) over whole posting lists at once, with numpy.

Every search needs *all* its matches scored: the total, the language and year facets and
the date sort count every match, not just the first page. Whoosh's matchers walk a tree of
Python objects once per posting per query term, which made a query over 240,000 articles
take seconds. Here each term's postings are read block by block into arrays (and kept in the
engine's cache), and the query tree is evaluated over dense per-document arrays: a handful of
numpy operations per query node, whatever the number of matches.

The scores are those Whoosh gives with :class:`search.backends.whoosh.bm25.LanguageBM25F`:
BM25F per term with per-language average lengths, sums for Or/And, the boosts of every node;
phrases and prefixes score as Whoosh scores them. One deliberate difference: the boost of a
group with one child counts (Whoosh drops it). A phrase over postings of another format is
scored by Whoosh's own matcher and joins the arrays.

Cost is bounded by work, not only by the query's length (see :mod:`search.query.budget`): a prefix
expands to its ``MAX_PREFIX_TERMS`` most frequent terms, all prefixes of a query together
to ``MAX_QUERY_PREFIX_TERMS`` per segment, and evaluation stops at a deadline, keeping
what it has scored; the budget records what was cut, for a note to the user.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import Callable

import numpy as np
from whoosh import query as wq
from whoosh.matching import WrappingMatcher
from whoosh.searching import Searcher

from ...cache import remember, segment_ids
from .labels import live_mask
from .lengths import BYTE_LENGTHS, length_codes
from .whoosh_format import leaf_matcher, per_document_reader, read_positions, read_postings
from ...query import plan
from ...query.budget import MAX_PREFIX_SCAN, MAX_PREFIX_TERMS, current_budget
from ...query.plan import Concepts, concept_nodes
from ...query.ranking import BM25_B, BM25_K1, CONTRADICTION_MAX_CONCEPTS, TIERED_MAX_CONCEPTS, bm25_idf
from .bm25 import doc_frequency, field_avg_length

_MAX_BITS = 62



@dataclass
class Matches:
    """Every matching document of a query: global document numbers and their scores, and
    the coverage tier that ranks before the score (higher first), when the query has one."""

    docnums: np.ndarray
    scores: np.ndarray
    tiers: np.ndarray | None = None
    dropped: frozenset[tuple[str, str]] = frozenset()
    """``(typed text, translation)`` pairs the corpus contradicted (see :func:`contradicted`)."""


@dataclass
class _Part:
    """One query node over one segment: scores, whether each document matches, and (for a
    Concepts node) the coverage tier of each."""

    score: np.ndarray
    hit: np.ndarray
    tier: np.ndarray | None = None
    covered: np.ndarray | None = None
    """For a Concepts node: how many of its concepts each document covers."""
    together: np.ndarray | None = None
    """For a Concepts node: how many of its names each document holds whole."""

    @classmethod
    def nothing(cls, count: int) -> "_Part":
        """No document matches."""
        return cls(np.zeros(count), np.zeros(count, bool))


def _segment_key(reader, *parts) -> tuple | None:
    """A cache key for data of one segment and ``parts`` (see :func:`search.cache.segment_ids`)."""
    segments = segment_ids(reader)
    return None if segments is None else (segments, *parts)


def _postings(reader, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """Document numbers (within the segment) and term frequencies of one term, kept in the
    engine's cache (see :mod:`search.cache`)."""
    return remember(lambda caches: caches.postings, _segment_key(reader, field, text),
                    lambda: _read_postings(reader, field, text))


def _read_postings(reader, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    if (field, text) not in reader:
        return np.empty(0, np.int32), np.empty(0, np.float32)
    matcher = reader.postings(field, text)
    while isinstance(matcher, WrappingMatcher):  # deletions are masked by the caller
        matcher = matcher.child
    leaf = leaf_matcher(matcher)
    return read_postings(leaf) if leaf is not None else _read_slowly(matcher)


def _positions(reader, field: str, text: str, matcher) -> tuple[np.ndarray, np.ndarray]:
    """Every position of a term: ``(document of each position, position)``, cached like
    postings (phrases on common words would otherwise decode them on every search)."""
    return remember(lambda caches: caches.positions, _segment_key(reader, field, text),
                    lambda: read_positions(matcher))


def _phrase_keys(reader, field: str, text: str, matcher, wanted: np.ndarray, shift: int) -> np.ndarray:
    """``doc << 32 | (position - shift)`` for every position of the term in the ``wanted``
    documents: a phrase matches where its words' keys, shifted by their place, coincide."""
    docs, positions = _positions(reader, field, text, matcher)
    keep = np.isin(docs, wanted)
    return (docs[keep].astype(np.int64) << 32) | (positions[keep].astype(np.int64) - shift + (1 << 30))


def _read_slowly(matcher) -> tuple[np.ndarray, np.ndarray]:
    ids, weights = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return np.asarray(ids, np.int32), np.asarray(weights, np.float32)


def _lengths(reader, field: str) -> np.ndarray:
    """Every document's length in ``field``, as BM25 sees it (Whoosh's one-byte lengths)."""
    return remember(lambda caches: caches.lengths, _segment_key(reader, field), lambda: _read_lengths(reader, field))


def _read_lengths(reader, field: str) -> np.ndarray:
    count = reader.doc_count_all()
    codes = length_codes(per_document_reader(reader), field, count)
    if codes is not None:
        return BYTE_LENGTHS[codes]
    return np.array([reader.doc_field_length(n, field, 1) or 0 for n in range(count)], np.float32)


class _Evaluator:
    def __init__(self, searcher: Searcher):
        self.top = searcher
        self.total = max(searcher.doc_count_all(), 1)
        self.k1 = getattr(searcher.weighting, "K1", BM25_K1)
        self.b = getattr(searcher.weighting, "B", BM25_B)
        self.budget = current_budget()
        self.prefix_left = self.budget.prefix_terms
        self.dropped: dict[int, tuple[Concepts, set[tuple[int, int]]]] = {}
        self.negatives: dict[tuple[int, int], tuple[plan.Node, np.ndarray]] = {}
        """(id of a NOT's node, id of a segment's reader) → (the node, kept alive so that its
        id stays its own; what it matches there)."""

    def idf(self, field: str, text: str) -> float:
        return bm25_idf(doc_frequency(self.top, field, text), self.total)

    def evaluate(self, query: plan.Node) -> Matches:
        self.dropped = self.contradictions(query)
        docnums: list[np.ndarray] = []
        scores: list[np.ndarray] = []
        tiers: list[np.ndarray] = []
        for sub, offset in self.top.leaf_searchers():
            reader = sub.reader()
            count = reader.doc_count_all()
            if count == 0:
                continue
            self.prefix_left = self.budget.prefix_terms
            part = self.node(query, sub, reader, count)
            hit = part.hit
            if reader.has_deletions():
                hit = hit & live_mask(reader)
            local = np.flatnonzero(hit)
            docnums.append(local + offset)
            scores.append(part.score[local])
            if part.tier is not None:
                tiers.append(part.tier[local])
        pairs = frozenset(node.units[index].translated[k] for node, dropped in self.dropped.values()
                          for index, k in dropped)
        if not docnums:
            return Matches(np.empty(0, np.int64), np.empty(0, np.float64), dropped=pairs)
        tier = np.concatenate(tiers) if len(tiers) == len(docnums) else None
        return Matches(np.concatenate(docnums), np.concatenate(scores), tier, pairs)

    def contradictions(self, query: plan.Node) -> dict[int, tuple[Concepts, set[tuple[int, int]]]]:
        """The dictionary senses each Concepts node of ``query`` drops (:func:`contradicted`),
        decided once over the live documents of the whole index, before any scoring (so a
        search and its explanation agree, and the prefix budget is spent on the search)."""
        found: dict[int, tuple[Concepts, set[tuple[int, int]]]] = {}
        for node in concept_nodes(query):
            if id(node) not in found and _contradiction_applies(node):
                found[id(node)] = (node, contradicted(node, self.hits))
        return found

    def hits(self, query: plan.Node) -> np.ndarray:
        """Which live documents of the index ``query`` matches, as a mask over document numbers."""
        found = np.zeros(self.total, bool)
        found[_Evaluator(self.top).evaluate(query).docnums] = True
        return found

    def node(self, q: plan.Node, sub: Searcher, reader, count: int) -> _Part:
        if self.budget.expired():
            return _Part.nothing(count)
        kind = type(q)
        if kind is Concepts:
            return self.concepts(q, sub, reader, count)
        if kind is plan.Term:
            return self.term(q, reader, count)
        if kind in (plan.Or, plan.And):
            return self.compound(q, sub, reader, count) if q.children else _Part.nothing(count)
        if kind is plan.Phrase:
            return self.phrase(q, sub, reader, count)
        if kind is plan.Prefix:
            return self.prefix(q, sub, reader, count)
        if kind is plan.AndNot:
            return self.and_not(q, sub, reader, count)
        if kind is plan.Every:
            # Every document, scored by its boost as Whoosh's ListMatcher does (deletions
            # are masked by the caller); ``NOT x`` is ``Every AND NOT x``.
            return _Part(np.full(count, float(q.boost)), np.ones(count, bool))
        raise TypeError(f"not a query plan node: {kind.__name__}")

    def term(self, q: plan.Term, reader, count: int) -> _Part:
        score = np.zeros(count, np.float64)
        hit = np.zeros(count, bool)
        ids, tf = _postings(reader, q.field, q.text)
        if len(ids):
            field = self.top.schema[q.field]
            if field.scorable:
                avgfl = field_avg_length(self.top, q.field)
                lengths = _lengths(reader, q.field)[ids]
                norm = self.k1 * ((1 - self.b) + self.b * lengths / avgfl)
                score[ids] = self.idf(q.field, q.text) * (tf * (self.k1 + 1)) / (tf + norm) * q.boost
            else:
                score[ids] = tf * q.boost
            hit[ids] = True
        return _Part(score, hit)

    def compound(self, q: plan.Or | plan.And, sub: Searcher, reader, count: int) -> _Part:
        """Or/And: the children's scores summed (running sums, so a prefix with a thousand
        expansions never holds a thousand arrays at once)."""
        children = iter(q.children)
        first = self.operand(next(children), sub, reader, count)
        if len(q.children) == 1:
            if q.boost != 1.0:
                first.score = first.score * q.boost
            return first
        score, hit = first.score.copy(), first.hit.copy()
        is_and = isinstance(q, plan.And)
        for child in children:
            part = self.operand(child, sub, reader, count)
            score += part.score
            if is_and:
                hit &= part.hit
            else:
                hit |= part.hit
        if q.boost != 1.0:
            score *= q.boost
        return _Part(np.where(hit, score, 0.0), hit)

    def operand(self, q: plan.Node, sub: Searcher, reader, count: int) -> _Part:
        """A child of AND, OR or NOT: words typed side by side there (a name, an expression,
        a bracketed group) match only where all their concepts are found, and their names
        whole (``Brexit AND Le Pen`` is neither ``Brexit AND Le`` nor Brexit and a pen), not
        wherever one of them is."""
        part = self.node(q, sub, reader, count)
        if isinstance(q, Concepts) and part.covered is not None:
            part.hit &= part.covered >= q.size
            names = sum(1 for unit in q.units if unit.together)
            if names and part.together is not None:  # and its names whole (Le Pen, not a pen)
                part.hit &= part.together >= names
            part.score = np.where(part.hit, part.score, 0.0)
        return part

    def best(self, queries: list[plan.Node], sub: Searcher, reader, count: int) -> _Part | None:
        """The best-scoring of several alternatives for each document (a disjunction max)."""
        best: _Part | None = None
        for query in queries:
            part = self.node(query, sub, reader, count)
            if best is None:
                best = _Part(part.score.copy(), part.hit.copy())
            else:
                np.maximum(best.score, part.score, out=best.score)
                best.hit |= part.hit
        return best

    def concepts(self, q: Concepts, sub: Searcher, reader, count: int) -> _Part:
        """Concepts: each unit scores as its best alternative, the units' scores add up,
        and the tier counts the concepts covered (in any language), then the names found
        with their words together.

        Measured on the dev queries (bench/RESULTS.md): the "together" tier matters for
        names, which any one of their words covers (``Paris`` alone is no sign of Paris
        Saint-Germain); for expressions it put a passing mention of the translated
        expression above articles with the typed words apart (``Jeux olympiques`` in an
        article on Japan above athletics reports for ``Olympic Games``), so expressions
        standing together earn their bonus in the score only (see
        :mod:`search.query.ranking`, rule 2, for the tiers and their measurements)."""
        score = np.zeros(count, np.float64)
        hit = np.zeros(count, bool)
        covered = np.zeros(count, np.int64)
        strongly = np.zeros(count, np.int64)
        together = np.zeros(count, np.int64)
        dropped = self.dropped.get(id(q), (q, set()))[1]
        for index, unit in enumerate(q.units):
            mask = 0
            for position in unit.covers:
                mask |= 1 << min(position, _MAX_BITS)
            kept = [k for k in range(len(unit.other)) if (index, k) not in dropped]
            trusted = unit.typed + [unit.other[k] for k in kept if k not in unit.weak]
            strong = self.best(trusted, sub, reader, count)
            weak = self.best([unit.other[k] for k in kept if k in unit.weak], sub, reader, count)
            if strong is None and weak is None:
                continue
            if strong is not None and weak is not None:
                unit_score = np.maximum(strong.score, weak.score)
                unit_hit = strong.hit | weak.hit
            else:
                either = strong if strong is not None else weak
                unit_score, unit_hit = either.score, either.hit
            score += unit_score
            hit |= unit_hit
            covered[unit_hit] |= mask
            if strong is not None:
                strongly[strong.hit] |= mask
            if unit.together:
                together += unit_hit
        concepts = _bit_count(covered, q.size)
        tier = None
        if q.size <= TIERED_MAX_CONCEPTS:
            tier = np.where(hit, q.tier(_bit_count(strongly, q.size), concepts, together), 0)
        else:  # a pasted sentence: the share of its concepts covered scales the score instead
            score = score * (concepts / q.size)
        return _Part(np.where(hit, score, 0.0) * q.boost, hit, tier, np.where(hit, concepts, 0),
                     np.where(hit, together, 0))

    def prefix(self, q: plan.Prefix, sub: Searcher, reader, count: int) -> _Part:
        """A prefix as Whoosh scores it: the Or of the terms of the segment it expands to
        (the most frequent ones only, within the budget)."""
        terms: list[plan.Node] = [plan.Term(q.field, text) for text in self.expand(reader, q.field, q.text)]
        if not terms:
            return _Part.nothing(count)
        return self.compound(plan.Or(terms, boost=q.boost), sub, reader, count)

    def expand(self, reader, fieldname: str, prefix: str) -> list[bytes]:
        """The prefix's terms in this segment, the most frequent first, cut to the budget."""
        found: list[tuple[int, bytes]] = []
        for text, info in reader.iter_prefix(fieldname, prefix):
            found.append((info.doc_frequency(), text))
            if len(found) >= MAX_PREFIX_SCAN:
                break
        allowed = max(0, min(MAX_PREFIX_TERMS, self.prefix_left))
        if len(found) > allowed:
            kept = self.budget.cut_prefixes.get(prefix, (0, 0))
            self.budget.cut_prefixes[prefix] = (max(kept[0], allowed), max(kept[1], len(found)))
            found = heapq.nlargest(allowed, found)
        self.prefix_left -= len(found)
        return sorted(text for _, text in found)

    def and_not(self, q: plan.AndNot, sub: Searcher, reader, count: int) -> _Part:
        """The positive part where the negative does not match. A negative is often shared by
        several alternatives (an expression's translation, which its words' alternatives
        stand aside for): it is evaluated once per segment and kept while this evaluator lives."""
        positive = self.node(q.positive, sub, reader, count)
        key = (id(q.negative), id(reader))
        if key not in self.negatives:
            self.negatives[key] = (q.negative, self.operand(q.negative, sub, reader, count).hit)
        hit = positive.hit & ~self.negatives[key][1]
        return _Part(np.where(hit, positive.score, 0.0) * q.boost, hit, positive.tier)

    def phrase(self, q: plan.Phrase, sub: Searcher, reader, count: int) -> _Part:
        """Adjacent words in order: documents holding every word, then their positions
        compared all at once; scored as Whoosh does, the sum of the words' scores. Which
        documents of a segment hold a phrase is kept in the engine's cache: a query asks the
        same phrase several times (an expression typed, its translation, what its words stand
        aside for, the explanation), and the next queries ask it again."""
        if len(q.words) == 1:
            return self.term(plan.Term(q.field, q.words[0], q.boost), reader, count)
        terms = [plan.Term(q.field, word) for word in q.words]
        matchers = []
        for term in terms:
            if (term.field, term.text) not in reader:
                return _Part.nothing(count)
            matcher = leaf_matcher(reader.postings(term.field, term.text))
            if matcher is None:
                return self.with_whoosh(q, sub, count)
            matchers.append(matcher)
        parts = [self.term(term, reader, count) for term in terms]
        found = remember(lambda caches: caches.phrases, _segment_key(reader, q.field, tuple(q.words), q.slop),
                         lambda: self.phrase_documents(q, reader, matchers, parts))
        hit = np.zeros(count, bool)
        hit[found] = True
        score = np.where(hit, np.sum([p.score for p in parts], axis=0) * q.boost, 0.0)
        return _Part(score, hit)

    @staticmethod
    def phrase_documents(q: plan.Phrase, reader, matchers: list, parts: list[_Part]) -> np.ndarray:
        """The segment's documents (numbers within it) where the phrase stands."""
        candidates = np.flatnonzero(np.logical_and.reduce([p.hit for p in parts]))
        if q.slop:
            first = np.sort(_phrase_keys(reader, q.field, q.words[0], matchers[0], candidates, 0))
            second = _phrase_keys(reader, q.field, q.words[1], matchers[1], candidates, 1)
            # the first word's nearest position at or after (second - slop), same document
            at = np.searchsorted(first, second - q.slop)
            near = at < len(first)
            near[near] = first[at[near]] <= second[near] + q.slop
            return np.unique(second[near] >> 32).astype(np.int32)
        keys = None
        for place, matcher in enumerate(matchers):
            found = _phrase_keys(reader, q.field, q.words[place], matcher, candidates, place)
            keys = found if keys is None else np.intersect1d(keys, found, assume_unique=False)
            if not len(keys):
                break
        return np.unique(keys >> 32).astype(np.int32) if keys is not None else np.empty(0, np.int32)

    def with_whoosh(self, q: plan.Phrase, sub: Searcher, count: int) -> _Part:
        """A phrase over postings of another format: Whoosh's matcher, one posting at a time."""
        score = np.zeros(count, np.float64)
        hit = np.zeros(count, bool)
        matcher = whoosh_query(q).matcher(sub)
        ids, values = [], []
        while matcher.is_active():
            ids.append(matcher.id())
            values.append(matcher.score())
            matcher.next()
        if ids:
            index = np.asarray(ids, np.int64)
            score[index] = values
            hit[index] = True
        return _Part(score, hit)


def contradicted(q: Concepts, hits: Callable[[plan.Node], np.ndarray]) -> set[tuple[int, int]]:
    """Dictionary senses the corpus contradicts for this query, as ``(unit, alternative)``:
    a translation from a dictionary or a user's list (the glossary's are trusted) that no
    article shares with any other concept of the query is a sense the query does not mean
    (``grue Bouygues``: *crane* the bird is never found with Bouygues). Only where every
    other concept matches somewhere (else there is nothing to tell by), and only in keyword
    queries (``CONTRADICTION_MAX_CONCEPTS``). ``hits(alternative)`` gives the live documents
    it matches in the whole index (see :meth:`_Evaluator.contradictions`, which decides once
    per query, before scoring)."""
    if not _contradiction_applies(q):
        return set()
    unit_hits = []
    alternative_hits: dict[tuple[int, int], np.ndarray] = {}
    for index, unit in enumerate(q.units):
        found = np.logical_or.reduce([hits(alternative) for alternative in unit.typed]) if unit.typed else None
        for k, alternative in enumerate(unit.other):
            matched = hits(alternative)
            found = matched.copy() if found is None else found | matched
            if k in unit.translated:
                alternative_hits[index, k] = matched
        unit_hits.append(found)
    dropped: set[tuple[int, int]] = set()
    for (index, k), matched in alternative_hits.items():
        others = [unit_hits[j] for j, other in enumerate(q.units)
                  if j != index and other.covers.isdisjoint(q.units[index].covers) and unit_hits[j] is not None]
        if not others or not all(other.any() for other in others):
            continue
        if not np.logical_and(matched, np.logical_or.reduce(others)).any():
            dropped.add((index, k))
    return dropped


def _contradiction_applies(q: Concepts) -> bool:
    return 2 <= len(q.units) and q.size <= CONTRADICTION_MAX_CONCEPTS and any(unit.translated for unit in q.units)


def _bit_count(masks: np.ndarray, size: int) -> np.ndarray:
    """How many of the first ``size`` bits each mask has set."""
    counts = np.zeros(len(masks), np.int64)
    for bit in range(min(size, _MAX_BITS + 1)):
        counts += (masks >> bit) & 1
    return counts


def whoosh_query(node: plan.Node) -> wq.Query:
    """The Whoosh query that matches what ``node`` matches, scored as Whoosh scores it (a
    Concepts node as the Or of every alternative): for Whoosh's own matchers, and for tests
    that hold our scores against Whoosh's."""
    if isinstance(node, plan.Term):
        return wq.Term(node.field, node.text, boost=node.boost)
    if isinstance(node, plan.Phrase):
        return wq.Phrase(node.field, node.words, slop=1 + node.slop, boost=node.boost)  # in order only
    if isinstance(node, plan.Prefix):
        return wq.Prefix(node.field, node.text, boost=node.boost)
    if isinstance(node, plan.AndNot):
        query = wq.AndNot(whoosh_query(node.positive), whoosh_query(node.negative))
        query.boost = node.boost
        return query
    if isinstance(node, plan.Every):
        return wq.Every(boost=node.boost)
    kind = wq.And if isinstance(node, plan.And) else wq.Or
    return kind([whoosh_query(child) for child in plan.children(node)], boost=node.boost)


def score_all(searcher: Searcher, query: plan.Node) -> Matches:
    """Every document matching ``query`` with its score, across all segments."""
    return _Evaluator(searcher).evaluate(query)


def explain(searcher: Searcher, query: plan.Node, docnums: list[int]) -> dict[int, list[dict]]:
    """Why each of ``docnums`` matched: for every concept of the query, the alternatives
    (typed words, translations, cognates, phrases; which language's articles, what weight)
    that match the document, with their scores; the best one is what the concept scored.

    Each alternative is evaluated over the whole index, so this is for the few hits of a
    page, on request."""
    evaluator = _Evaluator(searcher)
    wanted = np.asarray(docnums, np.int64)
    found: dict[int, list[dict]] = {doc: [] for doc in docnums}
    decided = evaluator.contradictions(query)
    for concepts in concept_nodes(query):
        dropped = decided.get(id(concepts), (concepts, set()))[1]
        for index, unit in enumerate(concepts.units):
            # Senses the corpus contradicts (see contradicted()) are left out, as in the search.
            alternatives = unit.typed + [alt for k, alt in enumerate(unit.other) if (index, k) not in dropped]
            details = unit.typed_details + [d for k, d in enumerate(unit.other_details) if (index, k) not in dropped]
            scores = []
            for alternative in alternatives:
                matched = evaluator.evaluate(alternative)
                at = dict(zip(matched.docnums.tolist(), matched.scores.tolist()))
                scores.append([at.get(int(doc), 0.0) for doc in wanted])
            for column, doc in enumerate(docnums):
                row = [(scores[i][column], details[i]) for i in range(len(alternatives)) if scores[i][column] > 0]
                best = max((score for score, _ in row), default=0.0)
                found[doc] += [{"concept": unit.label, "match": detail, "score": round(score, 3),
                                "counted": score == best} for score, detail in row]
    return found
