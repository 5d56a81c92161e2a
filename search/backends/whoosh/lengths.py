"""Whoosh's field lengths, a whole column at a time.

Whoosh stores each document's length in a field as one byte (``length_to_byte``) in a
column per field, and reads it back one document at a time through a file read. Ranking
every match and writing every posting both need the lengths of many documents, so both
read the column's bytes at once (:func:`search.backends.whoosh.whoosh_format.length_column_bytes`).
"""

from __future__ import annotations

import numpy as np
from whoosh.util.numeric import byte_to_length

from .whoosh_format import length_column_bytes

BYTE_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)
"""The length each byte code stands for (code 0: no length)."""


def length_codes(perdoc, fieldname: str, count: int) -> np.ndarray | None:
    """The one-byte length codes of documents ``0..count-1`` in ``fieldname`` (documents past
    the column's end are 0), from a whoosh3 per-document reader; None when it has no such
    column or is not a reader of that kind (callers then ask Whoosh document by document)."""
    data = length_column_bytes(perdoc, fieldname)
    if data is None:
        return None
    raw = np.frombuffer(data, dtype=np.uint8)[:count]
    codes = np.zeros(count, np.uint8)
    codes[:len(raw)] = raw
    return codes
