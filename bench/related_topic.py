"""Related articles in the other language: how often the first three are on topic.

    python bench/related_topic.py --index /tmp/rel-ix            # judged rates: recorded lists and today's
    python bench/related_topic.py --index /tmp/rel-ix --show     # each article with its three, to read
    python bench/related_topic.py --index /tmp/rel-ix --record after   # keep today's lists under a name

The sample (``related_sample.json``) is 15 English (BBC 2004-05) and 15 French (Orange Actu 2016-20)
articles of ../shared/corpus: each language's ids in sorted order, shuffled with seed 22, walked in
that order, keeping those whose related list held at least one article in the other language (so
that the other language has something on the subject at all), with the code of commit aa2f4d3 (17
English and 21 French articles walked). It is kept in a file so that every measure reads the same
30 articles; ``--draw`` draws it again with today's code.

For each article the script takes the first three related articles in the other language, as
:meth:`search.Engine.article` shows them (the counterpart apart), writes them with their openings
to ``--out`` (JSON) to be judged, and counts them against ``related_judgments.json``: pairs judged
by reading both articles (on topic = the same story or clearly the same subject: same event, same
people or organisation, same specific issue; off topic = shared words, a shared country or a broad
field only). Pairs not judged yet are listed: judge them the same way before quoting a figure.

Two rates: on-topic shown / judged shown (what a reader meets), and on-topic shown / 90 (three
slots per article, an empty slot counted as a miss). ``related_lists.json`` keeps earlier lists
(``before``: the code of commit aa2f4d3) so that they are scored beside today's.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import tempfile
from pathlib import Path

from common import ROOT, SHARED_CORPUS  # also puts the project on sys.path
from relevance import open_engine

from search import Engine

BENCH = ROOT / "bench"
SAMPLE = BENCH / "related_sample.json"
JUDGMENTS = BENCH / "related_judgments.json"
LISTS = BENCH / "related_lists.json"
SEED = 22
PER_LANGUAGE = 15
SHOWN = 3
OPENING_CHARS = 300


def other_language(engine: Engine, doc_id: str) -> list[str]:
    """The first :data:`SHOWN` related articles in the other language, as the article page lists them."""
    article = engine.article(doc_id)
    return [item["id"] for item in article.related if item["lang"] != article.lang][:SHOWN]


def draw(engine: Engine) -> list[str]:
    """The sample: see the module's docstring."""
    with engine.backend.reading() as view:
        headlines = view.headlines(view.doc_count())
    rng = random.Random(SEED)
    chosen: list[str] = []
    for lang in ("en", "fr"):
        order = sorted(doc["id"] for doc in headlines if doc["lang"] == lang)
        rng.shuffle(order)
        kept = walked = 0
        for doc_id in order:
            if kept == PER_LANGUAGE:
                break
            walked += 1
            if other_language(engine, doc_id):
                chosen.append(doc_id)
                kept += 1
        print(f"{lang}: {kept} kept of the first {walked} drawn (the others had no related article in the other language)")
    return chosen


def opening(engine: Engine, doc_id: str) -> str:
    """The article's first :data:`OPENING_CHARS` characters (no query: nothing is marked)."""
    return html.unescape(" ".join(engine.article(doc_id).paragraphs_html[:3]))[:OPENING_CHARS]


def score(found: dict[str, list[str]], judged: dict[tuple[str, str], int]) -> dict:
    shown = [(article, other) for article, others in found.items() for other in others]
    known = [judged[pair] for pair in shown if pair in judged]
    on = sum(known)
    return {"articles": len(found), "shown": len(shown), "judged": len(known), "on_topic": on,
            "fewer": sum(1 for others in found.values() if len(others) < SHOWN),
            "none": sum(1 for others in found.values() if not others),
            "rate": on / len(known) if known else None,
            "slots": on / (SHOWN * len(found)) if found else None,
            "unjudged": [pair for pair in shown if pair not in judged]}


def load_judgments() -> dict[tuple[str, str], int]:
    rows = json.loads(JUDGMENTS.read_text("utf-8"))["pairs"] if JUDGMENTS.exists() else []
    return {(row["article"], row["related"]): int(row["on_topic"]) for row in rows}


def report(name: str, figures: dict) -> None:
    rate = "-" if figures["rate"] is None else f"{figures['rate']:.2f}"
    print(f"{name:8} on topic {figures['on_topic']} of {figures['judged']} judged ({figures['shown']} shown): "
          f"rate {rate}; counting empty slots {figures['on_topic']}/{SHOWN * figures['articles']} = "
          f"{figures['slots']:.2f}; fewer than {SHOWN}: {figures['fewer']} of {figures['articles']} articles, "
          f"none: {figures['none']}")
    for article, other in figures["unjudged"]:
        print(f"         not judged yet: {article} -> {other}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=SHARED_CORPUS)
    parser.add_argument("--index", help="index folder or Solr collection URL to reuse (built there if absent)")
    parser.add_argument("--out", type=Path,
                        help="write today's lists there with the articles' openings (JSON), to be judged")
    parser.add_argument("--record", metavar="NAME", help=f"keep today's lists in {LISTS.name} under NAME")
    parser.add_argument("--draw", action="store_true", help=f"draw the sample again with today's code ({SAMPLE.name})")
    parser.add_argument("--show", action="store_true", help="print each article and its three with their openings")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_engine(args.index, args.corpus, Path(tmp))
        if args.draw:
            SAMPLE.write_text(json.dumps(draw(engine), indent=1) + "\n", "utf-8")
        sample = json.loads(SAMPLE.read_text("utf-8"))
        judged = load_judgments()
        recorded = json.loads(LISTS.read_text("utf-8")) if LISTS.exists() else {}
        today = {doc_id: other_language(engine, doc_id) for doc_id in sample}
        for name, found in recorded.items():
            report(name, score({doc_id: found.get(doc_id, []) for doc_id in sample}, judged))
        report("today", score(today, judged))
        if args.record:
            recorded[args.record] = today
            LISTS.write_text(json.dumps(recorded, indent=1) + "\n", "utf-8")
        rows = []
        for doc_id in sample:
            article = engine.article(doc_id)
            related = [{"id": other, "title": engine.article(other).title, "opening": opening(engine, other),
                        "on_topic": judged.get((doc_id, other))} for other in today[doc_id]]
            rows.append({"id": doc_id, "title": article.title, "opening": opening(engine, doc_id), "related": related})
            if args.show:
                print(f"\n## {doc_id}: {article.title}\n   {rows[-1]['opening']}")
                for other in related:
                    mark = {None: "?", 1: "+", 0: "-"}[other["on_topic"]]
                    print(f"   {mark} {other['id']}: {other['title']}\n       {other['opening'][:200]}")
        if args.out is not None:
            args.out.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
