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
        COGNATE_FIELD: TEXT(analyzer=cognate_analyzer(), phrase=False),
    }
    for lang in FIELD_LANGUAGES:
        fields[title_field(lang)] = TEXT(analyzer=analyzer_for(lang), field_boost=TITLE_BOOST)
        fields[body_field(lang)] = TEXT(analyzer=analyzer_for(lang))
    return Schema(**fields)
