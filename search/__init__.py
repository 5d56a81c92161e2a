"""Bilingual (English/French) news search: read, detect, analyse, index and search articles.

The public surface is small::

    from pathlib import Path
    from search import Engine
    with Engine(Path("index")) as engine:      # the shipped lexicons: English finds French too
        engine.index(Path("seeds"))
        results = engine.search("demining")  # all five seeds; results.expanded shows déminage
"""

from typing import TYPE_CHECKING

from .errors import (
    IndexDamagedError,
    IndexLockedError,
    IndexNotFoundError,
    IndexVersionError,
    IndexWriteError,
    LexiconError,
    QueryError,
    SearchError,
    WhooshVersionError,
)

if TYPE_CHECKING:
    from .engine import Engine
    from .backends.report import IndexReport
    from .ingest.articles import Article, read_article
    from .ingest.language import detect_language
    from .results import ArticleView, Counterpart, Hit, IndexStats, Results

_LAZY = {
    "Engine": "engine",
    "IndexReport": "backends.report",
    "Article": "ingest.articles",
    "read_article": "ingest.articles",
    "detect_language": "ingest.language",
    "ArticleView": "results",
    "Counterpart": "results",
    "Hit": "results",
    "IndexStats": "results",
    "Results": "results",
}
"""Names imported on first use, so that ``python -m search`` and the ``search`` command can
report a Whoosh they cannot work with (:class:`WhooshVersionError`, raised when
:mod:`search.backends.whoosh.whoosh_format` is imported) in one line instead of a traceback."""


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'search' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "Article",
    "ArticleView",
    "Counterpart",
    "Engine",
    "Hit",
    "IndexDamagedError",
    "IndexLockedError",
    "IndexNotFoundError",
    "IndexStats",
    "IndexReport",
    "IndexVersionError",
    "IndexWriteError",
    "LexiconError",
    "QueryError",
    "Results",
    "SearchError",
    "WhooshVersionError",
    "detect_language",
    "read_article",
]
