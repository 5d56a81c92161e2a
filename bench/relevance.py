"""Relevance on judged queries: P@5 and nDCG@10 per query and on average.

    python bench/relevance.py                          # index ../shared/corpus in a temp dir, run every mode
    python bench/relevance.py --index /tmp/corpus-ix   # reuse (or build) an index there
    python bench/relevance.py --index /tmp/corpus-ix --show d07 --mode on   # a query's top 10, graded

The judged set (``../shared/relevance``: ``queries.tsv`` and ``qrels.json``, see its README) gives each
query as typed (``q``) and the same need typed in the other language (``alt``). Three modes:

- ``on``: ``q`` with translation (what users get);
- ``off``: ``q`` with translation off (only the typed words);
- ``both``: ``q`` and ``alt`` typed together, translation off (a person who writes both languages).

P@5 = judged relevant (grade >= 1) in the top 5 / min(5, relevant judged); nDCG@10 with gain
2^grade - 1 against the ideal order of every judged article. Queries without a relevant article are
left out of the means. ``unj`` counts unjudged articles in the top 10 (scored as not relevant: read
them, never tune to them). ``--condensed`` leaves unjudged articles out of each ranking before
measuring (Sakai's condensed lists), to compare two rankings that bring up different unjudged
articles; the official figures are the plain ones. Identical copies are one article for the engine (one result that lists the
others), so judgments of copies count once, with the best grade of them, in the ranking and in the ideal.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import tempfile
from pathlib import Path

from common import ROOT, SHARED_CORPUS  # also puts the project on sys.path

from search import Engine
from search.crosslang import lexicon
from search.crosslang.lexicon import default_translator
from search.errors import IndexNotFoundError

RELEVANCE = ROOT.parent / "shared" / "relevance"
MODES = ("on", "off", "both")


def load_queries(folder: Path) -> list[dict]:
    with open(folder / "queries.tsv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


CONDENSED_DEPTH = 100
"""How deep a condensed ranking looks for its ten judged articles."""


def ranked_ids(engine: Engine, query: dict, mode: str, k: int = 10, judged: dict[str, int] | None = None) -> list[str]:
    """The ids of the top ``k`` results (of the judged ones only, when ``judged`` is given)."""
    text = f"{query['q']} {query['alt']}" if mode == "both" else query["q"]
    hits = engine.search(text, limit=CONDENSED_DEPTH if judged is not None else k, translate=(mode == "on")).hits
    return [hit.id for hit in hits if judged is None or hit.id in judged][:k]


def as_indexed(engine: Engine, judged: dict[str, int]) -> dict[str, int]:
    """Judgments by the id the engine shows for each article (the indexed one of identical
    copies), the best grade where several copies were judged."""
    found: dict[str, int] = {}
    for doc_id, value in judged.items():
        view = engine.article(doc_id)
        shown = view.id if view is not None else doc_id
        found[shown] = max(value, found.get(shown, value))
    return found


def measures(judged: dict[str, int], ranking: list[str]) -> dict:
    grades = [judged.get(doc_id) for doc_id in ranking]
    relevant = sum(1 for g in judged.values() if g >= 1)
    p5 = sum(1 for g in grades[:5] if g and g >= 1) / min(5, relevant) if relevant else None
    dcg = sum((2 ** (g or 0) - 1) / math.log2(i + 2) for i, g in enumerate(grades[:10]))
    ideal = sorted(judged.values(), reverse=True)[:10]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return {"p5": p5, "ndcg": dcg / idcg if idcg else None, "unjudged": sum(1 for g in grades if g is None)}


def open_engine(index: str | None, corpus: Path, folder: Path) -> Engine:
    """The engine over ``index`` (a folder or a Solr collection URL), built from ``corpus`` when
    there is no index there yet."""
    engine = Engine(index or folder / "index", translator=default_translator(), cache_size=0)
    try:
        engine.check_index()
    except IndexNotFoundError:
        engine.index(corpus)
    return engine


def run(engine: Engine, queries: list[dict], qrels: dict, modes: tuple[str, ...], condensed: bool = False) -> dict:
    table: dict[str, dict[str, dict]] = {}
    for query in queries:
        judged = as_indexed(engine, qrels.get(query["id"], {}))
        table[query["id"]] = {mode: measures(judged, ranked_ids(engine, query, mode, judged=judged if condensed else None))
                              for mode in modes}
    return table


def means(table: dict, mode: str) -> dict:
    rows = [row[mode] for row in table.values() if row[mode]["p5"] is not None]
    return {
        "p5": sum(r["p5"] for r in rows) / len(rows),
        "ndcg": sum(r["ndcg"] for r in rows) / len(rows),
        "unjudged": sum(r["unjudged"] for r in rows) / len(rows),
    }


def print_table(table: dict, queries: list[dict], modes: tuple[str, ...]) -> None:
    head = "".join(f" | {mode:>4} P@5 nDCG unj" for mode in modes)
    print(f"{'id':4} {'query':28}{head}")
    for query in queries:
        row = table[query["id"]]
        cells = []
        for mode in modes:
            m = row[mode]
            p5 = "  -  " if m["p5"] is None else f"{m['p5']:.2f} "
            nd = "  -  " if m["ndcg"] is None else f"{m['ndcg']:.2f} "
            cells.append(f" |      {p5}{nd}{m['unjudged']:>3}")
        print(f"{query['id']:4} {query['q'][:28]:28}{''.join(cells)}")
    cells = []
    for mode in modes:
        m = means(table, mode)
        cells.append(f" |     {m['p5']:.3f} {m['ndcg']:.3f}{m['unjudged']:4.1f}")
    print(f"{'mean':4} {'':28}{''.join(cells)}")


def show(engine: Engine, query: dict, qrels: dict, mode: str) -> None:
    judged = as_indexed(engine, qrels.get(query["id"], {}))
    text = f"{query['q']} {query['alt']}" if mode == "both" else query["q"]
    results = engine.search(text, limit=10, translate=(mode == "on"))
    print(f"{query['id']} [{mode}] {text!r}: {results.total} results; need: {query['need']}")
    if results.expanded:
        print(f"  expanded: {results.expanded}")
    for rank, hit in enumerate(results.hits, 1):
        g = judged.get(hit.id)
        print(f"  {rank:2} {'?' if g is None else g} {hit.score or 0:6.2f} {hit.lang} {hit.id:32} {hit.title[:70]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=SHARED_CORPUS)
    parser.add_argument("--index", help="index folder or Solr collection URL to reuse (built there if absent)")
    parser.add_argument("--relevance", type=Path, default=RELEVANCE, help="folder of queries.tsv and qrels.json")
    parser.add_argument("--mode", choices=MODES, action="append", help="modes to run (default: all)")
    parser.add_argument("--show", help="print one query's top 10 with grades instead of the table")
    parser.add_argument("--json", action="store_true", help="print the table as JSON")
    parser.add_argument("--condensed", action="store_true",
                        help="measure each ranking without its unjudged articles (to compare rankings, not to report)")
    parser.add_argument("--shipped-only", action="store_true",
                        help="only the lexicons the project ships (no FreeDict even where it is installed)")
    args = parser.parse_args()
    if args.shipped_only:
        lexicon.FREEDICT_DIR = Path("/nonexistent")
    modes = tuple(args.mode or MODES)
    queries = load_queries(args.relevance)
    qrels = json.loads((args.relevance / "qrels.json").read_text("utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_engine(args.index, args.corpus, Path(tmp))
        if args.show:
            for query in queries:
                if query["id"] == args.show:
                    for mode in modes:
                        show(engine, query, qrels, mode)
            return
        table = run(engine, queries, qrels, modes, args.condensed)
        if args.json:
            print(json.dumps({"queries": table, "means": {m: means(table, m) for m in modes}}, indent=1))
        else:
            print_table(table, queries, modes)


if __name__ == "__main__":
    main()
