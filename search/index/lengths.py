"""Whoosh's field lengths, a whole column at a time.

Whoosh stores each document's length in a field as one byte (``length_to_byte``) in a
column per field, and reads it back one document at a time through a file read. Ranking
every match and writing every posting both need the lengths of many documents, so both
read the column's bytes at once here.
"""

from __future__ import annotations

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length

BYTE_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)
"""The length each byte code stands for (code 0: no length)."""


def length_codes(perdoc, fieldname: str, count: int) -> np.ndarray | None:
    """The one-byte length codes of documents ``0..count-1`` in ``fieldname`` (documents past
    the column's end are 0), from a whoosh3 per-document reader; None when it has no such
    column or is not a reader of that kind (callers then ask Whoosh document by document)."""
    if not hasattr(perdoc, "_cached_reader"):
        return None
    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None or not hasattr(column, "_dbfile"):
        return None
    raw = np.frombuffer(column._dbfile.get(column._basepos, column._count), dtype=np.uint8)[:count]
    codes = np.zeros(count, np.uint8)
    codes[:len(raw)] = raw
    return codes
