"""axe-core (tests/axe, installed by `.ci/run` with npm) injected into the pages in headless
Chromium: no serious or critical violation on the home, results and article pages, in
English and in French, at desktop and phone widths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .browser_kit import DESKTOP, MISSING, PHONE, chrome, serving, wait_for
from .conftest import SEEDS, SHARED

pytestmark = pytest.mark.browser
AXE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
if MISSING:
    pytest.skip(MISSING, allow_module_level=True)
if not AXE.exists():
    pytest.skip("axe-core is not installed: npm ci --prefix tests/axe (.ci/run does it)", allow_module_level=True)

PAGES = {
    "home": "/",
    "results": "/search?q=demining",
    "filtered": "/search?q=demining&lang=en&from=2021-10&to=2021-12&limit=1",
    "zoomed-shares": "/search?q=demining&from=2021&to=2021&sort=oldest&scale=share",
    "chip-no-result": "/search?q=demining&lang=fr&year=2022&xlang=0",
    "article": "/article/003_a636edbbe810d867.txt?q=demining",
    "not-found": "/article/nope.txt",
}
BLOCKING = ("serious", "critical")


@pytest.fixture(scope="module")
def server(seeds_index):
    with serving(seeds_index, SEEDS) as base:
        yield base


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = chrome(tmp_path_factory.mktemp("chrome-axe"))
    driver.set_script_timeout(60)
    yield driver
    driver.quit()


def run_axe(driver) -> list[dict]:
    """axe's violations on the current page (the page's own CSP does not apply to
    WebDriver's scripts, so axe is injected as it is)."""
    driver.execute_script(AXE.read_text("utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(JSON.stringify(r.violations)))"
        ".catch(e => done(JSON.stringify([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}])));")
    return json.loads(result)


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("ui", ["en", "fr"])
@pytest.mark.parametrize("page", list(PAGES))
def test_no_serious_accessibility_violation(server, browser, page, ui, size):
    browser.set_window_size(*size)
    url = server + PAGES[page] + ("&" if "?" in PAGES[page] else "?") + f"ui={ui}"
    browser.get(url)
    wait_for(browser, "main")
    assert browser.find_element("tag name", "html").get_attribute("lang") == ui
    violations = run_axe(browser)
    blocking = [f"{v['id']} ({v['impact']}): {v['help']} at {[n.get('target') for n in v['nodes']][:3]}"
                for v in violations if v.get("impact") in BLOCKING]
    assert not blocking, "\n".join(blocking)


CORPUS_PAGES = ["/", "/search?q=gilets+jaunes", "/search?q=climate+change&sort=date", "/search?q=d%C3%A9minage"]


@pytest.mark.slow
@pytest.mark.parametrize("ui", ["en", "fr"])
def test_no_serious_violation_on_the_shared_corpus(corpus_index, browser, ui):
    """Real pages: long facet lists, a timeline by year, undated BBC articles, related lists."""
    with serving(corpus_index, SHARED / "corpus") as base:
        urls = [base + path for path in CORPUS_PAGES]
        browser.set_window_size(*DESKTOP)
        browser.get(urls[1])
        urls.append(wait_for(browser, "li.hit h2 a")[0].get_attribute("href"))
        blocking = []
        for url in urls:
            browser.get(url + ("&" if "?" in url else "?") + f"ui={ui}")
            wait_for(browser, "main")
            blocking += [f"{url}: {v['id']} ({v['impact']}) at {[n.get('target') for n in v['nodes']][:3]}"
                         for v in run_axe(browser) if v.get("impact") in BLOCKING]
        assert not blocking, "\n".join(blocking)


def test_axe_does_report_a_broken_page(browser):
    """The check can fail: an image without text and an unlabelled field are reported."""
    browser.get("data:text/html,<html><body><img src='x.png'><input type='text'></body></html>")
    found = {v["id"]: v["impact"] for v in run_axe(browser)}
    assert found.get("image-alt") == "critical" and "label" in found
