"""Bilingual (English/French) news search: read, detect, analyse, index and search articles.

The public surface is small::

    from pathlib import Path
    from search import Engine
    with Engine(Path("index")) as engine:      # the shipped lexicons: English finds French too
        engine.index(Path("seeds"))
        results = engine.search("demining")  # all five seeds; results.expanded shows déminage
"""

from .engine import Engine
from .errors import (
    IndexDamagedError,
    IndexLockedError,
    IndexNotFoundError,
    IndexVersionError,
    IndexWriteError,
    LexiconError,
    QueryError,
    SearchError,
)
from .index.sync import IndexReport
from .ingest.articles import Article, read_article
from .ingest.language import detect_language
from .results import ArticleView, Counterpart, Hit, IndexStats, Results

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
    "detect_language",
    "read_article",
]
