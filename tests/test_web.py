"""Every route through Flask's test client, against a real index of the seeds."""

import os
from html import escape

import pytest

from web.app import create_app

from .conftest import SEEDS


@pytest.fixture(scope="module")
def client(seeds_index):
    return create_app({"INDEX_DIR": seeds_index}).test_client()


def test_home_has_labelled_search_box_counts_span_and_examples(client):
    page = " ".join(client.get("/").get_data(as_text=True).split())
    assert '<label for="q"' in page and "autofocus" in page
    assert "5 articles indexed: 4 in English, 1 in French" in page
    assert "Dated from 21 September 2021 to 15 July 2022." in page
    assert 'class="example" lang="en" href="/search?q=Azerbaijan"' in page


def test_results_page(client):
    page = client.get("/search?q=demining").get_data(as_text=True)
    assert 'value="demining"' in page and "<strong>5</strong> results" in page
    assert "<mark>déminage</mark>" in page and "<mark>demining</mark>" in page
    assert 'class="snippet" lang="fr"' in page and 'class="snippet" lang="en"' in page
    assert 'French <span class="n">1</span>' in page and 'English <span class="n">4</span>' in page
    assert 'All languages <span class="n">5</span>' in page
    assert "Newest first" in page and '2022 <span class="n">1</span>' in page
    assert '<time datetime="2021-10-15">15 October 2021</time>' in page
    assert "Also searched" in page and "déminage" in page
    assert '/article/003_a636edbbe810d867.txt?q=demining' in page


def test_language_filter_page_and_sort(client):
    page = client.get("/search?q=demining&lang=fr").get_data(as_text=True)
    assert page.count('class="hit"') == 1 and "003_a636edbbe810d867.txt" in page
    paged = client.get("/search?q=demining&limit=2&page=2").get_data(as_text=True)
    assert "page 2 of 3" in paged
    assert '<link rel="prev" href="/search?q=demining&amp;limit=2&amp;page=1">' in paged
    assert '<a rel="next" href="/search?q=demining&amp;limit=2&amp;page=3">' in paged
    assert '<a aria-current="page" href="/search?q=demining&amp;limit=2&amp;page=2">2</a>' in paged


def test_suggestion_empty_state_and_partial_query(client):
    assert "Did you mean" in client.get("/search?q=demning").get_data(as_text=True)
    assert "No articles match" in client.get("/search?q=zzqxv").get_data(as_text=True)
    partial = client.get("/search?q=(((")
    assert partial.status_code == 200 and "could only partly understand" in partial.get_data(as_text=True)


def test_translation_switch(client):
    off = client.get("/search?q=demining&xlang=0").get_data(as_text=True)
    assert "Translation off" in off and off.count('class="hit"') == 4 and "badge lang-fr" not in off


def test_query_is_escaped(client):
    page = client.get("/search?q=<script>alert(1)</script>").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_article_page(client):
    page = client.get("/article/001_26554f6b1925bc7b.txt?q=prisoners").get_data(as_text=True)
    assert "<mark>prisoners</mark>" in page and 'href="https://www.azernews.az/nation/183519.html"' in page
    assert '<time datetime="2021-09-21">21 September 2021</time>' in page and "AzerNews" in page
    assert "Back to results" in page
    assert 'href="/search?q=prisoners"' in page


@pytest.mark.parametrize("path", ["/article/nope.txt", "/article/../../etc/passwd", "/article/%2Fetc%2Fpasswd",
                                  "/article/..%2F..%2Fetc%2Fpasswd", "/missing"])
def test_not_found_pages(client, path):
    response = client.get(path)
    assert response.status_code == 404 and "root:" not in response.get_data(as_text=True)


def test_api_search_shape(client):
    data = client.get("/api/search?q=demining&limit=2").get_json()
    assert data["total"] == 5 and len(data["results"]) == 2 and data["page"] == 1
    assert set(data["results"][0]) >= {"id", "title", "lang", "date", "source", "url", "score", "snippet"}
    assert data["facets"]["lang"] == {"en": 4, "fr": 1} and data["suggestion"] is None
    assert data["expanded"]["demining"][0] == "déminage"
    assert client.get("/api/search?q=demining&xlang=0").get_json()["total"] == 4
    dated = client.get("/api/search?q=demining&sort=date").get_json()["results"]
    assert dated[0]["date"] == "2022-07-15"


@pytest.mark.parametrize("query", ["page=0", "page=abc", "limit=-5", "limit=101", "lang=xx1", "sort=x", "year=1",
                                   "lang=xx", "lang=fra", "xlang=maybe", "xlang=on", "from=2021-13", "to=soon",
                                   "from=2022-01-01&to=2021-01-01"])
def test_api_bad_parameters_are_400_with_json(client, query):
    response = client.get(f"/api/search?q=demining&{query}")
    assert response.status_code == 400
    assert response.get_json()["error"].split(":")[0] == query.split("=")[-2].split("&")[-1]


