"""The numpy scorer agrees with Whoosh's own matchers on a real index."""

import pytest
from search.backends.whoosh.evaluate import score_all, whoosh_query
from search.query import plan
from search.query.build import build
from search.query.parse import parse

from .conftest import open_searcher

QUERIES = ["demining", "déminage", "ceasefire", "Azerbaïdjan", "Chesnel", "mine clearance", "l'occupation arménienne",
           '"mine clearance"', "démin*", "demining NOT Chesnel", "ANAMA AND France", "zzqxv"]


def whoosh_scores(searcher, query) -> dict[int, float]:
    found = searcher.search(whoosh_query(query), limit=None, terms=False)
    return {found.docnum(n): found.score(n) for n in range(len(found))}


def our_scores(searcher, query) -> dict[int, float]:
    matches = score_all(searcher, query)
    return dict(zip(matches.docnums.tolist(), matches.scores.tolist()))


@pytest.mark.parametrize("query", [
    plan.Term("body_en", "demin"),
    plan.Term("body_fr", "deminag", boost=0.5),
    plan.Or([plan.Term("title_en", "demin"), plan.Term("body_en", "demin"), plan.Term("body_fr", "franc")]),
    plan.And([plan.Term("body_en", "demin"), plan.Term("body_en", "azerbaijan")]),
    plan.AndNot(plan.Term("body_en", "demin"), plan.Term("body_en", "chesnel")),
    plan.Phrase("body_en", ["mine", "clearanc"]),
    plan.Prefix("body_en", "clear"),
    plan.Or([plan.Prefix("body_en", "mine"), plan.Term("body_en", "demin")]),
])
def test_scores_equal_whoosh(seeds_searcher, query):
    expected = whoosh_scores(seeds_searcher, query)
    assert expected, "the query should match something in the seeds"
    assert our_scores(seeds_searcher, query) == pytest.approx(expected, rel=1e-5)


@pytest.mark.parametrize("q", QUERIES)
def test_user_queries_match_the_same_articles(seeds_searcher, engine, q):
    built = build(parse(q).root, engine.translator)
    if built.query is None:
        return
    assert set(our_scores(seeds_searcher, built.query)) == set(whoosh_scores(seeds_searcher, built.query))


def test_boost_of_a_single_child_group_counts(seeds_searcher):
    # Whoosh drops the boost of an Or with one child; translations rely on it.
    plain = our_scores(seeds_searcher, plan.Term("body_en", "demin"))
    halved = our_scores(seeds_searcher, plan.Or([plan.Term("body_en", "demin")], boost=0.5))
    assert halved == pytest.approx({doc: score / 2 for doc, score in plain.items()})


def test_deleted_articles_never_match(tmp_path, corpus):
    from search import Engine

    engine = Engine(tmp_path / "index")
    engine.index(corpus)
    (corpus / "001_26554f6b1925bc7b.txt").unlink()
    engine.index(corpus)
    with open_searcher(tmp_path / "index") as searcher:
        ids = {searcher.stored_fields(doc)["id"] for doc in our_scores(searcher, plan.Term("body_en", "demin"))}
        assert "001_26554f6b1925bc7b.txt" not in ids and len(ids) == 3


def test_best_first_equals_a_full_sort():
    import numpy as np

    from search.backends.whoosh.view import _best_first

    rng = np.random.default_rng(3)
    scores = rng.integers(0, 50, 5000).astype(float)  # many ties
    docnums = rng.permutation(5000)
    full = np.lexsort((docnums, -scores))
    for wanted in (1, 10, 30, 1000, 5000):
        assert list(_best_first(scores, docnums, wanted)[:wanted]) == list(full[:wanted])
