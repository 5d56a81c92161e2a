"""The project's news glossary: well-formed, analysable, in the right columns, expressions as units."""

from collections import Counter
from pathlib import Path

import pytest

from search import detect_language
from search.analysis.analyzers import analyze
from search.crosslang.lexicon import (
    DIRECTIONS,
    GLOSSARY,
    GLOSSARY_KINDS,
    MAX_TRANSLATIONS,
    LexiconTranslator,
    cldr_names,
    load_glossary,
)
from search.errors import LexiconError

FREQUENT_WORDS = Path(__file__).parent / "data" / "frequent_words.tsv"
MAX_FREQUENT_SENSES = 3
"""A frequent word's translation that is itself a frequent word may stand for at most this many
frequent words of the first language (``responsable``: responsible, official, in charge; not also head and manager)."""

MIN_ENTRIES = 6000


def entries() -> list[tuple[str, int, str, str, str]]:
    found = []
    for path in sorted(Path(GLOSSARY).glob("*.tsv")):
        lines = [(n, line) for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
                 if line.strip() and not line.startswith("#")]
        assert lines[0][1] in ("english\tfrench\tkind", "english\tfrench\tkind\tdirection"), \
            f"{path.name}: header line missing"
        for n, line in lines[1:]:
            columns = line.split("\t")
            assert len(columns) in (3, 4), f"{path.name}:{n}: {line!r}"
            assert len(columns) == 3 or columns[3] in DIRECTIONS, f"{path.name}:{n}: {line!r}"
            found.append((path.name, n, *columns[:3]))
    return found


@pytest.fixture(scope="module")
def glossary():
    return entries()


def test_size_and_kinds(glossary):
    assert len(glossary) >= MIN_ENTRIES
    assert {kind for *_, kind in glossary} <= GLOSSARY_KINDS
    assert len({name for name, *_ in glossary}) >= 12  # one file per domain


def test_no_duplicate_or_no_op_pairs(glossary):
    pairs = Counter((en.lower(), fr.lower()) for _, _, en, fr, _ in glossary)
    assert [pair for pair, count in pairs.items() if count > 1] == []
    assert [(name, n) for name, n, en, fr, _ in glossary if en.lower() == fr.lower()] == []


def test_every_entry_analyses_in_its_language(glossary):
    assert [(name, n, en) for name, n, en, _, _ in glossary if not analyze(en, "en")] == []
    assert [(name, n, fr) for name, n, _, fr, _ in glossary if not analyze(fr, "fr")] == []


def test_columns_are_in_the_right_language(glossary):
    long = [(name, n, en, fr) for name, n, en, fr, kind in glossary
            if kind != "name" and len(en.split()) >= 4 and len(fr.split()) >= 4]
    wrong = [row for row in long if detect_language(row[2]) == "fr" or detect_language(row[3]) == "en"]
    assert len(long) > 100
    assert len(wrong) <= len(long) // 100, wrong  # the detector itself errs on a few cognate-heavy lines


@pytest.mark.parametrize("typed,target,expected", [
    ("cessez le feu", "en", "ceasefire"), ("Coupe du monde", "en", "World Cup"),
    ("gilets jaunes", "en", "yellow vests"), ("taux d'intérêt", "en", "interest rate"),
    ("Premier ministre", "en", "prime minister"), ("prime minister", "fr", "Premier ministre"),
])
def test_expressions_translate_as_units(typed, target, expected):
    translator = LexiconTranslator([load_glossary()])
    assert expected.lower() in [t.lower() for t in translator.translations(typed)[target]]


@pytest.fixture(scope="module")
def shipped() -> LexiconTranslator:
    return LexiconTranslator([load_glossary(), cldr_names()])


def test_a_pair_translates_only_the_way_its_direction_says(tmp_path):
    folder = tmp_path / "glossary"
    folder.mkdir()
    (folder / "words.tsv").write_text("english\tfrench\tkind\tdirection\ntop\tsommet\tn\ten>fr\n"
                                      "summit\tsommet\tn\nyearly\tannuel\tadj\ten>fr\n", "utf-8")
    translator = LexiconTranslator([load_glossary(folder)])
    assert translator.translations("top") == {"fr": ["sommet"]}
    assert translator.translations("sommet") == {"en": ["summit"]}
    assert translator.translations("annuel") == {}
    (folder / "words.tsv").write_text("english\tfrench\tkind\tdirection\ntop\tsommet\tn\tboth ways\n", "utf-8")
    with pytest.raises(LexiconError, match=r"words.tsv:2: direction 'both ways'"):
        load_glossary(folder)


@pytest.mark.parametrize("word,noise", [
    ("sommet", "top"), ("still", "encore"), ("still", "toujours"), ("piece", "article"), ("go", "aller"),
    ("crowd", "public"), ("concrete", "béton"), ("records", "fiches"), ("annuel", "yearly"), ("bitter", "âpre"),
])
def test_noisy_pairs_found_by_the_audit_and_review_stay_out(shipped, word, noise):
    assert noise not in [t for targets in shipped.translations(word).values() for t in targets]


def frequent_words() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {"en": [], "fr": []}
    for line in FREQUENT_WORDS.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            lang, word = line.split("\t")
            found[lang].append(word)
    return found


def test_the_most_frequent_words_translate_specifically_or_not_at_all(shipped):
    """A frequent word found translated as another frequent word that stands for several of
    the first language's frequent words (``still`` → *encore*, which is also *yet* and
    *again*) matches every other article of the other language."""
    frequent = frequent_words()
    assert len(frequent["en"]) > 200 and len(frequent["fr"]) > 200
    stems = {lang: {tuple(analyze(w, lang)) for w in words} for lang, words in frequent.items()}
    vague = []
    for source, target in (("en", "fr"), ("fr", "en")):
        for word in frequent[source]:
            for translation in shipped.translations(word).get(target, []):
                if tuple(analyze(translation, target)) not in stems[target]:
                    continue
                senses = {tuple(analyze(back, source)) for back in shipped.translations(translation).get(source, [])}
                if len(senses & stems[source]) > MAX_FREQUENT_SENSES:
                    vague.append((word, translation, sorted(" ".join(s) for s in senses & stems[source])))
    assert vague == []


def test_the_cut_keeps_distinct_stems():
    """*rapportent*, *rapport* and *rapporter* are one index term: the cut to four
    translations must reach *reportage*."""
    translator = LexiconTranslator([load_glossary()])
    found = translator.translations("report")["fr"][:MAX_TRANSLATIONS]
    assert "reportage" in found
    assert len({tuple(analyze(t, "fr")) for t in found}) == len(found)
