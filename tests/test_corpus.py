"""Indexing the shared corpus of about 8,000 real English and French articles (slow)."""

import pytest

from search import Engine

from .conftest import SHARED

CORPUS = SHARED / "corpus"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside this checkout"),
]


def test_shared_corpus_indexes_with_expected_languages(tmp_path_factory):
    engine = Engine(tmp_path_factory.mktemp("corpus-index"))
    report = engine.index(CORPUS)
    assert report.skipped == []
    assert 2200 <= report.languages.get("en", 0) <= 2240
    assert 5700 <= report.languages.get("fr", 0) <= 5760
    notes = {n.path: n.reason for n in report.notes}
    assert "cp1252" in notes["en/bbc/sport/199.txt"]
    again = engine.index(CORPUS)
    assert again.unchanged == report.indexed and again.indexed == 0
    results = engine.search("Chelsea Mutu")
    assert results.hits[0].id == "en/bbc/sport/199.txt"
    assert engine.search("confinement", lang="fr").total > 50
