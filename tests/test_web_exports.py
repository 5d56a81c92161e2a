"""Exports that open right: the CSV with a byte-order mark, plain-text snippets and every
row of a long list; accented file names (RFC 6266); Atom feeds that invent no date."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from urllib.parse import unquote

import pytest

from search import Engine
from web.app import create_app

from .synthetic import make_corpus

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def long_list(tmp_path_factory):
    """1,100 articles that all say 'synthetic': a list longer than the old 1,000-row cut."""
    folder = tmp_path_factory.mktemp("long")
    make_corpus(folder / "corpus", 1100)
    Engine(folder / "index").index(folder / "corpus")
    return create_app({"INDEX_DIR": folder / "index"}).test_client()


@pytest.fixture(scope="module")
def story(story_location):
    return create_app({"INDEX_DIR": story_location}).test_client()


def test_csv_holds_the_whole_list_past_a_thousand_rows_in_order(long_list):
    response = long_list.get("/search.csv?q=synthetic&sort=oldest")
    assert response.is_streamed and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert len(rows) == 1100 and [int(row["rank"]) for row in rows] == list(range(1, 1101))
    assert len({row["id"] for row in rows}) == 1100  # no row twice across the pages
    data = json.loads(long_list.get("/search.json?q=synthetic").get_data())
    assert data["total"] == len(data["results"]) == 1100 and data["pages"] == 1


def test_csv_opens_right_in_software_that_assumes_windows_1252_without_a_bom(story):
    raw = story.get("/search.csv?q=grève&lang=fr").get_data()
    assert raw.startswith(b"\xef\xbb\xbf")  # what tells Excel the file is UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["rank", "title", "date", "lang", "section", "source", "url", "snippet", "link", "id"]
    first = dict(zip(rows[0], rows[1]))
    assert first["title"].startswith("Grève des cheminots") and first["lang"] == "fr" and first["date"]
    assert first["section"] == "economie"  # its folder: the file states none
    assert "grève" in first["snippet"] and "<mark>" not in first["snippet"] and "&" not in first["snippet"]
    assert first["link"].startswith("http://localhost/article/fr/economie/")
    assert "GrÃ¨ve" in raw.decode("cp1252", errors="replace")  # what the mark spares a reader


def test_export_file_names_keep_their_accents(story):
    disposition = story.get("/search.csv?q=grève des cheminots").headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="search-greve-des-cheminots.csv"; filename*=UTF-8\'\'')
    assert unquote(disposition.split("UTF-8''")[1]) == "search-grève-des-cheminots.csv"
    json_name = story.get("/search.json?q=élection%3F").headers["Content-Disposition"]
    assert unquote(json_name.split("UTF-8''")[1]) == "search-élection.json"


def test_a_feed_of_undated_articles_is_dated_by_the_index_never_1970(tmp_path, new_index):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(3):
        (corpus / f"note-{n}.txt").write_text(f"Harbour note {n}\n\nThe harbour reopened to boats today.", "utf-8")
    engine = Engine(new_index)
    engine.index(corpus)
    feed = ET.fromstring(create_app({"INDEX_DIR": new_index}).test_client()
                         .get("/search.atom?q=harbour").data)
    dates = [feed.find(f"{ATOM}updated").text] + [e.find(f"{ATOM}updated").text for e in feed.findall(f"{ATOM}entry")]
    assert len(dates) == 4 and not any(date.startswith("1970") for date in dates)
    indexed = engine.indexed_at()
    assert dates[0] == dt.datetime.fromtimestamp(indexed, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert set(dates) == {dates[0]}


def test_a_feed_is_dated_by_its_newest_article_with_plain_summaries(story):
    feed = ET.fromstring(story.get("/search.atom?q=strike").data)
    assert feed.find(f"{ATOM}updated").text == "2020-06-15T00:00:00Z"
    assert all(e.find(f"{ATOM}summary").text and "<" not in e.find(f"{ATOM}summary").text
               for e in feed.findall(f"{ATOM}entry"))


def test_a_streamed_export_holds_its_pool_slot_until_it_is_sent_or_refused(seeds_index):
    app = create_app({"INDEX_DIR": seeds_index, "EXPORT_WORKERS": 1, "EXPORT_WAITING": 0, "EXPORT_ROWS": 2,
                      "RESULT_CACHE": 0})
    client, pool = app.test_client(), app.extensions["exports"]
    streaming = client.get("/search.csv?q=demining", buffered=False)
    chunks = iter(streaming.response)
    assert next(chunks).decode("utf-8").startswith("\ufeffrank,")  # the download has begun: the slot is taken
    assert pool.admitted == 1
    assert client.get("/search.json?q=demining").status_code == 503
    rows = list(csv.reader(io.StringIO(b"".join(chunks).decode("utf-8"))))
    streaming.close()
    assert len(rows) == 5 and pool.admitted == 0  # every row sent, then the slot given back
    assert client.get("/search.csv?q=demining&sort=sideways").status_code == 400
    assert pool.admitted == 0  # a refused export gives its slot back too
    assert client.get("/search.json?q=demining").status_code == 200
