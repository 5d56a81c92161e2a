"""Following a story in a real headless Chromium (tests/story.py's corpus): zooming the
timeline from years to months and back, the share switch, the chips and their removal, and
"Back to results" returning to the same list."""

from __future__ import annotations

import pytest

from .browser_kit import DESKTOP, MISSING, chrome, serving, wait_for

pytestmark = pytest.mark.browser
if MISSING:
    pytest.skip(MISSING, allow_module_level=True)

from selenium.webdriver.common.by import By  # noqa: E402


@pytest.fixture(scope="module")
def server(story_index):
    with serving(story_index) as base:
        yield base


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = chrome(tmp_path_factory.mktemp("chrome-story"), "en-GB,en")
    driver.set_window_size(*DESKTOP)
    yield driver
    driver.quit()


def periods(browser) -> list[str]:
    return [bar.get_attribute("data-period") for bar in browser.find_elements(By.CSS_SELECTOR, "a.bar")]


def test_zoom_from_years_to_months_and_back(server, browser):
    browser.get(server + "/search?q=strike")
    wait_for(browser, "a.bar")
    assert periods(browser) == ["2017", "2018", "2019", "2020"]
    browser.find_element(By.CSS_SELECTOR, "a.bar[data-period='2018']").click()
    wait_for(browser, "a.bar", "from=2018-01-01")
    assert periods(browser) == ["2018-04", "2018-05", "2018-06"]
    axis = [t.text for t in browser.find_elements(By.CSS_SELECTOR, "figure.timeline text.row-0")]
    assert axis[:4] == ["Jan", "Feb", "Mar", "Apr"] and len(axis) == 12
    dates = {t.get_attribute("datetime")[:4] for t in browser.find_elements(By.CSS_SELECTOR, "li.hit time")}
    assert dates == {"2018"} and len(browser.find_elements(By.CSS_SELECTOR, "li.hit")) == 6  # the results follow

    browser.find_element(By.CSS_SELECTOR, "a.bar[data-period='2018-05']").click()
    wait_for(browser, "a.bar", "from=2018-05-01")
    assert len(browser.find_elements(By.CSS_SELECTOR, "li.hit")) == 2
    browser.find_element(By.CSS_SELECTOR, "a.zoom-out").click()  # out to the year
    wait_for(browser, "a.bar", "from=2018-01-01")
    assert periods(browser) == ["2018-04", "2018-05", "2018-06"]
    browser.find_element(By.CSS_SELECTOR, "a.zoom-out").click()  # out to every date
    wait_for(browser, "a.bar")
    assert periods(browser) == ["2017", "2018", "2019", "2020"] and "from=" not in browser.current_url


def bar_heights(browser) -> dict[str, float]:
    found = {}
    for bar in browser.find_elements(By.CSS_SELECTOR, "a.bar"):
        english = bar.find_element(By.CSS_SELECTOR, "rect.series-en")
        found[bar.get_attribute("data-period")] = float(english.get_attribute("height"))
    return found


def test_share_switch_shows_the_story_against_a_growing_collection(server, browser):
    browser.get(server + "/search?q=strike")
    wait_for(browser, "a.bar")
    counts = bar_heights(browser)
    assert counts["2018"] > counts["2017"]  # 3 articles against 2
    browser.find_element(By.LINK_TEXT, "Share of the collection").click()
    wait_for(browser, "svg.scale-share", "scale=share")
    shares = bar_heights(browser)
    assert shares["2017"] > shares["2018"] > shares["2020"]  # 2 of 4, 3 of 7, 1 of 17
    assert "Share of the articles of each language" in browser.find_element(By.ID, "timeline-title").text
    assert browser.find_element(By.CSS_SELECTOR, ".scale a[aria-current]").text == "Share of the collection"
    browser.find_element(By.CSS_SELECTOR, "a.bar[data-period='2019']").click()  # zooming keeps the shares
    wait_for(browser, "svg.scale-share", "from=2019-01-01")
    assert "scale=share" in browser.current_url


def test_chips_show_every_filter_even_with_no_result_and_remove_it(server, browser):
    browser.get(server + "/search?q=strike&lang=fr&sort=oldest")
    wait_for(browser, "li.hit")
    browser.find_element(By.ID, "q").clear()
    browser.find_element(By.ID, "q").send_keys("walkout")  # an English word; translation off below
    browser.find_element(By.CSS_SELECTOR, "form.box button").click()
    wait_for(browser, ".chips", "q=walkout")
    chips = [chip.text for chip in browser.find_elements(By.CSS_SELECTOR, ".chip")]
    assert [c.rstrip("×").strip() for c in chips] == ["Language: French", "Oldest first"]  # the rule the page states
    assert "keeps these filters" in browser.find_element(By.CSS_SELECTOR, ".chips .hint").text
    browser.get(server + "/search?q=walkout&lang=fr&xlang=0")
    wait_for(browser, ".chips")
    assert browser.find_elements(By.CSS_SELECTOR, ".empty")  # no French article says 'walkout'
    browser.find_element(By.CSS_SELECTOR, ".chip a[aria-label='Remove: Language: French']").click()
    hits = wait_for(browser, "li.hit", "q=walkout")
    assert "&lang=" not in browser.current_url and len(hits) == 7
    assert [c.text.rstrip("×").strip() for c in browser.find_elements(By.CSS_SELECTOR, ".chip")] == ["Translation off"]


