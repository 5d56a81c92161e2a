"""Bilingual (English/French) news search: read, detect, analyse, index and search articles.

The public surface is small::

    from search import Engine, detect_language
    engine = Engine(Path("index"))
    engine.index(Path("seeds"))
    results = engine.search("demining")
"""

from .engine import Engine
from .errors import (
    IndexLockedError,
    IndexNotFoundError,
    IndexVersionError,
    IndexWriteError,
    QueryError,
    SearchError,
)
from .index.sync import IndexReport
from .ingest.articles import Article, read_article
from .ingest.language import detect_language
from .results import ArticleView, Hit, Results

__all__ = [
    "Article",
    "ArticleView",
    "Engine",
    "Hit",
    "IndexLockedError",
    "IndexNotFoundError",
    "IndexReport",
    "IndexVersionError",
    "IndexWriteError",
    "QueryError",
    "Results",
    "SearchError",
    "detect_language",
    "read_article",
]
