"""A query plan (:mod:`search.query.plan`) as one Solr request that ranks as the embedded index does.

Scores. Solr scores each term with Lucene's BM25, which differs from ours in two ways that a
per-term boost corrects exactly: Lucene leaves out BM25's ``k1 + 1`` factor, and it counts a
term's idf over the documents that have the field (here: one language's articles), where
ours counts every article (:func:`search.query.ranking.bm25_idf`). So each term carries
``boost × (k1 + 1) × our idf / Lucene's idf``, computed from the collection's exact document
frequencies (summed over the shards). A phrase scores as the sum of its words (a non-scoring
``filter()`` of the phrase, then its words), a prefix as the Or of its most frequent terms,
as the embedded index scores them.

Concepts. Each unit is a ``{!maxscore}`` query over its alternatives (a unit scores as its best
alternative), the units add up, and the coverage tier (:mod:`search.query.ranking`, rule 2;
:meth:`search.query.plan.Concepts.tier`) becomes a sort function of ``exists(query($u))`` per
unit, and of ``exists(query($us))`` for a unit's trusted alternatives alone where it has weak
ones. A pasted sentence (more than ``TIERED_MAX_CONCEPTS``
concepts) has its score scaled by the share of concepts covered instead. The units and
alternatives travel as request parameters, so no query text is escaped twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from ...query import plan
from ...query.budget import MAX_PREFIX_SCAN, MAX_PREFIX_TERMS, Budget
from ...query.plan import Concepts
from ...query.ranking import BM25_K1, CONTRADICTION_MAX_CONCEPTS, TIERED_MAX_CONCEPTS, bm25_idf

NOTHING = "(-*:*)"
"""A clause that matches no document."""
_SPECIAL = re.compile(r'([\\+\-!():^\[\]"{}~*?|&/\s])')


def escape(term: str) -> str:
    """A term as a Lucene query names it."""
    return _SPECIAL.sub(r"\\\1", term)


def lucene_idf(df: int, docs: int) -> float:
    """Lucene's BM25 idf over ``docs`` documents that have the field."""
    return bm25_idf(df, docs)


class Statistics(Protocol):
    """What rendering a plan needs to know of the collection (answered by the view, cached)."""

    articles: int

    def doc_frequencies(self, field: str, terms: list[str]) -> dict[str, int]: ...

    def field_docs(self, field: str) -> int:
        """Articles that have the field (Lucene's ``docCount``)."""

    def prefix_terms(self, field: str, prefix: str, limit: int) -> list[tuple[str, int]]:
        """The field's terms beginning with ``prefix`` and their document frequencies, the most
        frequent first."""


@dataclass
class SolrQuery:
    """A rendered plan: the main query, its parameters, and the ranking tier's function."""

    q: str
    params: dict[str, str] = field(default_factory=dict)
    tier: str | None = None
    """A function of a document's coverage tier (higher first), when the plan ranks by coverage."""
    complete_tier: int | None = None
    covered: str | None = None
    """With ``tier``: a function of how many of the plan's concepts a document covers at all."""


