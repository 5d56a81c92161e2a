"""Cross-language retrieval on WMT English–French parallel news sentences.

Index one side (one sentence a document), query with the other side, and count how often
the translation ranks first: MRR@10 and recall@10, for EN→FR and FR→EN with translation on
and off, against the monolingual ceiling (the sentence itself as the query), which must not
drop when translation is on (typed words rank above their translations).

    python bench/crosslang.py                        # held-out report: newstest2012, 1,500 sentences
    python bench/crosslang.py --sets newstest2011            # the tuning year
    python bench/crosslang.py --user-lexicon /tmp/wmt-2008-2011.tsv   # plus a list learned by tools/learn_lexicon.py

Sentences go through the real pipeline (reading, language detection, analysis, indexing),
so detection mistakes on short sentences count against the figures, as they would for users.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from search import Engine  # noqa: E402
from search.crosslang import lexicon  # noqa: E402
from search.crosslang.lexicon import default_translator  # noqa: E402

PARALLEL = Path(__file__).resolve().parent.parent.parent / "shared" / "parallel"
SUFFIX = {"en": "eng", "fr": "fra"}
_SYNTAX = re.compile(r'["()*:]|(?<!\w)[-+]|\b(AND|OR|NOT)\b')


def load(name: str, lang: str, n: int) -> list[str]:
    lines = (PARALLEL / f"{name}.{SUFFIX[lang]}").read_text("utf-8").splitlines()
    return [line.strip() for line in lines[:n]]


def as_plain_words(sentence: str) -> str:
    """A sentence typed as a plain query: quotes, brackets and operators are not syntax here."""
    return _SYNTAX.sub(lambda m: m.group(0).lower() if m.group(1) else " ", sentence)[:1000]


USER_LEXICON: Path | None = None


def build_index(sentences: list[str], folder: Path) -> Engine:
    corpus = folder / "corpus"
    corpus.mkdir(parents=True)
    for i, sentence in enumerate(sentences):
        (corpus / f"{i:05d}.json").write_text(json.dumps({"text": sentence}), "utf-8")
    engine = Engine(folder / "index", translator=default_translator(USER_LEXICON), cache_size=0)
    engine.index(corpus)
    return engine


def evaluate(engine: Engine, queries: list[str], translate: bool) -> tuple[float, float, float]:
    """MRR@10, recall@10 and mean query time (ms)."""
    reciprocal, found, spent = 0.0, 0, 0.0
    for i, sentence in enumerate(queries):
        started = time.perf_counter()
        results = engine.search(as_plain_words(sentence), limit=10, translate=translate)
        spent += time.perf_counter() - started
        ranked = [hit.id for hit in results.hits]
        target = f"{i:05d}.json"
        if target in ranked:
            reciprocal += 1 / (ranked.index(target) + 1)
            found += 1
    n = max(1, len(queries))
    return reciprocal / n, found / n, 1000 * spent / n


def tune(engines: dict[str, Engine], sides: dict[str, list[str]]) -> None:
    """Mean of EN→FR and FR→EN MRR@10 for each combination of search.query.build's weights."""
    from itertools import product

    from search.query import build as querybuild

    grid = {"TRANSLATION_WEIGHT": (0.8, 0.95), "FOREIGN_WEIGHT": (0.3, 0.5), "COGNATE_WEIGHT": (0.6, 0.9)}
    for values in product(*grid.values()):
        for name, value in zip(grid, values):
            setattr(querybuild, name, value)
        en_fr = evaluate(engines["fr"], sides["en"], True)[0]
        fr_en = evaluate(engines["en"], sides["fr"], True)[0]
        setting = " ".join(f"{name.split('_')[0].lower()} {value:.2f}" for name, value in zip(grid, values))
        print(f"{setting}: EN→FR {en_fr:.3f} FR→EN {fr_en:.3f} mean {(en_fr + fr_en) / 2:.3f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", nargs="+", default=["newstest2012"], help="parallel sets to use")
    parser.add_argument("--n", type=int, default=1500, help="sentences per set (from the start)")
    parser.add_argument("--tune", action="store_true",
                        help="grid over search.query.build's translation, foreign-word and cognate weights (translation on)")
    parser.add_argument("--user-lexicon", type=Path,
                        help="add this lexicon to the shipped ones (as $SEARCH_LEXICON would)")
    parser.add_argument("--shipped-only", action="store_true",
                        help="only the lexicons the project ships (no FreeDict even where it is installed)")
    args = parser.parse_args()
    if args.shipped_only:
        lexicon.FREEDICT_DIR = Path("/nonexistent")
    global USER_LEXICON
    USER_LEXICON = args.user_lexicon
    if not PARALLEL.is_dir():
        sys.exit(f"parallel sentences not found at {PARALLEL}")

    sides = {lang: [s for name in args.sets for s in load(name, lang, args.n)] for lang in ("en", "fr")}
    print(f"sets: {', '.join(args.sets)}; {len(sides['en'])} sentence pairs; user lexicon {USER_LEXICON}")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        engines = {lang: build_index(sides[lang], Path(tmp) / lang) for lang in ("en", "fr")}
        for lang, engine in engines.items():
            print(f"index {lang}: {engine.stats().languages}")
        if args.tune:
            tune(engines, sides)
            return
        runs = [
            ("FR→FR (monolingual)", "fr", "fr", False),
            ("EN→EN (monolingual)", "en", "en", False),
            ("FR→FR translation on", "fr", "fr", True),
            ("EN→EN translation on", "en", "en", True),
            ("EN→FR translation off", "en", "fr", False),
            ("EN→FR translation on", "en", "fr", True),
            ("FR→EN translation off", "fr", "en", False),
            ("FR→EN translation on", "fr", "en", True),
        ]
        for label, query_lang, doc_lang, translate in runs:
            mrr, recall, ms = evaluate(engines[doc_lang], sides[query_lang], translate)
            rows.append((label, mrr, recall, ms))
            print(f"{label:24s} MRR@10 {mrr:.3f}  recall@10 {recall:.3f}  {ms:6.1f} ms/query", flush=True)
    mrr = {label: value for label, value, _, _ in rows}
    print(f"EN→FR on / FR→FR ceiling: {mrr['EN→FR translation on'] / mrr['FR→FR (monolingual)']:.0%};  "
          f"FR→EN on / EN→EN ceiling: {mrr['FR→EN translation on'] / mrr['EN→EN (monolingual)']:.0%}")


if __name__ == "__main__":
    main()
