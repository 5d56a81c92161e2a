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


def test_the_same_text_under_another_headline_is_shown_once(tmp_path, new_index):
    from .conftest import indexed_engine

    story = ("Flood waters rose across the northern valley overnight, forcing hundreds of families from "
             "their homes. Rescue teams used boats to reach villages cut off by the river, and the regional "
             "council opened three shelters in school buildings. Forecasters expect more rain on Friday.")
    other = ("The regional council met on Friday to plan repairs after the flood. Engineers said the river "
             "defences in the northern valley must be raised before the winter rain, and families asked for "
             "help to rebuild their homes.")
    engine = indexed_engine(tmp_path, index=new_index, articles={
        "a.txt": "Floods force families from homes\n\n2020-01-10\n\n" + story,
        "b.txt": "Valley flood: hundreds leave their homes\n\n2020-01-10\n\n" + story + " Updated at noon.",
        "c.txt": "Wire: floods hit northern valley\n\n2020-01-11\n\n" + story + " (Wire copy.)",
        "d.txt": "Council plans flood repairs\n\n2020-01-17\n\n" + other,
    })
    related = [item["id"] for item in engine.article("d.txt").related]
    assert related[:1] in (["a.txt"], ["b.txt"], ["c.txt"]) and len(related) == 1  # one of the three copies
    assert engine.article("a.txt").related == []  # its own copies are not related articles
