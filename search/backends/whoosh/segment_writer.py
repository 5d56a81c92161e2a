"""Whoosh segments whose postings are filed a whole term at a time.

Whoosh's ``SegmentWriter`` sends every posting through a pool of 5-tuples: each one is
added, sorted, spilled to disk, merged back and handed to the postings writer in a call
of its own. On the shared corpus that is 2.5 million postings and most of the writer
process's time, and the writer is the one part of indexing that runs on a single core.
Here the reading workers analyse and encode each document's postings
(:class:`~search.backends.whoosh.postings.EncodedPostings`) and group a whole batch of documents' postings
by term (:class:`PostingsBatch`); the writer's pool appends each term's postings for the
batch in one step, and the postings file is written term by term, a block per step.

The files are Whoosh's own format (whoosh3 codec), read by Whoosh's unchanged readers;
the layout itself (blocks, term rows, stored bytes) and the writer's private steps are in
:mod:`search.backends.whoosh.whoosh_format`, with the two choices that differ from Whoosh's writer.
"""

from __future__ import annotations

import heapq
import pickle
import zlib
from array import array
from itertools import groupby
from typing import Iterable, Iterator, NamedTuple

from whoosh.util import random_name

from ..crashpoints import pause_point
from .postings import EncodedPostings
from .whoosh_format import STORED_LEVEL, HookedSegmentWriter, add_stored_bytes, write_postings

RUN_TERMS = 4096
"""Terms per pickle in a spilled run."""
_POSTING_BYTES = 14
"""Rough memory of one pooled posting besides its value bytes (three array items)."""
_TERM_BYTES = 480
"""Rough memory of one pooled term's own entry (key, tuple, three arrays, a byte buffer)."""


class _Term(NamedTuple):
    """A term's postings in document order, its encoded values end to end in one buffer (a
    bytes object each would take three times the memory)."""

    fieldname: str
    tbytes: bytes
    docs: array
    """Document numbers, array('I')."""
    weights: array
    """array('f')."""
    values: bytearray
    sizes: array
    """Each value's size in ``values``, array('I')."""


class FieldPostings(NamedTuple):
    """One field's postings in a :class:`PostingsBatch`, in columns: the terms; where each
    term's postings end (cumulative); where its values end in ``values`` (cumulative); then
    all postings end to end: the document (its place in the batch), the weight, the value
    bytes and each value's size."""

    terms: list[bytes]
    ends: array
    value_ends: array
    places: array
    weights: array
    values: bytes
    sizes: array




class StoredFields:
    """A document's stored fields, already pickled and compressed as Whoosh's stored-fields
    column keeps them, so that the single writer process only copies the bytes."""

    __slots__ = ("data",)

    def __init__(self, data: bytes):
        self.data = data

    def __getstate__(self):
        return self.data

    def __setstate__(self, data):
        self.data = data


def pack_stored(schema, fields: dict) -> dict:
    """``fields`` with their stored values packed into one ``_stored`` :class:`StoredFields`
    (done where documents are prepared, on the other cores); fields only stored, not
    indexed, are dropped from the dict."""
    names = sorted(name for name in fields if not name.startswith("_"))
    stored = {name: fields[name] for name in names if schema[name].stored and fields[name] is not None}
    packed = {name: fields[name] for name in names if schema[name].indexed or schema[name].column_type}
    if stored:
        packed["_stored"] = StoredFields(zlib.compress(pickle.dumps(stored, 2), STORED_LEVEL))
    return packed


class PostingsBatch:
    """Several documents' pre-encoded postings, grouped by field and term where they were
    made (in a reading worker), so the writer files a term's postings from a whole batch
    of documents in one step instead of one posting at a time.

    Per field, a :class:`FieldPostings`."""

    __slots__ = ("count", "fields")

    def __init__(self, count: int, fields: dict[str, FieldPostings]):
        self.count = count
        self.fields = fields

    def __getstate__(self):
        return self.count, self.fields

    def __setstate__(self, state):
        self.count, self.fields = state

    @classmethod
    def gather(cls, documents: list[dict]) -> "PostingsBatch":
        """Take the :class:`EncodedPostings` out of ``documents`` (each keeps only its length,
        which the writer stores per document) and group them by field and term."""
        grouped: dict[str, dict[bytes, tuple]] = {}
        for place, fields in enumerate(documents):
            if any(name.startswith("_") and name.endswith("boost") for name in fields):
                raise ValueError("document and field boosts are not supported in a batch")
            for name, value in fields.items():
                if not isinstance(value, EncodedPostings) or not value.terms:
                    continue
                _file(grouped.setdefault(name, {}), place, value.terms, value.weights, value.values)
                fields[name] = EncodedPostings([], [], [], value.length)
        return cls(len(documents), {name: _columns(terms) for name, terms in grouped.items()})


