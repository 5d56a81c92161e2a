"""Filters, facets and the timeline, through Engine.search on real indexes."""

from __future__ import annotations

import pytest

from search import QueryError
from search.crosslang.lexicon import LexiconTranslator, load_glossary
from search.query.facets import parse_bound, wider

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
    # the facets still show every year and language; the timeline zooms in on the range
    assert january.facets["year"]["2017"] == 1 and january.facets["lang"] == {"en": 1, "fr": 1}
    assert [p.key for p in january.timeline.periods] == ["2019-01"] and january.timeline.zoomed
    assert len(flood.search("flood").timeline.periods) == 22 and not flood.search("flood").timeline.zoomed


def test_a_chosen_year_zooms_the_timeline_to_its_months_and_back_out(flood):
    year = flood.search("flood", year="2019").timeline
    assert year.unit == "month" and year.zoomed
    assert [p.key for p in year.periods] == ["2019-01", "2019-02", "2019-03"]  # up to the story's last month
    assert [p.counts for p in year.periods] == [{"en": 1, "fr": 1}, {"en": 0, "fr": 0}, {"en": 1, "fr": 0}]
    ranged = flood.search("flood", date_from="2018-06", date_to="2019-12").timeline
    assert ranged.periods[0].key == "2018-06" and ranged.periods[-1].key == "2019-03"
    assert wider(None, "2019-01-01", "2019-01-31") == ("2019-01-01", "2019-12-31")  # a month: out to its year
    assert wider(None, "2019-01-01", "2019-12-31") is None and wider(None, "2018-06-01", "2019-01-31") is None  # then all dates
    assert flood.search("flood", year="undated").timeline.periods == []


def test_timeline_counts_the_collection_for_shares(tmp_path, new_index):
    engine = indexed_engine(tmp_path, index=new_index, articles={
        "a.txt": "Storm hits the coast\n\n2019-01-10\n\nA storm hits the coast.",
        "b.txt": "Budget vote\n\n2019-01-11\n\nThe budget vote is delayed by a week.",
        "c.txt": "Trade talks\n\n2019-01-20\n\nTrade talks resume between the two sides.",
        "d.txt": "Tempête sur la côte\n\n2019-01-12\n\nUne tempête frappe la côte, storm.",
        "e.txt": "Storm again\n\n2019-02-02\n\nAnother storm on the coast."})
    january, february = engine.search("storm", translate=False).timeline.periods
    assert january.counts == {"en": 1, "fr": 1} and january.collection == {"en": 3, "fr": 1}
    assert (round(january.share("en"), 3), january.share("fr"), february.share("en")) == (0.333, 1.0, 1.0)


def test_oldest_first_reads_the_story_as_it_unfolded_with_undated_last(flood):
    assert ids(flood.search("flood", sort="oldest")) == ["c.txt", "a.txt", "e.txt", "b.txt", "d.txt"]
    assert ids(flood.search("flood", sort="date")) == ["b.txt", "e.txt", "a.txt", "c.txt", "d.txt"]


def test_language_filter_is_any_case_and_iso_639_1(flood):
    assert ids(flood.search("flood", lang="FR")) == ["e.txt"]
    with pytest.raises(QueryError, match="^lang: no article in this index is in 'de'"):
        flood.search("flood", lang="de")  # a real code the index holds no article in
    for bad in ("xx", "fra", "f"):
        with pytest.raises(QueryError, match="^lang:"):
            flood.search("flood", lang=bad)


@pytest.mark.parametrize(("value", "last", "expected"), [
    ("2021", False, "2021-01-01"), ("2021", True, "2021-12-31"), ("2024-02", True, "2024-02-29"),
    ("2021-10-15", True, "2021-10-15"), ("", False, None), ("15/04/2019", False, "2019-04-15"),
    ("04/2019", True, "2019-04-30"), ("avril 2019", False, "2019-04-01"), ("Avril 2019", True, "2019-04-30"),
    ("April 2019", True, "2019-04-30"), ("15 avril 2019", True, "2019-04-15"), ("1er mai 2019", False, "2019-05-01"),
    ("April 15, 2019", True, "2019-04-15"), ("févr. 2020", True, "2020-02-29"), ("2019/04/15", False, "2019-04-15")])
