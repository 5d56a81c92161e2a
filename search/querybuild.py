"""Turn a parsed query into one Whoosh query over every language's fields.

Each typed word is analysed with each language's analyzer and looked for in that
language's fields. With translation on, the word's translations and a language-blind
cognate key join it, weighted below the word as typed. The translations share one weight,
so a word with six translations cannot outweigh a word with one (after Pirkola's structured
query). Whoosh's DisjunctionMax would be the textbook operator, but its matcher leaks
scores between documents in whoosh-reloaded 2.7.5, so weighted sums are used instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Protocol

from whoosh import query as wq

from .analysis import analyze, fold_accents, words
from .highlight import Terms
from .querylang import And, Node, Not, Phrase, Word, leaves
from .schema import COGNATE_FIELD, FIELD_LANGUAGES, body_field, title_field

COORDINATION = 0.9
"""Bonus for documents that match more of the typed words (Whoosh's Or ``scale``)."""
# Tuned on newstest2011 (1,000 sentence pairs) with a lexicon learned from 2008-2010 only:
# `bench/crosslang.py --sets newstest2011 --n 1000 --tune --learned-lexicon ...`, log in
# bench/tune-newstest2011.log. Mean EN↔FR MRR@10 0.822 at (0.8, 0.25), 0.838 at (0.9, 0.4),
# 0.846 at (0.95, 0.4). Translations stay below the typed word (< 1.0), and the monolingual
# runs with translation on check that typed words still rank first.
TRANSLATION_WEIGHT = 0.95
COGNATE_WEIGHT = 0.4
_OTHER = {"en": "fr", "fr": "en"}


class Translator(Protocol):
    def translations(self, word: str) -> dict[str, list[str]]:
        """``{field language: [translated words]}`` for one typed word."""

    def cognate_key(self, word: str) -> str | None:
        """The language-blind key under which cognates of ``word`` are indexed, if any."""

    def weight(self, word: str, target: str, translation: str) -> float:
        """How likely ``translation`` is among ``word``'s translations into ``target``."""


@dataclass
class _Highlights:
    exact: dict[str, set[str]] = field(default_factory=lambda: {l: set() for l in FIELD_LANGUAGES})
    prefixes: dict[str, set[str]] = field(default_factory=lambda: {l: set() for l in FIELD_LANGUAGES})
    cognates: set[str] = field(default_factory=set)

    def terms(self) -> dict[str, Terms]:
        return {
            lang: Terms(frozenset(self.exact[lang]), tuple(sorted(self.prefixes[lang])), frozenset(self.cognates))
            for lang in FIELD_LANGUAGES
        }


@dataclass
class BuiltQuery:
    query: wq.Query | None
    highlight: dict[str, Terms]
    expanded: dict[str, list[str]]


Vocabulary = Callable[[str, str], float]
"""``vocabulary(word, lang)``: the share of ``lang``'s articles that contain ``word``."""
Idf = Callable[[str, str], "float | None"]
"""``idf(word, lang)``: the ranking's idf of ``word`` in ``lang``'s body field, None if absent."""


def build(root: Node | None, translator: Translator | None = None,
          vocabulary: Vocabulary | None = None, languages: tuple[str, ...] = FIELD_LANGUAGES,
          idf: Idf | None = None) -> BuiltQuery:
    """The Whoosh query for a parsed query; ``translator=None`` searches only the typed words.

    A query whose function words are all of one language (``the``, ``of`` / ``le``, ``des``)
    is taken as typed in it. Otherwise, with a ``vocabulary``, a word the index knows in only
    one language is translated from that language alone, and unknown or shared words both
    ways. ``languages`` limits the fields searched to those that hold articles."""
    builder = _Builder(translator, vocabulary, languages, _query_language(root), idf)
    query = builder.node(root) if root is not None else None
    return BuiltQuery(query, builder.marks.terms(), builder.expanded)


def _query_language(root: Node | None) -> str | None:
    """"en" or "fr" when at least two of the query's words are function words of that
    language and none is one of the other's only; None for keyword queries."""
    counts = {"en": 0, "fr": 0}
    for leaf, _ in leaves(root):
        for word in words(leaf.text):
            stop_in = [lang for lang in _OTHER if not analyze(word, lang)]
            if len(stop_in) == 1 and word.isalpha():
                counts[stop_in[0]] += 1
    for lang, other in _OTHER.items():
        if counts[lang] >= 2 and counts[other] == 0:
            return lang
    return None


class _Builder:
    def __init__(self, translator: Translator | None, vocabulary: Vocabulary | None = None,
                 languages: tuple[str, ...] = FIELD_LANGUAGES, query_language: str | None = None,
                 idf: Idf | None = None):
        self.translator = translator
        self.query_language = query_language
        self.idf = idf
        self.vocabulary = vocabulary
        self.languages = languages
        self.marks = _Highlights()
        self.expanded: dict[str, list[str]] = {}

    def node(self, node: Node) -> wq.Query | None:
        if isinstance(node, Word):
            return self.word(node)
        if isinstance(node, Phrase):
            return self.phrase(node)
        if isinstance(node, Not):
            inner = self.node(node.node)
            return wq.AndNot(wq.Every(), inner) if inner is not None else None
        children = node.nodes
        positives = [q for q in (self.node(c) for c in children if not isinstance(c, Not)) if q is not None]
        negatives = [q for q in (self.node(c.node) for c in children if isinstance(c, Not)) if q is not None]
        if isinstance(node, And):
            combined = wq.And(positives) if len(positives) > 1 else (positives[0] if positives else None)
        else:
            scale = None if getattr(node, "typed", False) else COORDINATION
            combined = wq.Or(positives, scale=scale) if len(positives) > 1 else (positives[0] if positives else None)
        if negatives:
            base = combined if combined is not None else wq.Every()
            return wq.AndNot(base, wq.Or(negatives) if len(negatives) > 1 else negatives[0])
        return combined

    def fields(self, lang: str, which: str | None) -> list[str]:
        if which == "title":
            return [title_field(lang)]
        if which == "body":
            return [body_field(lang)]
        return [title_field(lang), body_field(lang)]

    def word(self, word: Word) -> wq.Query | None:
        if word.prefix:
            text = fold_accents(word.text.lower())
            parts = []
            for lang in self.languages:
                self.marks.prefixes[lang].add(text)
                parts += [wq.Prefix(f, text) for f in self.fields(lang, word.field)]
            return wq.Or(parts)
        own = self.as_typed(word.text, word.field)
        if self.translator is None:
            return own
        alternatives = [q for q in (own, self.translated(word), self.cognate(word)) if q is not None]
        if not alternatives:
            return None
        return alternatives[0] if len(alternatives) == 1 else wq.Or(alternatives)

    def phrase(self, phrase: Phrase) -> wq.Query | None:
        return self.as_typed(phrase.text, phrase.field)

    def as_typed(self, text: str, which: str | None, langs: tuple[str, ...] | None = None) -> wq.Query | None:
        """``text`` analysed and searched in each language's own fields."""
        parts: list[wq.Query] = []
        for lang in langs if langs is not None else self.languages:
            terms = analyze(text, lang)
            if not terms:
                continue
            self.marks.exact[lang].update(terms)
            for f in self.fields(lang, which):
                parts.append(wq.Term(f, terms[0]) if len(terms) == 1 else wq.Phrase(f, terms, slop=1))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else wq.Or(parts)

    def translated(self, word: Word) -> wq.Query | None:
        found = self.translator.translations(word.text) if self.translator else {}
        sources = self.typed_languages(word.text)
        found = {target: words for target, words in found.items() if _OTHER[target] in sources}
        source_rarity = self.rarity(word.text, next(iter(sources))) if len(sources) == 1 else None
        parts: list[wq.Query] = []
        likelihoods: list[float] = []
        shown: list[str] = []
        for lang, targets in found.items():
            if lang not in self.languages:
                continue
            for target in targets:
                q = self.as_typed(target, word.field, langs=(lang,))
                if q is not None:
                    # A translation of several words (cessez-le-feu) counts as one word, and a
                    # translation rarer in its language than the typed word is in its own gets
                    # no idf advantage from that: the article with the typed word stays ahead.
                    q.boost = 1.0 / max(1, len(analyze(target, lang)))
                    target_rarity = self.rarity(target, lang)
                    if source_rarity and target_rarity:
                        q.boost *= min(1.0, source_rarity / target_rarity)
                    parts.append(q)
                    likelihoods.append(self.translator.weight(word.text, lang, target))
                    shown.append(target)
        if not parts:
            return None
        self.expanded.setdefault(word.text, []).extend(t for t in shown if t not in self.expanded.get(word.text, []))
        # Shared weight: the translations together count no more than one word would, each
        # taking its share by how likely it is (equal shares where the lexicon says nothing).
        total = sum(likelihoods)
        for q, likelihood in zip(parts, likelihoods):
            q.boost *= likelihood / total
        return wq.Or(parts, boost=TRANSLATION_WEIGHT)

    def rarity(self, word: str, lang: str) -> float | None:
        """The idf the ranking gives ``word`` in ``lang``'s body field; None when unknown there."""
        return self.idf(word, lang) if self.idf is not None else None

    def typed_languages(self, word: str) -> set[str]:
        """Which languages ``word`` was probably typed in, judged by the index's own words."""
        if self.query_language is not None:
            return {self.query_language}
        stop_in = {lang for lang in _OTHER if not analyze(word, lang)}
        if len(stop_in) == 1:  # a function word of one language ("the", "les")
            return stop_in
        if self.vocabulary is None:
            return set(_OTHER)
        share = {lang: self.vocabulary(word, lang) for lang in _OTHER}
        en, fr = share["en"], share["fr"]
        if en > 2 * fr:
            return {"en"}
        if fr > 2 * en:
            return {"fr"}
        return set(_OTHER)

    def cognate(self, word: Word) -> wq.Query | None:
        key = self.translator.cognate_key(word.text) if self.translator else None
        if key is None or word.field == "title":
            return None
        self.marks.cognates.add(key)
        term = wq.Term(COGNATE_FIELD, key, boost=COGNATE_WEIGHT)
        typed = self.typed_languages(word.text)
        if len(typed) != 1:
            return term
        # Cognates bridge languages: in the typed language the word itself is the better match,
        # and a bare 5-letter prefix there only adds noise (confinement ~ confiance).
        (source,) = typed
        return wq.Require(term, wq.Term("lang", _OTHER[source]))