def _file(terms: dict[bytes, tuple], doc: int, names: Iterable[bytes], weights: Iterable[float],
          values: Iterable[bytes]) -> None:
    """Append one document's postings to the entries of ``terms``: (documents, weights, value
    bytes end to end, value sizes) per term."""
    for tbytes, weight, vbytes in zip(names, weights, values):
        entry = terms.get(tbytes)
        if entry is None:
            entry = terms[tbytes] = (array("I"), array("f"), bytearray(), array("I"))
        entry[0].append(doc)
        entry[1].append(weight)
        entry[2].extend(vbytes)
        entry[3].append(len(vbytes))


def _columns(terms: dict[bytes, tuple]) -> FieldPostings:
    ends, value_ends = array("I"), array("I")
    docs, weights, values, sizes = array("I"), array("f"), bytearray(), array("I")
    for entry in terms.values():
        docs.extend(entry[0])
        weights.extend(entry[1])
        values.extend(entry[2])
        sizes.extend(entry[3])
        ends.append(len(docs))
        value_ends.append(len(values))
    return FieldPostings(list(terms), ends, value_ends, docs, weights, bytes(values), sizes)


class TermPool:
    """Postings grouped by field and term in the order documents are added.

    Documents get increasing numbers, so each term's postings stay in document order
    without sorting. Past ``limitmb`` the pool writes its terms, sorted, to a run file in
    the writer's temporary storage; runs are merged term by term at the end."""

    def __init__(self, tempstorage, limitmb: float):
        self._temp = tempstorage
        self._limit = limitmb * 1024 * 1024
        self._size = 0
        self._fields: dict[str, dict[bytes, tuple]] = {}
        self._runs: list[str] = []
        self.fieldnames: set[str] = set()

    def add_encoded(self, fieldname: str, docnum: int, postings: EncodedPostings, boost: float = 1.0) -> None:
        """File one document's pre-encoded postings in one field."""
        terms = self._terms_of(fieldname)
        new = len(terms)
        weights = postings.weights if boost == 1.0 else [w * boost for w in postings.weights]
        _file(terms, docnum, postings.terms, weights, postings.values)
        value_bytes = sum(map(len, postings.values))
        self._grow(_POSTING_BYTES * len(postings.terms) + value_bytes + _TERM_BYTES * (len(terms) - new))

    def add_batch(self, batch: PostingsBatch, first_docnum: int) -> None:
        """File a batch's postings; its documents were added as ``first_docnum`` onwards."""
        for fieldname, (names, ends, value_ends, places, weights, values, sizes) in batch.fields.items():
            terms = self._terms_of(fieldname)
            new = len(terms)
            docs = array("I", [first_docnum + place for place in places])
            values = memoryview(values)
            start = value_start = 0
            for tbytes, end, value_end in zip(names, ends, value_ends):
                entry = terms.get(tbytes)
                if entry is None:
                    terms[tbytes] = (docs[start:end], weights[start:end], bytearray(values[value_start:value_end]),
                                     sizes[start:end])
                else:
                    entry[0].extend(docs[start:end])
                    entry[1].extend(weights[start:end])
                    entry[2].extend(values[value_start:value_end])
                    entry[3].extend(sizes[start:end])
                start, value_start = end, value_end
            self._grow(_POSTING_BYTES * len(docs) + len(values) + _TERM_BYTES * (len(terms) - new))

    def add(self, item: tuple) -> None:
        """Whoosh's pool interface, one posting ``(field, term, docnum, weight, value)``; the
        writer uses it when it merges small segments into the new one."""
        fieldname, tbytes, docnum, weight, vbytes = item
        vbytes = vbytes or b""
        terms = self._terms_of(fieldname)
        new = len(terms)
        _file(terms, docnum, (tbytes,), (weight,), (vbytes,))
        self._grow(_POSTING_BYTES + len(vbytes) + _TERM_BYTES * (len(terms) - new))

    def terms(self) -> Iterator[_Term]:
        """Every term's postings, ordered by field and term, each in document order."""
        streams = [self._read_run(name) for name in self._runs] + [self._sorted_terms()]
        merged = heapq.merge(*streams, key=lambda term: (term.fieldname, term.tbytes))
        for (fieldname, tbytes), parts in groupby(merged, key=lambda term: (term.fieldname, term.tbytes)):
            first = next(parts)
            rest = list(parts)
            if not rest:
                yield first
                continue
            whole = first[2:]
            for part in rest:
                for gathered, more in zip(whole, part[2:]):
                    gathered.extend(more)
            yield _Term(fieldname, tbytes, *whole)

    def cleanup(self) -> None:
        for name in self._runs:
            if self._temp.file_exists(name):
                self._temp.delete_file(name)
        self._runs = []
        self._fields = {}

    def _terms_of(self, fieldname: str) -> dict:
        terms = self._fields.get(fieldname)
        if terms is None:
            terms = self._fields[fieldname] = {}
            self.fieldnames.add(fieldname)
        return terms

    def _grow(self, size: int) -> None:
        self._size += size
        if self._size > self._limit:
            self._spill()

    def _sorted_terms(self) -> Iterator[_Term]:
        fields, self._fields = self._fields, {}
        for fieldname in sorted(fields):
            terms = fields.pop(fieldname)
            for tbytes in sorted(terms):
                yield _Term(fieldname, tbytes, *terms.pop(tbytes))

    def _spill(self) -> None:
        name = f"{random_name()}.terms"
        with self._temp.create_file(name).raw_file() as f:
            chunk: list[_Term] = []
            for term in self._sorted_terms():
                chunk.append(term)
                if len(chunk) >= RUN_TERMS:
                    pickle.dump(chunk, f, pickle.HIGHEST_PROTOCOL)
                    chunk = []
            if chunk:
                pickle.dump(chunk, f, pickle.HIGHEST_PROTOCOL)
        self._runs.append(name)
        self._size = 0

    def _read_run(self, name: str) -> Iterator[_Term]:
        with self._temp.open_file(name).raw_file() as f:
            while True:
                try:
                    chunk = pickle.load(f)
                except EOFError:
                    break
                yield from chunk
        self._temp.delete_file(name)


