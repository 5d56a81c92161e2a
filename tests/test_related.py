"""More like this, through Engine.article on the seeds (four English articles, one French)."""

from __future__ import annotations

from search.crosslang.related import RELATED_MAX, related_query


def test_related_articles_cross_languages_and_leave_out_the_counterpart(engine):
    english = engine.article("001_26554f6b1925bc7b.txt")
    related = [item["id"] for item in english.related]
    assert 0 < len(related) <= RELATED_MAX and "001_26554f6b1925bc7b.txt" not in related
    assert "003_a636edbbe810d867.txt" in related  # the French article, found through translations
    french = engine.article("003_a636edbbe810d867.txt")
    assert french.counterpart.id == "000_0de74260d14e4d44.txt"
    assert "000_0de74260d14e4d44.txt" not in [item["id"] for item in french.related]
    assert {item["lang"] for item in french.related} == {"en"}
    assert set(french.related[0]) == {"id", "title", "lang", "date"}


def test_related_query_is_the_articles_distinctive_words(seeds_searcher):
    stored = seeds_searcher.stored_fields(seeds_searcher.document_number(id="003_a636edbbe810d867.txt"))
    words = related_query(seeds_searcher, stored).split()
    assert "déminage" in words and len(words) <= 8
    assert not {"le", "la", "de", "les"} & set(words)
