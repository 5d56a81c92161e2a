"""The section facet: a file's stated section, else its folder; several sections at once
(any of them), other facets still all applying; on the results page, the API and the CSV."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest

from search import Engine, QueryError
from web.app import create_app

from .conftest import ids


@pytest.fixture(scope="module")
def engine(tmp_path_factory, module_index):
    corpus = tmp_path_factory.mktemp("sections") / "corpus"
    files = {
        "business/a.txt": "Bank profits rise\n\n2019-01-10\n\nThe bank reported higher profits this quarter.",
        "business/b.txt": "Bank merger talks\n\n2019-02-11\n\nTwo banks confirmed merger talks on Monday.",
        "sport/c.txt": "Bank holiday football\n\n2019-05-06\n\nThe bank holiday fixtures drew large crowds.",
        "tech/d.txt": "Bank app outage\n\n2019-03-03\n\nThe bank's mobile app was down for hours.",
        "economie/e.txt": "La banque publie ses résultats\n\n2019-01-12\n\nLa banque annonce des bénéfices en hausse, bank.",
        "top.txt": "Bank at the top\n\n2019-04-04\n\nA bank story filed at the top of the corpus.",
    }
    for name, text in files.items():
        (corpus / name).parent.mkdir(parents=True, exist_ok=True)
        (corpus / name).write_text(text, "utf-8")
    stated = {"title": "Bank notes", "date": "2019-06-01", "section": "Money", "text": "The bank prints new notes."}
    (corpus / "sport" / "f.json").write_text(json.dumps(stated), "utf-8")
    built = Engine(module_index, translator=None)
    built.index(corpus)
    return built


def test_the_section_is_the_files_else_its_folder_and_none_at_the_top(engine):
    results = engine.search("bank", limit=20)
    sections = {hit.id: hit.section for hit in results.hits}
    assert sections["business/a.txt"] == "business" and sections["tech/d.txt"] == "tech"
    assert sections["sport/f.json"] == "Money"  # what the file says wins over its folder
    assert sections["top.txt"] is None
    assert results.facets["section"] == {"business": 2, "Money": 1, "economie": 1, "sport": 1, "tech": 1}


def test_two_sections_keep_either_and_other_facets_still_apply(engine):
    both = engine.search("bank", sections=["business", "tech"])
    assert sorted(ids(both)) == ["business/a.txt", "business/b.txt", "tech/d.txt"]
    assert both.sections == ["business", "tech"]
    assert both.facets["section"]["sport"] == 1  # the facet's own counts ignore its choice
    assert both.facets["lang"] == {"en": 3}  # the other facets follow it
    january = engine.search("bank", sections=["business", "economie"], date_from="2019-01", date_to="2019-01")
    assert sorted(ids(january)) == ["business/a.txt", "economie/e.txt"]
    assert ids(engine.search("bank", sections=["business", "economie"], lang="fr")) == ["economie/e.txt"]
    assert engine.search("bank", sections="nowhere").total == 0
    with pytest.raises(QueryError, match="^section:"):
        engine.search("bank", sections=[f"s{n}" for n in range(30)])


@pytest.fixture(scope="module")
def client(engine):
    return create_app({"INDEX_DIR": engine.backend.location}).test_client()


def test_the_page_offers_sections_to_tick_several_with_counts_and_chips(client):
    html = client.get("/search?q=bank&section=business&section=tech").get_data(as_text=True)
    side = html[html.index('<aside'):html.index('</aside>')]
    links = {re.sub(r"\s+", " ", unescape(re.sub("<[^>]+>", "", text))).strip(): unescape(href) for href, text in
             re.findall(r'<a href="([^"]+)"[^>]*>(<span><span class="tick".*?)</a>', side)}
    assert links["☑ business 2"] == "/search?q=bank&section=tech"  # untick
    assert links["☐ sport 1"] == "/search?q=bank&section=business&section=sport&section=tech"  # tick one more
    assert "<strong>3</strong> results" in html
    chips = re.findall(r'<span class="chip">([^<]+)<a href="([^"]+)"', html)
    assert [(label.strip(), unescape(href)) for label, href in chips] == [
        ("Section: business", "/search?q=bank&section=tech"), ("Section: tech", "/search?q=bank&section=business")]
    box = re.search(r'<form class="box".*?</form>', html, re.S).group(0)
    assert re.findall(r'name="section" value="(\w+)"', box) == ["business", "tech"]  # a new search keeps them


def test_api_and_csv_carry_sections(client):
    data = client.get("/api/search?q=bank&section=business&section=tech").get_json()
    assert data["total"] == 3 and data["section"] == ["business", "tech"]
    assert {hit["section"] for hit in data["results"]} == {"business", "tech"}
    rows = client.get("/search.csv?q=bank&section=Money").get_data().decode("utf-8-sig").splitlines()
    assert len(rows) == 2 and ",Money," in rows[1]
