"""The pages in a real headless Chromium against `search serve` on a loopback port."""

from __future__ import annotations

import csv
import io
import urllib.request
import xml.etree.ElementTree as ET

import pytest

from .browser_kit import DESKTOP, MISSING, PHONE, chrome, serving, shoot, wait_for
from .conftest import SEEDS

pytestmark = pytest.mark.browser
if MISSING:
    pytest.skip(MISSING, allow_module_level=True)

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def server(seeds_index):
    with serving(seeds_index, SEEDS) as base:
        yield base


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = chrome(tmp_path_factory.mktemp("chrome-en"), "en-GB,en")
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def french_browser(tmp_path_factory):
    driver = chrome(tmp_path_factory.mktemp("chrome-fr"), "fr-FR,fr")
    yield driver
    driver.quit()


def test_search_filter_open_and_go_back(server, browser, tmp_path):
    browser.set_window_size(*DESKTOP)
    browser.get(server + "/")
    box = browser.find_element(By.ID, "q")
    assert browser.switch_to.active_element == box  # autofocus
    box.send_keys("demining", Keys.ENTER)
    marks = wait_for(browser, ".snippet mark", "/search?q=demining")
    assert marks and {m.text.lower() for m in marks} >= {"demining", "déminage"}
    assert len(browser.find_elements(By.CSS_SELECTOR, "li.hit")) == 5
    assert browser.find_element(By.ID, "q").get_attribute("value") == "demining"
    shoot(browser, tmp_path, "results-desktop")

    browser.find_element(By.CSS_SELECTOR, ".side").find_element(By.PARTIAL_LINK_TEXT, "French").click()
    hits = wait_for(browser, "li.hit", "lang=fr")
    assert len(hits) == 1 and hits[0].find_element(By.CSS_SELECTOR, ".badge").text == "FR"

    hits[0].find_element(By.CSS_SELECTOR, "h2 a").click()
    marks = wait_for(browser, ".body mark", "/article/003_a636edbbe810d867.txt")
    assert "déminage" in [m.text for m in marks]
    related = browser.find_elements(By.CSS_SELECTOR, ".related li")
    assert "Also in English" in related[0].text and len(related) >= 2  # counterpart first, then related
    shoot(browser, tmp_path, "article-desktop")

    browser.back()
    assert len(wait_for(browser, "li.hit", "lang=fr")) == 1


def test_phone_filters_fold_into_one_row_and_nothing_scrolls_sideways(server, browser, tmp_path):
    browser.set_window_size(*PHONE)
    browser.get(server + "/search?q=demining")
    wait_for(browser, "li.hit")
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert not browser.find_element(By.CSS_SELECTOR, "aside.side").is_displayed()
    summary = browser.find_element(By.CSS_SELECTOR, "details.compact summary")
    assert summary.size["height"] < 60  # one row, not five rows of pills
    first_hit = browser.find_element(By.CSS_SELECTOR, "li.hit")
    assert first_hit.location["y"] < 560  # the first result starts within the first screen
    summary.click()
    link = browser.find_element(By.CSS_SELECTOR, "details.compact").find_element(By.PARTIAL_LINK_TEXT, "Newest")
    assert link.is_displayed()
    shoot(browser, tmp_path, "results-phone")
    browser.get(server + "/article/001_26554f6b1925bc7b.txt?q=prisoners")
    wait_for(browser, "article")
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
    shoot(browser, tmp_path, "article-phone")


def test_keyboard_only_search(server, browser):
    browser.set_window_size(*DESKTOP)
    browser.get(server + "/")
    # Autofocus lands once the page is ready: type only then, as a person would.
    WebDriverWait(browser, 15).until(lambda d: d.switch_to.active_element.get_attribute("id") == "q")
    browser.switch_to.active_element.send_keys("Chesnel", Keys.ENTER)
    first = wait_for(browser, "li.hit h2 a", "q=Chesnel")[0]
    assert "Commission nationale" in first.text


def test_french_browser_sees_the_french_interface_and_dates(server, french_browser):
    french_browser.set_window_size(*DESKTOP)
    french_browser.get(server + "/search?q=déminage")
    wait_for(french_browser, "li.hit")
    assert french_browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
    assert french_browser.find_element(By.CSS_SELECTOR, "button[type=submit]").text == "Rechercher"
    side = french_browser.find_element(By.CSS_SELECTOR, "aside.side").text
    assert "LANGUE" in side and "Les plus récents d’abord" in side
    dates = [t.text for t in french_browser.find_elements(By.CSS_SELECTOR, "li.hit time")]
    assert "15 octobre 2021" in dates and "15 juillet 2022" in dates


