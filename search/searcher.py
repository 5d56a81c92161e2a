"""Run one user query: parse, build, filter, count facets, rank, page, highlight, suggest."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from whoosh.searching import Searcher

from .analysis.analyzers import LANGUAGES, analyze
from .errors import QueryError
from .highlight import Terms, mark_all, matches, snippet
from .querybuild import Concepts, Translator, build
from .ranking import bm25_idf, doc_frequency, language_doc_count
from .querylang import Word, leaves, parse
from .ingest.articles import shorten
from .results import LIST_TITLE_CHARS, ArticleView, Hit, Results
from .facets import UNDATED, DateFilter, parse_bound, select
from .iso639 import ISO_639_1
from .index.labels import labels_of
from .paragraphs import split_paragraphs
from .index.schema import FIELD_LANGUAGES, body_field, field_language, title_field
from .scoring import Matches, explain, score_all

MAX_QUERY_CHARS = 1000
MAX_LIMIT = 100
MAX_EXPORT = 1000
"""Rows of a whole-list export (no snippets, so a larger page costs little)."""
MAX_PAGE = 10_000
SORTS = ("relevance", "date")
SUGGEST_MAX_WORDS = 6
SUGGEST_MAX_CHARS = 30
"""Longer words get no correction (the walk of the term dictionary grows with the word)."""
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
        object.__setattr__(self, "date_from", parse_bound("from", self.date_from, last=False))
        object.__setattr__(self, "date_to", parse_bound("to", self.date_to, last=True))
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise QueryError(f"to: {self.date_to} is before from ({self.date_from})")


def run_search(searcher: Searcher, request: SearchRequest, translator: Translator | None) -> Results:
    parsed = parse(request.q)
    built = build(parsed.root, translator, _vocabulary(searcher), _languages_present(searcher),
                  _idf(searcher), _similar(searcher), translate=request.translate)
    notes = list(parsed.notes)
    results = Results(
        query=request.q,
        total=0,
        page=request.page,
        limit=request.limit,
        hits=[],
        facets={"lang": {}, "year": {}},
        expanded=built.expanded,
        notes=notes,
        lang=request.lang,
        sort=request.sort,
        year=request.year,
        translate=request.translate,
        date_from=request.date_from,
        date_to=request.date_to,
    )
    if built.query is None:
        if request.q.strip():
            notes.append("nothing searchable in the query (only very common words or symbols)")
        return results
    # One scoring pass over every match gives the ranking, the total and the facets.
    matched = score_all(searcher, built.query)
    labels = labels_of(searcher.reader())
    selection = select(labels, matched.docnums, request.lang,
                       DateFilter(request.year, request.date_from, request.date_to))
    results.facets, results.timeline = selection.facets, selection.timeline
    docnums, scores = matched.docnums[selection.keep], matched.scores[selection.keep]
    results.total = len(docnums)
    start = (request.page - 1) * request.limit
    if request.sort == "date":
        order = np.lexsort((docnums, -scores, -labels.date[docnums]))
    else:
        ranks = scores if matched.tiers is None else _tiered(matched.tiers[selection.keep], scores)
        order = _best_first(ranks, docnums, start + request.limit)
    page = order[start:start + request.limit]
    results.hits = [_hit(searcher.stored_fields(int(docnums[i])),
                         float(scores[i]) if request.sort == "relevance" else None, built.highlight,
                         request.snippets)
                    for i in page]
    if request.explain:
        why = explain(searcher, built.query, [int(docnums[i]) for i in page])
        for hit, i in zip(results.hits, page):
            hit.explanation = why[int(docnums[i])]
    suggestion = _suggest(searcher, request.q, parsed.root, translator, built.expanded)
    if suggestion is not None and _matches(searcher, suggestion, translator, request.translate) > \
            _complete(matched, built.query):
        results.suggestion = suggestion
    return results


def _best_first(scores: np.ndarray, docnums: np.ndarray, wanted: int) -> np.ndarray:
    """Positions of the ``wanted`` best scores, best first (ties by document number): only
    the matches scoring at least the ``wanted``-th best are sorted, not all of them."""
    if len(scores) > 4 * wanted:
        threshold = np.partition(scores, len(scores) - wanted)[len(scores) - wanted]
        candidates = np.flatnonzero(scores >= threshold)
        return candidates[np.lexsort((docnums[candidates], -scores[candidates]))]
    return np.lexsort((docnums, -scores))


def _matches(searcher: Searcher, q: str, translator: Translator | None, translate: bool) -> int:
    """How many articles match every concept of ``q`` (filters aside)."""
    built = build(parse(q).root, translator, _vocabulary(searcher), _languages_present(searcher),
                  _idf(searcher), _similar(searcher), translate=translate)
    return _complete(score_all(searcher, built.query), built.query) if built.query is not None else 0


def _complete(matched: Matches, query) -> int:
    """Matches that cover every concept of the query (all of them for other queries)."""
    if matched.tiers is None or not isinstance(query, Concepts):
        return len(matched.docnums)
    return int(np.count_nonzero(matched.tiers >= query.complete_tier))


def _tiered(tiers: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """One sort key: the coverage tier first, then the score within it."""
    span = float(scores.max()) + 1.0 if len(scores) else 1.0
    return tiers * span + scores


def _similar(searcher: Searcher):
    """Index terms near a term (for cognates), at most a few per call."""
    reader = searcher.reader()

    def similar(fieldname: str, term: str, maxdist: int, prefix: int) -> list[str]:
        if fieldname not in searcher.schema:
            return []
        found = []
        for text in reader.terms_within(fieldname, term, maxdist, prefix=prefix):
            found.append(text)
            if len(found) >= MAX_COGNATES:
                break
        return found

    return similar


def _languages_present(searcher: Searcher) -> tuple[str, ...]:
    """The field languages that hold at least one article: no need to search the others."""
    return tuple(lang for lang in FIELD_LANGUAGES if language_doc_count(searcher, lang) > 0) or FIELD_LANGUAGES


def _body_df(searcher: Searcher, word: str, lang: str) -> int:
    """Articles whose ``lang`` body holds ``word``'s term (0 if it analyses to none or several)."""
    terms = analyze(word, lang)
    return doc_frequency(searcher, body_field(lang), terms[0]) if len(terms) == 1 else 0


