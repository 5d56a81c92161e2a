"""Why a result in the other language answers: the translation it holds, read from the same
explanation as the API's (explain=1), on each such result of the page."""

from __future__ import annotations

import re

import pytest

from search.query.why import reasons
from web.app import create_app

from .conftest import SEEDS


@pytest.fixture(scope="module")
def client(seeds_location):
    return create_app({"INDEX_DIR": seeds_location, "CORPUS_DIR": SEEDS}).test_client()


def test_the_api_explanation_gives_the_reasons(engine):
    results = engine.search("demining", explain=True)
    french = next(hit for hit in results.hits if hit.lang == "fr")
    assert french.reasons == [{"typed": "demining", "found": "déminage", "kind": "translation"}]
    assert french.reasons == reasons(french.explanation)  # the same explanation, read
    english = next(hit for hit in results.hits if hit.lang == "en")
    assert english.reasons == []  # the word as typed needs no reason
    assert "reasons" not in engine.search("demining").hits[0].to_dict()  # only with the explanation


def test_each_result_in_the_other_language_says_what_matched(client):
    html = client.get("/search?q=demining").get_data(as_text=True)
    hits = re.findall(r'<li class="hit">(.*?)</li>', html, re.S)
    why = {re.search(r'<span class="badge lang-(\w+)"', hit).group(1): re.findall(r'<p class="why">(.*?)</p>', hit, re.S)
           for hit in hits}
    assert why["en"] == []
    assert why["fr"] == ['Matched: <span class="reason"><span lang="fr">déminage</span> ← demining</span>']
    french = client.get("/search?q=demining", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Trouvé\u00a0: <span class=\"reason\"><span lang=\"fr\">déminage</span> ← demining" in french


def test_reasons_read_translations_and_near_spellings_only_once_each():
    explanation = [
        {"concept": "fire", "match": "fire → feu in fr articles ×0.80", "score": 0.9, "counted": True},
        {"concept": "fire", "match": "fire → incendie in fr articles ×0.46", "score": 0.4, "counted": False},
        {"concept": "karabakh", "match": "karabakh ~ karabagh (cognate) in fr articles ×0.3", "score": 0.2,
         "counted": True},
        {"concept": "paris", "match": "paris in fr articles", "score": 0.5, "counted": True},
        {"concept": "fire", "match": "fire → feu in fr articles ×0.80", "score": 0.9, "counted": True},
    ]
    assert reasons(explanation) == [{"typed": "fire", "found": "feu", "kind": "translation"},
                                    {"typed": "karabakh", "found": "karabagh", "kind": "cognate"}]
