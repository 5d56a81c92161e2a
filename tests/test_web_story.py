"""Following a story on the results page, through Flask's test client on tests/story.py's
corpus: the timeline zooms (years → months → back out), switches to shares, sorts oldest
first; every filter is a removable chip; article links lead back to the same list."""

from __future__ import annotations

import re
from html import unescape

import pytest

from web.app import create_app

FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9"}
BAR = re.compile(r'<a class="bar[^"]*" data-count="(\d+)" data-period="([\d-]+)"\s+href="([^"]+)"')


@pytest.fixture(scope="module")
def client(story_location):
    return create_app({"INDEX_DIR": story_location}).test_client()


def page(client, url: str, **kwargs) -> str:
    response = client.get(url, **kwargs)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def bars(html: str) -> list[tuple[int, str, str]]:
    return [(int(n), period, unescape(href)) for n, period, href in BAR.findall(html)]


def test_years_zoom_to_months_and_back_out(client):
    years = bars(page(client, "/search?q=strike"))
    assert [period for _, period, _ in years] == ["2017", "2018", "2019", "2020"]
    assert years[1] == (6, "2018", "/search?q=strike&from=2018-01-01&to=2018-12-31")

    zoomed = page(client, years[1][2])
    months = bars(zoomed)
    assert [period for _, period, _ in months] == ["2018-04", "2018-05", "2018-06"]  # the bars with matches
    assert "Articles per month, January 2018 – December 2018" in " ".join(zoomed.split())
    labels = re.findall(r'<text [^>]*class="row-(\d)"[^>]*>([^<]+)</text>', zoomed)
    assert [text for row, text in labels if row == "0"] == ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
                                                           "Sept", "Oct", "Nov", "Dec"]  # every month named
    assert [text for row, text in labels if row == "1"] == ["2018"]
    out = unescape(re.search(r'<a class="zoom-out" href="([^"]+)"', zoomed).group(1))
    assert out == "/search?q=strike"  # from a year back to every date

    month = page(client, months[0][2])
    assert "<strong>2</strong> results" in month
    back_to_year = unescape(re.search(r'<a class="zoom-out" href="([^"]+)"', month).group(1))
    assert back_to_year == "/search?q=strike&from=2018-01-01&to=2018-12-31"
    assert "Zoom out to 2018" in month


def test_share_switch_shows_each_languages_share_of_the_period(client):
    counts = page(client, "/search?q=strike")
    shares = page(client, "/search?q=strike&scale=share")
    assert "Share of the articles of each language, per year" in shares
    heights = dict(re.findall(r'class="series-en" x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)" '
                              r'data-share="([\d.]+)"', shares)[i][::-1] for i in range(4))
    # 2017: 2 of 4 English articles; 2020: 1 of 17. The counts (2 and 1) would be closer.
    assert float(heights["0.5000"]) > 8 * float(heights["0.0588"])
    assert "<title>2017: English 50.0% (2 of 4), French 50.0% (2 of 4)</title>" in shares
    assert "<title>2017: 4 articles (English 2, French 2)</title>" in counts
    assert 'href="/search?q=strike&amp;scale=share&amp;from=2018-01-01&amp;to=2018-12-31"' in shares  # zoom keeps it
    french = page(client, "/search?q=strike&scale=share", headers=FRENCH)
    assert "English 50,0" not in french and "Anglais 50,0 % (2 sur 4)" in " ".join(french.split())


def test_oldest_first_is_an_order_of_the_page(client):
    html = page(client, "/search?q=strike&sort=oldest")
    dates = re.findall(r'<time datetime="([\d-]+)">', html)
    assert dates == sorted(dates) and dates[0] == "2017-03-15"
    assert 'aria-current="true">Oldest first</a>' in html
    assert page(client, "/api/search?q=strike&sort=date").count("2020-06-15") >= 1
    assert client.get("/api/search?q=strike&sort=date").get_json()["results"][0]["date"] == "2020-06-15"


