"""One state of a Solr collection, for one search: :class:`search.backends.base.IndexView` over HTTP.

Every read is a request to the cluster (any live node: :mod:`.client`). Statistics a query
asks for more than once (document frequencies, field sizes, language counts) are kept for
the view's life, which is one search. Facets, the timeline and the coverage count come from
the same request as the page.
"""

from __future__ import annotations

import time
from typing import Hashable

from ...analysis.analyzers import LANGUAGES
from ...query import plan
from ...query.budget import current_budget
from ...query.facets import UNDATED, MonthCounts, timeline
from ...query.plan import Concepts, concept_nodes
from ...cache import BoundedCache
from ..base import Filters, Ranked, RankedHit
from ..fields import DATE_FIELD, ID_FIELD, LANG_FIELD, SECTION_FIELD, TITLE_FIELD, YEAR_FIELD, field_lang
from .client import SolrClient
from .sync import ARTICLE, KIND_FIELD, MONTH_FIELD
from .query import NOTHING, Renderer, SolrQuery, contradiction_applies, escape, render

ARTICLES = f"{KIND_FIELD}:{ARTICLE}"
"""The filter of every request: the collection also holds the indexer's file and meta documents."""
DATED = f'{DATE_FIELD}:["0" TO *]'
"""Articles with a date (an undated one stores "")."""
HIDDEN = frozenset({KIND_FIELD, MONTH_FIELD, "_version_", "score"})
"""Solr fields that are not an article's stored fields."""
STORY, KEPT = "story", "kept"
"""Keys of the timeline's two pivots: the matches of every date, and those every filter keeps."""
ANSWERING = "answering"
EVERYTHING = f"{{!ex={ANSWERING}}}*:*"
"""The matches a date order leaves out are counted as every match (its filter excluded) less
those it lists."""
MAX_WINDOW = 10_000
"""Articles read at most for one counterpart window (a few days of one language)."""
MIN_TIME_ALLOWED = 1.0
"""Seconds Solr gets for the main request at least, whatever the query's budget has left: the
statistics the query's builder asked for before (each a request) count against the budget too,
and a cold node's first request of a kind takes a few hundred milliseconds (measured on the
test cluster: 120-200 ms)."""
STATISTICS_CACHE = 100_000
"""Document frequencies kept per backend (keyed by the collection's state, so never stale)."""
MAX_PREFIX_TERMS_READ = 5_000
"""Terms read at most to find the near spellings of a word (those sharing its first letters)."""


