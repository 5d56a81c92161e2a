"""The API describes itself: /api/openapi.json is a valid OpenAPI 3.1 document, every JSON
answer of the API (results, errors, articles, health, the index at /api and /api/) is valid
against the schema the document gives for it, and the document lists the routes the app has."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from web.app import create_app

from .conftest import SEEDS


@pytest.fixture(scope="module")
def client(story_location):
    return create_app({"INDEX_DIR": story_location}).test_client()


@pytest.fixture(scope="module")
def seeds_client(seeds_index):
    return create_app({"INDEX_DIR": seeds_index, "CORPUS_DIR": SEEDS}).test_client()


@pytest.fixture(scope="module")
def spec(client) -> dict:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.get_json()


def check(spec: dict, path: str, status: int, response) -> dict:
    """``response`` is what the document says ``path`` answers with ``status`` (schema and all)."""
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    documented = spec["paths"][path]["get"]["responses"][str(status)]["content"]
    assert response.mimetype in documented
    body = json.loads(response.get_data())
    schema = {**documented[response.mimetype]["schema"], "components": spec["components"]}
    errors = sorted(Draft202012Validator(schema).iter_errors(body), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    return body


def test_the_document_is_valid_openapi(spec):
    validate(spec)  # raises on an invalid document
    assert spec["openapi"].startswith("3.1")


@pytest.mark.parametrize("query", [
    "q=strike", "q=strike&sort=oldest&limit=3&page=2", "q=grève&lang=FR&explain=1", "q=strike&year=2018",
    "q=strike&from=15/04/2018&to=avril 2019&xlang=0", "q=strike&sort=date", "q=nothingmatchesthis", "q=the",
    "q=strike&year=undated", ""])
def test_search_responses_match_the_document(client, spec, query):
    body = check(spec, "/api/search", 200, client.get("/api/search?" + query))
    assert all(hit["snippet_text"] and "<mark>" not in hit["snippet_text"] for hit in body["results"]) \
        or not body["results"]


@pytest.mark.parametrize("query", ["q=strike&lang=de", "q=strike&lang=xyz", "q=strike&sort=newest", "q=strike&page=0",
                                   "q=strike&from=soon", "q=strike&from=2020&to=2019", "q=strike&xlang=maybe"])
def test_errors_match_the_document_and_name_the_parameter(client, spec, query):
    body = check(spec, "/api/search", 400, client.get("/api/search?" + query))
    name = query.split("&")[-1].split("=")[0]
    assert body["error"].startswith(("to:" if "to=2019" in query else name + ":"))


def test_unknown_languages_are_refused_as_the_readme_says(client):
    response = client.get("/api/search?q=strike&lang=de")
    assert response.status_code == 400 and "'de'" in response.get_json()["error"]
    assert client.get("/api/search?q=strike&lang=fr").status_code == 200


def test_article_health_and_index_match_the_document(seeds_client, client, spec):
    article = check(spec, "/api/article/{id}", 200, seeds_client.get("/api/article/003_a636edbbe810d867.txt?q=demining"))
    assert article["source_url"] == "/source/003_a636edbbe810d867.txt"
    check(spec, "/api/article/{id}", 404, seeds_client.get("/api/article/nope.txt"))
    check(spec, "/healthz", 200, client.get("/healthz"))
    completions = check(spec, "/api/complete", 200, client.get("/api/complete?q=stri"))
    assert completions["suggestions"][0]["text"] == "strike"
    plain, slash = client.get("/api"), client.get("/api/")
    assert check(spec, "/api", 200, plain) == check(spec, "/api", 200, slash)
    assert plain.get_json()["openapi"] == "/api/openapi.json"


def test_exports_match_the_document(client, spec):
    body = check(spec, "/search.json", 200, client.get("/search.json?q=strike&sort=oldest"))
    assert body["total"] == len(body["results"]) == 15
    check(spec, "/search.json", 400, client.get("/search.json?q=strike&lang=de"))
    for path in ("/search.csv", "/search.atom"):
        response = client.get(path + "?q=strike&lang=de")
        assert response.status_code == 400 and response.mimetype in spec["paths"][path]["get"]["responses"]["400"]["content"]
        assert "lang: no article" in response.get_data(as_text=True)


def test_every_route_of_the_api_is_documented_and_every_documented_path_exists(client, spec):
    app = client.application
    rules = {rule.rule.replace("<path:doc_id>", "{id}") for rule in app.url_map.iter_rules()}
    api_routes = {rule for rule in rules if rule.startswith("/api") or rule.startswith("/search.") or rule == "/healthz"}
    assert api_routes - {"/api/"} == set(spec["paths"])
    search_params = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    from web.params import URL_TO_ENGINE
    assert set(URL_TO_ENGINE) | {"explain"} == search_params
