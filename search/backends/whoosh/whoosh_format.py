"""The one module that knows Whoosh's private names and the whoosh3 on-disk layout.

The engine reads whole posting lists and length columns at once, and writes a segment's
postings a term at a time (see :mod:`search.backends.whoosh.evaluate` and
:mod:`search.backends.whoosh.segment_writer`): both go under Whoosh's public interface, which works
one posting or one document at a time. Everything that depends on how whoosh-reloaded
lays out its files or names its internals is here, so that a new Whoosh release is checked
in one place. If one of these assumptions were wrong, nothing would fail loudly: scores
and index files would silently differ from Whoosh's. Hence the version check at import
(:data:`SUPPORTED_WHOOSH_VERSIONS`) and the canary test over :data:`PRIVATE_NAMES`
(``tests/test_whoosh_format.py``); no other module may touch a Whoosh underscore name (a
test reads their source).

The whoosh3 layout, as whoosh-reloaded 2.7.5 writes and reads it (``codec/whoosh3.py``):

* **Posting list** (one per term, in the segment's ``.pst`` file, at the offset and length
  of the term's info row): the 4-byte header ``WHOOSH3_HEADER_MAGIC``, then blocks of at
  most the codec's block limit (128) postings. A block is [int32 length of what follows,
  negative for the last block][pickled block info ``(postings, last id, max weight,
  compression level, min length code, max length code)``][the block data: a pickled
  ``(ids, weights, values)``, zlib-compressed when the info's compression level is not 0].
  Ids are delta-coded (each less the one before, the first as is); weights are None when
  all are 1.0, one float when all are equal, else one per posting; values are None for a
  format with fixed size 0, the values end to end for other fixed sizes, else a tuple of
  bytes, one per posting.
* **Term info row** (the ``.trm`` hash table): key = the field's number (uint16) + the term's
  bytes; value = ``W3TermInfo``'s struct ``!BfIBBfII`` (inlined flag, total weight, document
  frequency, min and max length codes, max weight, first and last id), then the posting
  list's offset (int64) and length (int32).
* **Position value** of a posting (``Positions`` format): the position count (uint32), then
  the positions, delta-coded, as a pickled list. The original Whoosh pickled with
  ``dumps(deltas, -1)[2:-1]``: it cut the pickle's 2-byte protocol header and its final STOP
  opcode (``.``) to save three bytes per posting, and put the ``.`` back before loading
  (a pickle needs no protocol header, but cannot load without its STOP). whoosh-reloaded
  writes the whole pickle and adds the ``.`` only when the value does not already end with
  one, so it reads both kinds; :func:`position_deltas` does exactly the same, so we read
  what Whoosh reads. (The rule misreads an old cut pickle whose last data byte happens to
  be ``.``, i.e. 46; it does so in Whoosh too, and we write whole pickles.)
* **Field lengths**: per field, a column named ``_<field>_len`` of one byte per document
  (``length_to_byte``; 0 for none), stored end to end in the per-document file.
* **Stored fields**: the ``_stored`` column, a pickle column over a zlib-compressed bytes
  column (``STORED_COLUMN._child``): each document's stored dict, pickled with protocol 2
  and compressed at that column's level.
"""

from __future__ import annotations

import pickle
import zlib
from array import array
from io import BytesIO
from itertools import accumulate, groupby
from typing import Iterable, Iterator, NamedTuple

import numpy as np
import whoosh

from ...errors import WhooshVersionError

SUPPORTED_WHOOSH_VERSIONS = ("2.7.5",)
"""Whoosh releases whose private names and file layout this module was written and tested
against (pyproject.toml pins whoosh-reloaded to one of them)."""


