"""A document's postings encoded where it is read, for the writer to file as they are.

Encoding a document's postings (counting terms, packing positions) is a third of the
writer's work per article; the reading workers do it instead (see :mod:`search.backends.whoosh.sync`),
and :class:`search.backends.whoosh.segment_writer.TermwiseSegmentWriter` files the result. The
encoding is the one Whoosh's own fields produce, so Whoosh's readers read it unchanged.
Nothing here is pickled into the index (only passed between processes), so it may move.
"""

from __future__ import annotations

from whoosh.fields import TEXT, FieldType
from whoosh.formats import Frequency, Positions

from .whoosh_format import encode_frequencies, encode_positions


class EncodedPostings:
    """One document's postings in one field, as the writer files them: distinct terms (as
    bytes) with their weights and encoded values, and the field's length in that document.

    Made by :func:`encode_postings` in the reading workers and filed by
    :class:`search.backends.whoosh.segment_writer.TermwiseSegmentWriter`; kept in columns so that passing
    them between processes pickles three lists, not a tuple per posting."""

    __slots__ = ("terms", "weights", "values", "length")

    def __init__(self, terms: list[bytes], weights: list[float], values: list[bytes], length: int):
        self.terms = terms
        self.weights = weights
        self.values = values
        self.length = length


def encode_postings(field: FieldType, terms: list[str]) -> EncodedPostings:
    """The postings of a pre-analysed term list in one field (a text field of the schema):
    what Whoosh's field would make of the list (term ``n`` at position ``n``), without its
    token objects."""
    form = field.format
    places: dict[str, list[int]] = {}
    for position, term in enumerate(terms):
        found = places.get(term)
        if found is None:
            places[term] = [position]
        else:
            found.append(position)
    if type(form) is Positions:
        values = encode_positions(places.values())
    elif type(form) is Frequency:
        values = encode_frequencies(places.values())
    else:
        items = list(TEXT.index(field, terms))
        return EncodedPostings([i[0] for i in items], [i[2] for i in items], [i[3] for i in items],
                               sum(i[1] for i in items))
    boost = form.field_boost
    weights = [float(len(spots)) * boost for spots in places.values()]
    return EncodedPostings([term.encode("utf-8") for term in places], weights, values, len(terms))
