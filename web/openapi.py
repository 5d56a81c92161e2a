"""The API's description of itself: an OpenAPI 3.1 document served at /api/openapi.json.

Written by hand beside the routes it describes; the values a parameter takes come from the
engine's own lists, and tests/test_openapi.py validates real responses against the schemas
here, so that the document cannot drift from what the API answers."""

from __future__ import annotations

from search.query.facets import UNDATED
from search.query.run import MAX_LIMIT, MAX_PAGE, MAX_QUERY_CHARS, MAX_SECTIONS, SORTS

from .params import PAGE_ONLY

VERSION = "1.0"

_NULLABLE_STRING = {"type": ["string", "null"]}
_COUNTS = {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}


def _param(name: str, description: str, schema: dict, required: bool = False, where: str = "query") -> dict:
    return {"name": name, "in": where, "required": required, "description": description, "schema": schema}


SEARCH_PARAMETERS = [
    _param("q", "The words to search for (query syntax in the README); none gives no results.",
           {"type": "string", "maxLength": MAX_QUERY_CHARS}),
    _param("lang", "Only articles in this language: a two-letter ISO 639-1 code (any case) of a language the "
           "index holds articles in; any other value is a 400.", {"type": "string", "pattern": "^[A-Za-z]{2}$"}),
    _param("page", "Page of results.", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}),
    _param("limit", "Results per page.", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 10}),
    _param("sort", "relevance (best first), date (newest first) or oldest (oldest first, undated last).",
           {"type": "string", "enum": list(SORTS), "default": "relevance"}),
    _param("year", f"Only articles of this year, or `{UNDATED}` for those without a date.",
           {"type": "string", "pattern": f"^(\\d{{4}}|{UNDATED})$"}),
    _param("from", "First day kept (inclusive): 2021, 2021-10, 2021-10-15, 15/10/2021, 10/2021, October 2021, "
           "octobre 2021.", {"type": "string"}),
    _param("to", "Last day kept (inclusive), in the same forms; a month or a year keeps it to its last day.",
           {"type": "string"}),
    {**_param("section", "Only articles of this section (the file's, else its folder's name); repeat it for "
              "articles of any of several: section=business&section=sport.",
              {"type": "array", "items": {"type": "string"}, "maxItems": MAX_SECTIONS}), "explode": True},
    _param("xlang", "false or 0 to search only the words typed, not their translations.",
           {"type": "string", "enum": ["0", "1", "true", "false", "TRUE", "FALSE", "True", "False"]}),
    _param("explain", "1 or true: say for each result what matched each concept of the query.",
           {"type": "string", "enum": ["0", "1", "true", "false"]}),
]

