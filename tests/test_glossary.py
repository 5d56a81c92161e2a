"""The project's news glossary: well-formed, analysable, in the right columns, expressions as units."""

from collections import Counter
from pathlib import Path

import pytest

from search import detect_language
from search.analysis.analyzers import analyze
from search.crosslang.lexicon import GLOSSARY, GLOSSARY_KINDS, LexiconTranslator, load_glossary

MIN_ENTRIES = 6000


def entries() -> list[tuple[str, int, str, str, str]]:
    found = []
    for path in sorted(Path(GLOSSARY).glob("*.tsv")):
        lines = [(n, line) for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
                 if line.strip() and not line.startswith("#")]
        assert lines[0][1] == "english\tfrench\tkind", f"{path.name}: header line missing"
        for n, line in lines[1:]:
            columns = line.split("\t")
            assert len(columns) == 3, f"{path.name}:{n}: {line!r}"
            found.append((path.name, n, *columns))
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
