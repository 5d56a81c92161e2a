"""Write the learned news lexicon (``search/data/learned-wmt-news.tsv``) from parallel text.

    python tools/learn_lexicon.py                       # WMT newstest 2008–2011, as shipped
    python tools/learn_lexicon.py --sets newstest2009 --out /tmp/lexicon.tsv

newstest2012 is left out on purpose: it is the held-out year of ``bench/crosslang.py``.
The output is an ordinary ``english<TAB>french`` lexicon, so a lexicon learned from other
parallel text can also be handed to the engine as a user lexicon ($SEARCH_LEXICON).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from search.lexicon import LEARNED  # noqa: E402
from search.lexicon_learning import learn, read_parallel  # noqa: E402

PARALLEL = ROOT.parent / "shared" / "parallel"
TRAINING_SETS = ["news-test2008", "newstest2009", "newstest2010", "newstest2011"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--parallel", type=Path, default=PARALLEL, help="folder of NAME.eng / NAME.fra files")
    parser.add_argument("--sets", nargs="+", default=TRAINING_SETS, help="parallel sets to learn from")
    parser.add_argument("--out", type=Path, default=LEARNED, help="lexicon file to write")
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
                 f"{len(pairs):,} WMT news sentence pairs: {', '.join(args.sets)}.\n")
        for pair in learned:
            fh.write(f"{pair.english}\t{pair.french}\t{pair.p_fr_given_en:.3f}\t{pair.p_en_given_fr:.3f}\n")
    print(f"{len(pairs):,} sentence pairs -> {len(learned):,} word pairs in {args.out} "
          f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