def check_whoosh_version(installed: str) -> None:
    """Raise :class:`WhooshVersionError` unless ``installed`` is a supported Whoosh release."""
    if installed not in SUPPORTED_WHOOSH_VERSIONS:
        wanted = SUPPORTED_WHOOSH_VERSIONS[-1]
        raise WhooshVersionError(
            f"Whoosh {installed} is installed, but this search engine reads and writes the index files of "
            f"whoosh-reloaded {', '.join(SUPPORTED_WHOOSH_VERSIONS)} only: install that version "
            f"(pip install 'whoosh-reloaded=={wanted}')")


# Before anything else is imported from Whoosh: another release may lack those names.
check_whoosh_version(whoosh.versionstring())

from whoosh.codec.whoosh3 import (  # noqa: E402
    LENGTHS_COLUMN,
    STORED_COLUMN,
    WHOOSH3_HEADER_MAGIC,
    W3LeafMatcher,
    W3TermInfo,
    _lenfield,
)
from whoosh.columns import VarBytesColumn  # noqa: E402
from whoosh.matching import WrappingMatcher  # noqa: E402
from whoosh.scoring import BM25F  # noqa: E402
from whoosh.system import _INT_SIZE, pack_int, pack_long, pack_uint, pack_ushort, unpack_int  # noqa: E402
from whoosh.writing import SegmentWriter  # noqa: E402

PRIVATE_NAMES: dict[str, tuple[str, ...]] = {
    "whoosh.system": ("_INT_SIZE",),
    "whoosh.codec.whoosh3": ("_lenfield",),
    "whoosh.codec.whoosh3.STORED_COLUMN": ("_child",),
    "whoosh.codec.whoosh3.STORED_COLUMN._child": ("_level",),
    "whoosh.codec.whoosh3.W3TermInfo": ("_struct",),
    "whoosh.codec.whoosh3.W3Codec": ("_blocklimit", "_compression"),
    "whoosh.codec.whoosh3.W3FieldWriter": ("_codec", "_postfile", "_fieldid", "_tindex"),
    "whoosh.codec.whoosh3.W3PerDocWriter": ("_colwriters",),
    "whoosh.codec.whoosh3.W3PerDocReader": ("_cached_reader",),
    "whoosh.codec.whoosh3.W3LeafMatcher": (
        "_postfile", "_startoffset", "_length",
        # read by whoosh_blocks(), the reference the writer's tests compare against
        "_read_ids", "_read_weights", "_read_values", "_next_block", "_blocklength", "_maxid", "_maxweight",
        "_minlength", "_maxlength", "_ids", "_weights", "_values", "_lastblock",
    ),
    "whoosh.columns.ColumnReader": ("_dbfile", "_basepos"),
    "whoosh.columns.FixedBytesColumn.Reader": ("_count",),
    "whoosh.columns.WrappedColumnWriter": ("_child",),
    "whoosh.reading.SegmentReader": ("_perdoc",),
    "whoosh.writing.SegmentWriter": ("_flush_segment", "_check_state", "_doc_boost", "_field_boost",
                                     "_check_fields", "_added"),
    "whoosh.scoring.BM25F": ("_field_B",),
    "whoosh.index.FileIndex": ("_segments",),
}
"""Every private Whoosh name this module uses, by owner (a module, a class, or an object
reached from a module): the canary test checks each still exists on the installed Whoosh,
on the class or, for attributes set in ``__init__``, on a real instance."""


# Reading


class PostingBlock(NamedTuple):
    """One block of a posting list, as stored: the minified weights and values."""

    ids: np.ndarray
    """Document numbers within the segment (int64), delta coding undone."""
    weights: object
    """None (all 1.0), one float (all equal) or a sequence, one per posting."""
    values: object
    """As the block keeps them (see the module docstring)."""


def leaf_matcher(matcher) -> W3LeafMatcher | None:
    """The whoosh3 on-disk matcher under ``matcher``'s wrappers (deletions are left to the
    caller), or None when the postings are not in a postings file (inlined, or another codec)."""
    while isinstance(matcher, WrappingMatcher):
        matcher = matcher.child
    return matcher if isinstance(matcher, W3LeafMatcher) else None


