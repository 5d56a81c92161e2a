"""Screenshots of the pages at desktop (1280 px) and phone (390 px) widths, in both
interface languages, for looking at the design:

    python tools/screenshots.py --index /tmp/corpus-ix --corpus ../shared/corpus \\
        --out /tmp/web-shots --query "gilets jaunes" --query "climate change"

Each query's results page and its first result's article page are saved, with the home page.
``--params "from=2019&to=2019"`` adds parameters to each results page (a zoomed timeline).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browser_kit import DESKTOP, MISSING, PHONE, chrome, serving, shoot, wait_for  # noqa: E402


def slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--out", type=Path, default=Path("/tmp/web-shots"))
    parser.add_argument("--query", action="append", required=True)
    parser.add_argument("--prefix", default="")
    parser.add_argument("--params", default="", help="more URL parameters of the results pages (from=2019&to=2019)")
    parser.add_argument("--results-only", action="store_true",
                        help="only the results pages, as the first screen shows them (for docs/)")
    args = parser.parse_args()
    if MISSING:
        raise SystemExit(MISSING)
    with serving(args.index, args.corpus) as base, tempfile.TemporaryDirectory() as profile:
        for ui, accept in (("en", "en-GB,en"), ("fr", "fr-FR,fr")):
            driver = chrome(Path(profile) / ui, accept)
            try:
                for device, size in (("desktop", DESKTOP), ("phone", PHONE)):
                    name = f"{args.prefix}{{}}-{ui}-{device}"
                    driver.set_window_size(*size)
                    if not args.results_only:
                        driver.get(base + "/")
                        wait_for(driver, "main")
                        shoot(driver, args.out, name.format("home"))
                    for query in args.query:
                        driver.set_window_size(*size)
                        driver.get(base + "/search?" + urllib.parse.urlencode({"q": query})
                                   + ("&" + args.params if args.params else ""))
                        first = wait_for(driver, "li.hit h2 a")[0].get_attribute("href")
                        if args.results_only:
                            args.out.mkdir(parents=True, exist_ok=True)
                            driver.save_screenshot(str(args.out / (name.format("results-" + slug(query)) + ".png")))
                            continue
                        shoot(driver, args.out, name.format("results-" + slug(query)))
                        driver.set_window_size(*size)
                        driver.get(first)
                        wait_for(driver, "article")
                        shoot(driver, args.out, name.format("article-" + slug(query)))
            finally:
                driver.quit()
    print(f"screenshots in {args.out}/")


if __name__ == "__main__":
    main()
