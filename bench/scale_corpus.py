"""Make a larger, SYNTHETIC corpus from ../shared/corpus by recombining real paragraphs.

    python bench/scale_corpus.py --factor 30 --out /tmp/corpus-30x

Copy 0 is the real corpus; each further copy holds one new article per real one, whose
body is paragraphs drawn (seeded) from random articles of the same language, under the
real article's title and date. Word statistics stay those of real news; the stories do
not. Say "synthetic" wherever figures measured on it are shown.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from pathlib import Path

from common import SHARED_CORPUS


def paragraphs(text: str) -> list[str]:
    parts = [p.strip() for p in text.split("\n\n") if len(p.strip()) > 60]
    if len(parts) <= 1:  # bodies without blank lines: cut every few sentences
        sentences = [s.strip() for s in text.replace("\n", " ").split(". ") if s.strip()]
        parts = [". ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)]
    return parts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, default=SHARED_CORPUS)
    parser.add_argument("--factor", type=int, default=10)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    english = sorted((args.source / "en").rglob("*.txt"))
    french = sorted((args.source / "fr").rglob("*.json"))
    pool: dict[str, list[str]] = {"en": [], "fr": []}
    meta: dict[str, list[tuple[str, str]]] = {"en": [], "fr": []}
    for path in english:
        text = path.read_bytes().decode("utf-8", errors="replace")
        title, _, body = text.partition("\n")
        pool["en"] += paragraphs(body)
        meta["en"].append((title.strip(), ""))
    for path in french:
        obj = json.loads(path.read_text("utf-8"))
        pool["fr"] += paragraphs(obj.get("article", ""))
        meta["fr"].append((obj.get("title", ""), obj.get("date", "")))
    if args.out.exists():
        shutil.rmtree(args.out)
    shutil.copytree(args.source, args.out / "copy-00")
    written = len(english) + len(french)
    for copy in range(1, args.factor):
        folder = args.out / f"copy-{copy:02d}"
        (folder / "en").mkdir(parents=True)
        (folder / "fr").mkdir(parents=True)
        for n, (title, _) in enumerate(meta["en"]):
            body = "\n\n".join(rng.sample(pool["en"], k=6))
            (folder / "en" / f"{n:05d}.txt").write_text(f"{title}\n\n{body}\n", "utf-8")
        for n, (title, date) in enumerate(meta["fr"]):
            body = "\n\n".join(rng.sample(pool["fr"], k=5))
            record = {"title": title, "date": date, "article": body}
            (folder / "fr" / f"{n:05d}.json").write_text(json.dumps(record, ensure_ascii=False), "utf-8")
        written += len(meta["en"]) + len(meta["fr"])
    print(f"{written} articles ({args.factor}x, synthetic beyond copy 0) in {args.out}")


if __name__ == "__main__":
    main()
