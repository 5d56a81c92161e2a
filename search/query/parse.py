"""The query language people type, parsed into a small tree that knows nothing of languages.

    words            any of them; documents with more of them rank higher
    "a phrase"       the words next to each other
    a AND b, a OR b  both / either (upper case); NOT a or -a excludes
    (a OR b) c       grouping
    title:word       only in titles (also title:"a phrase")
    demin*           words starting with ``demin``

The parser never fails: unbalanced brackets and quotes are closed at the end, stray
operators are read as nothing, and anything it cannot use is ignored. The searcher turns
the tree into one Whoosh query per language.

Cost is bounded here as well as by length: at most ``MAX_TERMS`` words and phrases (each
becomes several terms per language once translated), and ``NOT NOT x`` is ``x``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Union

from ..text import normalize_text

MAX_DEPTH = 16
MAX_TERMS = 64
"""Words and phrases searched per query; more (a pasted page) are dropped with a note."""
NAME_CONNECTORS = frozenset("de du des la le les d' of the and et von van der al el bin".split())
"""Lower-case words that may stand inside a name (``Tour de France``)."""
FIELDS = {"title": "title", "titre": "title", "body": "body", "text": "body", "texte": "body"}


@dataclass(frozen=True)
class Word:
    text: str
    field: str | None = None
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    text: str
    field: str | None = None


@dataclass(frozen=True)
class Not:
    node: "Node"


@dataclass(frozen=True)
class And:
    nodes: tuple["Node", ...]


@dataclass(frozen=True)
class Or:
    nodes: tuple["Node", ...]
    typed: bool = False
    """True for an explicit OR; False for words simply typed side by side (ranked by coverage)."""


Node = Union[Word, Phrase, Not, And, Or]

_EDGE_PUNCTUATION = ".,;:!?¿¡'’«»“”„[]{}<>…"
_TOKEN = re.compile(r'"[^"]*"?|\(|\)|[^\s()"]+')


@dataclass
class ParsedQuery:
    root: Node | None
    notes: list[str] = field(default_factory=list)
    """What the parser had to ignore or repair, for a friendly note to the user."""


def parse(text: str) -> ParsedQuery:
    """Parse a user query leniently; ``root`` is None when nothing searchable remains.

    The text is normalised as articles are (:func:`search.text.normalize_text`)."""
    parser = _Parser(_TOKEN.findall(normalize_text(text)))
    root = parser.sequence(depth=0)
    while parser.pos < len(parser.tokens):  # stray ')' at top level
        parser.pos += 1
        parser.notes.add("unmatched bracket ignored")
        more = parser.sequence(depth=0)
        if more is not None:
            root = more if root is None else Or((root, more))
    return ParsedQuery(root, sorted(parser.notes))


def leaves(node: Node | None, *, negated: bool = False) -> list[tuple[Word | Phrase, bool]]:
    """Every word and phrase of the tree with whether it is excluded (under a NOT)."""
    if node is None:
        return []
    if isinstance(node, (Word, Phrase)):
        return [(node, negated)]
    if isinstance(node, Not):
        return leaves(node.node, negated=not negated)
    out: list[tuple[Word | Phrase, bool]] = []
    for child in node.nodes:
        out.extend(leaves(child, negated=negated))
    return out


class _Parser:
    def __init__(self, tokens: list[str]):
        self.tokens = tokens
        self.pos = 0
        self.notes: set[str] = set()
        self.terms = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def sequence(self, depth: int) -> Node | None:
        items: list[Node] = []
        while (tok := self.peek()) is not None and tok != ")":
            node = self.disjunction(depth)
            if node is not None:
                items.append(node)
        return _combine(Or, items)

    def disjunction(self, depth: int) -> Node | None:
        items = [self.conjunction(depth)]
        while self.peek() == "OR":
            self.pos += 1
            items.append(self.conjunction(depth, operand=True))
        kept = [n for n in items if n is not None]
        if len(kept) > 1:
            return Or(tuple(kept), typed=True)
        return kept[0] if kept else None

    def conjunction(self, depth: int, operand: bool = False) -> Node | None:
        items = [self.unary(depth, operand)]
        while self.peek() == "AND":
            self.pos += 1
            items.append(self.unary(depth, operand=True))
        return _combine(And, [n for n in items if n is not None])

    def unary(self, depth: int, operand: bool = False) -> Node | None:
        """A word, phrase or group, negated or not; ``operand`` when an operator comes
        before it, so that a name there is the operand whole (``Brexit AND Le Pen``)."""
        tok = self.peek()
        if tok is None or tok == ")":
            return None
        if tok in ("NOT", "AND", "OR"):
            self.pos += 1
            if tok != "NOT":
                self.notes.add(f"'{tok}' without a word before it ignored")
                return None
            negate = True
            while self.peek() == "NOT":  # NOT NOT x is x: no tower of negations to evaluate
                self.pos += 1
                negate = not negate
            node = self.unary(depth, operand=True)
            return Not(node) if node is not None and negate else node
        if tok.startswith("-") and len(tok) > 1 and tok[1] not in "-":
            self.tokens[self.pos] = tok[1:]
            node = self.atom(depth)
            return Not(node) if node is not None else None
        if tok.startswith("+") and len(tok) > 1:
            self.tokens[self.pos] = tok[1:]
        return self.name(self.atom(depth), operand)

    def name(self, node: Node | None, operand: bool) -> Node | None:
        """A capitalised word and the capitalised words that follow it (with lower-case
        connectors between them: ``Le Pen``, ``Tour de France``) as one operand when an
        operator stands before or after them: AND, OR and NOT apply to a name whole, not to
        its first or last word. Elsewhere the words stay side by side, where the query
        builder groups names itself."""
        if not (isinstance(node, Word) and node.field is None and not node.prefix and _capital(node.text)):
            return node
        end = self.pos
        last = end
        while end < len(self.tokens) and _plain(self.tokens[end]) and self.terms + (end - self.pos) < MAX_TERMS:
            token = self.tokens[end].strip(_EDGE_PUNCTUATION)
            if _capital(token):
                last = end + 1
            elif token.lower() not in NAME_CONNECTORS:
                break
            end += 1
        after = self.tokens[last] if last < len(self.tokens) else None
        if last == self.pos or not (operand or after in ("AND", "OR")):
            return node
        words = [node] + [Word(self.tokens[k].strip(_EDGE_PUNCTUATION)) for k in range(self.pos, last)]
        self.terms += last - self.pos
        self.pos = last
        return Or(tuple(w for w in words if w.text))

    def atom(self, depth: int, field: str | None = None) -> Node | None:
        tok = self.peek()
        if tok is None or tok == ")":
            return None
        self.pos += 1
        if tok == "(":
            if depth >= MAX_DEPTH:
                self.notes.add("brackets nested too deeply were flattened")
                return None
            node = self.sequence(depth + 1)
            if self.peek() == ")":
                self.pos += 1
            else:
                self.notes.add("unclosed bracket closed")
            return node
        if self.terms >= MAX_TERMS:
            self.notes.add(f"only the first {MAX_TERMS} words and phrases of the query were searched")
            return None
        if tok.startswith('"'):
            self.terms += 1
            if len(tok) == 1 or not tok.endswith('"'):
                self.notes.add("unclosed quote closed")
            inner = tok[1:-1] if len(tok) > 1 and tok.endswith('"') else tok[1:]
            return Phrase(inner, field) if inner.strip() else None
        name, colon, rest = tok.partition(":")
        if colon and field is None and name.lower() in FIELDS:
            target = FIELDS[name.lower()]
            if rest:
                self.tokens[self.pos - 1] = rest
                self.pos -= 1
            return self.atom(depth, field=target)
        self.terms += 1
        tok = tok.strip(_EDGE_PUNCTUATION)
        if tok.endswith("*") and len(tok.rstrip("*")) >= 2:
            return Word(tok.rstrip("*"), field, prefix=True)
        text = tok.strip("*").strip(_EDGE_PUNCTUATION)
        return Word(text, field) if text else None


def _capital(token: str) -> bool:
    return token[:1].isupper()


def _plain(token: str) -> bool:
    """A token that is a word of its own: no operator, bracket, quote, field or prefix."""
    return (token not in ("AND", "OR", "NOT") and token[:1] not in '()"-+' and ":" not in token
            and not token.endswith("*") and bool(token.strip(_EDGE_PUNCTUATION)))


def _combine(kind: type, items: list[Node]) -> Node | None:
    if not items:
        return None
    if len(items) == 1:
        return items[0]
    return kind(tuple(items))
