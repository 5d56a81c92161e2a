"""Filters, facets and the timeline, through Engine.search on real indexes."""

from __future__ import annotations

import pytest

from search import QueryError
from search.query.facets import parse_bound

from .conftest import BACKENDS, drop_collection, ids, indexed_engine

ARTICLES = {
    "a.txt": "Flood warning in Paris\n\n2019-01-10\n\nThe river floods the quays of Paris again.",
    "b.txt": "Flood relief arrives\n\n2019-03-02\n\nFlood relief reaches the villages after the river flood.",
    "c.txt": "Old flood archive\n\n2017-06-30\n\nAn archive of the great flood is opened to the public.",
    "d.txt": "Flood without a date\n\nA flood report that gives no date at all, about the river.",
    "e.txt": "Inondations à Paris\n\n2019-01-12\n\nLa crue de la Seine inonde les quais de Paris, flood.",
}


@pytest.fixture(scope="module", params=BACKENDS)
def flood(request, tmp_path_factory):
    """The flood articles, indexed on each backend."""
    if request.param == "whoosh":
        yield indexed_engine(tmp_path_factory.mktemp("flood"), ARTICLES)
        return
    url = request.getfixturevalue("solr_cluster").new_collection_url("flood")
    yield indexed_engine(tmp_path_factory.mktemp("flood"), ARTICLES, index=url)
    drop_collection(url)


def test_year_facet_counts_undated_and_filters_it(flood):
    results = flood.search("flood")
    assert results.total == 5
    assert results.facets["year"] == {"2019": 3, "2017": 1, "undated": 1}
    assert ids(flood.search("flood", year="undated")) == ["d.txt"]
    assert sorted(ids(flood.search("flood", year="2019"))) == ["a.txt", "b.txt", "e.txt"]


def test_timeline_counts_per_month_and_language_and_adds_up(flood):
    timeline = flood.search("flood").timeline
    assert timeline.unit == "month" and timeline.languages == ["en", "fr"]
    periods = {p.key: p.counts for p in timeline.periods}
    assert periods["2019-01"] == {"en": 1, "fr": 1} and periods["2019-03"] == {"en": 1, "fr": 0}
    assert periods["2018-05"] == {"en": 0, "fr": 0}  # gaps are kept, so a story's pauses show
    assert timeline.periods[0].key == "2017-06" and timeline.periods[-1].key == "2019-03"
    assert sum(p.total for p in timeline.periods) == 4  # the five matches but the undated one


def test_long_spans_count_years(tmp_path, new_index):
    engine = indexed_engine(tmp_path, {"a.txt": "Storm one\n\n2010-01-05\n\nA storm.",
                                       "b.txt": "Storm two\n\n2020-02-05\n\nA storm again."}, index=new_index)
    timeline = engine.search("storm").timeline
    assert timeline.unit == "year" and [p.key for p in timeline.periods][:2] == ["2010", "2011"]
    assert timeline.periods[0].start == "2010-01-01" and timeline.periods[0].end == "2010-12-31"


def test_date_range_keeps_dated_articles_only_and_reads_partial_dates(flood):
    january = flood.search("flood", date_from="2019-01", date_to="2019-01")
    assert sorted(ids(january)) == ["a.txt", "e.txt"]
    assert (january.date_from, january.date_to) == ("2019-01-01", "2019-01-31")
    assert sorted(ids(flood.search("flood", date_from="2018"))) == ["a.txt", "b.txt", "e.txt"]
    assert ids(flood.search("flood", date_to="2018")) == ["c.txt"]
    # the facets still show every year and language, the timeline the whole story
    assert january.facets["year"]["2017"] == 1 and len(january.timeline.periods) == 22
    assert january.facets["lang"] == {"en": 1, "fr": 1}


def test_language_filter_is_any_case_and_iso_639_1(flood):
    assert ids(flood.search("flood", lang="FR")) == ["e.txt"]
    assert flood.search("flood", lang="de").total == 0
    for bad in ("xx", "fra", "f"):
        with pytest.raises(QueryError, match="^lang:"):
            flood.search("flood", lang=bad)


@pytest.mark.parametrize(("value", "last", "expected"), [
    ("2021", False, "2021-01-01"), ("2021", True, "2021-12-31"), ("2024-02", True, "2024-02-29"),
    ("2021-10-15", True, "2021-10-15"), ("", False, None)])
def test_partial_dates(value, last, expected):
    assert parse_bound("from", value, last) == expected


@pytest.mark.parametrize("value", ["2021-13", "2021-02-30", "soon", "21-10-2021", "20211"])
def test_bad_dates_name_the_parameter(value):
    with pytest.raises(QueryError, match="^to:"):
        parse_bound("to", value, last=True)


def test_range_the_wrong_way_round_is_refused(flood):
    with pytest.raises(QueryError, match="^to:"):
        flood.search("flood", date_from="2020", date_to="2019")


def test_export_returns_many_rows_without_snippets(flood):
    results = flood.export("flood", rows=1000)
    assert results.total == 5 and len(results.hits) == 5 and all(hit.snippet == "" for hit in results.hits)
    with pytest.raises(QueryError, match="^limit:"):
        flood.search("flood", limit=1000)