def posting_blocks(matcher: W3LeafMatcher) -> Iterator[PostingBlock]:
    """A whole posting list from one read of the postings file, block by block: ids and
    weights come out of each block's pickle as arrays, with no Python loop (nor file call)
    per posting."""
    length = matcher._length
    length = length[0] if isinstance(length, tuple) else length  # whoosh-reloaded stores it unpacked
    data = matcher._postfile.get(matcher._startoffset, length)
    stream = BytesIO(data)
    stream.seek(len(WHOOSH3_HEADER_MAGIC))
    while stream.tell() < len(data):
        (size,) = unpack_int(stream.read(_INT_SIZE))
        block_end = stream.tell() + abs(size)
        info = pickle.load(stream)
        raw = data[stream.tell():block_end]
        raw_ids, raw_weights, values = pickle.loads(zlib.decompress(raw) if info[3] else raw)
        yield PostingBlock(np.cumsum(np.asarray(raw_ids, dtype=np.int64)), raw_weights, values)
        stream.seek(block_end)
        if size < 0:
            break


def read_postings(matcher: W3LeafMatcher) -> tuple[np.ndarray, np.ndarray]:
    """Every document number (int32) and weight (float32) of a posting list."""
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    for block in posting_blocks(matcher):
        ids.append(block.ids)
        if block.weights is None:
            weights.append(np.ones(len(block.ids), np.float32))
        elif isinstance(block.weights, float):
            weights.append(np.full(len(block.ids), block.weights, np.float32))
        else:
            weights.append(np.asarray(block.weights, dtype=np.float32))
    if not ids:
        return np.empty(0, np.int32), np.empty(0, np.float32)
    return np.concatenate(ids).astype(np.int32), np.concatenate(weights)


def position_deltas(value: bytes) -> list[int]:
    """The delta-coded positions of one ``Positions`` posting value (see the module docstring
    for the ``.`` put back on pickles cut by the original Whoosh)."""
    return pickle.loads(value[_INT_SIZE:] if value.endswith(b".") else value[_INT_SIZE:] + b".")


def read_positions(matcher: W3LeafMatcher) -> tuple[np.ndarray, np.ndarray]:
    """Every position of a term: ``(document of each position, position)``, both int32."""
    flat: list[int] = []
    counts: list[int] = []
    docs: list[np.ndarray] = []
    for block in posting_blocks(matcher):
        docs.append(block.ids)
        for value in block.values:
            found = position_deltas(value)
            flat.extend(found)
            counts.append(len(found))
    if not flat:
        return np.empty(0, np.int32), np.empty(0, np.int32)
    counts_array = np.asarray(counts)
    deltas_array = np.asarray(flat, dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum(counts_array)[:-1]))
    running = np.cumsum(deltas_array)
    positions = running - np.repeat(running[starts] - deltas_array[starts], counts_array)
    return np.repeat(np.concatenate(docs), counts_array).astype(np.int32), positions.astype(np.int32)


def per_document_reader(reader):
    """A segment reader's whoosh3 per-document reader (lengths, columns), or None for
    readers of other kinds."""
    return getattr(reader, "_perdoc", None)


def length_column_bytes(perdoc, fieldname: str) -> bytes | None:
    """The raw one-byte length codes of every document in ``fieldname``, from a whoosh3
    per-document reader; None when it has no such column or is not a reader of that kind."""
    if not hasattr(perdoc, "_cached_reader"):
        return None
    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None or not hasattr(column, "_dbfile"):
        return None
    return column._dbfile.get(column._basepos, column._count)


