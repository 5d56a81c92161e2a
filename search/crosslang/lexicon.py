"""Bilingual lexicons for query translation, and the translator the query builder uses.

Sources, loaded when present, in this order of trust:

1. the project's own news glossary (``search/data/glossary/*.tsv``, one file per domain,
   ``english<TAB>french<TAB>kind``): general news vocabulary with its multi-word
   expressions (``cessez-le-feu``, ``Premier ministre``, ``taux d'intérêt``), written for
   this project under its licence;
2. names from the Unicode CLDR as the installed Babel package carries them (countries and
   territories, languages, currencies, months, weekdays; Unicode licence), generated when
   the lexicons load rather than copied into the repository;
3. FreeDict's English–French and French–English dictionaries in dictd format, as Debian
   packages them (``dict-freedict-eng-fra``, ``dict-freedict-fra-eng``; GPL, optional);
4. a user lexicon: a UTF-8 file of ``english<TAB>french`` lines, named by the caller
   (``tools/learn_lexicon.py`` learns one from translations the user owns).

Entries are keyed by the *stems* of the headword, so inflected query words (``donated``,
``prisonniers``) find the entry of their lemma, and a multi-word headword is keyed by its
words' stems in order (``taux d'intérêt`` → ``taux interet``).
"""

from __future__ import annotations

import gzip
from difflib import SequenceMatcher
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..analysis.analyzers import analyze, fold_accents, is_acronym
from ..errors import LexiconError

DATA = Path(__file__).parent.parent / "data"
GLOSSARY = DATA / "glossary"
FREEDICT_DIR = Path("/usr/share/dictd")
MAX_TRANSLATIONS = 4
"""Per direction and word; the first senses of a dictionary entry are the common ones."""
BOTH, EN_FR, FR_EN = "both", "en>fr", "fr>en"
DIRECTIONS = (BOTH, EN_FR, FR_EN)
"""A glossary line's optional fourth column: which way the pair may translate (``both`` when
absent). A pair good one way only (``top`` → *sommet*: a summit is no *top* in news) says so."""
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


@dataclass
class Lexicon:
    """Word pairs from one source: ``en_fr`` maps English words to French ones, and back."""

    name: str
    path: str
    en_fr: dict[str, list[str]] = field(default_factory=dict)
    fr_en: dict[str, list[str]] = field(default_factory=dict)
    weights: dict[tuple[str, str, str], float] = field(default_factory=dict)
    """``(source language, source word, translation)`` → how likely that translation is;
    1.0 where the source gives none."""
    trusted: bool = False
    """Written or curated for news (glossary, CLDR names): its entries also tell which
    language a word belongs to, and stand alone over less trusted sources."""
    licence: str = ""
    origins: dict[tuple[str, str, str], str] = field(default_factory=dict)
    """``(source language, headword, translation)`` → the file and line that give the pair
    (for reports such as :mod:`search.crosslang.audit`)."""

    @property
    def entries(self) -> int:
        return len(self.en_fr) + len(self.fr_en)

    def add(self, english: str, french: str, to_french: float = 1.0, to_english: float = 1.0,
            direction: str = BOTH, origin: str = "") -> None:
        """A pair, translating both ways unless ``direction`` says one (``en>fr``: *top* may
        be searched as *sommet*, but *sommet* is no *top*)."""
        english, french = english.strip(), french.strip()
        if english and french:
            if direction != FR_EN:
                _append(self.en_fr, _headword(english), french)
                self.weights.setdefault(("en", _headword(english), french), to_french)
                self.origins.setdefault(("en", _headword(english), french), origin)
            if direction != EN_FR:
                _append(self.fr_en, _headword(french), english)
                self.weights.setdefault(("fr", _headword(french), english), to_english)
                self.origins.setdefault(("fr", _headword(french), english), origin)

    def weight(self, source: str, word: str, translation: str) -> float:
        return self.weights.get((source, word, translation), 1.0)