class SolrView:
    """A collection as it stands for one search."""

    def __init__(self, client: SolrClient, identity: Hashable, frequencies: BoundedCache | None = None):
        self.client = client
        self.identity = identity
        self._frequencies: BoundedCache = frequencies if frequencies is not None else BoundedCache(STATISTICS_CACHE)
        self._languages: dict[str, int] | None = None
        self._articles: int | None = None

    # --- statistics -----------------------------------------------------------------------

    @property
    def articles(self) -> int:
        if self._articles is None:
            self._articles = self.client.count("*:*", [ARTICLES])
        return self._articles

    def doc_count(self) -> int:
        return self.articles

    def doc_count_all(self) -> int:
        return self.articles

    def language_counts(self) -> dict[str, int]:
        if self._languages is None:
            answer = self.client.select({"q": "*:*", "fq": ARTICLES, "rows": 0, "facet": "true",
                                         "facet.field": LANG_FIELD, "facet.limit": -1, "facet.mincount": 1})
            self._languages = _pairs(answer["facet_counts"]["facet_fields"][LANG_FIELD])
        return {lang: n for lang, n in self._languages.items() if lang}

    def language_doc_count(self, lang: str) -> int:
        counts = self.language_counts()
        if lang in LANGUAGES:
            return counts.get(lang, 0)
        return max(0, self.articles - sum(counts.get(code, 0) for code in LANGUAGES))

    def doc_frequency(self, field: str, term: str) -> int:
        return self.doc_frequencies(field, [term])[term]

    def doc_frequencies(self, field: str, terms: list[str]) -> dict[str, int]:
        found = {term: self._frequencies.get((self.identity, field, term)) for term in terms}
        missing = [term for term, n in found.items() if n is None]
        if missing:
            for term, n in self.client.doc_frequencies(field, missing).items():
                self._frequencies.put((self.identity, field, term), n)
                found[term] = n
        return {term: found[term] or 0 for term in terms}

    def field_docs(self, field: str) -> int:
        key = (self.identity, "", field)  # no term is empty: the key cannot meet a frequency's
        found = self._frequencies.get(key)
        if found is None:
            found = self.client.count(f"{field}:*", [ARTICLES])
            self._frequencies.put(key, found)
        return found

    def prefix_terms(self, field: str, prefix: str, limit: int) -> list[tuple[str, int]]:
        return self.client.terms_with_prefix(field, prefix, limit, by_count=True)

    def similar_terms(self, field: str, term: str, maxdist: int, prefix: int, limit: int | None = None) -> list[str]:
        if field_lang(field) is None and field != "cognates":
            return []
        found = []
        for candidate, _ in self.client.terms_with_prefix(field, term[:prefix], MAX_PREFIX_TERMS_READ, by_count=False):
            if abs(len(candidate) - len(term)) <= maxdist and _distance(candidate, term, maxdist) <= maxdist:
                found.append(candidate)
                if limit is not None and len(found) >= limit:
                    break
        return found

    # --- ranking --------------------------------------------------------------------------

    def _render(self, query: plan.Node) -> tuple[SolrQuery, frozenset[tuple[str, str]]]:
        """The request for a plan, and the ``(typed text, translation)`` senses it leaves out."""
        dropped = self._contradictions(query)
        pairs = frozenset(node.units[index].translated[k] for node in concept_nodes(query)
                          for index, k in dropped.get(id(node), ()))
        return render(query, self, current_budget(), dropped), pairs

    def rank(self, query: plan.Node, filters: Filters, sort: str, start: int, count: int) -> Ranked:
        rendered, dropped = self._render(query)
        params = dict(rendered.params)
        params.update({"q": rendered.q, "fq": [ARTICLES, *self._filters(filters)], "start": start, "rows": count,
                       "fl": "*,score", "facet": "true", "facet.limit": -1, "facet.mincount": 1,
                       "facet.field": ["{!ex=lang}" + LANG_FIELD, "{!ex=dates}" + YEAR_FIELD,
                                       "{!ex=section}" + SECTION_FIELD],
                       # the story (every date) and what the filters keep, per month and language
                       "facet.pivot": [f"{{!ex=dates key={STORY}}}{MONTH_FIELD},{LANG_FIELD}",
                                       f"{{!key={KEPT}}}{MONTH_FIELD},{LANG_FIELD}"]})
        complete_query = f"{{!ex=lang,dates,section frange l={rendered.complete_tier}}}$tier"
        if rendered.tier is not None:
            params["tier"] = rendered.tier
            params["facet.query"] = [complete_query]
        concepts = plan.date_order_concepts(query, sort) if rendered.tier is not None else None
        if concepts is not None:
            params["covered"] = rendered.covered
            every = f"{{!frange l={concepts.size}}}$covered"
            if self._count({**rendered.params, "q": rendered.q, "covered": rendered.covered}, (every,)):
                # some match covers every concept: a date order lists those
                params["fq"].append(f"{{!tag={ANSWERING} frange l={concepts.size}}}$covered")
                params["facet.query"].append(EVERYTHING)
        params["sort"] = self._sort(sort, rendered)
        budget = current_budget()
        if budget.deadline is not None:
            params["timeAllowed"] = int(max(MIN_TIME_ALLOWED, budget.deadline - time.monotonic()) * 1000)
        answer = self.client.select(params)
        if answer.get("responseHeader", {}).get("partialResults"):
            budget.timed_out = True
        facets = answer.get("facet_counts") or _NO_FACETS
        langs = _pairs(facets["facet_fields"].get(LANG_FIELD, []))
        years = _pairs(facets["facet_fields"].get(YEAR_FIELD, []))
        sections = _pairs(facets["facet_fields"].get(SECTION_FIELD, []))
        year_facet = dict(sorted(((y, n) for y, n in years.items() if y), reverse=True))
        if years.get(""):
            year_facet[UNDATED] = years[""]
        pivots = facets.get("facet_pivot", {})
        chart = timeline(_month_counts(pivots.get(STORY, [])), _month_counts(pivots.get(KEPT, [])),
                         self.collection_months(), filters.dates)
        response = answer["response"]
        queries = facets.get("facet_queries", {})
        partial = int(queries[EVERYTHING]) - int(response["numFound"]) if EVERYTHING in queries else 0
        if rendered.tier is not None:
            complete = int(queries.get(complete_query, 0))
        elif filters == Filters():
            complete = int(response["numFound"])
        else:
            complete = self._count({**rendered.params, "q": rendered.q})
        hits = [RankedHit(_stored(doc), float(doc.get("score", 0.0)), doc[ID_FIELD]) for doc in response["docs"]]
        return Ranked(int(response["numFound"]), hits,
                      {"lang": _by_count(langs), "year": year_facet, "section": _by_count(sections)},
                      chart, complete, dropped, partial)

    def collection_months(self) -> MonthCounts:
        """The collection's articles per month and language (for shares), asked once per state
        of the collection."""
        key = (self.identity, "", "#months")  # no field is named so: the key meets no frequency's
        found = self._frequencies.get(key)
        if found is None:
            answer = self.client.select({"q": "*:*", "fq": ARTICLES, "rows": 0, "facet": "true", "facet.limit": -1,
                                         "facet.mincount": 1, "facet.pivot": f"{MONTH_FIELD},{LANG_FIELD}"})
            found = _month_counts(answer["facet_counts"]["facet_pivot"].get(f"{MONTH_FIELD},{LANG_FIELD}", []))
            self._frequencies.put(key, found)
        return found

    def _count(self, params: dict, filters: tuple[str, ...] = ()) -> int:
        """Articles a request's query matches."""
        answer = self.client.select({**params, "fq": [ARTICLES, *filters], "rows": 0})
        return int(answer["response"]["numFound"])

    def count_complete(self, query: plan.Node) -> int:
        rendered, _ = self._render(query)
        if rendered.tier is None:
            return self._count({**rendered.params, "q": rendered.q})
        return self._count({**rendered.params, "q": rendered.q, "tier": rendered.tier},
                           (f"{{!frange l={rendered.complete_tier}}}$tier",))

    def count(self, query: plan.Node) -> int:
        key = (self.identity, "#count", plan.signature(query))  # no field is named so (see doc_frequencies)
        return self._frequencies.get_or_compute(key, lambda: self.count_complete(query))

    def explain(self, query: plan.Node, refs: list[Hashable]) -> dict[Hashable, list[dict]]:
        found: dict[Hashable, list[dict]] = {ref: [] for ref in refs}
        if not refs:
            return found
        dropped = self._contradictions(query)
        renderer = Renderer(self, current_budget(), dropped)
        renderer.prepare(query)
        pages = "{!terms f=id}" + ",".join(str(ref) for ref in refs)
        for concepts in concept_nodes(query):
            for index, unit in enumerate(concepts.units):
                gone = dropped.get(id(concepts), set())
                pairs = [(alt, d) for alt, d in zip(unit.typed, unit.typed_details)]
                pairs += [(alt, d) for k, (alt, d) in enumerate(zip(unit.other, unit.other_details)) if (index, k) not in gone]
                scores = []
                for alternative, _ in pairs:
                    renderer.params = {}
                    q = renderer.node(alternative)
                    answer = self.client.select({**renderer.params, "q": q, "fq": [ARTICLES, pages], "rows": len(refs),
                                                 "fl": "id,score"})
                    scores.append({doc[ID_FIELD]: float(doc["score"]) for doc in answer["response"]["docs"]})
                for ref in refs:
                    row = [(at.get(ref, 0.0), detail) for at, (_, detail) in zip(scores, pairs) if at.get(ref, 0.0) > 0]
                    best = max((score for score, _ in row), default=0.0)
                    found[ref] += [{"concept": unit.label, "match": detail, "score": round(score, 3),
                                    "counted": score == best} for score, detail in row]
        return found

    def _contradictions(self, query: plan.Node) -> dict[int, set[tuple[int, int]]]:
        """The dictionary senses the corpus contradicts (see
        :func:`search.backends.whoosh.evaluate.contradicted`), decided with counts."""
        found: dict[int, set[tuple[int, int]]] = {}
        applies = [node for node in concept_nodes(query) if contradiction_applies(node)]
        if not applies:
            return found
        renderer = Renderer(self, current_budget(), {})
        renderer.prepare(query)
        for node in applies:
            found[id(node)] = self._contradicted(node, renderer)
        return found

    def _contradicted(self, q: Concepts, renderer: Renderer) -> set[tuple[int, int]]:
        def matching(alternatives: list[plan.Node]) -> str:
            renderer.params = {}
            return "(" + " ".join(renderer.node(alt) for alt in alternatives) + ")" if alternatives else NOTHING

        def count(q_text: str) -> int:
            return self._count({**renderer.params, "q": q_text})

        dropped: set[tuple[int, int]] = set()
        for index, unit in enumerate(q.units):
            for k in unit.translated:
                others = [j for j, other in enumerate(q.units)
                          if j != index and other.covers.isdisjoint(unit.covers) and (other.typed or other.other)]
                if not others or not all(count(matching(q.units[j].typed + q.units[j].other)) for j in others):
                    continue
                union = " ".join(matching(q.units[j].typed + q.units[j].other) for j in others)
                alternative = matching([unit.other[k]])
                if not count(f"+{alternative} +({union})"):
                    dropped.add((index, k))
        return dropped

    @staticmethod
    def _filters(filters: Filters) -> list[str]:
        out = []
        if filters.lang is not None:
            out.append(f"{{!tag=lang}}{LANG_FIELD}:{escape(filters.lang)}")
        if filters.sections:  # any of them
            quoted = " OR ".join('"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
                                 for name in filters.sections)
            out.append(f"{{!tag=section}}{SECTION_FIELD}:({quoted})")
        dates = filters.dates
        parts = []
        if dates.year == UNDATED:
            parts.append(f"{{!term f={DATE_FIELD} v=''}}")
        elif dates.year is not None:
            parts.append(f"{YEAR_FIELD}:{escape(dates.year)}")
        if dates.start or dates.end:
            parts.append(f'{DATE_FIELD}:["{dates.start or "0000-01-01"}" TO "{dates.end or "9999-12-31"}"]')
        out += ["{!tag=dates}" + part for part in parts]
        return out

    @staticmethod
    def _sort(sort: str, rendered: SolrQuery) -> str:
        if sort == "date":
            return f"{DATE_FIELD} desc,score desc"
        if sort == "oldest":  # an undated article has no month: last (the field sorts missing values last)
            return f"{MONTH_FIELD} asc,{DATE_FIELD} asc,score desc"
        return "$tier desc,score desc" if rendered.tier is not None else "score desc"

    # --- stored articles ------------------------------------------------------------------

    def document(self, doc_id: str) -> dict | None:
        docs = self.client.select({"q": "{!term f=id v=$doc}", "doc": doc_id, "fq": ARTICLES, "rows": 1})
        found = docs["response"]["docs"]
        return _stored(found[0]) if found else None

    def documents_with(self, field: str, term: str, limit: int) -> list[dict]:
        docs = self.client.select({"q": f"{field}:{escape(term)}", "fq": ARTICLES, "rows": limit, "sort": "id asc"})
        return [_stored(doc) for doc in docs["response"]["docs"]]

    def articles_between(self, lang: str, start: str, end: str) -> list[dict]:
        answer = self.client.select({"q": "*:*", "fq": [ARTICLES, f"{LANG_FIELD}:{escape(lang)}",
                                                        f'{DATE_FIELD}:["{start}" TO "{end}"]'],
                                     "rows": MAX_WINDOW, "sort": "id asc"})
        return [_stored(doc) for doc in answer["response"]["docs"]]

    def summary(self) -> dict:
        languages = dict(sorted(self.language_counts().items(), key=lambda kv: -kv[1]))
        undated = self.client.count(f"{{!term f={DATE_FIELD} v=''}}", [ARTICLES])
        first, last = (self.client.select({"q": "*:*", "fq": [ARTICLES, DATED], "rows": 1, "sort": f"{DATE_FIELD} {way}",
                                           "fl": DATE_FIELD})["response"]["docs"] for way in ("asc", "desc"))
        return {"articles": self.articles, "languages": languages, "undated": undated,
                "first_date": first[0][DATE_FIELD] if first else None,
                "last_date": last[0][DATE_FIELD] if last else None}

    def headlines(self, limit: int) -> list[dict]:
        answer = self.client.select({"q": "*:*", "fq": ARTICLES, "rows": limit, "sort": f"{DATE_FIELD} desc,id asc",
                                     "fl": f"{TITLE_FIELD},{ID_FIELD},{LANG_FIELD}"})
        return [{key: doc.get(key, "") for key in (TITLE_FIELD, ID_FIELD, LANG_FIELD)}
                for doc in answer["response"]["docs"]]

    def recent_titles(self, lang: str, limit: int) -> list[str]:
        mine = [ARTICLES, f"{LANG_FIELD}:{escape(lang)}"]
        for filters in ([*mine, DATED], mine):  # the dated ones, or else any
            answer = self.client.select({"q": "*:*", "fq": filters, "rows": limit, "sort": f"{DATE_FIELD} desc,id asc",
                                         "fl": TITLE_FIELD})
            if answer["response"]["docs"]:
                return [doc.get(TITLE_FIELD, "") for doc in answer["response"]["docs"]]
        return []