def whoosh_blocks(matcher: W3LeafMatcher) -> list[tuple]:
    """Every block of a posting list as Whoosh's own matcher decodes it: ``(postings, last id,
    max weight, min length, max length, ids, weights, values)``. The reference the writer's
    tests compare our layout against (slow: not for searching)."""
    out = []
    while True:
        matcher._read_ids()
        matcher._read_weights()
        matcher._read_values()
        out.append((matcher._blocklength, matcher._maxid, matcher._maxweight, matcher._minlength,
                    matcher._maxlength, list(matcher._ids), list(matcher._weights), list(matcher._values)))
        if matcher._lastblock:
            return out
        matcher._next_block()


def committed_segments(ix) -> list:
    """The segments of an index's latest commit, read from its table of contents."""
    return ix._segments()


def field_b(weighting: BM25F, fieldname: str) -> float:
    """BM25F's ``B`` for one field (a ``<field>_B`` argument, else the general ``B``)."""
    return weighting._field_B.get(fieldname, weighting.B)


# Writing


STORED_LEVEL: int = STORED_COLUMN._child._level
"""zlib level of Whoosh's stored-fields column."""
COMPRESS_FROM = 256
"""Smallest pickled block (bytes) worth compressing (the format's flag 0 marks the others)."""

Term = tuple
"""``(fieldname, term bytes, doc numbers array('I'), weights array('f'), values bytearray,
value sizes array('I'))``: a term's postings in document order, its encoded values end to
end in one buffer."""


def deltas(numbers: list[int]) -> list[int]:
    """Each number less the one before it (the first as it is): how Whoosh stores positions
    within a posting and document numbers within a block."""
    if len(numbers) == 1:
        return numbers
    return [numbers[0]] + [b - a for a, b in zip(numbers, numbers[1:])]


def encode_positions(terms_positions: Iterable[list[int]]) -> list[bytes]:
    """``Positions`` posting values, as Whoosh's ``Positions.encode`` makes them, of each
    term's positions in a document (a list at a time: this runs for every distinct term of
    every article)."""
    dumps = pickle.dumps
    return [pack_uint(len(positions)) + dumps(deltas(positions), 2) for positions in terms_positions]


def encode_frequencies(terms_positions: Iterable[list[int]]) -> list[bytes]:
    """``Frequency`` posting values, as Whoosh's ``Frequency.encode`` makes them."""
    return [pack_uint(len(positions)) for positions in terms_positions]


def add_stored_bytes(perdoc, docnum: int, data: bytes) -> None:
    """File a document's stored fields, already pickled and compressed as
    :data:`STORED_COLUMN` would (Whoosh's column writer would do it again)."""
    VarBytesColumn.Writer.add(perdoc._colwriters["_stored"]._child, docnum, data)


class HookedSegmentWriter(SegmentWriter):
    """Whoosh's segment writer with the private steps a subclass needs under public names,
    and the postings step (``_flush_segment``) handed to :meth:`flush_postings`."""

    def check_open(self) -> None:
        self._check_state()

    def document_boost(self, fields: dict) -> float:
        return self._doc_boost(fields)

    def field_boost(self, fields: dict, fieldname: str, default: float) -> float:
        return self._field_boost(fields, fieldname, default)

    def check_fields(self, schema, fieldnames: list[str]) -> None:
        self._check_fields(schema, fieldnames)

    def mark_added(self) -> None:
        """Say a document was added (the commit then writes a segment)."""
        self._added = True

    def flush_postings(self) -> None:
        """Close the per-document and field writers, writing the segment's postings."""
        raise NotImplementedError

    def _flush_segment(self) -> None:
        self.flush_postings()


