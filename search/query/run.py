"""Run one user query: parse, build, filter, count facets, rank, page, highlight, suggest."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..analysis.analyzers import LANGUAGES, analyze
from ..backends.base import Filters, IndexView
from ..backends.fields import (
    BODY_FIELD,
    DATE_FIELD,
    FIELD_LANGUAGES,
    ID_FIELD,
    LANG_FIELD,
    NO_LANGUAGE,
    SECTION_FIELD,
    SOURCE_FIELD,
    TITLE_FIELD,
    URL_FIELD,
    body_field,
    field_language,
)
from ..ingest.articles import shorten
from ..results import LIST_TITLE_CHARS, ArticleView, Hit, Results
from ..errors import QueryError
from . import plan
from .build import BuiltQuery, Terms, Translator, build, in_article
from .facets import UNDATED, DateFilter, parse_bound
from .highlight import mark_all, plain_text, snippet
from .iso639 import ISO_639_1
from .paragraphs import split_paragraphs
from .parse import parse
from .ranking import bm25_idf
from .suggest import corrections, suggest
from .why import reasons

MAX_QUERY_CHARS = 1000
MAX_LIMIT = 100
MAX_EXPORT = 1000
"""Rows of a whole-list export (no snippets, so a larger page costs little)."""
MAX_PAGE = 10_000
MAX_SECTIONS = 20
"""Sections chosen at once: more than a collection's sections is a mistake, not a choice."""
SORTS = ("relevance", "date", "oldest")
"""Best first, newest first, oldest first (how a story reads as it unfolded); undated last."""
MAX_COGNATES = 4
"""Cognates searched per word and language: near spellings of a name are few."""
_YEAR = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class SearchRequest:
    """A validated query with its options; bad values raise QueryError naming the parameter."""

    q: str
    lang: str | None = None
    page: int = 1
    limit: int = 10
    sort: str = "relevance"
    year: str | None = None
    translate: bool = True
    explain: bool = False
    date_from: str | None = None
    """First day kept (``2021``, ``2021-10`` or ``2021-10-15``; stored as a full ISO date)."""
    date_to: str | None = None
    """Last day kept, same forms (``2021-10`` keeps October to its last day)."""
    snippets: bool = True
    """False for exports: no snippets, and pages of up to MAX_EXPORT rows."""
    sections: tuple[str, ...] = ()
    """Only articles of any of these sections (none: every section)."""

    def __post_init__(self) -> None:
        if not isinstance(self.q, str):
            raise QueryError("q: the query must be text")
        if len(self.q) > MAX_QUERY_CHARS:
            raise QueryError(f"q: the query is too long ({len(self.q)} characters; at most {MAX_QUERY_CHARS})")
        if self.lang is not None:
            if not isinstance(self.lang, str) or self.lang.lower() not in ISO_639_1:
                raise QueryError(f"lang: '{str(self.lang)[:20]}' is not a two-letter ISO 639-1 language code such as en or fr")
            object.__setattr__(self, "lang", self.lang.lower())
        if not isinstance(self.page, int) or not 1 <= self.page <= MAX_PAGE:
            raise QueryError(f"page: must be a whole number from 1 to {MAX_PAGE}")
        most = MAX_LIMIT if self.snippets else MAX_EXPORT
        if not isinstance(self.limit, int) or not 1 <= self.limit <= most:
            raise QueryError(f"limit: must be a whole number from 1 to {most}")
        if self.sort not in SORTS:
            raise QueryError(f"sort: must be one of {', '.join(SORTS)}")
        if self.year is not None and self.year != UNDATED and not _YEAR.match(self.year):
            raise QueryError(f"year: must be four digits, such as 2021, or {UNDATED}")
        object.__setattr__(self, "sections", _sections(self.sections))
        object.__setattr__(self, "date_from", parse_bound("from", self.date_from, last=False))
        object.__setattr__(self, "date_to", parse_bound("to", self.date_to, last=True))
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise QueryError(f"to: {self.date_to} is before from ({self.date_from})")


