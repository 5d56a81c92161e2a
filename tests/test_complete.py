"""Suggestions as a query is typed (search/query/complete.py through Engine.complete and
/api/complete): headline words in both languages, pairs of words, headlines."""

from __future__ import annotations

import pytest

from search import Engine
from web.app import create_app

from .conftest import indexed_engine


@pytest.fixture(scope="module")
def engine(tmp_path_factory, module_index) -> Engine:
    return indexed_engine(tmp_path_factory.mktemp("complete"), index=module_index, articles={
        "a.txt": "Gilets jaunes : nouvelle manifestation à Paris\n\n2019-01-05\n\nLes gilets jaunes manifestent.",
        "b.txt": "Gilets jaunes et grève des cheminots\n\n2019-12-05\n\nLa grève commence, les gilets jaunes aussi.",
        "c.txt": "Grève à la SNCF\n\n2019-12-06\n\nLa grève touche les trains.",
        "d.txt": "Greek debt talks resume\n\n2015-06-01\n\nGreek ministers meet their creditors again.",
        "e.txt": "Greek islands welcome tourists\n\n2015-07-01\n\nThe Greek islands see more visitors.",
        "f.txt": "Greek vote on the bailout\n\n2015-07-05\n\nGreeks vote on the bailout terms.",
    })


def texts(found: list[dict], kind: str) -> list[str]:
    return [item["text"] for item in found if item["kind"] == kind]


def test_words_of_either_language_most_frequent_first_as_written(engine):
    found = engine.complete("gre")
    assert texts(found, "query") == ["Greek", "grève"]  # 3 headlines, then 2; a name keeps its capital
    assert texts(found, "article")[0] == "Grève à la SNCF"  # then headlines, newest first
    assert texts(engine.complete("greve"), "query") == ["grève"]  # typed without its accent


def test_a_second_word_completes_the_pair_headlines_write(engine):
    assert texts(engine.complete("gilets j"), "query") == ["gilets jaunes"]
    assert texts(engine.complete("Greek de"), "query") == ["Greek debt"]


def test_too_little_typed_suggests_nothing(engine):
    assert engine.complete("g") == [] and engine.complete("  ") == []
    assert engine.complete("zzzz") == []


def test_the_api_gives_links_to_search_or_to_the_article(engine):
    client = create_app({"INDEX_DIR": engine.backend.location}).test_client()
    data = client.get("/api/complete?q=gilets j&ui=fr").get_json()
    assert data["suggestions"][0] == {"kind": "query", "text": "gilets jaunes", "href": "/search?q=gilets+jaunes&ui=fr"}
    article = next(item for item in data["suggestions"] if item["kind"] == "article")
    assert article["href"].startswith("/article/") and article["lang"] == "fr"
