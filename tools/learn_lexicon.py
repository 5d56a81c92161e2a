"""Learn a word-pair lexicon from line-aligned translations you own, for use as a user lexicon.

    python tools/learn_lexicon.py --parallel DIR --sets NAME... --out my-lexicon.tsv
    SEARCH_LEXICON=my-lexicon.tsv search serve

Each set is a pair of files ``NAME.eng`` / ``NAME.fra``, one sentence per line, line n of
one the translation of line n of the other. The output is an ordinary
``english<TAB>french<TAB>p(fr|en)<TAB>p(en|fr)`` lexicon (IBM Model 1 both ways, pairs both
directions agree on). The project ships no learned list: the WMT news sets it was once
learned from are licensed for research and evaluation only, so they serve here only to
measure (``bench/crosslang.py --user-lexicon``, never with newstest2012, the held-out year).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from search.crosslang.lexicon_learning import learn, read_parallel  # noqa: E402

PARALLEL = ROOT.parent / "shared" / "parallel"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--parallel", type=Path, default=PARALLEL, help="folder of NAME.eng / NAME.fra files")
    parser.add_argument("--sets", nargs="+", required=True, help="parallel sets to learn from (NAME of NAME.eng)")
    parser.add_argument("--out", type=Path, required=True, help="lexicon file to write")
    args = parser.parse_args()

    pairs = []
    for name in args.sets:
        english = (args.parallel / f"{name}.eng").read_text("utf-8").splitlines()
        french = (args.parallel / f"{name}.fra").read_text("utf-8").splitlines()
        pairs += list(read_parallel(english, french))
    started = time.perf_counter()
    learned = learn(pairs)
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write("# English<TAB>French<TAB>p(French | English)<TAB>p(English | French), learned by\n"
                 "# tools/learn_lexicon.py (IBM Model 1, both directions) from "
                 f"{len(pairs):,} sentence pairs: {', '.join(args.sets)}.\n")
        for pair in learned:
            fh.write(f"{pair.english}\t{pair.french}\t{pair.p_fr_given_en:.3f}\t{pair.p_en_given_fr:.3f}\n")
    print(f"{len(pairs):,} sentence pairs -> {len(learned):,} word pairs in {args.out} "
          f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