def _headword(word: str) -> str:
    """A headword as looked up: lower case, but for an acronym (``WHO`` is no ``who``, which
    the analyzers take for a stop word)."""
    return word if is_acronym(word) else word.lower()


def _append(table: dict[str, list[str]], key: str, value: str) -> None:
    values = table.setdefault(key, [])
    if value not in values:
        values.append(value)


def load_tsv(path: Path, name: str) -> Lexicon:
    """A lexicon of ``english<TAB>french`` lines; ``#`` starts a comment line.

    Two optional further columns weigh the pair in each direction, p(french | english) and
    p(english | french), as a lexicon learned from parallel text gives them; a translation
    then takes that share of its word's weight instead of an equal one."""
    lexicon = Lexicon(name, str(path))
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if line.startswith("#") or "\t" not in line:
                continue
            english, french, *weights = line.rstrip("\n").split("\t")
            lexicon.add(english, french, *_weights(weights), origin=f"{path.name}:{number}")
    return lexicon


def _weights(columns: list[str]) -> tuple[float, float]:
    try:
        values = [float(c) for c in columns[:2]]
    except ValueError:
        return 1.0, 1.0
    values = [v if 0.0 < v <= 1.0 else 1.0 for v in values] + [1.0, 1.0]
    return values[0], values[1]


GLOSSARY_KINDS = frozenset({"n", "v", "adj", "adv", "expr", "name"})