def test_back_to_results_returns_to_the_same_list(server, browser):
    url = server + "/search?q=strike&sort=oldest&limit=4&page=2&from=2017-01-01&to=2019-12-31"
    browser.get(url)
    before = [a.text for a in wait_for(browser, "li.hit h2 a")]
    browser.find_elements(By.CSS_SELECTOR, "li.hit h2 a")[1].click()
    wait_for(browser, "p.back a", "/article/")
    browser.find_element(By.CSS_SELECTOR, "p.back a").click()
    after = [a.text for a in wait_for(browser, "li.hit h2 a", "/search")]
    assert after == before and "page=2" in browser.current_url
    assert browser.find_element(By.CSS_SELECTOR, ".pages a[aria-current]").text == "2"
    assert [c.text.rstrip("×").strip() for c in browser.find_elements(By.CSS_SELECTOR, ".chip")] == [
        "From 1 January 2017", "To 31 December 2019", "Oldest first"]


def test_the_csv_link_of_the_page_downloads_a_file_that_keeps_its_accents(server, browser):
    browser.get(server + "/search?q=grève&lang=fr")
    link = wait_for(browser, "p.exports a[href^='/search.csv']")[0]
    assert link.get_attribute("download") is not None
    # The bytes as the browser receives them: read like software that only knows UTF-8 by its
    # byte-order mark (and would otherwise take Windows-1252) reads them.
    found = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(r => r.arrayBuffer().then(b => done({"
        "  head: Array.from(new Uint8Array(b).slice(0, 3)),"
        "  text: new TextDecoder(new Uint8Array(b)[0] === 0xEF ? 'utf-8' : 'windows-1252').decode(b),"
        "  name: r.headers.get('Content-Disposition')})));", link.get_attribute("href"))
    assert found["head"] == [0xEF, 0xBB, 0xBF]
    assert "Grève des cheminots" in found["text"] and "GrÃ¨ve" not in found["text"]
    assert "filename*=UTF-8''search-gr%C3%A8ve.csv" in found["name"]


def test_suggestions_with_the_keyboard_only(server, browser):
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server + "/")
    WebDriverWait(browser, 15).until(lambda d: d.switch_to.active_element.get_attribute("id") == "q")
    box = browser.switch_to.active_element
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-expanded") == "false"
    box.send_keys("wal")
    listbox = browser.find_element(By.ID, "q-suggestions")
    WebDriverWait(browser, 10).until(lambda d: listbox.is_displayed())
    assert box.get_attribute("aria-expanded") == "true" and box.get_attribute("aria-controls") == "q-suggestions"
    options = listbox.find_elements(By.CSS_SELECTOR, "[role=option]")
    assert options[0].text == "walkout"  # a headline word, then headlines
    assert any("Rail strike" in option.text for option in options[1:])
    box.send_keys(Keys.ARROW_DOWN)
    assert box.get_attribute("aria-activedescendant") == options[0].get_attribute("id")
    assert options[0].get_attribute("aria-selected") == "true"
    assert browser.switch_to.active_element == box  # focus stays in the box
    box.send_keys(Keys.ESCAPE)
    assert not listbox.is_displayed() and box.get_attribute("aria-expanded") == "false"
    box.send_keys("k")  # 'walk': the list comes back
    WebDriverWait(browser, 10).until(lambda d: listbox.is_displayed())
    box.send_keys(Keys.ARROW_DOWN, Keys.ENTER)
    hits = wait_for(browser, "li.hit", "q=walkout")
    assert browser.find_element(By.ID, "q").get_attribute("value") == "walkout" and len(hits) == 7


def test_the_skip_link_lands_on_the_first_result(server, browser):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    browser.get(server + "/search?q=strike&lang=fr")
    first = wait_for(browser, "li.hit h2 a")[0]
    ActionChains(browser).send_keys(Keys.TAB).perform()
    skip = browser.switch_to.active_element
    assert skip.get_attribute("class") == "skip" and skip.text == "Skip to the results" and skip.is_displayed()
    ActionChains(browser).send_keys(Keys.ENTER, Keys.TAB).perform()
    assert browser.switch_to.active_element == first  # three key presses, where it took 24 Tabs


def test_the_focus_ring_of_the_last_year_is_not_cut_off(server, browser):
    browser.get(server + "/search?q=strike")
    last = wait_for(browser, "aside.side .years li:last-child a")[0]
    browser.execute_script("arguments[0].focus()", last)
    ring_fits = browser.execute_script("""
        const link = arguments[0], list = link.closest('.years');
        const style = getComputedStyle(link), outer = parseFloat(style.outlineWidth) + parseFloat(style.outlineOffset);
        const r = link.getBoundingClientRect(), box = list.getBoundingClientRect();
        const grow = Math.max(0, outer);
        return style.outlineStyle !== 'none' && r.left - grow >= box.left && r.right + grow <= box.right
            && r.bottom + grow <= box.bottom && r.top - grow >= box.top;""", last)
    assert ring_fits