SCHEMAS: dict = {
    "Error": {
        "type": "object", "required": ["error", "status"],
        "properties": {"error": {"type": "string", "description": "Starts with the parameter's name when one is bad."},
                       "status": {"type": "integer"}},
    },
    "Counterpart": {
        "type": ["object", "null"], "required": ["id", "title", "lang"],
        "properties": {"id": {"type": "string"}, "title": {"type": "string"}, "lang": {"type": "string"}},
    },
    "Explanation": {
        "type": "object", "required": ["concept", "match", "score", "counted"],
        "properties": {"concept": {"type": "string"}, "match": {"type": "string"},
                       "score": {"type": "number"}, "counted": {"type": "boolean"}},
    },
    "Hit": {
        "type": "object",
        "required": ["id", "title", "lang", "date", "source", "url", "section", "score", "snippet", "snippet_text",
                     "title_html", "counterpart", "duplicates"],
        "properties": {
            "id": {"type": "string", "description": "The article file's path in the corpus."},
            "title": {"type": "string"},
            "title_html": {"type": "string", "description": "The title, escaped, with <mark> around matched words."},
            "lang": {"type": "string"},
            "date": {"type": ["string", "null"], "format": "date"},
            "source": _NULLABLE_STRING,
            "url": _NULLABLE_STRING,
            "section": {**_NULLABLE_STRING, "description": "The file's section, else its folder's name."},
            "score": {"type": ["number", "null"], "description": "null when sorted by date."},
            "snippet": {"type": "string", "description": "HTML: the text escaped, with <mark> around matched words."},
            "snippet_text": {"type": "string", "description": "The same snippet as plain text."},
            "counterpart": {"$ref": "#/components/schemas/Counterpart"},
            "duplicates": {"type": "array", "items": {"type": "string"}},
            "explanation": {"type": "array", "items": {"$ref": "#/components/schemas/Explanation"}},
            "reasons": {"type": "array", "description": "With explain: the translations and near spellings that "
                        "counted (what the results page shows as 'feu ← fire').",
                        "items": {"type": "object", "required": ["typed", "found", "kind"],
                                  "properties": {"typed": {"type": "string"}, "found": {"type": "string"},
                                                 "kind": {"type": "string", "enum": ["translation", "cognate"]}}}},
        },
    },
    "Period": {
        "type": "object", "required": ["period", "from", "to", "counts", "collection"],
        "properties": {"period": {"type": "string", "pattern": "^\\d{4}(-\\d{2})?$"},
                       "from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"},
                       "counts": {**_COUNTS, "description": "Matches per language."},
                       "collection": {**_COUNTS, "description": "The collection's articles per language in the "
                                      "period, matching or not (for shares)."}},
    },
    "Timeline": {
        "type": ["object", "null"], "required": ["unit", "languages", "periods", "zoomed", "wider"],
        "properties": {
            "unit": {"type": "string", "enum": ["month", "year"]},
            "languages": {"type": "array", "items": {"type": "string"}},
            "zoomed": {"type": "boolean", "description": "True when a date filter chose the range shown."},
            "wider": {"type": ["object", "null"], "description": "The range to zoom out to (null: every date).",
                      "properties": {"from": {"type": "string"}, "to": {"type": "string"}}},
            "periods": {"type": "array", "items": {"$ref": "#/components/schemas/Period"}},
        },
    },
    "Results": {
        "type": "object",
        "required": ["query", "total", "page", "limit", "pages", "results", "facets", "suggestion", "expanded",
                     "notes", "lang", "sort", "year", "from", "to", "translate", "section", "partial", "timeline"],
        "properties": {
            "query": {"type": "string"},
            "total": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "limit": {"type": "integer", "minimum": 1},
            "pages": {"type": "integer", "minimum": 1},
            "results": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
            "facets": {"type": "object", "properties": {"lang": _COUNTS, "year": _COUNTS, "section": _COUNTS}},
            "suggestion": _NULLABLE_STRING,
            "expanded": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
            "notes": {"type": "array", "items": {"type": "string"}},
            "lang": _NULLABLE_STRING,
            "sort": {"type": "string", "enum": list(SORTS)},
            "year": _NULLABLE_STRING,
            "from": _NULLABLE_STRING,
            "to": _NULLABLE_STRING,
            "translate": {"type": "boolean"},
            "section": {"type": "array", "items": {"type": "string"}, "description": "The sections chosen."},
            "partial": {"type": "integer", "minimum": 0,
                        "description": "Sorted by date: the matches left out because they hold only some of the "
                                       "query's words (or their translations), where the listed ones hold them all. "
                                       "Sorted by relevance they follow those, and this is 0."},
            "timeline": {"$ref": "#/components/schemas/Timeline"},
        },
    },
    "Article": {
        "type": "object",
        "required": ["id", "title", "title_html", "body_html", "paragraphs_html", "lang", "date", "source", "url",
                     "counterpart", "related", "duplicates", "source_url"],
        "properties": {
            "id": {"type": "string"}, "title": {"type": "string"}, "title_html": {"type": "string"},
            "body_html": {"type": "string"},
            "paragraphs_html": {"type": "array", "items": {"type": "string"}},
            "lang": {"type": "string"}, "date": {"type": ["string", "null"], "format": "date"},
            "source": _NULLABLE_STRING, "url": _NULLABLE_STRING,
            "counterpart": {"$ref": "#/components/schemas/Counterpart"},
            "related": {"type": "array", "items": {
                "type": "object", "required": ["id", "title", "lang", "date"],
                "properties": {"id": {"type": "string"}, "title": {"type": "string"}, "lang": {"type": "string"},
                               "date": {"type": ["string", "null"]}}}},
            "duplicates": {"type": "array", "items": {"type": "string"}},
            "source_url": {**_NULLABLE_STRING, "description": "The source file as plain text, when served."},
        },
    },
    "Health": {
        "type": "object", "required": ["status", "articles", "languages"],
        "properties": {"status": {"type": "string", "enum": ["ok"]}, "articles": {"type": "integer"},
                       "languages": _COUNTS},
    },
    "Completions": {
        "type": "object", "required": ["query", "suggestions"],
        "properties": {"query": {"type": "string"}, "suggestions": {"type": "array", "items": {
            "type": "object", "required": ["kind", "text", "href"],
            "properties": {"kind": {"type": "string", "enum": ["query", "article"]}, "text": {"type": "string"},
                           "href": {"type": "string"}, "id": {"type": "string"}, "lang": {"type": "string"}}}}},
    },
    "Index": {
        "type": "object", "required": ["name", "version", "openapi", "endpoints"],
        "properties": {"name": {"type": "string"}, "version": {"type": "string"}, "openapi": {"type": "string"},
                       "endpoints": {"type": "object", "additionalProperties": {"type": "string"}}},
    },
}