def test_switch_link_changes_language_and_keeps_the_query(server, browser):
    browser.set_window_size(*DESKTOP)
    browser.get(server + "/search?q=demining&lang=en&sort=date")
    wait_for(browser, "li.hit")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    browser.find_element(By.CSS_SELECTOR, "a.switch").click()
    wait_for(browser, "li.hit", "ui=fr")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
    assert browser.find_element(By.ID, "q").get_attribute("value") == "demining"
    assert len(browser.find_elements(By.CSS_SELECTOR, "li.hit")) == 4  # lang=en and the order kept
    chosen = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "aside.side a[aria-current]")]
    assert "Les plus récents d’abord" in chosen and any(text.startswith("Anglais") for text in chosen)
    # the language stays chosen on the next page visited
    browser.find_element(By.CSS_SELECTOR, "li.hit h2 a").click()
    wait_for(browser, "article", "/article/")
    assert "ui=fr" in browser.current_url
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"


def test_timeline_has_a_bar_per_period_with_results_adding_up_and_bars_filter(server, browser):
    browser.set_window_size(*DESKTOP)
    browser.get(server + "/search?q=demining")
    wait_for(browser, "figure.timeline svg")
    api = _json(server + "/api/search?q=demining")
    periods_with_results = [p for p in api["timeline"]["periods"] if sum(p["counts"].values())]
    bars = browser.find_elements(By.CSS_SELECTOR, "figure.timeline svg a.bar")
    assert len(bars) == len(periods_with_results) == 4
    undated = api["facets"]["year"].get("undated", 0)
    assert sum(int(bar.get_attribute("data-count")) for bar in bars) + undated == api["total"] == 5
    title = bars[1].find_element(By.TAG_NAME, "title").get_attribute("textContent")
    assert title.startswith("October 2021: 2 articles")
    bars[1].click()
    hits = wait_for(browser, "li.hit", "from=2021-10-01")
    assert "to=2021-10-31" in browser.current_url and len(hits) == 2
    assert {t.get_attribute("datetime")[:7] for t in browser.find_elements(By.CSS_SELECTOR, "li.hit time")} == {"2021-10"}
    selected = browser.find_elements(By.CSS_SELECTOR, "a.bar.selected")
    assert [b.get_attribute("data-period") for b in selected] == ["2021-10"]


def test_feed_and_csv_links_of_the_page(server, browser):
    browser.set_window_size(*DESKTOP)
    browser.get(server + "/search?q=demining")
    wait_for(browser, "p.exports")
    feed_url = browser.find_element(By.CSS_SELECTOR, "p.exports a[href^='/search.atom']").get_attribute("href")
    csv_url = browser.find_element(By.CSS_SELECTOR, "p.exports a[href^='/search.csv']").get_attribute("href")
    total = _json(server + "/api/search?q=demining")["total"]
    feed = ET.fromstring(urllib.request.urlopen(feed_url, timeout=10).read())
    assert feed.tag == f"{ATOM}feed" and len(feed.findall(f"{ATOM}entry")) == total
    rows = list(csv.DictReader(io.StringIO(urllib.request.urlopen(csv_url, timeout=10).read().decode("utf-8"))))
    assert len(rows) == total and {row["lang"] for row in rows} == {"en", "fr"}


def _json(url: str) -> dict:
    import json

    return json.loads(urllib.request.urlopen(url, timeout=10).read())


def test_date_range_form_takes_a_month(server, browser):
    browser.set_window_size(*DESKTOP)
    browser.get(server + "/search?q=demining")
    wait_for(browser, "li.hit")
    side = browser.find_element(By.CSS_SELECTOR, "aside.side")
    side.find_element(By.ID, "side-from").send_keys("2021-10")
    side.find_element(By.ID, "side-to").send_keys("2021-11")
    side.find_element(By.CSS_SELECTOR, "form.range button").click()
    hits = wait_for(browser, "li.hit", "from=2021-10")
    assert len(hits) == 3 and browser.find_element(By.ID, "side-to").get_attribute("value") == "2021-11-30"
    assert browser.find_element(By.ID, "q").get_attribute("value") == "demining"
