"""Turn a parsed query into one backend-neutral plan over every language's fields.

Words typed side by side are grouped into **concepts**: a word, an expression the lexicons
know (``Premier ministre``, ``cessez le feu``, ``World Cup``), a quoted phrase, or a
bracketed group. Each concept is searched through its **alternatives**: the words as typed
in the fields of each language they can belong to, their translations (an expression as a
phrase), and cognates in the other language (``Karabakh``/``Karabagh``). A concept scores as
its best alternative, not their sum, so a word with six translations weighs no more than a
word with one, and a cognate never adds to the word it stands for.

A backend (the embedded one: :mod:`search.backends.whoosh.evaluate`) ranks by **coverage** first: articles holding every
concept of the query (each in either language) come before those holding some, and names
found whole (``Tour de France``) before their words apart. Then by score: BM25F summed over
concepts, plus a bonus for the typed words standing together (a name or an expression).
Translations weigh less than the typed words (and get no idf advantage over them, an
expression's words summed), so at equal strength of match an article with the typed words
ranks first; an article that is plainly about the subject in the other language can still
rank above one that mentions the typed words in passing.

Which language a word belongs to is judged per word: a function word of one language (``du``,
``of``) is never a content word of the other's fields unless a trusted lexicon knows it as a
word there (``car``, ``son``); a word the lexicons know only in one language (``games``)
still matches as typed in the other's articles (quoted titles), but as weakly as a
translation does; capitalised runs (``Paris Saint-Germain``, ``Notre Dame``) are names,
never translated word by word.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Protocol

from ..analysis.analyzers import COGNATE_PREFIX, LANGUAGES, analyze, fold_accents, is_acronym, words
from ..backends.fields import FIELD_LANGUAGES, body_field, lead_field, title_field
from . import plan, ranking
from .parse import And, Node, Not, Or, Phrase, Word, leaves

NAME_CONNECTORS = frozenset("de du des la le les d' of the and et von van der al el bin".split())
_OTHER = {"en": "fr", "fr": "en"}
_FIELD_WEIGHTS = {lead_field(lang): ranking.LEAD_BOOST for lang in FIELD_LANGUAGES}
"""Query-time weights of fields (1 when absent), the same on every backend."""
_FRENCH_LETTERS = frozenset("éèêëàâîïôûùçœ")
"""Letters of French spelling that English words do not use (ü and ÿ left out: German and
rare French names)."""


class Translator(Protocol):
    def translations(self, word: str) -> dict[str, list[str]]:
        """``{field language: [translated words]}`` for one typed word or expression."""

    def weight(self, word: str, target: str, translation: str) -> float:
        """How likely ``translation`` is among ``word``'s translations into ``target``."""

    def knows(self, word: str, lang: str, exactly: bool = False) -> bool:
        """Whether a trusted lexicon lists ``word`` as a word of ``lang`` (with ``exactly``,
        that very spelling)."""

    def trusted(self, word: str, lang: str) -> bool:
        """Whether ``word``'s translations out of ``lang`` come from a trusted lexicon."""


@dataclass(frozen=True)
class Terms:
    """What to mark in an article of one language."""

    exact: frozenset[str] = frozenset()
    """Index terms: typed words, translations and cognates (cognates are index terms too)."""
    prefixes: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.exact or self.prefixes)


@dataclass(eq=False)
class Unit:
    """One concept (or a bonus for typed words standing together) and its alternatives.

    ``covers`` are the positions of the query's concepts that a match stands for; ``typed``
    alternatives are the words as typed in their own language's fields, ``other`` ones are
    translations, cognates and foreign-field matches."""

    label: str
    covers: frozenset[int]
    typed: list[plan.Node] = field(default_factory=list)
    other: list[plan.Node] = field(default_factory=list)
    together: bool = False
    """A name (or the expression a name is): matching it means the name is found whole, its
    words together or its other form (PSG), where any one of its words covers the concept
    (an evaluation tier of its own, see :mod:`search.backends.whoosh.evaluate`)."""
    typed_details: list[str] = field(default_factory=list)
    other_details: list[str] = field(default_factory=list)
    translated: dict[int, tuple[str, str]] = field(default_factory=dict)
    """The alternatives of ``other`` that are translations from a dictionary or a user's list
    (not the glossary), which the corpus may contradict (see
    :func:`search.backends.whoosh.evaluate.contradicted`): ``{index: (typed text, translation)}``."""
    senses: dict[int, str] = field(default_factory=dict)
    """The alternatives of ``other`` that are the glossary's translations: ``{index: language}``
    (see :meth:`_Builder.weigh_senses`)."""
    weak: set[int] = field(default_factory=set)
    """The alternatives of ``other`` that are weak evidence of the concept (see
    :mod:`search.query.ranking`): they score and match, but an article they alone cover the
    concept in ranks below every article that covers it through a trusted alternative."""

    def add(self, query: plan.Node, detail: str, typed: bool = True,
            translation: tuple[str, str] | None = None, weak: bool = False, sense: str | None = None) -> None:
        """An alternative, with a line saying what it is (for explanations). A dictionary's
        sense is always weak; so is any alternative that is not the typed word itself when
        ``weak`` says so."""
        if not typed:
            if translation is not None:
                self.translated[len(self.other)] = translation
            if weak or translation is not None:
                self.weak.add(len(self.other))
            elif sense is not None:
                self.senses[len(self.other)] = sense
        (self.typed if typed else self.other).append(query)
        (self.typed_details if typed else self.other_details).append(detail)


