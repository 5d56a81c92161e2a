"""The ranking's formulas that every backend shares (the embedded one scores with them in
:mod:`search.backends.whoosh.bm25` and :mod:`search.backends.whoosh.evaluate`)."""

from __future__ import annotations

from math import log

BM25_K1 = 1.2
BM25_B = 0.75
"""BM25's term-frequency saturation and length normalisation (Whoosh's BM25F defaults,
which Lucene's BM25 shares)."""


def bm25_idf(df: int, total: int) -> float:
    """Lucene's BM25 idf: never negative, however common the term."""
    return log(1.0 + (total - df + 0.5) / (df + 0.5))