class TermwiseSegmentWriter(HookedSegmentWriter):
    """Whoosh's segment writer with :class:`TermPool` and a term-at-a-time postings writer.

    Everything else (stored fields, lengths, columns, deletions, merging of small
    segments, the commit) is Whoosh's own."""

    def __init__(self, ix, limitmb: float = 128, **kwargs):
        super().__init__(ix, limitmb=limitmb, **kwargs)
        unsupported = [name for name, field in self.schema.items() if field.vector or field.separate_spelling()]
        if unsupported:
            self.cancel()
            raise ValueError(f"term vectors and spelling fields are not supported: {', '.join(unsupported)}")
        self.pool = TermPool(self.temp_storage(), limitmb)

    def add_document(self, **fields) -> None:
        """Whoosh's ``add_document`` for the field kinds our schema has; a field's value may be
        :class:`EncodedPostings` (filed as they are) or text (analysed by the field), and
        ``_stored`` may give every stored value at once (see :func:`pack_stored`)."""
        self.check_open()
        packed = fields.get("_stored")
        schema, perdoc, pool, docnum = self.schema, self.perdocwriter, self.pool, self.docnum
        docboost = self.document_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self.check_fields(schema, fieldnames)
        perdoc.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields[fieldname]
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    boost = self.field_boost(fields, fieldname, docboost)
                    if isinstance(value, EncodedPostings):
                        pool.add_encoded(fieldname, docnum, value, boost)
                        length = value.length if field.scorable else 0
                    else:
                        for tbytes, freq, weight, vbytes in field.index(value):
                            pool.add((fieldname, tbytes, docnum, weight * boost, vbytes))
                            if field.scorable:
                                length += freq
                stored = None if isinstance(value, EncodedPostings) else value
                perdoc.add_field(fieldname, field, stored if field.stored and packed is None else None, length)
                if field.column_type and stored is not None:
                    perdoc.add_column_value(fieldname, field.column_type, field.to_column_value(stored))
            if packed is not None:
                # Whoosh's column writer would pickle and compress; the bytes are ready.
                add_stored_bytes(perdoc, docnum, packed.data)
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self.mark_added()
        self.docnum += 1

    def add_batch(self, batch: PostingsBatch, first_docnum: int) -> None:
        """File the postings of the batch's documents, added (in order) as ``first_docnum``
        onwards with their :class:`EncodedPostings` emptied by :meth:`PostingsBatch.gather`."""
        if self.docnum - first_docnum != batch.count:
            raise ValueError(f"batch of {batch.count} documents, but {self.docnum - first_docnum} were added")
        self.pool.add_batch(batch, first_docnum)

    def flush_postings(self) -> None:
        self.perdocwriter.close()
        lengths = self.per_document_reader()
        try:
            write_postings(self.fieldwriter, self.schema, lengths, self.pool.terms(), self.docnum)
        finally:
            lengths.close()
        self.fieldwriter.close()
        pause_point("commit")  # the segment's files written, not yet named by a table of contents