class Renderer:
    """Renders plan nodes for one request (collecting their parameters)."""

    def __init__(self, stats: Statistics, budget: Budget, dropped: dict[int, set[tuple[int, int]]]):
        self.stats = stats
        self.budget = budget
        self.dropped = dropped
        self.params: dict[str, str] = {}
        self.units: dict[int, list[tuple[str, "object"]]] = {}
        """For each Concepts node (by id): ``(parameter name, unit)`` of its rendered units."""
        self.strong: dict[str, str] = {}
        """A unit's parameter name → that of its trusted alternatives alone, where it has weak
        ones (see :mod:`search.query.ranking`, rule 2)."""
        self._frequencies: dict[str, dict[str, int]] = {}
        self._prefix_left = budget.prefix_terms
        self._expanded: dict[int, list[str]] = {}
        self._concepts = 0

    # --- statistics, fetched in one request per field -----------------------------------

    def prepare(self, root: plan.Node) -> None:
        """Expand the prefixes and fetch every term's document frequency, a field at a time."""
        wanted: dict[str, set[str]] = {}
        for node in _leaves(root):
            if isinstance(node, plan.Term):
                wanted.setdefault(node.field, set()).add(node.text)
            elif isinstance(node, plan.Phrase):
                wanted.setdefault(node.field, set()).update(node.words)
            elif isinstance(node, plan.Prefix):
                terms = self._expand(node)
                wanted.setdefault(node.field, set()).update(terms)
        for name, terms in wanted.items():
            self._frequencies[name] = self.stats.doc_frequencies(name, sorted(terms))

    def _expand(self, node: plan.Prefix) -> list[str]:
        found = self.stats.prefix_terms(node.field, node.text, MAX_PREFIX_SCAN)
        allowed = max(0, min(MAX_PREFIX_TERMS, self._prefix_left))
        if len(found) > allowed:
            kept = self.budget.cut_prefixes.get(node.text, (0, 0))
            self.budget.cut_prefixes[node.text] = (max(kept[0], allowed), max(kept[1], len(found)))
            found = found[:allowed]
        self._prefix_left -= len(found)
        terms = sorted(term for term, _ in found)
        self._expanded[id(node)] = terms
        return terms

    def boost(self, name: str, term: str, boost: float) -> float:
        """The Solr boost that makes Lucene's BM25 score of the term ours (see the module)."""
        df = self._frequencies.get(name, {}).get(term, 0)
        if not df:
            return boost
        ours = bm25_idf(df, max(self.stats.articles, 1))
        theirs = lucene_idf(df, max(self.stats.field_docs(name), df))
        return boost * (BM25_K1 + 1) * ours / theirs

    # --- rendering ---------------------------------------------------------------------

    def node(self, q: plan.Node) -> str:
        kind = type(q)
        if kind is Concepts:
            return self.concepts(q)
        if kind is plan.Term:
            return self.term(q.field, q.text, q.boost)
        if kind is plan.Phrase:
            if len(q.words) == 1:
                return self.term(q.field, q.words[0], q.boost)
            words = " ".join(escape(word) for word in q.words)
            scored = " ".join(self.term(q.field, word, q.boost) for word in q.words)
            slop = f"~{q.slop}" if q.slop else ""
            return f'(+filter({q.field}:"{words}"{slop}) {scored})'
        if kind is plan.Prefix:
            terms = self._expanded.get(id(q), [])
            if not terms:
                return NOTHING
            return "(" + " ".join(self.term(q.field, term, 1.0) for term in terms) + f")^{_number(q.boost)}"
        if kind in (plan.Or, plan.And):
            if not q.children:
                return NOTHING
            sign = "+" if kind is plan.And else ""
            return "(" + " ".join(sign + self.operand(child) for child in q.children) + f")^{_number(q.boost)}"
        if kind is plan.AndNot:
            return f"(+{self.node(q.positive)} -{self.operand(q.negative)})^{_number(q.boost)}"
        if kind is plan.Every:
            return f"(*:*)^{_number(q.boost)}"
        raise TypeError(f"not a query plan node: {kind.__name__}")

    def operand(self, q: plan.Node) -> str:
        """A child of AND, OR or NOT: words side by side there match only where all their
        concepts are found, and their names whole (as :meth:`search.backends.whoosh.evaluate.
        _Evaluator.operand`): a non-scoring filter on the coverage function."""
        rendered = self.node(q)
        if not isinstance(q, Concepts) or not self.units.get(id(q)):
            return rendered
        name = f"c{self._concepts}whole"
        self._concepts += 1
        if q.size <= TIERED_MAX_CONCEPTS:
            names = sum(1 for unit in q.units if unit.together)
            self.params[name] = _sum([f"product({self.covered(q)},{len(q.units) + 1})", *self.together(q)])
            least = q.size * (len(q.units) + 1) + names
        else:
            self.params[name] = self.covered(q)
            least = q.size
        return f"(+{rendered} +filter({{!frange l={least} v=${name}}}))"

    def term(self, name: str, text: str, boost: float) -> str:
        return f"{name}:{escape(text)}^{_number(self.boost(name, text, boost))}"

    def alternatives(self, concepts: Concepts, index: int, strong: bool = False) -> list[plan.Node]:
        """A unit's alternatives less the senses the corpus contradicts (``strong``: its
        trusted ones only)."""
        unit = concepts.units[index]
        dropped = self.dropped.get(id(concepts), set())
        return unit.typed + [alt for k, alt in enumerate(unit.other)
                             if (index, k) not in dropped and not (strong and k in unit.weak)]

    def concepts(self, q: Concepts) -> str:
        prefix = f"c{self._concepts}u"  # taken before the units render: they may hold Concepts too
        self._concepts += 1
        rendered = []
        clauses = []
        for index, unit in enumerate(q.units):
            alternatives = self.alternatives(q, index)
            if not alternatives:
                continue
            name = f"{prefix}{index}"
            self.params[name] = " ".join(self.node(alt) for alt in alternatives)
            strong = self.alternatives(q, index, strong=True)
            if len(strong) < len(alternatives):
                self.strong[name] = f"{name}s"
                self.params[f"{name}s"] = " ".join(self.node(alt) for alt in strong) if strong else NOTHING
            rendered.append((name, unit))
            # maxscore takes the best of the top-level clauses; a lone alternative's own
            # clauses (its fields, summed) would become the top level, so it is parsed as is
            parser = "maxscore tie=0" if len(alternatives) > 1 else "lucene"
            clauses.append(f"{{!{parser} v=${name}}}")
        self.units[id(q)] = rendered
        if not clauses:
            return NOTHING
        body = "(" + " ".join(clauses) + f")^{_number(q.boost)}"
        if q.size <= TIERED_MAX_CONCEPTS:
            return body
        name = f"{prefix}all"
        self.params[name] = body
        return f"{{!boost b=div({self.covered(q)},{q.size}) v=${name}}}"

    def covered(self, q: Concepts, strong: bool = False) -> str:
        """A function: how many of the query's concept positions a document covers (``strong``:
        through trusted alternatives)."""
        per_position = []
        for position in range(q.size):
            matches = [f"if(exists(query(${self.strong.get(name, name) if strong else name})),1,0)"
                       for name, unit in self.units[id(q)] if position in unit.covers]
            if matches:
                per_position.append(matches[0] if len(matches) == 1 else f"max({','.join(matches)})")
        return _sum(per_position)

    def tier(self, q: Concepts) -> str | None:
        """A function of the coverage tier (see the module), or None for a pasted sentence."""
        if q.size > TIERED_MAX_CONCEPTS or not self.units.get(id(q)):
            return None
        coverage = f"sum(product({self.covered(q, strong=True)},{q.size + 1}),{self.covered(q)})"
        return _sum([f"product({coverage},{len(q.units) + 1})", *self.together(q)])  # Concepts.tier

    def together(self, q: Concepts) -> list[str]:
        """Functions, one per name of the query: 1 where the name is found whole."""
        return [f"if(exists(query(${name})),1,0)" for name, unit in self.units[id(q)] if unit.together]


def render(root: plan.Node, stats: Statistics, budget: Budget,
           dropped: dict[int, set[tuple[int, int]]]) -> SolrQuery:
    """The request for a plan (``dropped``: the senses the corpus contradicts, per Concepts node)."""
    renderer = Renderer(stats, budget, dropped)
    renderer.prepare(root)
    q = renderer.node(root)
    ranked = plan.tier_node(root)
    tier = renderer.tier(ranked) if ranked is not None else None
    if tier is None:
        return SolrQuery(q, renderer.params)
    return SolrQuery(q, renderer.params, tier, ranked.complete_tier, renderer.covered(ranked))


def contradiction_applies(q: Concepts) -> bool:
    return 2 <= len(q.units) and q.size <= CONTRADICTION_MAX_CONCEPTS and any(unit.translated for unit in q.units)


def _leaves(node: plan.Node):
    children = plan.children(node)
    if not children:
        yield node
    for child in children:
        yield from _leaves(child)


def _sum(parts: list[str]) -> str:
    if not parts:
        return "0"
    return parts[0] if len(parts) == 1 else f"sum({','.join(parts)})"


def _number(value: float) -> str:
    return repr(float(value))