def _vocabulary(searcher: Searcher):
    counts = {lang: max(1, language_doc_count(searcher, lang)) for lang in LANGUAGES}
    return lambda word, lang: _body_df(searcher, word, lang) / counts[lang]


def _idf(searcher: Searcher):
    total = max(1, searcher.doc_count_all())

    def idf(word: str, lang: str) -> float | None:
        n = _body_df(searcher, word, lang)
        return bm25_idf(n, total) if n else None

    return idf


def _hit(stored: dict, score: float | None, highlight: dict[str, Terms], snippets: bool = True) -> Hit:
    lang = stored.get("lang", "und")
    terms = highlight[field_language(lang)] if snippets else Terms()
    title = shorten(stored.get("title", ""), LIST_TITLE_CHARS)
    return Hit(
        id=stored["id"],
        title=title,
        lang=lang,
        date=stored.get("date"),
        source=stored.get("source"),
        url=stored.get("url"),
        score=score,
        snippet=snippet(stored.get("body", ""), field_language(lang), terms) if snippets else "",
        title_html=mark_all(title, field_language(lang), terms),
    )


def _suggest(searcher: Searcher, text: str, root, translator: Translator | None,
             expanded: dict[str, list[str]]) -> str | None:
    """"Did you mean": replace typed words the index has never seen by close known words.

    Never a word the index knows in any language (a function word of either language is
    known), nor one the lexicons translate (``demining`` in an index whose articles only say
    ``déminage``) or that the "also searched" line shows. Candidates are the index's own
    terms within one or two edits of the word's stem, most frequent first; the suggestion
    shows the word as articles write it, and is kept only if it finds more articles than
    the query as typed (a correction no closer to anything real is no help). Queries of more than a few words (pasted sentences) get none: each
    unknown word costs a walk of the term dictionary, and a sentence is rarely a typing
    mistake."""
    words = [leaf for leaf, negated in leaves(root)
             if not negated and isinstance(leaf, Word) and not leaf.prefix]
    if len(words) > SUGGEST_MAX_WORDS:
        return None
    suggestion = text
    changed = False
    for leaf in words:
        if not 4 <= len(leaf.text) <= SUGGEST_MAX_CHARS or not leaf.text.isalpha() or _known_word(searcher, leaf.text):
            continue
        if leaf.text in expanded or (translator is not None and translator.translations(leaf.text)):
            continue
        best = _closest_term(searcher, leaf.text)
        if best is not None and best.lower() != leaf.text.lower():
            suggestion = re.sub(re.escape(leaf.text), best, suggestion, count=1)
            changed = True
    return suggestion if changed else None


