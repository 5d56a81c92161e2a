"""Duplicate articles in the embedded index (which copy is indexed is decided by
:mod:`search.backends.copies`, the same for every backend).

The copies of each indexed article are kept beside the index in ``duplicates.json``
(written after each sync), so showing them costs a search nothing.
"""

from __future__ import annotations

import json
from array import array
from pathlib import Path

import numpy as np

from .segment_writer import FieldPostings, PostingsBatch
from .store import DUPLICATES_FILE, write_json_atomic


def write_copies(index_dir: Path, generation: int, copies: dict[str, list[str]]) -> None:
    write_json_atomic(Path(index_dir) / DUPLICATES_FILE, {"generation": generation, "copies": copies})


def read_copies(index_dir: Path) -> dict[str, list[str]]:
    """The copies of each indexed article, as the last sync recorded them ({} if none)."""
    try:
        data = json.loads((Path(index_dir) / DUPLICATES_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    copies = data.get("copies") if isinstance(data, dict) else None
    return copies if isinstance(copies, dict) else {}


def drop_documents(batch: PostingsBatch, places: list[int]) -> PostingsBatch:
    """``batch`` without the postings of the documents at ``places`` (copies found once the
    batch was made); the later documents move up to fill their places."""
    dropped = np.array(sorted(set(places)), dtype=np.int64)
    fields: dict[str, FieldPostings] = {}
    for name, (terms, ends, value_ends, docs, weights, values, sizes) in batch.fields.items():
        docs_np = np.frombuffer(docs, dtype=np.uint32).astype(np.int64)
        sizes_np = np.frombuffer(sizes, dtype=np.uint32).astype(np.int64)
        keep = ~np.isin(docs_np, dropped)
        counts = np.diff(np.concatenate(([0], np.frombuffer(ends, dtype=np.uint32).astype(np.int64))))
        term_of = np.repeat(np.arange(len(terms)), counts)
        kept_counts = np.bincount(term_of[keep], minlength=len(terms))
        kept_bytes = np.bincount(term_of[keep], weights=sizes_np[keep], minlength=len(terms)).astype(np.int64)
        live = kept_counts > 0
        if not live.any():
            continue
        new_docs = docs_np[keep] - np.searchsorted(dropped, docs_np[keep])
        byte_keep = np.repeat(keep, sizes_np)
        fields[name] = FieldPostings(
            [term for term, alive in zip(terms, live) if alive],
            _uint_array(np.cumsum(kept_counts[live])),
            _uint_array(np.cumsum(kept_bytes[live])),
            _uint_array(new_docs),
            _float_array(np.frombuffer(weights, dtype=np.float32)[keep]),
            np.frombuffer(values, dtype=np.uint8)[byte_keep].tobytes(),
            _uint_array(sizes_np[keep]),
        )
    return PostingsBatch(batch.count - len(dropped), fields)


def _uint_array(values: np.ndarray) -> array:
    return array("I", values.astype(np.uint32).tobytes())


def _float_array(values: np.ndarray) -> array:
    return array("f", values.astype(np.float32).tobytes())