@dataclass
class _Highlights:
    exact: dict[str, set[str]] = field(default_factory=lambda: {l: set() for l in FIELD_LANGUAGES})
    prefixes: dict[str, set[str]] = field(default_factory=lambda: {l: set() for l in FIELD_LANGUAGES})

    def terms(self) -> dict[str, Terms]:
        return {lang: Terms(frozenset(self.exact[lang]), tuple(sorted(self.prefixes[lang])))
                for lang in FIELD_LANGUAGES}


@dataclass
class BuiltQuery:
    query: plan.Node | None
    highlight: dict[str, Terms]
    expanded: dict[str, list[str]]
    excluded: dict[str, list[str]] = field(default_factory=dict)
    """What a NOT leaves out: each excluded word or phrase as typed, with its translations."""


Vocabulary = Callable[[str, str], float]
"""``vocabulary(word, lang)``: the share of ``lang``'s articles that contain ``word``."""
Idf = Callable[[str, str], "float | None"]
"""``idf(word, lang)``: the ranking's idf of ``word`` in ``lang``'s body field, None if absent."""
PhraseShare = Callable[[list[str], str], float]
"""``phrase_share(terms, lang)``: the share of ``lang``'s articles holding these index terms
together, in order (an expression as typed)."""
Together = Callable[[list[str], str, str], tuple[int, int]]
"""``together(terms, term, lang)``: how many of ``lang``'s articles hold the phrase ``terms``,
and how many of those also hold ``term``."""
Count = Callable[[plan.Node], int]
"""``count(node)``: how many live articles a plan matches."""
Similar = Callable[[str, str, int, int], list[str]]
"""``similar(field, term, maxdist, prefix)``: index terms of ``field`` within ``maxdist`` edits of
``term`` that share its first ``prefix`` letters."""


def build(root: Node | None, translator: Translator | None = None,
          vocabulary: Vocabulary | None = None, languages: tuple[str, ...] = FIELD_LANGUAGES,
          idf: Idf | None = None, similar: Similar | None = None, translate: bool = True,
          phrase_share: PhraseShare | None = None, together: Together | None = None,
          count: Count | None = None) -> BuiltQuery:
    """The query plan (see :mod:`search.query.plan`) for a parsed query.

    ``translator`` supplies translations and tells which language a word belongs to;
    ``translate=False`` (or no translator) searches only the words as typed. ``vocabulary``
    and ``idf`` describe the index (which language's articles use a word, how rare it is);
    ``similar`` finds cognates among the index's terms, ``phrase_share`` how common an
    expression is, ``together`` whether the articles that name something also abbreviate
    it, ``count`` which senses of a word the corpus supports. ``languages`` limits the fields
    searched to those that hold articles."""
    builder = _Builder(translator, translate and translator is not None, vocabulary, languages,
                       _query_language(root), idf, similar, short=_word_count(root) <= ranking.SHORT_QUERY_WORDS)
    builder.boolean = _boolean(root)
    builder.phrase_share = phrase_share
    builder.together = together
    builder.count = count
    query = builder.node(root) if root is not None else None
    excluded: dict[str, list[str]] = {}
    for negative in _negatives(root):
        texts = [leaf.text for leaf, _ in leaves(negative)]
        found = [t for text in texts + [" ".join(texts)] for t in builder.excluded.get(text, [])]
        excluded[" ".join(texts)] = list(dict.fromkeys(found))
    return BuiltQuery(query, builder.marks.terms(), builder.expanded, excluded)


def _negatives(node: Node | None) -> Iterable[Node]:
    """What each NOT of the tree applies to (a word, a name, a group)."""
    if isinstance(node, Not):
        yield node.node
    elif isinstance(node, (And, Or)):
        for child in node.nodes:
            yield from _negatives(child)


def _boolean(node: Node | None) -> bool:
    """Whether the query uses AND, OR or NOT: then a capitalised word is probably a name."""
    if isinstance(node, (And, Not)) or (isinstance(node, Or) and node.typed):
        return True
    return isinstance(node, Or) and any(_boolean(child) for child in node.nodes)


def _word_count(root: Node | None) -> int:
    return sum(len(words(leaf.text)) for leaf, _ in leaves(root)) if root is not None else 0


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


def _unless(node: plan.Node, lang: str, unless: dict[str, plan.Node] | None) -> plan.Node:
    """``node`` where ``unless[lang]`` does not match (scored as ``node``)."""
    if not unless or lang not in unless:
        return node
    return plan.AndNot(node, unless[lang])


def in_article(lang: str, terms: list[str]) -> plan.Node:
    """Articles of ``lang`` whose headline or body holds analysed ``terms`` together (a term or
    a phrase): for telling which articles hold something, not for scoring it (the lead is
    part of the body)."""
    return plan.in_fields(terms, [title_field(lang), body_field(lang)])


def _without(node: plan.Node) -> plan.Node:
    """The articles ``node`` does not match."""
    return plan.AndNot(plan.Every(), node)


def _overlapping(members: dict[tuple[int, int], list[Unit]]) -> list[tuple[list[Unit], int]]:
    """The units of names and expressions whose spans overlap, together (``Prime Minister``
    within ``Prime Minister Theresa May``: one concept), each group with its number of words
    (the units after each span's own first one)."""
    groups: list[tuple[int, list[Unit], int]] = []
    for (start, end), units in sorted(members.items()):
        if groups and start < groups[-1][0]:
            last_end, grouped, words = groups[-1]
            groups[-1] = (max(last_end, end), grouped + units, words + len(units) - 1)
        else:
            groups.append((end, list(units), len(units) - 1))
    return [(units, words) for _, units, words in groups]