def _sections(value) -> tuple[str, ...]:
    """Section names as a sorted tuple without repeats (one name or several)."""
    names = [value] if isinstance(value, str) else list(value or ())
    if not all(isinstance(name, str) for name in names):
        raise QueryError("section: section names must be text")
    if len(names) > MAX_SECTIONS:
        raise QueryError(f"section: at most {MAX_SECTIONS} sections at once")
    return tuple(sorted({" ".join(name.split()) for name in names if name.strip()}))


def run_search(view: IndexView, request: SearchRequest, translator: Translator | None) -> Results:
    parsed = parse(request.q)
    built = build_for(view, parsed.root, translator, request.translate)
    notes = list(parsed.notes)
    results = Results(
        query=request.q,
        total=0,
        page=request.page,
        limit=request.limit,
        hits=[],
        facets={"lang": {}, "year": {}, "section": {}},
        expanded=built.expanded,
        excluded=built.excluded,
        notes=notes,
        lang=request.lang,
        sort=request.sort,
        year=request.year,
        translate=request.translate,
        date_from=request.date_from,
        date_to=request.date_to,
        sections=list(request.sections),
    )
    if built.query is None:
        if request.q.strip():
            notes.append("nothing searchable in the query (only very common words or symbols)")
        return results
    if request.lang is not None and request.lang not in view.language_counts():
        held = ", ".join(sorted(view.language_counts())) or "none"
        raise QueryError(f"lang: no article in this index is in '{request.lang}' (languages: {held})")
    start = (request.page - 1) * request.limit
    filters = Filters(request.lang, DateFilter(request.year, request.date_from, request.date_to), request.sections)
    ranked = view.rank(built.query, filters, request.sort, start, request.limit)
    for text, target in ranked.dropped:  # contradicted by the corpus: not searched after all
        kept = [t for t in results.expanded.get(text, []) if t != target]
        if kept:
            results.expanded[text] = kept
        else:
            results.expanded.pop(text, None)
    results.facets, results.timeline, results.total = ranked.facets, ranked.timeline, ranked.total
    results.partial = ranked.partial
    results.hits = [_hit(hit.stored, hit.score if request.sort == "relevance" else None, built.highlight,
                         request.snippets)
                    for hit in ranked.hits]
    if request.explain:
        why = view.explain(built.query, [hit.ref for hit in ranked.hits])
        for result, hit in zip(results.hits, ranked.hits):
            result.explanation = why[hit.ref]
            result.reasons = reasons(result.explanation)
    fixes = corrections(view, parsed.root, translator, built.expanded)
    suggestion = suggest(request.q, fixes)
    if suggestion is not None:
        if ranked.total and _searched(fixes, built.highlight):
            results.corrected = suggestion  # found as a near spelling (weak): the results are its
        elif _matches(view, suggestion, translator, request.translate) > ranked.complete:
            results.suggestion = suggestion
    return results


def _searched(fixes: dict[str, str], highlight: dict[str, Terms]) -> bool:
    """Whether the query already searched each correction, as a near spelling of the unknown
    word typed (``Mourino`` finds Mourinho as a cognate): the results are the corrected
    query's, which the user must be told."""
    return all(any(analyze(fix, lang) and set(analyze(fix, lang)) <= terms.exact for lang, terms in highlight.items())
               for fix in fixes.values())


def build_for(view: IndexView, root, translator: Translator | None, translate: bool = True) -> BuiltQuery:
    """The query for ``root`` over this index: its vocabulary, idf, languages and cognates."""
    return build(root, translator, _vocabulary(view), _languages_present(view), _idf(view),
                 _similar(view), translate=translate, phrase_share=_phrase_share(view),
                 together=_together(view), count=view.count)


def _matches(view: IndexView, q: str, translator: Translator | None, translate: bool) -> int:
    """How many articles match every concept of ``q`` (filters aside)."""
    built = build_for(view, parse(q).root, translator, translate)
    return view.count_complete(built.query) if built.query is not None else 0


def _similar(view: IndexView):
    """Index terms near a term (for cognates), at most a few per call."""
    def similar(fieldname: str, term: str, maxdist: int, prefix: int) -> list[str]:
        return view.similar_terms(fieldname, term, maxdist, prefix, MAX_COGNATES)

    return similar


