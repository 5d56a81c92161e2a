"""The fields of an indexed article: the one list of their names, shared by every backend.

Every article's text goes into the fields of its own language (``title_en``, ``lead_en``,
``body_en``; ``title_fr``...; or the neutral ``title_xx``...), each analysed by that language's
rules; a query is analysed once per language and run against all of them. Other
modules use the constants below, never the names as strings.
"""

from __future__ import annotations

from ..analysis.analyzers import LANGUAGES, NEUTRAL

FIELD_LANGUAGES = (*LANGUAGES, NEUTRAL)
"""Languages with their own text fields; every detected language maps onto one of these."""

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
"""The key of its text (see :mod:`search.backends.copies`)."""
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


def lead_field(lang: str) -> str:
    """The body's opening (its first ``LEAD_TERMS`` terms), searched again as a field of its own."""
    return f"lead_{lang}"


def field_lang(fieldname: str) -> str | None:
    """The language whose articles a text field holds (None for fields of every language)."""
    suffix = fieldname.rsplit("_", 1)[-1]
    return suffix if suffix in FIELD_LANGUAGES else None
