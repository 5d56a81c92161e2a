"""The query plan: what :mod:`search.query.build` hands a backend, in no backend's types.

A plan is a small tree: terms, phrases and prefixes of one field at the leaves (already
analysed: index terms, never text to analyse again), combined by Or, And and AndNot, each
node with a boost; :class:`Concepts` says how a keyword query ranks (coverage first, each
concept as its best alternative). A backend scores the plan as described on each node, so
that the embedded index and a cluster rank alike; how it gets there is its own business.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator, Mapping, Union

from .ranking import TIERED_MAX_CONCEPTS

if TYPE_CHECKING:
    from .build import Unit


DATE_ORDERS = ("date", "oldest")
"""The sorts that list articles by date, not by how well they answer."""


@dataclass(eq=False)
class Term:
    """One index term of one field, scored by BM25 (times ``boost``)."""

    field: str
    text: str
    boost: float = 1.0


@dataclass(eq=False)
class Phrase:
    """Index terms of one field at consecutive positions, in order; scored as the sum of its
    terms' scores (times ``boost``). With ``slop`` (two words only), the words may stand
    that many moves from that order, as Lucene's sloppy phrase counts them: the second
    word at ``1 - slop`` to ``1 + slop`` positions after the first."""

    field: str
    words: list[str]
    boost: float = 1.0
    slop: int = 0


@dataclass(eq=False)
class Prefix:
    """Every term of a field that begins with ``text`` (the most frequent ones, within the
    query's budget), scored as their Or."""

    field: str
    text: str
    boost: float = 1.0


@dataclass(eq=False)
class Or:
    """Documents matching any child; the children's scores summed (times ``boost``)."""

    children: list["Node"]
    boost: float = 1.0


@dataclass(eq=False)
class And:
    """Documents matching every child; the children's scores summed (times ``boost``)."""

    children: list["Node"]
    boost: float = 1.0


@dataclass(eq=False)
class AndNot:
    """Documents matching ``positive`` and not ``negative``, scored as ``positive``."""

    positive: "Node"
    negative: "Node"
    boost: float = 1.0


@dataclass(eq=False)
class Every:
    """Every live document, each scored ``boost`` (``NOT x`` alone is ``Every AND NOT x``)."""

    boost: float = 1.0


@dataclass(eq=False)
class Concepts:
    """The concepts of a keyword query: each unit scores as the best of its alternatives,
    the units' scores add up, and documents rank first by the concepts they cover, then by
    the names found whole (see :mod:`search.backends.whoosh.evaluate` for the rules and
    their measurements).

    ``size`` is the number of concept positions of the query; a unit ``covers`` some of
    them. A document matches when any alternative of any unit does."""

    units: list["Unit"]
    size: int
    boost: float = 1.0

    def tier(self, strong: int, covered: int, together: int) -> int:
        """The coverage tier of an article (higher first, see :mod:`search.query.ranking`,
        rule 2): ``strong`` concepts covered through trusted alternatives, ``covered`` at
        all, ``together`` names found whole. Each count below ``size + 1`` (``together``
        below the number of units + 1), so one number orders them."""
        return (strong * (self.size + 1) + covered) * (len(self.units) + 1) + together

    @property
    def complete_tier(self) -> int:
        """The lowest ranking tier of an article covering every concept for real."""
        return self.tier(self.size, self.size, 0)

    def covered(self, tier):
        """The concepts covered at all (weak alternatives included) by articles of ``tier``
        (a number or a numpy array of them): the middle digit of :meth:`tier`."""
        return (tier // (len(self.units) + 1)) % (self.size + 1)


Node = Union[Term, Phrase, Prefix, Or, And, AndNot, Every, Concepts]


def in_fields(terms: list[str], fields: list[str], boost: float = 1.0, slop: int = 0,
              weights: Mapping[str, float] | None = None) -> Or:
    """Analysed ``terms`` (a phrase when several, with ``slop``) in any of ``fields``, their
    scores summed, each field's times its ``weights`` entry (1 when absent)."""
    weights = weights or {}
    return Or([Term(f, terms[0], weights.get(f, 1.0)) if len(terms) == 1
               else Phrase(f, terms, weights.get(f, 1.0), slop) for f in fields], boost=boost)


def tier_node(root: Node) -> Concepts | None:
    """The Concepts node whose coverage ranks the results: the root, or what an AndNot keeps
    or a group of one holds (as the embedded index's evaluator carries tiers up)."""
    node = root
    while True:
        if isinstance(node, Concepts):
            return node
        if isinstance(node, AndNot):
            node = node.positive
        elif isinstance(node, (Or, And)) and len(node.children) == 1:
            node = node.children[0]
        else:
            return None


def date_order_concepts(root: Node, sort: str) -> Concepts | None:
    """The concepts every article a date order lists must cover (:mod:`search.query.ranking`,
    rule 6), through any of their alternatives. None where a sort lists every match: by
    relevance (the tiers order them), plans of one concept (whose every match covers it), and
    plans without tiers (operators, pasted sentences)."""
    ranked = tier_node(root)
    if sort not in DATE_ORDERS or ranked is None or not 2 <= ranked.size <= TIERED_MAX_CONCEPTS:
        return None
    return ranked


def children(node: Node) -> list[Node]:
    """The direct sub-plans of a node (a Concepts node's alternatives)."""
    if isinstance(node, (Or, And)):
        return node.children
    if isinstance(node, AndNot):
        return [node.positive, node.negative]
    if isinstance(node, Concepts):
        return [alternative for unit in node.units for alternative in unit.typed + unit.other]
    return []


def concept_nodes(node: Node) -> Iterator[Concepts]:
    """Every Concepts node of a plan, outermost first."""
    if isinstance(node, Concepts):
        yield node
    for child in children(node):
        yield from concept_nodes(child)


def signature(node: Node) -> tuple:
    """What ``node`` matches and how it scores, as a hashable value (plan nodes compare by
    identity): a key for what is computed from a plan and the index alone."""
    if isinstance(node, Term):
        return ("term", node.field, node.text, node.boost)
    if isinstance(node, Phrase):
        return ("phrase", node.field, tuple(node.words), node.boost, node.slop)
    if isinstance(node, Prefix):
        return ("prefix", node.field, node.text, node.boost)
    if isinstance(node, Every):
        return ("every", node.boost)
    if isinstance(node, Concepts):  # by content: a freed node's id() is reused by later queries
        return ("concepts", node.size, node.boost,
                tuple((tuple(sorted(unit.covers)), unit.together, tuple(sorted(unit.weak)),
                       tuple(signature(alternative) for alternative in unit.typed + unit.other))
                      for unit in node.units))
    return (type(node).__name__, node.boost, tuple(signature(child) for child in children(node)))
