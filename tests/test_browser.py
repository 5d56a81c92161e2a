"""The web form in a real headless Chromium against `search serve` on a loopback port."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
if not (CHROMIUM and CHROMEDRIVER):
    pytest.skip("headless Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)",
                allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", "")) if os.environ.get("SCREENSHOT_DIR") else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(seeds_index):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "search", "serve", "--index", str(seeds_index), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("search serve did not start: " + proc.stdout.read().decode(errors="replace"))
    yield base
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={tmp_path_factory.mktemp('chrome-profile')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_window_size(1280, 900)
    yield driver
    driver.quit()


def wait_for(driver, css: str, url_part: str = ""):
    """Elements matching ``css`` once the page whose URL contains ``url_part`` has loaded."""
    WebDriverWait(driver, 15).until(
        lambda d: url_part in d.current_url and d.execute_script("return document.readyState") == "complete"
        and d.find_elements(By.CSS_SELECTOR, css))
    return driver.find_elements(By.CSS_SELECTOR, css)


def shoot(driver, tmp_path: Path, name: str) -> Path:
    folder = SCREENSHOTS or tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    height = driver.execute_script("return document.documentElement.scrollHeight")
    width = driver.get_window_size()["width"]
    driver.set_window_size(width, max(600, min(height + 140, 4000)))
    driver.save_screenshot(str(path))
    assert path.stat().st_size > 5000
    return path


def test_search_filter_open_and_go_back(server, browser, tmp_path):
    browser.set_window_size(1280, 900)
    browser.get(server + "/")
    box = browser.find_element(By.ID, "q")
    assert browser.switch_to.active_element == box  # autofocus
    box.send_keys("demining", Keys.ENTER)
    marks = wait_for(browser, ".snippet mark", "/search?q=demining")
    assert marks and {m.text.lower() for m in marks} >= {"demining", "déminage"}
    assert len(browser.find_elements(By.CSS_SELECTOR, "li.hit")) == 5
    assert browser.find_element(By.ID, "q").get_attribute("value") == "demining"
    shoot(browser, tmp_path, "results-desktop")

    browser.find_element(By.PARTIAL_LINK_TEXT, "Français").click()
    hits = wait_for(browser, "li.hit", "lang=fr")
    assert len(hits) == 1 and hits[0].find_element(By.CSS_SELECTOR, ".badge").text == "FR"

    hits[0].find_element(By.CSS_SELECTOR, "h2 a").click()
    marks = wait_for(browser, ".body mark", "/article/003_a636edbbe810d867.txt")
    assert "déminage" in [m.text for m in marks]
    shoot(browser, tmp_path, "article-desktop")

    browser.back()
    assert len(wait_for(browser, "li.hit", "lang=fr")) == 1


def test_phone_width_has_no_horizontal_scroll(server, browser, tmp_path):
    browser.set_window_size(390, 844)
    browser.get(server + "/search?q=demining")
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
    shoot(browser, tmp_path, "results-phone")
    browser.get(server + "/article/001_26554f6b1925bc7b.txt?q=prisoners")
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
    shoot(browser, tmp_path, "article-phone")


def test_keyboard_only_search(server, browser):
    browser.set_window_size(1280, 900)
    browser.get(server + "/")
    # Autofocus lands once the page is ready: type only then, as a person would.
    WebDriverWait(browser, 15).until(lambda d: d.switch_to.active_element.get_attribute("id") == "q")
    browser.switch_to.active_element.send_keys("Chesnel", Keys.ENTER)
    first = wait_for(browser, "li.hit h2 a", "q=Chesnel")[0]
    assert "Commission nationale" in first.text
