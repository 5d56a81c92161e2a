"""The source-file link: only files inside the corpus, symbolic links followed no further."""

from __future__ import annotations

import os

import pytest

from search import Engine
from search.ingest.sources import source_path


@pytest.fixture()
def corpus_with_escapes(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "good.txt").write_text("Good story\n\nA real story about floods.", "utf-8")
    (corpus / "sub" / "deep.txt").write_text("Deep story\n\nAnother story about floods.", "utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("Secret\n\nA secret outside the corpus.", "utf-8")
    os.symlink(secret, corpus / "link.txt")
    engine = Engine(tmp_path / "index")
    engine.index(corpus)
    return engine, corpus


def test_files_inside_the_corpus_are_found(corpus_with_escapes):
    engine, corpus = corpus_with_escapes
    assert engine.source_path("sub/deep.txt", corpus) == (corpus / "sub/deep.txt").resolve()
    assert source_path(corpus, "sub/deep.txt") == (corpus / "sub/deep.txt").resolve()
    assert "real story" in engine.source("good.txt", corpus)


@pytest.mark.parametrize("doc_id", ["../secret.txt", "/etc/passwd", "link.txt", "sub/../../secret.txt", "",
                                    "sub", "missing.txt", "good.txt\x00", "sub\\deep.txt"])
def test_nothing_outside_the_corpus_or_missing(corpus_with_escapes, doc_id):
    _, corpus = corpus_with_escapes
    assert source_path(corpus, doc_id) is None


def test_only_indexed_articles_and_a_known_corpus(corpus_with_escapes):
    engine, corpus = corpus_with_escapes
    (corpus / "new.txt").write_text("Not indexed yet", "utf-8")
    assert engine.source("new.txt", corpus) is None  # the engine serves only what it indexed
    assert engine.source("good.txt", None) is None
