"""The Whoosh schema: the only place the index's fields are listed.

Every article's text goes into the fields of its own language (``title_en``/``body_en``,
``title_fr``/``body_fr``, or the neutral ``title_xx``/``body_xx``), each analysed by that
language's rules; a query is analysed once per language and run against all of them.
"""

from __future__ import annotations

from whoosh.fields import ID, STORED, TEXT, Schema

from .analysis import LANGUAGES, NEUTRAL, analyzer_for, cognate_analyzer

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
    :class:`search.segment_writer.TermwiseSegmentWriter`; kept in columns so that passing
    them between processes pickles three lists, not a tuple per posting."""

    __slots__ = ("terms", "weights", "values", "length", "value_bytes")

    def __init__(self, terms: list[bytes], weights: list[float], values: list[bytes], length: int):
        self.terms = terms
        self.weights = weights
        self.values = values
        self.length = length
        self.value_bytes = sum(map(len, values))

    def __getstate__(self):
        return self.terms, self.weights, self.values, self.length

    def __setstate__(self, state):
        self.__init__(*state)


class EncodedText(TEXT):
    """A text field whose documents arrive as :class:`EncodedPostings`.

    Encoding a document's postings (counting terms, packing positions) is a third of the
    writer's work per article; the reading workers do it instead, on the other core, and
    the single writer process only files the postings. Plain text is analysed as by
    ``TEXT``."""

    def index(self, value, **kwargs):
        if isinstance(value, EncodedPostings):
            raise TypeError("pre-encoded postings are filed by search.segment_writer's writer only")
        return super().index(value, **kwargs)


_SCHEMA: Schema | None = None


def encode_postings(fieldname: str, terms: list[str]) -> EncodedPostings:
    """The postings of a pre-analysed term list in one field, as Whoosh's field would make them."""
    global _SCHEMA
    if _SCHEMA is None:
        _SCHEMA = build_schema()
    field = _SCHEMA[fieldname]
    items = list(TEXT.index(field, terms))
    return EncodedPostings(
        [item[0] for item in items],
        [item[2] for item in items],
        [item[3] for item in items],
        sum(item[1] for item in items),
    )


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
        COGNATE_FIELD: EncodedText(analyzer=cognate_analyzer(), phrase=False),
    }
    for lang in FIELD_LANGUAGES:
        fields[title_field(lang)] = EncodedText(analyzer=analyzer_for(lang), field_boost=TITLE_BOOST)
        fields[body_field(lang)] = EncodedText(analyzer=analyzer_for(lang))
    return Schema(**fields)
