"""Shared fixtures: the real seeds in a real index in a temp dir, the real CLI and web app."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from contextlib import contextmanager
from typing import Iterator

import pytest
from click.testing import CliRunner
from whoosh.searching import Searcher

from search import Engine
from search.crosslang import lexicon
from search.crosslang.lexicon import default_translator
from search.index.store import open_index
from search.query.bm25 import LanguageBM25F

# The same lexicons on every machine: Debian's optional FreeDict dictionaries are left out of
# the default translator here (tests/test_lexicon_learning.py reads a small dictd file of its own).
lexicon.FREEDICT_DIR = Path("/nonexistent/freedict")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = Path(os.environ.get("SEARCH_TEST_SHARED") or ROOT.parent / "shared")
"""``../shared`` (its corpus); $SEARCH_TEST_SHARED points elsewhere, e.g. from a worktree."""


@pytest.fixture(scope="session")
def seeds_index(tmp_path_factory) -> Path:
    """An index of the five seed articles, built once for the session (read-only for tests)."""
    index_dir = tmp_path_factory.mktemp("seeds-index")
    Engine(index_dir).index(SEEDS)
    return index_dir


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory) -> Path:
    """An index of the shared corpus (~8,000 articles) when it is beside this checkout."""
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip("../shared/corpus is not beside this checkout")
    index_dir = tmp_path_factory.mktemp("shared-corpus-index")
    Engine(index_dir).index(corpus)
    return index_dir


@pytest.fixture(scope="session")
def story_index(tmp_path_factory) -> Path:
    """An index of tests/story.py's corpus: a strike story over 2017-2020 in both languages."""
    from .story import write_story_corpus

    folder = tmp_path_factory.mktemp("story")
    write_story_corpus(folder / "corpus")
    Engine(folder / "index").index(folder / "corpus")
    return folder / "index"


@contextmanager
def open_searcher(index_dir: Path) -> Iterator[Searcher]:
    """A Whoosh searcher of an index, opened as the engine opens one (version checked, our
    BM25F): for tests of the modules that work on a searcher (scoring, related articles)."""
    with open_index(index_dir).searcher(weighting=LanguageBM25F()) as searcher:
        yield searcher


@pytest.fixture()
def seeds_searcher(seeds_index) -> Iterator[Searcher]:
    with open_searcher(seeds_index) as searcher:
        yield searcher


@pytest.fixture(scope="session")
def engine(seeds_index) -> Engine:
    return Engine(seeds_index, translator=default_translator())


@pytest.fixture()
def corpus(tmp_path) -> Path:
    """A writable copy of the seeds."""
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def indexed_engine(folder: Path, articles: dict[str, str], translator=None) -> Engine:
    """An engine over a fresh index (``folder/index``) of the given ``{file name: text}``."""
    corpus = folder / "corpus"
    corpus.mkdir()
    for name, text in articles.items():
        (corpus / name).write_text(text, "utf-8")
    engine = Engine(folder / "index", translator=translator)
    engine.index(corpus)
    return engine


def ids(results) -> list[str]:
    return [hit.id for hit in results.hits]


def pytest_terminal_summary(terminalreporter) -> None:
    """Print what tests recorded as their ``summary`` property (the crash test's kill count),
    without -s."""
    for outcome in ("passed", "failed"):
        for report in terminalreporter.stats.get(outcome, []):
            for name, value in getattr(report, "user_properties", ()):
                if name == "summary" and report.when == "call":
                    terminalreporter.write_line(f"{report.nodeid}: {value}")