def _count_once(group: tuple[list[Unit], int]) -> None:
    """A name or expression of several words weighs as one concept beside the query's others,
    not as many as it has words (see :mod:`search.query.ranking`, rule 3): its units' scores
    are shared out among its words."""
    units, words = group
    if words < 2:
        return
    shared = f" ÷{words} (one concept of {words} words)"
    for unit in units:
        for alternative in unit.typed + unit.other:
            alternative.boost /= words
        unit.typed_details = [detail + shared for detail in unit.typed_details]
        unit.other_details = [detail + shared for detail in unit.other_details]


def _is_plain(node: Node) -> bool:
    return isinstance(node, Word) and not node.prefix and node.field is None


def _capitalised(text: str) -> bool:
    return text[:1].isupper()


class _Builder:
    def __init__(self, translator: Translator | None, translate: bool, vocabulary: Vocabulary | None,
                 languages: tuple[str, ...], query_language: str | None, idf: Idf | None,
                 similar: Similar | None, short: bool = True):
        self.translator = translator
        self.translate = translate
        self.vocabulary = vocabulary
        self.languages = languages
        self.query_language = query_language
        self.idf = idf
        self.similar = similar
        self.marks = _Highlights()
        self.expanded: dict[str, list[str]] = {}
        self.short = short
        """A query of a few words (not a pasted sentence): see :meth:`specificity`."""
        self.boolean = False
        """The query uses operators: its capitalised words are names, not translated (``Brexit
        NOT May`` must not leave out the articles on *1er mai*)."""
        self.negated = 0
        self.phrase_share: PhraseShare | None = None
        self.together: Together | None = None
        self.count: Count | None = None
        self.excluded: dict[str, list[str]] = {}

    # --- the tree ---------------------------------------------------------------------

    def node(self, node: Node) -> plan.Node | None:
        if isinstance(node, (Word, Phrase)):
            return self.concepts([node])
        if isinstance(node, Not):
            inner = self.negative(node.node)
            return plan.AndNot(plan.Every(), inner) if inner is not None else None
        children = node.nodes
        negatives = [q for q in (self.negative(c.node) for c in children if isinstance(c, Not)) if q is not None]
        kept = [c for c in children if not isinstance(c, Not)]
        if isinstance(node, Or) and not node.typed:
            combined = self.concepts(kept)
        else:
            positives = [q for q in (self.node(c) for c in kept) if q is not None]
            kind = plan.And if isinstance(node, And) else plan.Or
            combined = kind(positives) if len(positives) > 1 else (positives[0] if positives else None)
        if negatives:
            base = combined if combined is not None else plan.Every()
            return plan.AndNot(base, plan.Or(negatives) if len(negatives) > 1 else negatives[0])
        return combined

    def negative(self, node: Node) -> plan.Node | None:
        """What a NOT excludes; its translations are listed apart from the "also searched"."""
        self.negated += 1
        try:
            return self.node(node)
        finally:
            self.negated -= 1

    def concepts(self, nodes: list[Node]) -> plan.Node | None:
        """Nodes typed side by side: one unit per concept, expressions and names grouped."""
        units: list[Unit] = []
        position = 0
        i = 0
        while i < len(nodes):
            run_end = i
            while run_end < len(nodes) and _is_plain(nodes[run_end]):
                run_end += 1
            if run_end == i:
                unit = self.other_node(nodes[i], position)
                if unit is not None:
                    units.append(unit)
                    position += 1
                i += 1
                continue
            position = self.word_run([n.text for n in nodes[i:run_end]], position, units)
            i = run_end
        units = [u for u in units if u.typed or u.other]
        if not units:
            return None
        if 2 <= len(units) and position <= ranking.CONTRADICTION_MAX_CONCEPTS:
            self.weigh_senses(units)
        return plan.Concepts(units, position)

    def weigh_senses(self, units: list[Unit]) -> None:
        """The glossary's senses of a word that the corpus does not support for this query
        are weak (``Notre-Dame fire``: *incendie* is found with Notre-Dame, *licencier*, to
        fire someone, hardly ever): of a word's translations into one language, those whose
        articles hold the query's other concepts far less often (``SENSE_SUPPORT_RATIO``)
        than the best one's do."""
        if self.count is None:
            return
        for index, unit in enumerate(units):
            by_language: dict[str, list[int]] = {}
            for k, lang in unit.senses.items():
                by_language.setdefault(lang, []).append(k)
            context = [alt for j, other in enumerate(units) if j != index and other.covers.isdisjoint(unit.covers)
                       for alt in other.typed + other.other]
            if not context or not any(len(found) > 1 for found in by_language.values()):
                continue
            around = plan.Or(context)
            for found in by_language.values():
                if len(found) < 2:
                    continue
                support = {}
                for k in found:
                    articles = self.count(unit.other[k])
                    support[k] = self.count(plan.And([unit.other[k], around])) / articles if articles else 0.0
                best = max(support.values())
                unit.weak.update(k for k, share in support.items() if share < ranking.SENSE_SUPPORT_RATIO * best)

    def other_node(self, node: Node, position: int) -> Unit | None:
        if isinstance(node, Phrase):
            unit = Unit(f'"{node.text}"', frozenset([position]))
            self.add_typed(unit, node.text, node.field, phrase=True)
            if self.translate:
                self.add_translations(unit, node.text, node.field, phrase=True)
            return unit
        if isinstance(node, Word) and node.prefix:
            unit = Unit(f"{node.text}*", frozenset([position]))
            text = fold_accents(node.text.lower())
            for lang in self.languages:
                self.marks.prefixes[lang].add(text)
                for f in self.fields(lang, node.field, lead=False):  # the body's prefix terms hold the lead's
                    unit.add(plan.Prefix(f, text), f"{node.text}* in {f}")
            return unit
        if isinstance(node, Word):  # a word limited to one field (title:...)
            return self.word_unit(node.text, position, node.field, translate=True)
        query = self.node(node)
        if query is None:
            return None
        unit = Unit("(group)", frozenset([position]))
        unit.add(query, "(group)")
        return unit

    def word_run(self, run: list[str], position: int, units: list[Unit]) -> int:
        """Units for plain words typed in a row; returns the next free concept position.

        A name counts as one concept, covered by any of its words (``Donald Trump`` by an
        article that says ``Trump``, ``Renault Peugeot`` by one about either), with a bonus
        where its words stand together; its words are never translated one by one."""
        names = list(self.names(run))
        name_of = {k: (start, end) for start, end in names for k in range(start, end)}
        content = [index in name_of or not self.function_word(word) for index, word in enumerate(run)]
        positions: dict[int, int] = {}
        for index, word in enumerate(run):
            if not content[index]:
                continue
            if index in name_of and name_of[index][0] < index:
                positions[index] = positions[name_of[index][0]]
                continue
            same = None
            if len(run) <= ranking.BOTH_LANGUAGES_MAX_WORDS:  # both languages typed: "unemployment chômage"
                same = next((k for k in positions if k not in name_of and self.same_concept(run[k], word)), None)
            positions[index] = positions[same] if same is not None else position
            position += same is None
        grouped: dict[int, dict[str, tuple[set[str], plan.Node]]] = {}
        """Words of an expression: the index terms of its translations and a plan matching
        them, per language."""
        spans: set[tuple[int, int]] = set()
        span_of: dict[int, tuple[int, int]] = {}
        members: dict[tuple[int, int], list[Unit]] = {}
        """The units of each expression and name: its own, then its words'."""
        for start, end, targets in self.expressions(run) if self.translate else []:
            covers = frozenset(positions[k] for k in range(start, end) if k in positions)
            text = " ".join(run[start:end])
            unit = Unit(text, covers, together=(start, end) in names)  # a name's other form (PSG) is the name whole
            self.add_typed(unit, text, None, phrase=True, weight=ranking.PHRASE_WEIGHT)
            self.add_translated(unit, text, None, targets, phrase=True)
            self.add_acronyms(unit, [(lang, text) for lang in self.languages] +
                              [(lang, target) for lang, found in targets.items() for target in found])
            units.append(unit)
            members[(start, end)] = [unit]
            spans.add((start, end))
            source = self.lexicon_languages(text)  # never weak in the language it was typed in
            translated = {lang: ({term for target in found for term in analyze(target, lang)},
                                 plan.Or([in_article(lang, analyze(target, lang))
                                          for target in found if analyze(target, lang)]))
                          for lang, found in targets.items()
                          if source and lang not in source and lang in self.languages}
            grouped.update({k: translated for k in range(start, end)})
            span_of.update({k: (start, end) for k in range(start, end)})
        for start, end in names:
            if (start, end) in spans:
                continue  # the expression's unit stands for the name: its bonus once, not twice
            text = " ".join(run[start:end])
            unit = Unit(text, frozenset([positions[start]]), together=True)
            self.add_typed(unit, text, None, phrase=True, weight=ranking.PHRASE_WEIGHT)
            self.add_acronyms(unit, [(lang, text) for lang in self.languages])
            units.append(unit)
            members[(start, end)] = [unit]
        for index, word in enumerate(run):
            if index in positions and not self.function_word(word):
                translate = self.translate and index not in name_of
                translate = translate and not (self.boolean and _capitalised(word) and not is_acronym(word))
                in_expression = grouped.get(index)
                if index in name_of and self.stands_alone(word, run[name_of[index][0]:name_of[index][1]]):
                    continue
                if in_expression is None:
                    units.append(self.word_unit(word, positions[index], None, translate=translate))
                    if index in name_of:
                        members[name_of[index]].append(units[-1])
                    continue
                # An expression's word: weak apart, in the languages it was translated into,
                # unless its translation holds the word too (film of festival du film).
                other_sense = frozenset(lang for lang, (terms, _) in in_expression.items()
                                        if not set(analyze(word, lang)) <= terms)
                # Apart, they count only where the expression's other words are found too (in
                # some form), and its translation is not: an article that says the words apart.
                start, end = span_of[index]
                others = [k for k in range(start, end)
                          if k != index and k in positions and not self.function_word(run[k])]
                unless = {lang: plan.Or([node, _without(plan.And([self.forms(run[k], lang) for k in others]))])
                          if others else node for lang, (_, node) in in_expression.items()}
                units.append(self.word_unit(word, positions[index], None, translate=translate,
                                            weight=ranking.EXPRESSION_WORD_WEIGHT, other_sense=other_sense,
                                            unless=unless))
                members[span_of[index]].append(units[-1])
        for group in _overlapping(members):
            _count_once(group)
        self.add_nearness(run, positions, name_of, spans, units)
        return position

    def forms(self, word: str, lang: str) -> plan.Node:
        """``word`` as typed or translated in ``lang``'s articles (to tell an article that holds
        it at all)."""
        found = [word] if lang in self.content_languages(word) else []
        if self.translator is not None:
            found += self.translator.translations(word).get(lang, [])[:ranking.MAX_TRANSLATIONS]
        nodes = [in_article(lang, analyze(text, lang)) for text in found if analyze(text, lang)]
        return plan.Or(nodes) if nodes else _without(plan.Every())

    def stands_alone(self, word: str, name: list[str]) -> bool:
        """Whether a word of a name is far too common alone to stand for it (``France`` of
        ``Tour de France``, in 40% of the articles, the name in 0.5%): then only the name
        whole covers the concept, not each article that says the word (``Trump`` still
        stands for ``Donald Trump``, ``Renault`` for ``Renault Peugeot``)."""
        if self.vocabulary is None or self.phrase_share is None or not self.short:
            return False
        shares = {lang: self.vocabulary(word, lang) for lang in self.content_languages(word) if lang in LANGUAGES}
        if not shares or max(shares.values()) < ranking.NAME_WORD_MIN_SHARE:
            return False
        text = " ".join(name)
        whole = max((self.phrase_share(analyze(text, lang), lang)
                     for lang in shares if len(analyze(text, lang)) > 1), default=0.0)
        return whole > 0 and all(share > ranking.NAME_WORD_RATIO * whole for share in shares.values())

    def add_nearness(self, run: list[str], positions: dict[int, int], name_of: dict[int, tuple[int, int]],
                     spans: set[tuple[int, int]], units: list[Unit]) -> None:
        """A bonus for two concepts typed one after the other found near each other (within
        ``NEAR_SLOP`` words), as typed: an article that discusses them together is about both,
        one that names each once far apart is not (see :mod:`search.query.ranking`)."""
        if not self.short:
            return
        content = [k for k in sorted(positions) if not self.function_word(run[k])]
        for a, b in zip(content, content[1:]):
            if positions[a] == positions[b] or (a in name_of and name_of[a] == name_of.get(b)):
                continue
            if any(start <= a and b < end for start, end in spans):
                continue  # an expression's words: its phrase is their bonus
            unit = Unit(f"{run[a]} … {run[b]}", frozenset([positions[a], positions[b]]))
            for lang in self.languages:
                first, second = analyze(run[a], lang), analyze(run[b], lang)
                if len(first) != 1 or len(second) != 1 or first == second:
                    continue
                if lang not in self.content_languages(run[a]) or lang not in self.content_languages(run[b]):
                    continue
                near = self.searched(first + second, lang, None, ranking.NEAR_WEIGHT, ranking.NEAR_SLOP)
                unit.add(near,
                         f"{run[a]} near {run[b]} in {lang} articles ×{ranking.NEAR_WEIGHT}")
            if unit.typed:
                units.append(unit)

    def same_concept(self, word: str, other: str) -> bool:
        """Whether ``other`` is one of ``word``'s translations (as the lexicons know them)."""
        if self.translator is None or self.function_word(word) or self.function_word(other):
            return False
        for target, targets in self.translator.translations(word).items():
            wanted = analyze(other, target)
            if wanted and any(analyze(t, target) == wanted for t in targets):
                return True
        return False

    def word_unit(self, word: str, position: int, which: str | None, translate: bool,
                  weight: float = 1.0, other_sense: frozenset[str] = frozenset(),
                  unless: dict[str, plan.Node] | None = None) -> Unit:
        """A word's unit; for a word of an expression, ``weight`` below 1, ``other_sense`` and
        ``unless`` (see :meth:`add_typed`, :meth:`add_translated`)."""
        unit = Unit(word, frozenset([position]))
        self.add_typed(unit, word, which, other_sense=other_sense, unless=unless)
        if translate and self.translate:
            self.add_translations(unit, word, which, weight=weight, unless=unless)
        self.add_cognates(unit, word, which)
        return unit

    # --- which language a word belongs to --------------------------------------------

    def function_word(self, word: str) -> bool:
        """A function word of some language that no language takes as a content word here."""
        return not self.content_languages(word)

    def content_languages(self, text: str) -> list[str]:
        """The field languages where ``text`` is searched as a content word: not where it is
        a function word, nor where it is the other language's function word unknown as a
        word of this one, spelt as typed (``du`` is no English word, ``car`` is; ``the`` is
        not French even though ``thé`` folds to it)."""
        found = []
        for lang in self.languages:
            if not analyze(text, lang) or (lang == "en" and self.translate and self.french_spelling(text)):
                continue  # translated instead: marché → market, not March; cinéma → cinema
            stop_elsewhere = any(not analyze(text, other) for other in LANGUAGES if other != lang)
            if stop_elsewhere and " " not in text.strip():
                if lang not in LANGUAGES or not (self.translator and self.translator.knows(text, lang, exactly=True)):
                    continue
            found.append(lang)
        return found

    def typed_languages(self, word: str) -> set[str]:
        """Which languages ``word`` was probably typed in, judged by the index's own words."""
        if self.query_language is not None:
            return {self.query_language}
        if self.french_spelling(word):
            return {"fr"}
        stop_in = {lang for lang in _OTHER if not analyze(word, lang)}
        if len(stop_in) == 1:  # a function word of one language ("the", "les") ...
            (lang,) = stop_in
            if not (self.translator and self.translator.knows(word, _OTHER[lang], exactly=True)):
                return stop_in
            return {_OTHER[lang]}  # ... or a word of the other ("car", "son")
        known = {lang for lang in _OTHER if self.translator and self.translator.knows(word, lang)}
        if self.vocabulary is None:
            return known or set(_OTHER)
        share = {lang: self.vocabulary(word, lang) for lang in _OTHER}
        en, fr = share["en"], share["fr"]
        if en > 2 * fr:
            return {"en"}
        if fr > 2 * en:
            return {"fr"}
        return known or set(_OTHER)

    def lexicon_languages(self, word: str) -> set[str]:
        """The language a trusted lexicon knows ``word`` in when it knows it in one only: a
        loanword (``lockdown``, quoted in a few French articles and in no English one) is
        still a word of its language and translated out of it (*confinement*), whichever
        language's articles happen to use it."""
        if self.translator is None:
            return set()
        known = {lang for lang in _OTHER if self.translator.knows(word, lang)}
        return known if len(known) == 1 else set()

    def french_spelling(self, word: str) -> bool:
        """A word with a letter English spells without (``marché``, ``côté``) that no lexicon
        knows as an English word spelt so: French, whatever English word it folds to
        (``marché`` is not *March*). Capitalised or in capitals (``Marché``, ``MARCHÉ``), only
        when a French headword is spelt so: otherwise a name, which English articles spell
        either way (``Hervé``)."""
        if " " in word.strip() or not _FRENCH_LETTERS.intersection(word.lower()) or self.translator is None:
            return False
        if self.translator.knows(word, "en", exactly=True):
            return False
        return word[:1].islower() or self.translator.knows(word.lower(), "fr", exactly=True)

    def foreign(self, word: str, lang: str) -> bool:
        """Whether ``word`` found in ``lang``'s articles is a foreign word there: the lexicons
        know it as a word of the other language only, and the other language's articles use
        it far more often (``games`` in a French article quoting *Game of Thrones*)."""
        if lang not in LANGUAGES or self.translator is None:
            return False
        other = _OTHER[lang]
        if not self.translator.knows(word, other) or self.translator.knows(word, lang):
            return False
        if self.vocabulary is not None:  # shared words (minimum, budget) are no foreign words
            return self.vocabulary(word, lang) * ranking.FOREIGN_RATIO < self.vocabulary(word, other)
        return other in self.typed_languages(word)

    # --- alternatives ------------------------------------------------------------------

    def fields(self, lang: str, which: str | None, lead: bool = True) -> list[str]:
        """The fields a word is looked for in: ``title:`` and ``body:`` name one; otherwise
        the headline, the body and (``lead``) its lead (see :data:`~search.query.ranking.LEAD_BOOST`)."""
        if which == "title":
            return [title_field(lang)]
        if which == "body":
            return [body_field(lang)]
        return [title_field(lang), lead_field(lang), body_field(lang)] if lead else [title_field(lang), body_field(lang)]

    def searched(self, terms: list[str], lang: str, which: str | None, boost: float = 1.0, slop: int = 0) -> plan.Node:
        """One language's fields for analysed ``terms`` (a phrase when several), summed."""
        return plan.in_fields(terms, self.fields(lang, which), boost, slop, _FIELD_WEIGHTS)

    def add_typed(self, unit: Unit, text: str, which: str | None, phrase: bool = False,
                  weight: float = 1.0, other_sense: frozenset[str] = frozenset(),
                  unless: dict[str, plan.Node] | None = None) -> None:
        """``text`` as typed in the fields of each language it can belong to; ``weight``
        below 1 for a phrase whose words are already counted one by one (a bonus). In a
        query with operators a name must be found whole, so its bonus is also searched where
        it analyses to one word (``Le Pen`` in French articles, *le* being a stop word).
        ``other_sense``: the languages where the word, part of an expression translated
        there, is not part of its translation (``Prime`` of ``Prime Minister`` in French
        articles is a bonus, *prime*): weak evidence there, weighed as a foreign word, and
        only where the expression's translation (``unless``) is not found."""
        langs = self.content_languages(text) if not phrase else self.languages
        for lang in langs:
            terms = analyze(text, lang)
            if not terms or (weight < 1.0 and len(terms) < 2 and not (self.boolean and unit.together)):
                continue
            self.marks.exact[lang].update(terms)
            if not phrase and lang in other_sense:
                unit.add(_unless(self.searched(terms, lang, which, ranking.FOREIGN_WEIGHT), lang, unless),
                         f"{text} as typed in {lang} articles (outside the expression's translation) "
                         f"×{ranking.FOREIGN_WEIGHT}", typed=False, weak=True)
            elif not phrase and self.foreign(text, lang):
                unit.add(self.searched(terms, lang, which, ranking.FOREIGN_WEIGHT),
                         f"{text} as typed in {lang} articles (a foreign word there) ×{ranking.FOREIGN_WEIGHT}",
                         typed=False, weak=True)
            else:
                together = " together" if len(terms) > 1 else ""
                boost = weight * (self.elsewhere(text, lang) if not phrase else 1.0)
                unit.add(self.searched(terms, lang, which, boost),
                         f"{text}{together} in {lang} articles" + (f" ×{boost:.2f}" if boost != 1 else ""))

    def elsewhere(self, text: str, lang: str) -> float:
        """The weight of a word typed in one language found as such in the other's articles
        (a name, a quoted title): never more than its rarity in its own language's articles
        allows (``Chelsea``, in 69 English articles and 2 French ones, must not score as a
        rare French word)."""
        typed = self.typed_languages(text)
        if len(typed) != 1 or lang in typed or lang not in LANGUAGES:
            return 1.0
        if self.translator is not None and self.translator.knows(text, lang):
            return 1.0  # a word of both languages (animal, arsenal) is at home in either
        own, here = self.rarity(text, next(iter(typed))), self.rarity(text, lang)
        return min(1.0, own / here) if own and here else 1.0

    def add_translations(self, unit: Unit, text: str, which: str | None, phrase: bool = False,
                         weight: float = 1.0, unless: dict[str, plan.Node] | None = None) -> None:
        """``weight`` below 1 and ``unless`` for the words of an expression, whose
        translations are weak alternatives beside the expression's own (see
        :meth:`word_run`, :meth:`add_translated`)."""
        found = self.translator.translations(text) if self.translator else {}
        sources = self.typed_languages(text) | self.lexicon_languages(text) if not phrase else set(_OTHER)
        found = {target: targets for target, targets in found.items() if _OTHER[target] in sources
                 and (self.translator.trusted(text, _OTHER[target]) or not self.shared_word(text, target))}
        self.add_translated(unit, text, which, found, phrase, weight, unless)

    def shared_word(self, text: str, lang: str) -> bool:
        """Whether ``text`` as typed is also a word of ``lang``'s articles (``animal``,
        ``budget``): then it needs no dictionary's guess at a translation there."""
        return self.vocabulary is not None and self.vocabulary(text, lang) >= ranking.SHARED_WORD_SHARE

    def add_translated(self, unit: Unit, text: str, which: str | None, found: dict[str, list[str]],
                       phrase: bool, weight: float = 1.0, unless: dict[str, plan.Node] | None = None) -> None:
        """Translations as alternatives, each weighted by its likelihood relative to the best
        one, and never given an idf advantage over the typed words (an expression's words'
        idfs summed on both sides, as its phrase scores: ``Jeux olympiques`` is rarer in
        French articles than ``Olympic Games`` in English ones, so a passing mention of it
        would otherwise outscore an article about the Games). Weak (see
        :mod:`search.query.ranking`): a dictionary's sense, a word of an expression
        (``weight`` below 1), one word standing for an expression of several that the
        corpus does not support (*Mondial* for ``World Cup``: the word alone has other senses,
        a world war; see :meth:`supported`), and a translation of several words of which one
        only is searchable (``Notre-Dame`` → *Our Lady*, searched as *lady*). A word of an
        expression scores only where the expression's translation (``unless``, per language)
        is not found: that translation already counts for all its words."""
        single = " " not in text.strip()
        typed_sources = self.typed_languages(text) if single else set(_OTHER)
        words_typed = max(1, len(unit.covers))
        source_rarity = None
        if len(typed_sources) == 1 and single:
            source_rarity = self.rarity(text, next(iter(typed_sources)))
        shown: list[str] = []
        for lang, targets in found.items():
            if lang not in self.languages:
                continue
            typed_terms = analyze(text, lang) if phrase or lang in self.content_languages(text) else None
            likelihoods = [self.translator.weight(text, lang, t) for t in targets]
            best = max(likelihoods, default=1.0) or 1.0
            for target, likelihood in list(zip(targets, likelihoods))[:ranking.MAX_TRANSLATIONS]:
                terms = analyze(target, lang)
                if not terms or terms == typed_terms:  # no-op (climate → climate)
                    continue
                # A translation counts as many words as it stands for (cessez-le-feu for
                # ceasefire weighs one word, Bourse for stock market two), with the bonus
                # the typed words get for standing together when it stands for several.
                boost = ranking.TRANSLATION_WEIGHT * weight * likelihood / best * self.specificity(text, target, lang)
                boost *= words_typed / len(terms) * (1 + ranking.PHRASE_WEIGHT if words_typed > 1 else 1)
                source = source_rarity if single else self.rarity(text, _OTHER[lang])
                target_rarity = self.rarity(target, lang)
                if source and target_rarity:
                    boost *= min(1.0, source / (target_rarity * words_typed / len(terms)))
                self.marks.exact[lang].update(terms)
                fallback = words_typed > 1 and len(terms) == 1 and not self.supported(text, target, lang)
                fallback = fallback or (len(terms) == 1 and len(words(target)) > 1)  # Our Lady → lady
                unit.add(_unless(self.searched(terms, lang, which, boost), lang, unless),
                         f"{text} → {target} in {lang} articles ×{boost:.2f}",
                         typed=False, weak=fallback or weight < 1.0, sense=lang,
                         translation=None if self.translator.trusted(text, _OTHER[lang]) else (text, target))
                if target not in shown:
                    shown.append(target)
        if shown and weight == 1.0:  # an expression's words apart are not what the page says it searched
            listed = (self.excluded if self.negated else self.expanded).setdefault(text, [])
            listed.extend(t for t in shown if t not in listed)

    def add_cognates(self, unit: Unit, word: str, which: str | None) -> None:
        """Words of the other language's articles spelt almost like ``word`` (names and true
        cognates: Karabakh/Karabagh), for words no lexicon translates there: same first
        letters and at most one edit in five, never a shared prefix alone (internet is not
        international). Not in the language the word was typed in, where a near spelling is
        another word (trafficking is not traffic)."""
        if self.similar is None or not self.translate:
            return
        if not ranking.COGNATE_MIN_LENGTH <= len(word) <= ranking.COGNATE_MAX_LENGTH:
            return
        translated = self.translator.translations(word) if self.translator else {}
        typed = self.typed_languages(word)
        for lang in self.languages:
            if lang not in LANGUAGES or lang in translated or typed == {lang}:
                continue
            terms = analyze(word, lang)
            if len(terms) != 1 or len(terms[0]) < ranking.COGNATE_MIN_LENGTH:
                continue
            stem = terms[0]
            maxdist = min(ranking.COGNATE_MAX_EDITS, max(1, len(stem) // 5))
            for term in self.similar(body_field(lang), stem, maxdist, COGNATE_PREFIX):
                if term == stem:
                    continue
                self.marks.exact[lang].add(term)
                unit.add(self.searched([term], lang, which, ranking.COGNATE_WEIGHT),
                         f"{word} ~ {term} (cognate) in {lang} articles ×{ranking.COGNATE_WEIGHT}",
                         typed=False, weak=True)

    def add_acronyms(self, unit: Unit, names: list[tuple[str, str]]) -> None:
        """The initials of a name or expression of several words (``EU`` for ``European
        Union``, *UE* for its translation *Union européenne*, *FMI* for *Fonds monétaire
        international*), searched like the name where the articles that spell the name out
        also use them (``ACRONYM_MIN_SHARE``): a news article names an organisation once and
        abbreviates it after, and many articles use the abbreviation alone."""
        if self.together is None or not self.translate or not self.short:
            return  # a pasted sentence's names need no initials, and each costs two counts
        seen: set[tuple[str, str]] = set()
        for lang, text in names:
            if lang not in LANGUAGES or lang not in self.languages or not _capitalised(text):
                continue  # initials stand for names (European Union), not for mobile phones
            terms = analyze(text, lang)
            letters = "".join(word[0] for word in words(text) if analyze(word, lang) and word[0].isalpha())
            low, high = ranking.ACRONYM_LENGTH
            if len(terms) < 2 or not low <= len(letters) <= high or (lang, letters) in seen:
                continue
            seen.add((lang, letters))
            found = analyze(letters.upper(), lang)
            if len(found) != 1 or (self.vocabulary is not None and not self.vocabulary(letters.upper(), lang)):
                continue  # no article uses the initials: nothing to count
            named, abbreviated = self.together(terms, found[0], lang)
            if abbreviated < ranking.ACRONYM_MIN_ARTICLES or abbreviated < ranking.ACRONYM_MIN_SHARE * named:
                continue
            if self.count is not None and abbreviated < ranking.ACRONYM_MIN_PRECISION * self.count(in_article(lang, found)):
                continue  # the initials mostly stand for something else here (JO: Joe, stemmed)
            self.marks.exact[lang].add(found[0])
            unit.add(self.searched(found, lang, None, ranking.ACRONYM_WEIGHT),
                     f"{text} = {letters.upper()} in {lang} articles ×{ranking.ACRONYM_WEIGHT}", typed=False)

    def supported(self, text: str, target: str, lang: str) -> bool:
        """Whether the corpus supports one word as the translation of an expression of
        several (``Bourse`` for ``stock market``, not *Mondial* for ``World Cup``): the word
        is no more common among its language's articles than the expression among its own
        (a word more common than that has other senses there: *mondiale*, a world war)."""
        source = _OTHER[lang]
        if self.vocabulary is None or self.phrase_share is None or not self.short or not analyze(text, source):
            return True
        typed = self.phrase_share(analyze(text, source), source)
        return self.vocabulary(target, lang) <= ranking.FALLBACK_SUPPORT_RATIO * typed

    def specificity(self, text: str, target: str, lang: str) -> float:
        """How specifically ``target`` (in ``lang``) stands for ``text``: one over the number of
        words it translates back to, to a power (``singer`` is *chanteur* or *chanteuse*, so it
        is half the evidence for ``chanteuse`` that *chômage* is for ``unemployment``)."""
        if not self.short or self.translator is None or len(words(text)) != 1:
            return 1.0
        source = _OTHER[lang]
        back = {tuple(analyze(word, source)) for word in self.translator.translations(target).get(source, [])
                if len(words(word)) == 1}
        back.add(tuple(analyze(text, source)))
        return len(back) ** -ranking.BACK_TRANSLATION_EXPONENT

    def rarity(self, text: str, lang: str) -> float | None:
        """The idf the ranking gives ``text``'s words in ``lang``'s body field, summed (a
        phrase scores as the sum of its words); None when one of them is unknown there."""
        if self.idf is None:
            return None
        total = 0.0
        for word in words(text):
            if not analyze(word, lang):
                continue  # a function word, which the phrase matches but does not score
            found = self.idf(word, lang)
            if found is None:
                return None
            total += found
        return total or None

    # --- grouping ----------------------------------------------------------------------

    def expressions(self, run: list[str]) -> Iterable[tuple[int, int, dict[str, list[str]]]]:
        """Lexicon expressions among words typed in a row, longest first, not overlapping:
        ``(start, end, translations)``. An expression starts and ends on a content word."""
        if self.translator is None:
            return
        i = 0
        while i < len(run):
            found = None
            for end in range(min(len(run), i + ranking.MAX_EXPRESSION_WORDS), i + 1, -1):
                if self.function_word(run[i]) or self.function_word(run[end - 1]):
                    continue
                text = " ".join(run[i:end])
                translations = self.translator.translations(text)
                if translations:
                    found = (i, end, translations)
                    break
            if found:
                yield found
                i = found[1]
            else:
                i += 1

    def names(self, run: list[str]) -> Iterable[tuple[int, int]]:
        """Capitalised words in a row, with lower-case connectors between them (``Tour de
        France``, ``Paris Saint-Germain``): names, kept whole. A run of capitalised common
        words that the lexicons know (``Olympic Games``, ``Stock Market``) is no name."""
        i = 0
        while i < len(run):
            if not _capitalised(run[i]):
                i += 1
                continue
            end = i + 1
            last = i
            while end < len(run) and (_capitalised(run[end]) or run[end].lower() in NAME_CONNECTORS):
                if _capitalised(run[end]):
                    last = end
                end += 1
            if last > i and not self.common_words(run[i:last + 1]):
                yield i, last + 1
            i = last + 1

    def common_words(self, words: list[str]) -> bool:
        """Every word a word the trusted lexicons translate (no connector, no unknown name)."""
        if self.translator is None:
            return False
        return all(any(self.translator.knows(w, lang) for lang in LANGUAGES) for w in words)
