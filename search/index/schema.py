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

# Field names. Searched text goes to per-language fields (title_field(), body_field()).
ID_FIELD = "id"
"""The article's id: its file's path in the corpus (a feed item's adds ``#`` and a key); unique."""
LANG_FIELD = "lang"
"""The detected language code (``und`` when none was detected); a column for facets."""
DATE_FIELD = "date"
"""ISO date or ``""``; a column for sorting and the timeline."""
YEAR_FIELD = "year"
"""The date's year or ``""``; a column for facets."""
TITLE_FIELD = "title"
BODY_FIELD = "body"
"""The title and text as read (stored only: snippets, the article page)."""
SOURCE_FIELD = "source"
SECTION_FIELD = "section"
"""The section the file states, else its folder's name (see :mod:`search.ingest.sections`); a column for facets."""
URL_FIELD = "url"
SHA_FIELD = "sha"
"""SHA-1 of the file's bytes (the manifest is rebuilt from it when it is missing)."""
KEYS_FIELD = "keys"
"""The article's cognate keys, space-separated (see :mod:`search.crosslang.counterparts`)."""
TEXTKEY_FIELD = "textkey"
"""The key of its text (see :mod:`search.index.duplicates`)."""
FILE_FIELD = "file"
"""A feed item's file (absent for an article that is a whole file)."""
COGNATE_FIELD = "cognates"
"""Language-blind cognate prefixes of every word, searched for cross-language matches."""

NO_LANGUAGE = "und"
"""The language code stored for an article whose language was not detected (ISO 639-2)."""


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
        ID_FIELD: ID(stored=True, unique=True),
        LANG_FIELD: ID(stored=True, sortable=True),
        DATE_FIELD: ID(stored=True, sortable=True),
        YEAR_FIELD: ID(stored=True, sortable=True),
        SECTION_FIELD: ID(stored=True, sortable=True),
        TITLE_FIELD: STORED(),
        BODY_FIELD: STORED(),
        SOURCE_FIELD: STORED(),
        URL_FIELD: STORED(),
        SHA_FIELD: STORED(),
        KEYS_FIELD: STORED(),
        TEXTKEY_FIELD: STORED(),
        FILE_FIELD: STORED(),
        COGNATE_FIELD: EncodedText(analyzer=cognate_analyzer(), phrase=False),
    }
    for lang in FIELD_LANGUAGES:
        fields[title_field(lang)] = EncodedText(analyzer=analyzer_for(lang), field_boost=TITLE_BOOST)
        fields[body_field(lang)] = EncodedText(analyzer=analyzer_for(lang))
    return Schema(**fields)