def load_glossary(folder: Path = GLOSSARY) -> Lexicon:
    """The project's glossary: every ``*.tsv`` of ``folder`` (``english``, ``french``, ``kind``
    and an optional ``direction``, see ``DIRECTIONS``, after a header line). Within a file, a
    word's translations come most common first. A direction that is none of ``DIRECTIONS``
    raises :class:`LexiconError` naming the file and line."""
    lexicon = Lexicon("news glossary", str(folder), trusted=True, licence="the project's")
    for path in sorted(Path(folder).glob("*.tsv")):
        with open(path, encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                if line.startswith("#") or line.startswith("english\t") or "\t" not in line:
                    continue
                english, french, *rest = line.rstrip("\n").split("\t")
                direction = rest[1].strip() if len(rest) > 1 and rest[1].strip() else BOTH
                if direction not in DIRECTIONS:
                    raise LexiconError(f"{path}:{number}: direction {direction!r} is none of {', '.join(DIRECTIONS)}")
                lexicon.add(english, french, direction=direction, origin=f"{path.name}:{number}")
    return lexicon


def cldr_names() -> Lexicon:
    """Country, territory, language and currency names, months and weekdays in both
    languages, from the CLDR data of the installed Babel; pairs spelt alike are left out
    (the word as typed already finds them)."""
    from babel import Locale

    lexicon = Lexicon("CLDR names (Babel)", "babel", trusted=True, licence="Unicode")
    en, fr = Locale("en"), Locale("fr")
    tables = [
        (en.territories, fr.territories, lambda code: code.isalpha()),
        (en.languages, fr.languages, lambda code: len(code) == 2),
        (en.currencies, fr.currencies, lambda code: True),
        (en.months["format"]["wide"], fr.months["format"]["wide"], lambda code: True),
        (en.days["format"]["wide"], fr.days["format"]["wide"], lambda code: True),
    ]
    for english_names, french_names, wanted in tables:
        for code, english in english_names.items():
            french = french_names.get(code)
            if not french or not wanted(code) or not _plain_name(english) or not _plain_name(french):
                continue
            if fold_accents(english.lower()) != fold_accents(french.lower()):
                lexicon.add(english, french)
    return lexicon


def _plain_name(name: str) -> bool:
    """A name a query could contain as typed (no ``Congo - Kinshasa``, ``(Latin America)``)."""
    return all(ch.isalpha() or ch in " -'’." for ch in name)


def _b64(text: str) -> int:
    value = 0
    for ch in text:
        value = value * 64 + _B64.index(ch)
    return value


def load_dictd(index_path: Path, dict_path: Path, name: str, english_first: bool) -> Lexicon:
    """A FreeDict dictionary: each entry's first line is the headword, the next list senses."""
    lexicon = Lexicon(name, str(dict_path), licence="GPL-2+")
    data = gzip.open(dict_path).read() if dict_path.suffix == ".dz" else dict_path.read_bytes()
    with open(index_path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3 or parts[0].startswith("00"):
                continue
            start, length = _b64(parts[1]), _b64(parts[2])
            entry = data[start:start + length].decode("utf-8", "replace").strip().split("\n")
            senses: list[str] = []
            for sense in entry[1:]:
                sense = sense.strip().split(". ", 1)[-1] if sense[:1].isdigit() else sense.strip()
                senses += [s.strip() for s in sense.split(",") if s.strip() and "<" not in s]
            headword = parts[0]
            for translation in senses[:MAX_TRANSLATIONS]:
                if english_first:
                    _append(lexicon.en_fr, headword.lower(), translation)
                else:
                    _append(lexicon.fr_en, headword.lower(), translation)
    return lexicon


def available_lexicons(user_lexicon: Path | None = None, freedict_dir: Path | None = None) -> list[Lexicon]:
    """Every lexicon that can be loaded here; missing optional ones are left out quietly."""
    freedict_dir = Path(freedict_dir or FREEDICT_DIR)
    found = [load_glossary(), cldr_names()]
    freedict: Lexicon | None = None
    for code, english_first in (("eng-fra", True), ("fra-eng", False)):
        index_path = freedict_dir / f"freedict-{code}.index"
        dict_path = freedict_dir / f"freedict-{code}.dict.dz"
        if index_path.exists() and dict_path.exists():
            part = load_dictd(index_path, dict_path, f"FreeDict {code}", english_first)
            if freedict is None:
                freedict = part
            else:  # both directions in one lexicon, so each can confirm the other's senses
                freedict.name, freedict.path = "FreeDict eng-fra + fra-eng", f"{freedict.path} {part.path}"
                freedict.en_fr.update(part.en_fr)
                freedict.fr_en.update(part.fr_en)
    if freedict is not None:
        found.append(freedict)
    if user_lexicon is not None:
        found.append(load_tsv(Path(user_lexicon), "user lexicon"))
    return found


class LexiconTranslator:
    """Translates one query word both ways through stem-keyed lexicons.

    Short queries defeat language detection, so a word is looked up as English *and* as
    French; the query builder weighs each result against the words as typed."""

    def __init__(self, lexicons: list[Lexicon]):
        self.lexicons = lexicons
        self._to_fr: dict[str, list[str]] = {}
        self._to_en: dict[str, list[str]] = {}
        self._weights: dict[tuple[str, str, str], float] = {}
        self._trusted: dict[str, set[str]] = {"en": set(), "fr": set()}
        self._source: dict[tuple[str, str], str] = {}
        self._trusted_names = {lexicon.name for lexicon in lexicons if lexicon.trusted}
        self._spelt: dict[tuple[str, str, str], set[str]] = {}
        """``(source, key, translation)`` → the headwords (folded) that give it."""
        self._headwords: dict[str, set[str]] = {
            "en": {head for lx in lexicons if lx.trusted for head in lx.en_fr},
            "fr": {head for lx in lexicons if lx.trusted for head in lx.fr_en},
        }
        for lexicon in lexicons:
            to_fr: dict[str, list[str]] = {}
            to_en: dict[str, list[str]] = {}
            heads: dict[tuple[str, str], list[str]] = {}
            for source, table, raw in (("en", to_fr, lexicon.en_fr), ("fr", to_en, lexicon.fr_en)):
                for word, targets in raw.items():
                    key = _key(word, source)
                    self._merge(table, key, targets)
                    if key:
                        heads.setdefault((source, key), []).append(word)
            if lexicon.trusted:
                for source, table in (("en", to_fr), ("fr", to_en)):
                    self._trusted[source].update(table)
            elif lexicon.en_fr and lexicon.fr_en:
                to_fr, to_en = (_agreeing(to_fr, to_en, "en", "fr", lexicon.fr_en),
                                _agreeing(to_en, to_fr, "fr", "en", lexicon.en_fr))
            # A more trusted lexicon's entry for a word stands alone: no noisier senses added.
            for source, table, new in (("en", self._to_fr, to_fr), ("fr", self._to_en, to_en)):
                for key, values in new.items():
                    if key not in table:
                        table[key] = values
                        self._source[source, key] = lexicon.name
                        self._weigh(lexicon, source, key, values, heads.get((source, key), []))
                        raw = lexicon.en_fr if source == "en" else lexicon.fr_en
                        for head in heads.get((source, key), []):
                            for value in raw.get(head, []):
                                self._spelt.setdefault((source, key, value), set()).add(_spelling(head))

    @staticmethod
    def _merge(table: dict[str, list[str]], key: str | None, targets: list[str]) -> None:
        if not key:
            return
        values = table.setdefault(key, [])
        for target in targets:
            if target not in values:
                values.append(target)

    def _weigh(self, lexicon: Lexicon, source: str, key: str, values: list[str], headwords: list[str]) -> None:
        """The lexicon's weight of each translation kept for ``key``, taken from the
        headwords that analyse to it; the best where several do (``rate``, ``rates``)."""
        for value in values:
            known = [lexicon.weights[source, head, value] for head in headwords
                     if (source, head, value) in lexicon.weights]
            if known:
                self._weights[source, key, value] = max(known)

    def weight(self, word: str, target: str, translation: str) -> float:
        """How likely ``translation`` (into ``target``) is among the word's translations."""
        source = "en" if target == "fr" else "fr"
        return self._weights.get((source, _key(word, source) or "", translation), 1.0)

    def translations(self, word: str) -> dict[str, list[str]]:
        """``{target language: translations}`` of a word or expression, both ways.

        Entries are found by stem, so ``prisonniers`` finds ``prisonnier``; but where some
        headword is spelt exactly as typed, only its translations count: ``security`` and
        ``secure`` share a stem, and ``security`` must not take ``secure``'s *obtenir*;
        otherwise the headwords spelt most like it (``managers`` takes ``manager``'s, not
        ``manage``'s)."""
        found: dict[str, list[str]] = {}
        spelt = _spelling(word)
        for source, target, table in (("en", "fr", self._to_fr), ("fr", "en", self._to_en)):
            key = _key(word, source)
            if key and key in table:
                values = table[key]
                closeness = {v: max((SequenceMatcher(None, spelt, head).ratio()
                                     for head in self._spelt.get((source, key, v), ())), default=0.0)
                             for v in values}
                best = max(closeness.values())
                found[target] = _distinct([v for v in values if closeness[v] == best], target)
        return found

    def knows(self, word: str, lang: str, exactly: bool = False) -> bool:
        """Whether a trusted lexicon lists ``word`` (or expression) as a word of ``lang``:
        any inflection of it, or with ``exactly`` that very spelling, accents included
        (``the`` is not ``thé``)."""
        if exactly:
            return _headword(word) in self._headwords[lang]
        key = _key(word, lang)
        return bool(key) and key in self._trusted[lang]

    def trusted(self, word: str, lang: str) -> bool:
        """Whether ``word``'s translations out of ``lang`` come from a trusted lexicon."""
        return self._source.get((lang, _key(word, lang) or "")) in self._trusted_names

    def source(self, word: str, lang: str) -> str | None:
        """The name of the lexicon whose entry translates ``word`` out of ``lang``."""
        return self._source.get((lang, _key(word, lang) or ""))

    def describe(self) -> list[dict]:
        return [{"name": lx.name, "entries": lx.entries, "path": lx.path, "licence": lx.licence,
                 "trusted": lx.trusted} for lx in self.lexicons]

    def check(self, word: str) -> list[dict]:
        """Every translation of ``word`` (or expression) in every lexicon, both directions:
        ``{"source", "from", "to", "translation", "weight", "used"}``; ``used`` says whether
        searches use it (a more trusted lexicon's entry for a word stands alone, and the
        dictionary senses are kept only where both directions agree)."""
        rows = []
        for source, target, attribute in (("en", "fr", "en_fr"), ("fr", "en", "fr_en")):
            key = _key(word, source)
            if not key:
                continue
            used = self.translations(word).get(target, [])
            origin = self.source(word, source)
            for lexicon in self.lexicons:
                for head, values in getattr(lexicon, attribute).items():
                    if _key(head, source) != key:
                        continue
                    for value in values:
                        rows.append({"source": lexicon.name, "from": source, "to": target, "headword": head,
                                     "translation": value, "weight": lexicon.weight(source, head, value),
                                     "used": lexicon.name == origin and value in used})
        return rows


def _distinct(values: list[str], lang: str) -> list[str]:
    """One translation per distinct stem, in the order the stems first come, each spelt as
    its shortest headword: *rapportent*, *rapport* and *rapporter* search the same term, and
    would otherwise fill the cut to ``MAX_TRANSLATIONS`` before *reportage* for ``report``."""
    groups: dict[str, list[str]] = {}
    for value in values:
        groups.setdefault(_key(value, lang) or value, []).append(value)
    return [min(group, key=lambda v: (len(v), group.index(v))) for group in groups.values()]


def _agreeing(to_target: dict[str, list[str]], to_source: dict[str, list[str]], source: str, target: str,
              inverse: dict[str, list[str]]) -> dict[str, list[str]]:
    """Dictionary senses that the dictionary of the other direction confirms.

    General dictionaries list rare senses as readily as common ones ("rates" → "apprécier");
    a translation that maps back to the word is far more often the right one. Where no
    sense is confirmed, the first two are kept. Words that only the other direction's
    headwords translate (``inverse``: target headword → source words) are added from it."""
    out: dict[str, list[str]] = {}
    for key, candidates in to_target.items():
        confirmed = [c for c in candidates
                     if key in {_key(back, source) for back in to_source.get(_key(c, target) or "", [])}]
        out[key] = confirmed or candidates[:2]
    for headword, words in inverse.items():
        for word in words:
            key = _key(word, source)
            if key and key not in to_target:
                values = out.setdefault(key, [])
                if headword not in values and len(values) < MAX_TRANSLATIONS:
                    values.append(headword)
    return out


def _spelling(word: str) -> str:
    """A headword's spelling for exact matches: case aside, spaces single. Accents count:
    ``marché`` takes the translations of *marché* (market), not those of *marche* (walk),
    which share its stem; ``marche`` typed without one takes the walk's."""
    return " ".join(word.lower().split())


def _key(word: str, lang: str) -> str | None:
    terms = analyze(word, lang)
    return " ".join(terms) if terms else None


@lru_cache(maxsize=4)
def _cached_translator(user_lexicon: str | None) -> LexiconTranslator:
    return LexiconTranslator(available_lexicons(Path(user_lexicon) if user_lexicon else None))


def default_translator(user_lexicon: Path | None = None) -> LexiconTranslator:
    """The translator over every available lexicon (loaded once per process); a user lexicon
    that cannot be read raises :class:`LexiconError` naming it."""
    if user_lexicon is not None:
        try:
            with open(user_lexicon, encoding="utf-8") as fh:
                fh.read(1)
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or "not UTF-8 text"
            raise LexiconError(f"cannot read the lexicon {user_lexicon}: {reason}") from None
    return _cached_translator(str(user_lexicon) if user_lexicon else None)