def write_postings(fieldwriter, schema, lengths, terms: Iterable[Term], doc_count: int) -> None:
    """Write ordered ``terms`` into a whoosh3 field writer's term table and postings file;
    ``lengths`` is the segment's per-document reader (its length columns give each block's
    and term's min and max length codes)."""
    codec = fieldwriter._codec
    postfile = fieldwriter._postfile
    for fieldname, group in groupby(terms, key=lambda term: term[0]):
        if fieldname not in schema:
            continue
        field = schema[fieldname]
        fieldwriter.start_field(fieldname, field)
        prefix = pack_ushort(fieldwriter._fieldid)
        codes = (length_column_bytes(lengths, fieldname) or b"")[:doc_count].ljust(doc_count, b"\0")
        block = BlockWriter(codec._blocklimit, codec._compression, field.format.fixed_value_size(), codes)
        add_row = fieldwriter._tindex.add
        for _, tbytes, docs, weights, values, sizes in group:
            offset = postfile.tell()
            data, info = block.term(docs, weights, values, sizes)
            postfile.write(data)
            add_row(prefix + tbytes, info + pack_long(offset) + pack_int(len(data)))
        fieldwriter.finish_field()


class BlockWriter:
    """One field's posting lists as bytes in whoosh3's block layout (see the module docstring).

    Two choices differ from Whoosh's writer, both within that format: block data is pickled
    with protocol 5, which stores each position value as plain bytes (protocol 2, Whoosh's,
    stores it as text to re-encode through a function call on load); blocks under
    ``COMPRESS_FROM`` bytes are stored uncompressed, as Whoosh's own comment means to do
    (zlib's set-up cost outweighed anything it saved on the one-posting blocks of rare terms)."""

    def __init__(self, limit: int, compression: int, fixed_size: int | None, codes: bytes):
        self.limit = limit
        self.compression = compression
        self.fixed_size = fixed_size
        self.codes = codes

    def term(self, docs: array, weights: array, values: bytearray, sizes: array) -> tuple[bytes, bytes]:
        """A term's posting list and the start of its info row (without offset and length)."""
        ids, weights = docs.tolist(), weights.tolist()
        values = self._split(bytes(values), sizes)
        codes = self.codes
        out = bytearray(WHOOSH3_HEADER_MAGIC)
        total, max_weight, min_code, max_code = 0.0, 0.0, 256, 0
        count = len(ids)
        for start in range(0, count, self.limit):
            block_ids = ids[start:start + self.limit]
            block_weights = weights[start:start + self.limit]
            block_codes = [codes[d] for d in block_ids]
            block_max = max(block_weights)
            block_min_code = min((c for c in block_codes if c), default=0)
            block_max_code = max(block_codes)
            block_values = self._block_values(values, start, start + len(block_ids))
            data = pickle.dumps((tuple(deltas(block_ids)), _mini_weights(block_weights), block_values), 5)
            comp = self.compression if len(data) >= COMPRESS_FROM else 0
            if comp:
                data = zlib.compress(data, comp)
            info = pickle.dumps((len(block_ids), block_ids[-1], max(block_max, 0), comp,
                                 block_min_code, block_max_code), 2)
            size = len(info) + len(data)
            out += pack_int(-size if start + self.limit >= count else size)
            out += info
            out += data
            total += sum(block_weights)
            max_weight = max(max_weight, block_max)
            if block_min_code:
                min_code = min(min_code, block_min_code)
            max_code = max(max_code, block_max_code)
        info = W3TermInfo._struct.pack(False, total, count, 0 if min_code == 256 else min_code,
                                       max_code, max_weight, ids[0], ids[-1])
        return bytes(out), info

    def _split(self, data: bytes, sizes: array) -> bytes | list[bytes]:
        """Each posting's value; fixed-size values stay end to end, as blocks keep them."""
        if self.fixed_size is not None and self.fixed_size >= 0:
            return data
        ends = list(accumulate(sizes))
        return [data[end - size:end] for end, size in zip(ends, sizes)]

    def _block_values(self, values: bytes | list[bytes], start: int, end: int):
        """Values of postings ``start..end-1`` as Whoosh's block keeps them."""
        size = self.fixed_size
        if size == 0:
            return None
        if size is None or size < 0:
            return tuple(values[start:end])
        return values[start * size:end * size]


def _mini_weights(weights: list[float]):
    first = weights[0]
    if all(w == first for w in weights):
        return None if first == 1.0 else first
    return tuple(weights)