def test_partial_dates(value, last, expected):
    assert parse_bound("from", value, last) == expected


@pytest.mark.parametrize("value", ["2021-13", "2021-02-30", "soon", "21-10-2021", "20211", "31/02/2019", "Brumaire 2019", "13/2019"])
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


def test_a_date_order_lists_the_articles_that_match_every_word_and_counts_the_rest(tmp_path, new_index):
    engine = indexed_engine(tmp_path, index=new_index, articles={
        "a.txt": "Cathedral fire\n\n2019-04-15\n\nA fire ravages the cathedral roof in the evening.",
        "b.txt": "Cathedral restoration\n\n2019-06-01\n\nThe restoration of the cathedral after the fire begins.",
        "c.txt": "Forest fire\n\n2020-08-01\n\nA forest fire burns near the coast.",
        "d.txt": "Cathedral concert\n\n2020-09-01\n\nA concert is held in the cathedral.",
        "e.txt": "Fire drill\n\n2018-01-01\n\nSchools hold a fire drill."})
    newest = engine.search("cathedral fire", sort="date", translate=False)
    assert ids(newest) == ["b.txt", "a.txt"] and (newest.total, newest.partial) == (2, 3)
    assert newest.facets["year"] == {"2019": 2} and newest.facets["lang"] == {"en": 2}
    assert [(p.key, p.total) for p in newest.timeline.periods if p.total] == [("2019-04", 1), ("2019-06", 1)]
    oldest = engine.search("cathedral fire", sort="oldest", translate=False)
    assert ids(oldest) == ["a.txt", "b.txt"] and oldest.partial == 3
    by_relevance = engine.search("cathedral fire", translate=False)  # the rest follow the answers
    assert sorted(ids(by_relevance)[:2]) == ["a.txt", "b.txt"] and (by_relevance.total, by_relevance.partial) == (5, 0)
    filtered = engine.search("cathedral fire", sort="date", translate=False, year="2020")
    assert (ids(filtered), filtered.partial) == ([], 2)  # the filter applies to the rest's count too
    assert engine.search("cathedral fire", sort="date", translate=False).to_dict()["partial"] == 3
    none_whole = engine.search("cathedral drill", sort="date", translate=False)  # no article holds both
    assert ids(none_whole) == ["d.txt", "b.txt", "a.txt", "e.txt"] and none_whole.partial == 0


def test_a_date_order_keeps_the_other_languages_articles_found_by_a_near_spelling(tmp_path, new_index):
    """An article covers a concept through any of its matches: a French article that spells
    Kovalchuk *Kovaltchuk* (a near spelling, weak for ranking) answers ``Kovalchuk
    elections`` as much by date as the English one; and a query of one concept is never
    narrowed."""
    en = " Officials gave more details on Tuesday about the plans announced last week." * 3
    fr = " Les responsables ont donné mardi plus de détails sur les projets annoncés la semaine dernière." * 3
    engine = indexed_engine(tmp_path, index=new_index, translator=LexiconTranslator([load_glossary()]), articles={
        "en.txt": "Kovalchuk wins the elections\n\n2021-10-01\n\nKovalchuk won the elections this week." + en,
        "fr.txt": "Kovaltchuk remporte les élections\n\n2021-10-02\n\nKovaltchuk a remporté les élections." + fr,
        "elsewhere.txt": "Élections en Bosnie\n\n2021-10-03\n\nLes élections ont eu lieu en Bosnie." + fr,
        "news.txt": "Kovalchuk talks\n\n2021-10-04\n\nTalks with Kovalchuk resumed in Moscow on Monday." + en})
    by_date = engine.search("Kovalchuk elections", sort="date")
    assert "kovaltchuk" in engine.search("Kovalchuk elections", explain=True).hits[1].explanation[0]["match"]
    assert ids(by_date) == ["fr.txt", "en.txt"] and by_date.partial == 2
    one_concept = engine.search("Kovalchuk", sort="date")
    assert ids(one_concept) == ["news.txt", "fr.txt", "en.txt"] and one_concept.partial == 0