def _languages_present(view: IndexView) -> tuple[str, ...]:
    """The field languages that hold at least one article: no need to search the others."""
    return tuple(lang for lang in FIELD_LANGUAGES if view.language_doc_count(lang) > 0) or FIELD_LANGUAGES


def _body_df(view: IndexView, word: str, lang: str) -> int:
    """Articles whose ``lang`` body holds ``word``'s term (0 if it analyses to none or several)."""
    terms = analyze(word, lang)
    return view.doc_frequency(body_field(lang), terms[0]) if len(terms) == 1 else 0


def article_share(view: IndexView):
    """``share(text, lang)``: the share of ``lang``'s articles whose body holds ``text``'s
    word, or for several words their rarest one's (an upper bound of the phrase's)."""
    counts = {lang: max(1, view.language_doc_count(lang)) for lang in LANGUAGES}

    def share(text: str, lang: str) -> float:
        terms = analyze(text, lang)
        if not terms or lang not in counts:
            return 0.0
        return min(view.doc_frequency(body_field(lang), term) for term in terms) / counts[lang]

    return share


def _vocabulary(view: IndexView):
    counts = {lang: max(1, view.language_doc_count(lang)) for lang in LANGUAGES}
    return lambda word, lang: _body_df(view, word, lang) / counts[lang]


def _phrase_share(view: IndexView):
    counts = {lang: max(1, view.language_doc_count(lang)) for lang in LANGUAGES}
    count = view.count

    def share(terms: list[str], lang: str) -> float:
        return count(in_article(lang, terms)) / counts[lang] if lang in counts else 0.0

    return share


def _together(view: IndexView):
    count = view.count

    def together(terms: list[str], term: str, lang: str) -> tuple[int, int]:
        named = in_article(lang, terms)
        return count(named), count(plan.And([named, in_article(lang, [term])]))

    return together


def _idf(view: IndexView):
    total = max(1, view.doc_count_all())

    def idf(word: str, lang: str) -> float | None:
        n = _body_df(view, word, lang)
        return bm25_idf(n, total) if n else None

    return idf


def _hit(stored: dict, score: float | None, highlight: dict[str, Terms], snippets: bool = True) -> Hit:
    lang = stored.get(LANG_FIELD, NO_LANGUAGE)
    terms = highlight[field_language(lang)] if snippets else Terms()
    title = shorten(stored.get(TITLE_FIELD, ""), LIST_TITLE_CHARS)
    snippet_html = snippet(stored.get(BODY_FIELD, ""), field_language(lang), terms) if snippets else ""
    return Hit(
        id=stored[ID_FIELD],
        title=title,
        lang=lang,
        date=stored.get(DATE_FIELD),
        source=stored.get(SOURCE_FIELD),
        url=stored.get(URL_FIELD),
        section=stored.get(SECTION_FIELD) or None,
        score=score,
        snippet=snippet_html,
        title_html=mark_all(title, field_language(lang), terms),
        snippet_text=plain_text(snippet_html),
    )


def article_view(view: IndexView, doc_id: str, q: str | None, translator: Translator | None) -> ArticleView | None:
    """The whole article ``doc_id``, with the words of ``q`` marked when given."""
    stored = view.document(doc_id)
    if stored is None:
        return None
    lang = stored.get(LANG_FIELD, NO_LANGUAGE)
    terms = Terms()
    if q and len(q) <= MAX_QUERY_CHARS:
        terms = build_for(view, parse(q).root, translator).highlight[field_language(lang)]
    body = stored.get(BODY_FIELD, "")
    return ArticleView(
        id=stored[ID_FIELD],
        title=stored.get(TITLE_FIELD, ""),
        title_html=mark_all(stored.get(TITLE_FIELD, ""), field_language(lang), terms),
        body_html=mark_all(body, field_language(lang), terms),
        paragraphs_html=[mark_all(para, field_language(lang), terms) for para in split_paragraphs(body)],
        lang=lang,
        date=stored.get(DATE_FIELD),
        source=stored.get(SOURCE_FIELD),
        url=stored.get(URL_FIELD),
    )
