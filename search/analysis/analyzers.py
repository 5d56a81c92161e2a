"""Language-specific analyzers: a tokenizer followed by small filters, one concern each.

Whoosh pickles analyzers into the index schema, so every class here is part of the on-disk
format: renaming or moving one, or changing what it emits, means a reindex. Bump
``ANALYSIS_VERSION`` whenever indexed tokens would change; the indexer then refuses to mix
old and new tokens and asks for ``search index --rebuild``.

Order matters: accents are folded *before* stemming so that ``deminage`` and ``déminage``
reach the stemmer as the same string and can never stem apart. The one deliberate exception
is the short list of :mod:`search.analysis.stem_exceptions` (``côté`` is not ``côte``), looked
up before folding.

Unicode forms: text is brought to NFC and stripped of format characters (category Cf: zero-width
spaces and joiners, soft hyphens, bidi controls, BOMs) by :func:`search.text.normalize_text` before it is
split into words, or ``de\u0301minage`` (decomposed) and ``recon\u200bstruction`` would
split into two words each. Articles are normalised once when they are read and queries
once when they are parsed, so the stored text that snippets mark is the very text that was
analysed and character offsets stay right; the tokenizer normalises again (a no-op on
normalised text) so that no caller can bypass it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Iterator

from whoosh.analysis import Analyzer, Filter, LowercaseFilter, RegexTokenizer, StopFilter
from whoosh.analysis.acore import Token
from whoosh.lang.stopwords import stoplists

from ..text import fold_accents, normalize_text
from .stem_exceptions import STEM_EXCEPTIONS

ANALYSIS_VERSION = 15
"""4: text fields are EncodedText (postings encoded in the reading workers).
5: NFC and removal of format characters before tokenising; dotless ı, ł and đ folded.
6: whole titles, repaired text (Markdown escapes, glued sentences), text keys of duplicates,
feed items, manifest entries listing each file's articles.
7: the analyzer classes moved from ``search.analysis`` to ``search.analysis.analyzers`` and the
field types from ``search.schema`` to ``search.index.schema`` (paths pickled in the index).
8: stem exceptions (:mod:`search.analysis.stem_exceptions`: animation is not animal).
9: acronyms are no stop words (``WHO``); OMS, SMS, PS, SARS keep their last letter.
10: coupe (a cup) is not coup, volant not vol, triplement not triplé.
11: Damas (Damascus) is not dame (Notre-Dame).
12: assurance is not assuré.
13: only the acronyms of ``STOP_WORD_ACRONYMS`` escape the stop lists (a text in capitals
keeps its stop words stopped); généralement typed without accents keeps its own stem.
14: a ``section`` column (the file's stated section, else its folder) for the section facet.
15: ``lead_<lang>`` fields: the body's opening terms searched again."""

LANGUAGES = ("en", "fr")
"""Languages with their own analyzer; anything else gets the neutral one."""

NEUTRAL = "xx"
"""Pseudo-language code for articles in any other language (or none detected)."""

WORD_PATTERN = r"\w+(?:['’]\w+)*"
"""Words, keeping apostrophes inside them so elision and possessive filters see them."""

ELISIONS = frozenset(
    ["l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"]
)
APOSTROPHES = "'’"

def _folded_stoplist(lang: str, add: Iterable[str] = (), keep: Iterable[str] = ()) -> frozenset[str]:
    words = (set(stoplists[lang]) | set(add)) - set(keep)
    return frozenset(fold_accents(w) for w in words)


# Whoosh's French list lacks some of the commonest function words ("les"!); "été" is also
# "summer", too useful a search word in news to drop.
STOP_WORDS = {
    "en": _folded_stoplist("en"),
    "fr": _folded_stoplist(
        "fr",
        add="les leurs dont cette cet cela ça ceux celle celles celui lors lorsque puis donc car ni "
            "si sans sous entre vers chez".split(),
        keep=("été",),
    ),
}


class ElisionFilter(Filter):
    """Drops French elided articles and pronouns: ``l'armée`` → ``armée``, ``qu’il`` → ``il``."""

    def __init__(self, elisions: Iterable[str] = ELISIONS):
        self.elisions = frozenset(elisions)

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            text = t.text
            for i, ch in enumerate(text):
                if ch in APOSTROPHES:
                    if text[:i].lower() in self.elisions:
                        if t.chars:
                            t.startchar += i + 1
                        t.text = text[i + 1:]
                    break
            yield t


class PossessiveFilter(Filter):
    """Drops the English possessive: ``Azerbaijan's`` → ``Azerbaijan``, ``agency’s`` → ``agency``."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            text = t.text
            if len(text) > 2 and text[-2] in APOSTROPHES and text[-1] in "sS":
                if t.chars:
                    t.endchar -= 2
                t.text = text[:-2]
            yield t


class ApostropheSplitFilter(Filter):
    """Keeps the last part of a word that still holds an apostrophe (``aujourd'hui`` → ``hui``).

    Runs after the elision/possessive filters so that only leftovers are touched; the query
    side applies the same rule, so both agree."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            text = t.text
            cut = max(text.rfind("'"), text.rfind("’"))
            if cut >= 0:
                if t.chars:
                    t.startchar += cut + 1
                t.text = text[cut + 1:]
                if not t.text:
                    continue
            yield t


ACRONYM_LENGTH = (2, 5)
"""Letters of a word written in capitals that the lexicons read as an acronym (``WHO``, ``OMS``)."""

STOP_WORD_ACRONYMS = frozenset({"WHO", "IT"})
"""Acronyms spelt like a stop word: the World Health Organization, information technology.
Only these: a headline or query in capitals (``THE END OF THE WAR``, ``COUP DE GUEULE``)
keeps its stop words stopped, or its phrases and names would break."""


def is_acronym(word: str) -> bool:
    """A word written in capitals, of an acronym's length (``WHO``, ``OMS``, ``SNCF``)."""
    low, high = ACRONYM_LENGTH
    return low <= len(word) <= high and word.isupper() and word.isalpha()


class AcronymFilter(Filter):
    """Marks the acronyms of :data:`STOP_WORD_ACRONYMS`, which :class:`StopWordFilter` keeps
    though their letters spell a stop word. Runs before lower-casing. Whoosh reuses one
    token object for every word, so the mark is set on each."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.acronym = t.text in STOP_WORD_ACRONYMS
            yield t


class StopWordFilter(Filter):
    """Whoosh's stop filter (stop words take no position, so a phrase matches across them),
    except that an acronym is no stop word: ``WHO`` is the World Health Organization where
    ``who`` is a pronoun."""

    def __init__(self, stoplist: frozenset[str]):
        self.stops = stoplist

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.stops == self.stops

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        pos = None
        for t in tokens:
            if t.text and (t.text not in self.stops or getattr(t, "acronym", False)):
                if t.positions:
                    if pos is None:
                        pos = t.pos
                    else:
                        pos += 1
                        t.pos = pos
                t.stopped = False
                yield t
            elif not t.removestops:
                t.stopped = True
                yield t


class StemExceptionFilter(Filter):
    """Gives the words of :data:`~search.analysis.stem_exceptions.STEM_EXCEPTIONS` their own
    stem (``animation`` is not ``animal``), before accents are folded so that ``côté`` and
    ``côte`` can differ; :class:`SnowballFilter` leaves such tokens alone.

    Whoosh reuses one token object for every word, so the mark is set on each token."""

    def __init__(self, language: str):
        self.language = language

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.language == self.language

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        exceptions = STEM_EXCEPTIONS.get(self.language, {})
        for t in tokens:
            stem = exceptions.get(t.text)
            t.stem_fixed = stem is not None
            if stem is not None:
                t.text = stem
            yield t


class AccentFoldFilter(Filter):
    """Makes matching accent-insensitive: ``déminage`` → ``deminage``."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = fold_accents(t.text)
            yield t


class SnowballFilter(Filter):
    """Snowball stemming through ``snowballstemmer`` (C speed when PyStemmer is installed).

    The stemmer object cannot be pickled, so it is created lazily and left out of the state
    Whoosh pickles into the index; a per-instance cache spares repeated words."""

    def __init__(self, language: str, cachesize: int = 50_000):
        self.language = language
        self.cachesize = cachesize
        self._stemmer = None
        self._cache: dict[str, str] = {}

    def __getstate__(self) -> dict:
        return {"language": self.language, "cachesize": self.cachesize}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["language"], state.get("cachesize", 50_000))

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.language == self.language

    def stem(self, word: str) -> str:
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        if self._stemmer is None:
            import snowballstemmer

            self._stemmer = snowballstemmer.stemmer(self.language)
        stemmed = self._stemmer.stemWord(word)
        if len(self._cache) >= self.cachesize:
            self._cache.clear()
        self._cache[word] = stemmed
        return stemmed

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            if not t.stopped and not getattr(t, "stem_fixed", False):
                t.text = self.stem(t.text)
            yield t


class TruncateFilter(Filter):
    """Keeps the first ``length`` letters: a crude, language-blind stem shared by cognates
    (``territory``/``territoire`` → ``terri``, ``Azerbaijan``/``Azerbaïdjan`` → ``azerb``)."""

    def __init__(self, length: int = 5):
        self.length = length

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = t.text[: self.length]
            yield t


COGNATE_PREFIX = 5
"""Letters kept by the cognate analyzer: 5 measured best on the parallel news sets."""


class NormalizingTokenizer(RegexTokenizer):
    """Words of the text after :func:`normalize_text`; offsets are into the normalised text,
    which is the text itself for articles and queries (normalised when read and parsed)."""

    def __call__(self, value: str, **kwargs) -> Iterator[Token]:
        return super().__call__(normalize_text(value), **kwargs)


def _tokenizer() -> RegexTokenizer:
    return NormalizingTokenizer(WORD_PATTERN)


def english_analyzer() -> Analyzer:
    return (
        _tokenizer()
        | PossessiveFilter()
        | ApostropheSplitFilter()
        | AcronymFilter()
        | LowercaseFilter()
        | StemExceptionFilter("en")
        | AccentFoldFilter()
        | StopWordFilter(STOP_WORDS["en"])
        | SnowballFilter("english")
    )


def french_analyzer() -> Analyzer:
    return (
        _tokenizer()
        | ElisionFilter()
        | ApostropheSplitFilter()
        | AcronymFilter()
        | LowercaseFilter()
        | StemExceptionFilter("fr")
        | AccentFoldFilter()
        | StopWordFilter(STOP_WORDS["fr"])
        | SnowballFilter("french")
    )


def neutral_analyzer() -> Analyzer:
    """For other languages: no stop words or stemming we could get wrong, just case and accents."""
    return _tokenizer() | ApostropheSplitFilter() | LowercaseFilter() | AccentFoldFilter()


def cognate_analyzer() -> Analyzer:
    """Language-blind prefixes of content words, to match names and cognates across languages."""
    return (
        _tokenizer()
        | PossessiveFilter()
        | ElisionFilter()
        | ApostropheSplitFilter()
        | LowercaseFilter()
        | AccentFoldFilter()
        | StopFilter(stoplist=STOP_WORDS["en"] | STOP_WORDS["fr"], minsize=2)
        | TruncateFilter(COGNATE_PREFIX)
    )


_FACTORIES = {"en": english_analyzer, "fr": french_analyzer, NEUTRAL: neutral_analyzer}


@lru_cache(maxsize=None)
def analyzer_for(lang: str) -> Analyzer:
    """The analyzer for a language code; unknown codes get the neutral analyzer."""
    return _FACTORIES.get(lang, neutral_analyzer)()


def analyze(text: str, lang: str) -> list[str]:
    """The index terms of ``text`` in ``lang``: ``analyze("l'armée", "fr") == ["arme"]``."""
    return [t.text for t in analyzer_for(lang)(text, mode="query")]


_WORD_RE = re.compile(WORD_PATTERN)
_TERM_CACHE_SIZE = 100_000
_term_cache: dict[str, dict[str, tuple[str | None, str | None]]] = {}


def _only_term(analyzer: Analyzer, word: str) -> str | None:
    for token in analyzer(word, mode="index"):
        if not token.stopped:
            return token.text
    return None


def index_terms(text: str, lang: str) -> tuple[list[str], list[str]]:
    """``(language terms, cognate keys)`` of ``text`` in one pass.

    Exactly what ``analyzer_for(lang)`` and ``cognate_analyzer()`` would index: every filter
    works on one word at a time, so each distinct word is run through the real analyzers
    once and remembered. Indexing passes these lists to Whoosh as pre-analysed values,
    which spares a second analysis of every article and most of the first."""
    text = normalize_text(text)
    cache = _term_cache.setdefault(lang, {})
    if len(cache) > _TERM_CACHE_SIZE:
        cache.clear()
    own: list[str] = []
    cognates: list[str] = []
    for word in _WORD_RE.findall(text):
        entry = cache.get(word)
        if entry is None:
            entry = (_only_term(analyzer_for(lang), word), _only_term(_COGNATE, word))
            cache[word] = entry
        if entry[0] is not None:
            own.append(entry[0])
        if entry[1] is not None:
            cognates.append(entry[1])
    return own, cognates


_span_cache: dict[str, dict[str, tuple[str, int, int] | None]] = {}
_UNSEEN = object()


def term_spans(text: str, lang: str, initials: frozenset[str] | None = None) -> Iterator[tuple[int, int, str]]:
    """``(start, end, term)`` for every indexed word of ``text``: where each index term sits.

    The same as running ``analyzer_for(lang)`` with character offsets (elided ``l'`` and a
    possessive ``'s`` stay outside the span), with each distinct word analysed only once.
    With ``initials`` (two-letter beginnings, see :func:`may_begin`), a word not seen before
    whose parts begin otherwise is passed over unanalysed: its term cannot begin that way.

    ``text`` must already be normalised (:func:`normalize_text`), as stored articles are: the
    offsets are into ``text`` itself."""
    cache = _span_cache.setdefault(lang, {})
    if len(cache) > _TERM_CACHE_SIZE:
        cache.clear()
    analyzer = analyzer_for(lang)
    for match in _WORD_RE.finditer(text):
        word = match.group()
        found = cache.get(word, _UNSEEN)  # one read: another thread may clear the cache
        if found is _UNSEEN:
            if initials is not None and not may_begin(word, initials):
                continue
            found = next(
                ((t.text, t.startchar, t.endchar) for t in analyzer(word, chars=True, mode="index") if not t.stopped),
                None,
            )
            cache[word] = found
        if found is not None:
            yield match.start() + found[1], match.start() + found[2], found[0]


_APOSTROPHE_RE = re.compile("[" + APOSTROPHES + "]")


def initial(term: str) -> str:
    """A term's first two letters, a second ``y`` read as ``i`` (English Snowball turns
    ``dying`` into ``die``)."""
    return term[:1] + ("i" if term[1:2] == "y" else term[1:2])


def may_begin(word: str, initials: frozenset[str]) -> bool:
    """Whether ``word``'s index term can have one of the ``initials`` (see :func:`initial`).

    Lowercasing, folding and Snowball stemming keep a word's first two letters but for that
    ``y``, and the apostrophe filters keep a part of the word (``l'armée`` → ``armée``), so
    the term begins like the folded word or like one of its apostrophe-separated parts."""
    folded = fold_accents(word.lower())
    if initial(folded) in initials:
        return True
    return any(initial(part) in initials for part in _APOSTROPHE_RE.split(folded)[1:])


def words(text: str) -> list[str]:
    """Plain words as typed (for spelling suggestions and display), in order."""
    return _WORD_RE.findall(text)


_COGNATE = cognate_analyzer()
