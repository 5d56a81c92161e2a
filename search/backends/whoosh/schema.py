"""The Whoosh schema of the embedded backend, built from the fields of
:mod:`search.backends.fields` (the only list of their names).

Whoosh pickles the schema into the index, with :class:`search.index.schema.EncodedText`'s
path: moving that class means a reindex (bump ``ANALYSIS_VERSION``).
"""

from __future__ import annotations

from whoosh.fields import ID, STORED, Schema

from ...analysis.analyzers import analyzer_for, cognate_analyzer
from ...index.schema import EncodedText
from ..fields import (BODY_FIELD, COGNATE_FIELD, DATE_FIELD, FIELD_LANGUAGES, FILE_FIELD, ID_FIELD, KEYS_FIELD,
                      LANG_FIELD, SHA_FIELD, SOURCE_FIELD, TEXTKEY_FIELD, TITLE_FIELD, URL_FIELD,
                      SECTION_FIELD, YEAR_FIELD, body_field, lead_field, title_field)
from ...query.ranking import TITLE_BOOST

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
        fields[lead_field(lang)] = EncodedText(analyzer=analyzer_for(lang))
        fields[body_field(lang)] = EncodedText(analyzer=analyzer_for(lang))
    return Schema(**fields)