def _json(schema: str, description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}


_ERROR = _json("Error", "A bad parameter (the message starts with its name).")
_UNAVAILABLE = _json("Error", "No index to read right now (being built or replaced).")
_PAGE_ERROR = {"description": "A bad parameter: an error page saying which.",
               "content": {"text/html": {"schema": {"type": "string"}}}}


def document() -> dict:
    """The OpenAPI document of the JSON API, the feed and the exports."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Bilingual news search", "version": VERSION,
                 "description": "Search English and French news articles; an English query also finds French "
                                "articles on the same subject, and the other way round. The web pages take the "
                                f"same parameters (and {', '.join(PAGE_ONLY)}) leniently; this API is strict."},
        "paths": {
            "/api/search": {"get": {
                "summary": "Ranked results with facets and a timeline",
                "parameters": SEARCH_PARAMETERS,
                "responses": {"200": _json("Results", "A page of results."), "400": _ERROR, "503": _UNAVAILABLE}}},
            "/api/article/{id}": {"get": {
                "summary": "One article with its counterpart and related articles",
                "parameters": [_param("id", "The article's id (its path in the corpus).", {"type": "string"},
                                      required=True, where="path"),
                               _param("q", "Words to mark in the text.", {"type": "string"})],
                "responses": {"200": _json("Article", "The article."),
                              "404": _json("Error", "No article with this id.")}}},
            "/search.json": {"get": {
                "summary": "The whole result list as one JSON file (every result on one page)",
                "parameters": [p for p in SEARCH_PARAMETERS if p["name"] not in ("page", "limit", "explain")],
                "responses": {"200": _json("Results", "Every result, with snippets."), "400": _ERROR}}},
            "/search.csv": {"get": {
                "summary": "The whole result list as CSV (UTF-8 with a byte-order mark)",
                "parameters": [p for p in SEARCH_PARAMETERS if p["name"] not in ("page", "limit", "explain")],
                "responses": {"200": {"description": "Columns rank, title, date, lang, section, source, url, snippet, link, id.",
                                      "content": {"text/csv": {"schema": {"type": "string"}}}},
                              "400": _PAGE_ERROR}}},
            "/search.atom": {"get": {
                "summary": "The 50 newest results as an Atom feed",
                "parameters": [p for p in SEARCH_PARAMETERS if p["name"] not in ("page", "limit", "explain", "sort")],
                "responses": {"200": {"description": "An Atom 1.0 feed.",
                                      "content": {"application/atom+xml": {"schema": {"type": "string"}}}},
                              "400": _PAGE_ERROR}}},
            "/api/complete": {"get": {
                "summary": "Suggestions as a query is typed: words of the headlines, then headlines",
                "parameters": [_param("q", "The query as typed so far.", {"type": "string"})],
                "responses": {"200": _json("Completions", "Up to five queries and three articles.")}}},
            "/healthz": {"get": {"summary": "Whether an index is served, and what it holds",
                                 "responses": {"200": _json("Health", "The index is readable."),
                                               "503": _UNAVAILABLE}}},
            "/api": {"get": {"summary": "What this API offers (also at /api/)",
                             "responses": {"200": _json("Index", "The endpoints and this document's address.")}}},
            "/api/openapi.json": {"get": {"summary": "This document",
                                          "responses": {"200": {"description": "OpenAPI 3.1",
                                                                "content": {"application/json": {}}}}}},
        },
        "components": {"schemas": SCHEMAS},
    }


def index() -> dict:
    """The answer of /api and /api/: the endpoints in a sentence each, and where this document is."""
    paths = document()["paths"]
    return {"name": "Bilingual news search API", "version": VERSION, "openapi": "/api/openapi.json",
            "endpoints": {path: operation["get"]["summary"] for path, operation in paths.items()}}