def test_other_methods_and_hostile_inputs_are_4xx(client):
    assert client.post("/search?q=x").status_code == 405
    assert client.delete("/api/search").status_code == 405
    assert client.get("/search?q=" + "a" * 100_000).status_code == 400
    assert client.get("/api/search?q=x&page=" + str(10**9)).status_code == 400
    page = client.get("/search?q=%FF%FE")  # bytes that are not UTF-8: kept as typed, found nowhere
    assert page.status_code == 200 and 'name="q" value="%FF%FE"' in page.get_data(as_text=True)
    api = client.get("/api/search?q=%FF%FE").get_json()
    assert (api["query"], api["total"]) == ("%FF%FE", 0)


def test_security_headers(client):
    response = client.get("/")
    # scripts only from this server's own files (the suggestions' static script): none inline
    assert "script-src 'self';" in response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    page = response.get_data(as_text=True)
    assert page.count("<script") == 1 and '<script src="/static/complete.js" defer></script>' in page
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]


def test_healthz(client):
    data = client.get("/healthz").get_json()
    assert data["status"] == "ok" and data["articles"] == 5


def test_missing_index_is_a_clear_page_not_a_500(tmp_path):
    client = create_app({"INDEX_DIR": tmp_path / "none"}).test_client()
    response = client.get("/search?q=x")
    assert response.status_code == 503 and "search index" in response.get_data(as_text=True)


def test_counterpart_links(client):
    results = client.get("/search?q=ceasefire").get_data(as_text=True)
    assert "Also in French:" in results and "Also in English:" in results
    page = client.get("/article/000_0de74260d14e4d44.txt").get_data(as_text=True)
    assert "Also in French:" in page and 'href="/article/003_a636edbbe810d867.txt"' in page


def test_stored_xss_in_articles_is_rendered_as_text(tmp_path):
    from search import Engine

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "evil.txt").write_text(
        "<script>alert('title')</script> Evil headline\n\n"
        "Demining news <img src=x onerror=alert(1)> and <script>alert(2)</script> in Baku.\n", "utf-8")
    (corpus / "link.json").write_text(
        '{"title": "Link story", "text": "Demining story with a link.", "url": "javascript:alert(3)"}', "utf-8")
    Engine(tmp_path / "ix").index(corpus)
    client = create_app({"INDEX_DIR": tmp_path / "ix"}).test_client()
    for path in ("/search?q=demining", "/article/evil.txt?q=demining", "/article/link.json"):
        page = client.get(path).get_data(as_text=True)
        assert "<script>alert" not in page and "<img src=x" not in page and "javascript:" not in page
    page = client.get("/article/evil.txt").get_data(as_text=True)
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    api = client.get("/api/search?q=demining").get_json()
    assert all("<script" not in r["snippet"] and "<img" not in r["snippet"] for r in api["results"])


def test_server_answers_503_while_the_index_is_gone_then_recovers(tmp_path, corpus):
    import shutil

    from search import Engine

    index = tmp_path / "ix"
    Engine(index).index(corpus)
    client = create_app({"INDEX_DIR": index}).test_client()
    assert client.get("/api/search?q=demining").get_json()["total"] == 5
    shutil.rmtree(index)
    for path in ("/healthz", "/", "/search?q=demining", "/api/search?q=demining", "/article/x.txt"):
        assert client.get(path).status_code == 503, path
    Engine(index).index(corpus)
    assert client.get("/healthz").get_json()["articles"] == 5
    # Another index moved in place of this one (same generation number, other articles).
    (corpus / "000_0de74260d14e4d44.txt").unlink()
    Engine(tmp_path / "ix2").index(corpus)
    os.rename(index, tmp_path / "old")
    os.rename(tmp_path / "ix2", index)
    assert client.get("/healthz").get_json()["articles"] == 4
    assert client.get("/api/search?q=demining").get_json()["total"] == 4
    assert client.get("/article/000_0de74260d14e4d44.txt").status_code == 404


def test_article_page_shows_the_whole_headline_and_lists_shorten_it(client):
    headline = ("La Commission nationale française pour l'élimination des mines antipersonnel exprime sa volonté de "
                "fournir l'assistance nécessaire dans le cadre du déminage des territoires azerbaïdjanais libérés")
    page = client.get("/article/003_a636edbbe810d867.txt").get_data(as_text=True)
    assert escape(headline, quote=False) in page
    hit = next(h for h in client.get("/api/search?q=Chesnel").get_json()["results"])
    assert hit["title"].endswith("…") and len(hit["title"]) <= 141 and headline.startswith(hit["title"][:-1])


def test_absent_metadata_is_null_in_the_json(client):
    for hit in client.get("/api/search?q=demining&limit=100").get_json()["results"]:
        for key in ("date", "source", "url"):
            assert hit[key] is None or (isinstance(hit[key], str) and hit[key]), (hit["id"], key)
        assert "\\$" not in hit["snippet"]


def test_no_markdown_escape_in_any_seed_snippet_or_page(client):
    snippets = [hit["snippet"] for hit in client.get("/api/search?q=donate&limit=100").get_json()["results"]]
    assert any("$472,752" in s for s in snippets) and not any("\\$" in s for s in snippets)
    for name in sorted(p.name for p in SEEDS.iterdir()):
        assert "\\$" not in client.get(f"/article/{name}").get_data(as_text=True)
