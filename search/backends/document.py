"""An article as every backend indexes it: its stored fields and its searched terms.

Both backends store the same values under the same names (:mod:`search.backends.fields`)
and index the same terms at the same positions (term ``n`` of a field at position ``n``; stop
words take none), so that a search, its snippets and its counterparts do not depend on the
backend. Each backend only encodes them its own way (the Whoosh backend's postings, the Solr
backend's pre-analysed JSON).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..analysis.analyzers import index_terms
from ..ingest.articles import Article
from ..ingest.sections import section_of
from ..query.ranking import LEAD_TERMS
from .copies import text_key
from .fields import (
    BODY_FIELD,
    DATE_FIELD,
    ID_FIELD,
    KEYS_FIELD,
    LANG_FIELD,
    NO_LANGUAGE,
    SECTION_FIELD,
    SHA_FIELD,
    SOURCE_FIELD,
    TEXTKEY_FIELD,
    TITLE_FIELD,
    URL_FIELD,
    YEAR_FIELD,
    field_language,
)

MIN_KEY_CHARS = 4
"""Shorter cognate keys are not stored for finding counterparts (too common to tell stories apart)."""


@dataclass
class Terms:
    """An article's searched terms, in order: what its text fields index."""

    lang: str
    """The field language (``title_<lang>``, ``body_<lang>``): en, fr or the neutral one."""
    title: list[str] | None
    """The headline's terms; None when the article has no headline (its title was made up)."""
    body: list[str]
    cognates: list[str]
    """Language-blind cognate keys of the title's words, then the body's."""

    @property
    def lead(self) -> list[str]:
        """The body's opening terms (:data:`search.query.ranking.LEAD_TERMS`), at their body positions."""
        return self.body[:LEAD_TERMS]


def article_terms(article: Article) -> Terms:
    """The terms of ``article`` (language already detected), analysed once
    (see :func:`search.analysis.analyzers.index_terms`)."""
    lang = field_language(article.lang)
    title = index_terms(article.title, lang) if article.headline else ([], [])
    body = index_terms(article.body, lang)
    return Terms(lang, title[0] if article.headline else None, body[0], title[1] + body[1])


def stored_fields(article: Article, sha: str, terms: Terms) -> dict:
    """The stored values of ``article`` read from a file whose bytes hash to ``sha``
    (a feed item's backend adds :data:`~search.backends.fields.FILE_FIELD`)."""
    fields = {
        ID_FIELD: article.id,
        LANG_FIELD: article.lang or NO_LANGUAGE,
        TITLE_FIELD: article.title,
        BODY_FIELD: article.body,
        SHA_FIELD: sha,
        KEYS_FIELD: " ".join(sorted({key for key in terms.cognates if len(key) >= MIN_KEY_CHARS})),
        TEXTKEY_FIELD: text_key(article),
    }
    # Always set, even empty: a segment whose documents all lack a column value breaks
    # Whoosh's column readers (facets and date sorting read these columns).
    fields[DATE_FIELD] = article.date or ""
    fields[YEAR_FIELD] = article.date[:4] if article.date else ""
    fields[SECTION_FIELD] = section_of(article)
    if article.source:
        fields[SOURCE_FIELD] = article.source
    if article.url:
        fields[URL_FIELD] = article.url
    return fields
