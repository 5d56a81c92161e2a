"""Both backends give an article the same score for the same query: the Solr renderer's
boosts turn Lucene's BM25 into ours (see :mod:`search.backends.solr.query`), the headline's
copies give its words the embedded index's weight, and a concept of one alternative sums
its fields as one of several does."""

from __future__ import annotations

from typing import Iterator

import pytest

from search import Engine
from search.crosslang.lexicon import default_translator

from .conftest import drop_collection

pytestmark = pytest.mark.solr

ARTICLES = {
    "quake.txt": "Earthquake in the north\n\nAn earthquake struck the north overnight; rescue teams "
                 "searched the rubble of the earthquake.",
    "rescue.txt": "Rescue teams at work\n\nRescue teams worked through the night after the storm.",
    "passing.txt": "Council budget approved\n\nThe council approved its budget and recalled the "
                   "earthquake of 1990 and the flood of 2001.",
    "seisme.txt": "Séisme dans le nord\n\nUn séisme a frappé le nord du pays ; les secours fouillent "
                  "les décombres.",
    "conseil.txt": "Le budget du conseil\n\nLe conseil municipal a voté son budget mardi soir.",
}
QUERIES = ["earthquake", "séisme", "rescue teams", "earthquake rescue", "budget", "title:earthquake",
           '"rescue teams"', "earthquake OR budget"]


@pytest.fixture(scope="module")
def engines(solr_cluster, tmp_path_factory) -> Iterator[tuple[Engine, Engine]]:
    folder = tmp_path_factory.mktemp("scores")
    corpus = folder / "corpus"
    corpus.mkdir()
    for name, text in ARTICLES.items():
        (corpus / name).write_text(text, "utf-8")
    url = solr_cluster.new_collection_url("scores")
    embedded, cluster = (Engine(where, translator=default_translator(), cache_size=0) for where in (folder / "ix", url))
    embedded.index(corpus)
    cluster.index(corpus)
    yield embedded, cluster
    drop_collection(url)


@pytest.mark.parametrize("query", QUERIES)
def test_both_backends_score_alike(engines, query):
    embedded, cluster = ({hit.id: hit.score for hit in engine.search(query, limit=20).hits} for engine in engines)
    assert embedded and set(cluster) == set(embedded)
    for article, score in embedded.items():
        assert cluster[article] == pytest.approx(score, rel=0.01), article
