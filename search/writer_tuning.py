"""Two speed-ups for whoosh-reloaded 2.7.5's segment writer, applied to each writer we open.

A profile of a full build of the shared corpus put a third of the writer's time in two
places that have nothing to do with our data:

* the posting pool spills sorted runs to temporary files as one pickle *per posting*, and
  reads them back the same way (2.5 million ``pickle.dump`` and ``pickle.load`` calls for
  8,000 articles); runs are written here as pickled lists of postings instead, and
  postings are added without re-checking their types;
* the posting writer looks up each posting's field length in the new segment's length
  column through a file read per posting; the lengths are read here once per field.

Both keep Whoosh's file formats: the run files are private to one writer, and the
segment written is byte-for-byte what Whoosh would write.
"""

from __future__ import annotations

import pickle

from whoosh.writing import PostingPool

from .lengths import BYTE_LENGTHS, length_codes

RUN_CHUNK = 8192
"""Postings per pickle in a spilled run."""
_LENGTH_OF = [None] + [int(length) for length in BYTE_LENGTHS[1:]]


class ChunkedPostingPool(PostingPool):
    """Whoosh's posting pool with runs written and read in chunks."""

    def add(self, item):
        # Whoosh's add, less its type assertions: the postings come from our own encoder.
        # The size estimate is Whoosh's (fixed overheads 150 bytes, text counted twice).
        self.fieldnames.add(item[0])
        self.currentsize += 150 + len(item[0]) + 2 * len(item[1]) + len(item[4] or b"")
        if self.currentsize > self.limit:
            self.save()
        self.current.append(item)

    def _write_run(self, f, items):
        chunk = []
        for item in items:
            chunk.append(item)
            if len(chunk) >= RUN_CHUNK:
                pickle.dump(chunk, f, pickle.HIGHEST_PROTOCOL)
                chunk = []
        if chunk:
            pickle.dump(chunk, f, pickle.HIGHEST_PROTOCOL)
        f.close()

    def _read_run(self, path):
        f = self._open_run(path)
        try:
            while True:
                try:
                    chunk = pickle.load(f)
                except EOFError:
                    return
                yield from chunk
        finally:
            f.close()
            self._remove_run(path)


class _CachedLengths:
    """A segment's per-document reader whose field lengths come from whole-column reads."""

    def __init__(self, perdoc):
        self._perdoc = perdoc
        self._lengths: dict[str, list | None] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default=0):
        if fieldname not in self._lengths:
            self._lengths[fieldname] = self._load(fieldname)
        lengths = self._lengths[fieldname]
        if lengths is None:
            return self._perdoc.doc_field_length(docnum, fieldname, default)
        return lengths[docnum] if docnum < len(lengths) else None

    def _load(self, fieldname: str) -> list | None:
        codes = length_codes(self._perdoc, fieldname, self._perdoc.doc_count_all())
        # Whoosh answers None for a document without a length (code 0).
        return None if codes is None else [_LENGTH_OF[code] for code in codes.tolist()]

    def close(self) -> None:
        self._perdoc.close()

    def __getattr__(self, name):
        return getattr(self._perdoc, name)


def tuned(writer):
    """``writer`` with both speed-ups (left as it is if it is not the writer they fit)."""
    if type(getattr(writer, "pool", None)) is PostingPool:
        writer.pool.__class__ = ChunkedPostingPool
    original = getattr(writer, "per_document_reader", None)
    if original is not None:
        writer.per_document_reader = lambda: _CachedLengths(original())
    return writer
