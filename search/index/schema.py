"""The Whoosh schema: the only place the index's fields are listed.

Every article's text goes into the fields of its own language (``title_en``/``body_en``,
``title_fr``/``body_fr``, or the neutral ``title_xx``/``body_xx``), each analysed by that
language's rules; a query is analysed once per language and run against all of them.

Whoosh pickles the schema into the index, with this module's path for :class:`EncodedText`:
moving or renaming it means a reindex (bump ``ANALYSIS_VERSION``).
"""

from __future__ import annotations

import pickle

from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.formats import Frequency, Positions
from whoosh.system import pack_uint

from ..analysis.analyzers import LANGUAGES, NEUTRAL, analyzer_for, cognate_analyzer

FIELD_LANGUAGES = (*LANGUAGES, NEUTRAL)
"""Languages with their own text fields; every detected language maps onto one of these."""

TITLE_BOOST = 2.0
COGNATE_FIELD = "cognates"


def field_language(lang: str | None) -> str:
    """Which language's fields hold an article detected as ``lang``."""
    return lang if lang in LANGUAGES else NEUTRAL


def title_field(lang: str) -> str:
    return f"title_{lang}"


def body_field(lang: str) -> str:
    return f"body_{lang}"


class EncodedPostings:
    """One document's postings in one field, as the writer files them: distinct terms (as
    bytes) with their weights and encoded values, and the field's length in that document.

    Made by :func:`encode_postings` in the reading workers and filed by
    :class:`search.index.segment_writer.TermwiseSegmentWriter`; kept in columns so that passing
    them between processes pickles three lists, not a tuple per posting."""

    __slots__ = ("terms", "weights", "values", "length")

    def __init__(self, terms: list[bytes], weights: list[float], values: list[bytes], length: int):
        self.terms = terms
        self.weights = weights
        self.values = values
        self.length = length


class EncodedText(TEXT):
    """A text field whose documents arrive as :class:`EncodedPostings`.

    Encoding a document's postings (counting terms, packing positions) is a third of the
    writer's work per article; the reading workers do it instead, on the other core, and
    the single writer process only files the postings. Plain text is analysed as by
    ``TEXT``."""

    def index(self, value, **kwargs):
        if isinstance(value, EncodedPostings):
            raise TypeError("pre-encoded postings are filed by search.index.segment_writer's writer only")
        return super().index(value, **kwargs)


_SCHEMA: Schema | None = None


def shared_schema() -> Schema:
    """The schema of new indexes, built once per process (the workers prepare documents for it)."""
    global _SCHEMA
    if _SCHEMA is None:
        _SCHEMA = build_schema()
    return _SCHEMA


def encode_postings(fieldname: str, terms: list[str]) -> EncodedPostings:
    """The postings of a pre-analysed term list in one field: what Whoosh's field would make
    of the list (term ``n`` at position ``n``), without its token objects."""
    field = shared_schema()[fieldname]
    form = field.format
    places: dict[str, list[int]] = {}
    for position, term in enumerate(terms):
        found = places.get(term)
        if found is None:
            places[term] = [position]
        else:
            found.append(position)
    if type(form) is Positions:
        values = [pack_uint(len(spots)) + pickle.dumps(deltas(spots), 2) for spots in places.values()]
    elif type(form) is Frequency:
        values = [pack_uint(len(spots)) for spots in places.values()]
    else:
        items = list(TEXT.index(field, terms))
        return EncodedPostings([i[0] for i in items], [i[2] for i in items], [i[3] for i in items],
                               sum(i[1] for i in items))
    boost = form.field_boost
    weights = [float(len(spots)) * boost for spots in places.values()]
    return EncodedPostings([term.encode("utf-8") for term in places], weights, values, len(terms))


def deltas(numbers: list[int]) -> list[int]:
    """Each number less the one before it (the first as it is): how Whoosh stores positions
    within a posting and document numbers within a block."""
    if len(numbers) == 1:
        return numbers
    return [numbers[0]] + [b - a for a, b in zip(numbers, numbers[1:])]


def build_schema() -> Schema:
    """The schema of a new index."""
    fields: dict[str, object] = {
        "id": ID(stored=True, unique=True),
        "lang": ID(stored=True, sortable=True),
        "date": ID(stored=True, sortable=True),
        "year": ID(stored=True, sortable=True),
        "title": STORED(),
        "body": STORED(),
        "source": STORED(),
        "url": STORED(),
        "sha": STORED(),
        "keys": STORED(),
        "textkey": STORED(),
        "file": STORED(),
        COGNATE_FIELD: EncodedText(analyzer=cognate_analyzer(), phrase=False),
    }
    for lang in FIELD_LANGUAGES:
        fields[title_field(lang)] = EncodedText(analyzer=analyzer_for(lang), field_boost=TITLE_BOOST)
        fields[body_field(lang)] = EncodedText(analyzer=analyzer_for(lang))
    return Schema(**fields)