def _known_word(searcher: Searcher, word: str) -> bool:
    """True when the word is a function word of some language, or some language's analysis
    of it is in the index (``donated`` → ``donat``), in a body or a title."""
    for lang in FIELD_LANGUAGES:
        terms = analyze(word, lang)
        if not terms and lang in LANGUAGES:
            return True
        if len(terms) == 1 and any(doc_frequency(searcher, field(lang), terms[0]) for field in (body_field, title_field)):
            return True
    return False


def _closest_term(searcher: Searcher, word: str) -> str | None:
    reader = searcher.reader()
    for maxdist in (1, 2):
        found: list[tuple[int, str, str]] = []
        for lang in FIELD_LANGUAGES:
            terms = analyze(word, lang)
            if len(terms) != 1 or len(terms[0]) < 3:
                continue
            field = body_field(lang)
            # The first two letters must match: typos there are rare, and walking only that
            # part of the term dictionary is 6-10x faster (30x corpus: 55 -> 7 ms).
            for term in reader.terms_within(field, terms[0], maxdist, prefix=2):
                found.append((doc_frequency(searcher, field, term), lang, term))
        if found:
            _, lang, term = max(found)
            return _surface_form(searcher, lang, term)
    return None


def _surface_form(searcher: Searcher, lang: str, term: str) -> str | None:
    """A word as articles write it for an index term (``demin`` → ``demining``)."""
    postings = searcher.postings(body_field(lang), term)
    if not postings.is_active():
        return None
    body = searcher.stored_fields(postings.id()).get("body", "")
    spans = matches(body, lang, Terms(exact=frozenset([term])))
    return body[spans[0].start:spans[0].end].lower() if spans else None


def article_view(searcher: Searcher, doc_id: str, q: str | None, translator: Translator | None) -> ArticleView | None:
    """The whole article ``doc_id``, with the words of ``q`` marked when given."""
    docnum = searcher.document_number(id=doc_id)
    if docnum is None:
        return None
    stored = searcher.stored_fields(docnum)
    lang = stored.get("lang", "und")
    terms = Terms()
    if q and len(q) <= MAX_QUERY_CHARS:
        built = build(parse(q).root, translator, _vocabulary(searcher), _languages_present(searcher),
                      _idf(searcher), _similar(searcher))
        terms = built.highlight[field_language(lang)]
    body = stored.get("body", "")
    return ArticleView(
        id=stored["id"],
        title=stored.get("title", ""),
        title_html=mark_all(stored.get("title", ""), field_language(lang), terms),
        body_html=mark_all(body, field_language(lang), terms),
        paragraphs_html=[mark_all(para, field_language(lang), terms) for para in split_paragraphs(body)],
        lang=lang,
        date=stored.get("date"),
        source=stored.get("source"),
        url=stored.get("url"),
    )