_NO_FACETS = {"facet_fields": {LANG_FIELD: [], YEAR_FIELD: [], SECTION_FIELD: []}, "facet_pivot": {},
              "facet_queries": {"": 0}}
"""What a request cut short by its time limit counts (Solr leaves the facets out)."""


def _stored(doc: dict) -> dict:
    """An article's stored fields as the embedded index gives them."""
    return {name: value for name, value in doc.items() if name not in HIDDEN}


def _by_count(counts: dict[str, int]) -> dict[str, int]:
    """Non-empty labels, most frequent first (then by name)."""
    return dict(sorted(((name, n) for name, n in counts.items() if name), key=lambda kv: (-kv[1], kv[0])))


def _month_counts(pivot: list[dict]) -> MonthCounts:
    """A ``month,lang`` pivot as ``{month: {lang: n}}`` (undated articles have no month)."""
    return {month["value"]: {lang["value"]: int(lang["count"]) for lang in month.get("pivot", [])}
            for month in pivot if month.get("value")}


def _pairs(flat: list) -> dict[str, int]:
    """Solr's ``[value, count, value, count...]`` facet lists as a dict."""
    return {str(value): int(count) for value, count in zip(flat[::2], flat[1::2])}


def _distance(a: str, b: str, most: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``most + 1`` once it exceeds ``most``."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > most:
            return most + 1
        previous = current
    return previous[-1]

