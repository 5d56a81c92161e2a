"""The reader's features through Flask's test client on a real index of the seeds: the
French interface, lenient pages and strict API, dates, timeline, feeds, exports, articles."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from html import unescape

import pytest

from web.app import create_app

from .conftest import SEEDS

ATOM = "{http://www.w3.org/2005/Atom}"
FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}


@pytest.fixture(scope="module")
def client(seeds_index):
    return create_app({"INDEX_DIR": seeds_index, "CORPUS_DIR": SEEDS}).test_client()


def text(response) -> str:
    return " ".join(response.get_data(as_text=True).split())


def test_accept_language_chooses_french_and_dates_follow(client):
    page = text(client.get("/search?q=déminage", headers=FRENCH))
    assert '<html lang="fr">' in page and "Filtres" in page and "Les plus récents d’abord" in page
    assert '<time datetime="2021-10-15">15 octobre 2021</time>' in page
    assert "Aussi en anglais :" in page
    home = text(client.get("/", headers=FRENCH))
    assert "5 articles indexés : 4 en anglais, 1 en français." in home
    assert "Datés du 21 septembre 2021 au 15 juillet 2022." in home


def test_ui_parameter_wins_and_links_keep_it(client):
    page = text(client.get("/search?q=demining&ui=fr"))
    assert '<html lang="fr">' in page
    assert 'href="/search?q=demining&amp;lang=fr&amp;ui=fr"' in page  # a filter link keeps the language
    assert '<input type="hidden" name="ui" value="fr">' in page  # and so does the search box
    english = text(client.get("/search?q=demining&ui=en", headers=FRENCH))
    assert '<html lang="en">' in english


def test_switch_link_keeps_every_parameter(client):
    page = client.get("/search?q=demining&lang=en&sort=date").get_data(as_text=True)
    switch = unescape(re.search(r'<a class="switch" href="([^"]+)"', page).group(1))
    assert switch == "/search?q=demining&lang=en&sort=date&ui=fr"
    assert '<html lang="fr">' in client.get(switch).get_data(as_text=True)


def test_bad_parameters_on_pages_are_ignored_with_a_note_and_the_query_kept(client):
    response = client.get("/search?q=demining&sort=zzz&lang=xx&page=0&xlang=maybe&from=soon")
    page = text(response)
    assert response.status_code == 200 and 'value="demining"' in page
    for name in ("sort=zzz", "lang=xx", "page=0", "xlang=maybe", "from=soon"):
        assert f"Ignored {name}:" in page
    assert "<strong>5</strong> results" in page
    past_the_end = text(client.get("/search?q=demining&page=40"))
    assert "Ignored page=40:" in past_the_end and past_the_end.count('class="hit"') == 5
    french = text(client.get("/search?q=demining&sort=zzz&ui=fr"))
    assert "sort=zzz ignoré" in french


def test_api_stays_strict_and_accepts_lang_in_any_case(client):
    assert client.get("/api/search?q=demining&lang=FR").get_json()["total"] == 1
    refused = client.get("/api/search?q=demining&lang=de")  # no article of the index is in German
    assert refused.status_code == 400 and refused.get_json()["error"].startswith("lang: no article")
    assert client.get("/api/search?q=demining&xlang=false").get_json()["total"] == 4
    assert client.get("/api/search?q=demining&xlang=TRUE").get_json()["total"] == 5
    response = client.get("/api/search?q=demining&sort=zzz")
    assert response.status_code == 400 and response.get_json()["error"].startswith("sort:")


def test_date_range_and_undated_on_page_and_api(client):
    data = client.get("/api/search?q=demining&from=2021-10&to=2021-10").get_json()
    assert data["total"] == 2 and (data["from"], data["to"]) == ("2021-10-01", "2021-10-31")
    assert client.get("/api/search?q=demining&year=undated").get_json()["total"] == 0
    page = text(client.get("/search?q=demining&from=2021-10-01&to=2021-10-31"))
    assert '<input id="side-from" name="from" type="text" value="2021-10-01"' in page
    assert "<strong>2</strong> results" in page


def test_timeline_bars_link_to_their_period_and_add_up(client):
    page = client.get("/search?q=demining").get_data(as_text=True)
    bars = re.findall(r'<a class="bar[^"]*" data-count="(\d+)" data-period="([\d-]+)"\s+href="([^"]+)"', page)
    assert [period for _, period, _ in bars] == ["2021-09", "2021-10", "2021-11", "2022-07"]
    assert sum(int(count) for count, _, _ in bars) == 5
    assert unescape(bars[1][2]) == "/search?q=demining&from=2021-10-01&to=2021-10-31"
    assert "<title>October 2021: 2 articles (English 1, French 1)</title>" in page
    api = client.get("/api/search?q=demining").get_json()["timeline"]
    assert api["unit"] == "month" and api["periods"][1] == {
        "period": "2021-10", "from": "2021-10-01", "to": "2021-10-31", "counts": {"en": 1, "fr": 1},
        "collection": {"en": 1, "fr": 1}}


def test_numbered_pages_window(client):
    page = text(client.get("/search?q=demining&limit=1&page=3"))
    numbers = re.findall(r'<nav class="pages".*?</nav>', page)[0]
    assert [int(n) for n in re.findall(r">(\d+)</a>", numbers)] == [1, 2, 3, 4, 5]
    assert 'rel="prev"' in numbers and 'rel="next"' in numbers and 'aria-current="page"' in numbers


def test_atom_feed_newest_first_one_entry_per_result(client):
    response = client.get("/search.atom?q=demining")
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 5
    dates = [entry.find(f"{ATOM}updated").text for entry in entries]
    assert dates == sorted(dates, reverse=True) and dates[0] == "2022-07-15T00:00:00Z"
    assert entries[0].find(f"{ATOM}link").get("href").startswith("http://localhost/article/")
    assert client.get("/search.atom").status_code == 400
    assert client.get("/search.atom?q=demining&lang=xx").status_code == 400


def test_csv_and_json_exports_hold_the_whole_list_read_in_pages(seeds_index, client):
    rows = list(csv.reader(io.StringIO(client.get("/search.csv?q=demining").get_data().decode("utf-8-sig"))))
    assert rows[0][:4] == ["rank", "title", "date", "lang"] and len(rows) == 6
    assert [row[0] for row in rows[1:]] == ["1", "2", "3", "4", "5"]
    data = client.get("/search.json?q=demining&lang=en").get_json()
    assert data["total"] == 4 and len(data["results"]) == 4
    small = create_app({"INDEX_DIR": seeds_index, "EXPORT_ROWS": 2}).test_client()  # three pages of two
    paged = list(csv.reader(io.StringIO(small.get("/search.csv?q=demining").get_data().decode("utf-8-sig"))))
    assert paged == rows
    assert small.get("/search.json?q=demining").get_json()["results"] == client.get("/search.json?q=demining").get_json()["results"]
    page = client.get("/search?q=demining").get_data(as_text=True)
    assert 'href="/search.csv?q=demining"' in page and 'href="/search.atom?q=demining"' in page


def test_article_page_paragraphs_related_source_and_api(client):
    page = client.get("/article/003_a636edbbe810d867.txt?q=demining").get_data(as_text=True)
    assert page.count("<p>") >= 3 and "On the same subject" in page
    assert page.index("Also in English:") < page.index("001_26554f6b1925bc7b.txt")  # counterpart first
    assert 'href="/source/003_a636edbbe810d867.txt"' in page
    raw = client.get("/source/003_a636edbbe810d867.txt")
    assert raw.mimetype == "text/plain" and "déminage" in raw.get_data(as_text=True)
    data = client.get("/api/article/003_a636edbbe810d867.txt").get_json()
    assert data["counterpart"]["id"] == "000_0de74260d14e4d44.txt" and data["related"]
    assert data["source_url"] == "/source/003_a636edbbe810d867.txt" and data["paragraphs_html"]
    missing = client.get("/api/article/nope.txt")
    assert missing.status_code == 404 and missing.get_json()["status"] == 404


@pytest.mark.parametrize("path", ["/source/../pyproject.toml", "/source/%2E%2E/pyproject.toml", "/source/nope.txt",
                                  "/source//etc/passwd", "/source/..%2F..%2Fetc%2Fpasswd"])
def test_source_route_serves_nothing_outside(client, path):
    response = client.get(path)
    assert response.status_code == 404 and "[project]" not in response.get_data(as_text=True)


def test_no_source_link_without_a_corpus(seeds_index):
    client = create_app({"INDEX_DIR": seeds_index}).test_client()
    page = client.get("/article/003_a636edbbe810d867.txt").get_data(as_text=True)
    assert "/source/" not in page and "<code>003_a636edbbe810d867.txt</code>" in page
    assert client.get("/source/003_a636edbbe810d867.txt").status_code == 404
