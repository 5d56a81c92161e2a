"""What the browser and server tests share: a real `search serve` on a loopback port, headless
Chromium (in a chosen Accept-Language), waiting for pages and saving screenshots."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
MISSING = None if (CHROMIUM and CHROMEDRIVER) else \
    "headless Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)"
SCREENSHOTS = Path(os.environ["SCREENSHOT_DIR"]) if os.environ.get("SCREENSHOT_DIR") else None
DESKTOP = (1280, 900)
PHONE = (390, 844)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(index: Path, corpus: Path | None = None) -> Iterator[str]:
    """The base URL of `search serve` over ``index``, stopped on exit."""
    port = free_port()
    command = [sys.executable, "-m", "search", "serve", "--index", str(index), "--port", str(port)]
    if corpus is not None:
        command += ["--corpus", str(corpus)]
    with tempfile.TemporaryFile() as output:  # a file, not a pipe: a long run never fills it and blocks
        proc = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
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
            proc.wait(timeout=10)
            output.seek(0)
            pytest.fail("search serve did not start: " + output.read().decode(errors="replace"))
        try:
            yield base
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def chrome(profile: Path, accept_language: str = "en-GB,en"):
    """Headless Chromium whose requests say ``Accept-Language: accept_language``."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--accept-lang={accept_language}", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": accept_language})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_window_size(*DESKTOP)
    return driver


def wait_for(driver, css: str, url_part: str = ""):
    """Elements matching ``css`` once the page whose URL contains ``url_part`` has loaded."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 15).until(
        lambda d: url_part in d.current_url and d.execute_script("return document.readyState") == "complete"
        and d.find_elements(By.CSS_SELECTOR, css))
    return driver.find_elements(By.CSS_SELECTOR, css)


def shoot(driver, folder: Path, name: str) -> Path:
    """A full-page screenshot (in $SCREENSHOT_DIR when set)."""
    folder = SCREENSHOTS or folder
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    width = driver.get_window_size()["width"]
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, max(600, min(height + 140, 4000)))
    driver.save_screenshot(str(path))
    assert path.stat().st_size > 5000
    return path