def test_every_filter_is_a_chip_that_removes_it_even_with_no_result(client):
    html = page(client, "/search?q=football&lang=fr&year=2017&sort=oldest")
    chips = [(unescape(label).strip(), unescape(href)) for label, href in
             re.findall(r'<span class="chip">([^<]+)<a href="([^"]+)"', html)]
    assert chips == [("Language: French", "/search?q=football&sort=oldest&year=2017"),
                     ("Year: 2017", "/search?q=football&lang=fr&sort=oldest"),
                     ("Oldest first", "/search?q=football&lang=fr&year=2017")]
    assert "A new search from the box keeps these filters." in html
    box = re.search(r'<form class="box".*?</form>', html, re.S).group(0)
    assert re.findall(r'name="(\w+)" value="([^"]*)"', box) == [("lang", "fr"), ("sort", "oldest"), ("year", "2017")]

    # the story: French chosen on one query, then a query with no French article at all
    none = page(client, "/search?q=walkout&lang=fr&xlang=0")
    assert "No articles match" in none and '<span class="chip">Language: French' in none
    assert 'aria-current="true">French <span class="n">0</span>' in none  # the filter list shows it too
    assert "Search all languages and dates" in none


def test_back_to_results_returns_to_the_same_list(client):
    html = page(client, "/search?q=strike&lang=fr&sort=oldest&limit=3&page=2&scale=share")
    first = unescape(re.search(r'<li class="hit">\s*<h2><a href="([^"]+)"', html).group(1))
    assert "page=2" in first and "sort=oldest" in first and "lang=fr" in first
    article = page(client, first)
    back = unescape(re.search(r'<p class="back"><a href="([^"]+)"', article).group(1))
    assert back.startswith("/search?") and dict(p.split("=") for p in back.split("?")[1].split("&")) == {
        "q": "strike", "lang": "fr", "sort": "oldest", "limit": "3", "page": "2", "scale": "share"}
    assert bars(page(client, back)) == bars(html)


@pytest.mark.parametrize(("typed", "shown"), [("15/04/2018", "2018-04-15"), ("avril 2018", "2018-04-01"),
                                              ("April 2018", "2018-04-01"), ("2018-04", "2018-04-01")])
def test_dates_typed_in_common_forms_are_read(client, typed, shown):
    html = page(client, "/search?q=strike&from=" + typed)
    assert f'name="from" type="text" value="{shown}"' in html and "Ignored" not in html


def test_dates_the_page_cannot_use_are_explained(client):
    html = " ".join(page(client, "/search?q=strike&from=2020&to=2019").split())
    assert "Ignored to=2019: the end of the range comes before its start." in html
    assert "From 1 January 2020" in html  # the other bound is kept, as a chip
    html = " ".join(page(client, "/search?q=strike&from=Brumaire+2019").split())
    assert "Ignored from=Brumaire 2019: not a date this page can read." in html
    french = " ".join(page(client, "/search?q=strike&from=2020&to=2019", headers=FRENCH).split())
    assert "Ignoré to=2019" in french or "to=2019 ignoré" in french


def test_the_date_fields_offer_the_storys_periods(client):
    html = page(client, "/search?q=strike&from=2018&to=2018")
    assert 'name="from" type="text" value="2018-01-01" list="side-periods"' in html
    options = re.findall(r'<option value="([\d-]+)">([^<]+)</option>',
                         re.search(r'<datalist id="side-periods">(.*?)</datalist>', html, re.S).group(1))
    assert options == [("2018-06", "June 2018"), ("2018-05", "May 2018"), ("2018-04", "April 2018")]  # newest first
    picked = page(client, "/search?q=strike&from=2018-05&to=2018-05")  # what choosing one sends
    assert "<strong>2</strong> results" in picked


def test_newest_first_lists_the_articles_with_every_word_and_says_how_many_more_match_some(client):
    answer = client.get("/api/search?q=strike+sides&sort=date").get_json()
    assert answer["total"] == 7 and answer["partial"] > 0
    html = page(client, "/search?q=strike+sides&sort=date")
    titles = re.findall(r'<h2><a href="[^"]+" lang="\w+">(.*?)</a></h2>', html)
    assert titles and all(re.search(r"Rail <mark>strike</mark>", title) for title in titles)
    note = " ".join(re.search(r'<p class="note" role="note">(.*?)</p>', html, re.S).group(1).split())
    assert f"Sorted by date: only the articles that match every word. {answer['partial']} more articles match" in note
    assert 'href="/search?q=strike+sides">sort by relevance to see them after these</a>' in unescape(note)
    french = page(client, "/search?q=strike+sides&sort=date", headers=FRENCH)
    assert "Tri par date : seuls les articles qui contiennent tous les mots." in french
    feed = client.get("/search.atom?q=strike+sides").get_data(as_text=True)  # a feed is newest first
    assert feed.count("<entry>") == 7 and "Football" not in feed
    assert "only the articles that match every word" not in page(client, "/search?q=strike+sides")
