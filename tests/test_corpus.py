"""Indexing the shared corpus of about 8,000 real English and French articles (slow)."""

import hashlib

import pytest

from search import Engine

from .conftest import SHARED

CORPUS = SHARED / "corpus"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside this checkout"),
]


NOT_ARTICLES = {"README.md", "en/bbc/README.TXT", "en/bbc/PROVENANCE.md", "fr/orangesum/README.md",
                "fr/orangesum/LICENSE.txt", "fr/orangesum/PROVENANCE.md"}


def test_shared_corpus_indexes_with_expected_languages(tmp_path_factory):
    engine = Engine(tmp_path_factory.mktemp("corpus-index"))
    report = engine.index(CORPUS)
    assert report.skipped == [] and report.ignored == []
    assert {item.path for item in report.excluded} == NOT_ARTICLES
    files = sum(1 for path in CORPUS.rglob("*") if path.is_file())
    # Every file is accounted for, and the report agrees with the index.
    assert report.indexed + len(report.duplicates) + len(report.excluded) == files
    assert report.indexed == sum(report.languages.values()) == engine.stats().articles
    assert 2100 <= report.languages.get("en", 0) <= 2140
    assert 5700 <= report.languages.get("fr", 0) <= 5760
    _check_byte_identical_pairs(engine)
    assert all(not hit.id.endswith(".md") for hit in engine.search("BBC news", limit=100).hits)
    notes = {n.path: n.reason for n in report.notes}
    assert "cp1252" in notes["en/bbc/sport/199.txt"]
    again = engine.index(CORPUS)
    assert again.unchanged == report.indexed and again.indexed == 0
    results = engine.search("Chelsea Mutu")
    assert results.hits[0].id == "en/bbc/sport/199.txt"
    assert engine.search("confinement", lang="fr").total > 50


def _check_byte_identical_pairs(engine: Engine) -> None:
    """The corpus's 98 byte-identical BBC pairs: one indexed article each, listing the other."""
    by_content: dict[bytes, list[str]] = {}
    for path in sorted(CORPUS.rglob("*.txt")):
        by_content.setdefault(hashlib.sha1(path.read_bytes()).digest(), []).append(path.relative_to(CORPUS).as_posix())
    pairs = [paths for paths in by_content.values() if len(paths) > 1]
    assert len(pairs) == 98 and all(len(pair) == 2 for pair in pairs)
    for first, second in pairs:
        shown = engine.article(second)
        assert shown.id == first and second in shown.duplicates
        title_words = " ".join(shown.title.split()[:6])
        hits = engine.search(f'title:"{title_words}"', limit=100).hits
        assert [hit.id for hit in hits].count(first) == 1 and second not in [hit.id for hit in hits]
