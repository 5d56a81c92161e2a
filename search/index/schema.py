"""The Whoosh schema: the only place the index's fields are listed (and named: other modules
use the constants below, never the names as strings).

Every article's text goes into the fields of its own language (``title_en``/``body_en``,
``title_fr``/``body_fr``, or the neutral ``title_xx``/``body_xx``), each analysed by that
language's rules; a query is analysed once per language and run against all of them.

Whoosh pickles the schema into the index, with this module's path for :class:`EncodedText`:
moving or renaming it means a reindex (bump ``ANALYSIS_VERSION``).
"""

from __future__ import annotations

from whoosh.fields import ID, STORED, TEXT, Schema

from ..analysis.analyzers import LANGUAGES, NEUTRAL, analyzer_for, cognate_analyzer
from .postings import EncodedPostings

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
