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
from search.backends.whoosh.store import open_index
from search.backends.whoosh.bm25 import LanguageBM25F
from tests.solr_kit import SolrCluster, cluster_fixture

# The same lexicons on every machine: Debian's optional FreeDict dictionaries are left out of
# the default translator here (tests/test_lexicon_learning.py reads a small dictd file of its own).
lexicon.FREEDICT_DIR = Path("/nonexistent/freedict")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = Path(os.environ.get("SEARCH_TEST_SHARED") or ROOT.parent / "shared")
"""``../shared`` (its corpus); $SEARCH_TEST_SHARED points elsewhere, e.g. from a worktree."""


@pytest.fixture(scope="session")
def solr_cluster() -> Iterator[SolrCluster]:
    """The local SolrCloud (2 nodes, one process each): the one ``make test`` started, or one
    started for this session and stopped after it (see tests/solr_kit.py)."""
    yield from cluster_fixture()


BACKENDS = ("whoosh", pytest.param("solr", marks=pytest.mark.solr))
"""The backends behaviour tests run on: the embedded index and the local SolrCloud."""


def drop_collection(url: str) -> None:
    from search.backends.solr.client import SolrClient

    with SolrClient(url) as client:
        client.delete_collection()


@pytest.fixture(scope="session", params=BACKENDS)
def seeds_location(request, tmp_path_factory) -> Iterator[Path | str]:
    """An index of the five seeds on each backend (a folder, or a 2x2 collection), built once
    per session and read-only for tests."""
    if request.param == "whoosh":
        yield request.getfixturevalue("seeds_index")
        return
    url = request.getfixturevalue("solr_cluster").new_collection_url("seeds")
    Engine(url).index(SEEDS)
    yield url
    drop_collection(url)


@pytest.fixture(params=BACKENDS)
def new_index(request, tmp_path) -> Iterator[Path | str]:
    """Where a test builds its own index, on each backend: a folder that does not exist yet, or
    the URL of a collection that does not (deleted after the test)."""
    if request.param == "whoosh":
        yield tmp_path / "index"
        return
    url = request.getfixturevalue("solr_cluster").new_collection_url()
    yield url
    drop_collection(url)


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


@pytest.fixture(scope="session", params=BACKENDS)
def story_location(request) -> Iterator[Path | str]:
    """tests/story.py's corpus indexed on each backend (read-only for tests)."""
    if request.param == "whoosh":
        yield request.getfixturevalue("story_index")
        return
    from .story import write_story_corpus

    folder = request.getfixturevalue("tmp_path_factory").mktemp("story-solr")
    write_story_corpus(folder / "corpus")
    url = request.getfixturevalue("solr_cluster").new_collection_url("story")
    Engine(url).index(folder / "corpus")
    yield url
    drop_collection(url)


@pytest.fixture(scope="module", params=BACKENDS)
def module_index(request, tmp_path_factory) -> Iterator[Path | str]:
    """Where a test module builds its own index, on each backend (see :func:`new_index`)."""
    if request.param == "whoosh":
        yield tmp_path_factory.mktemp("module") / "index"
        return
    url = request.getfixturevalue("solr_cluster").new_collection_url()
    yield url
    drop_collection(url)


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
def engine(seeds_location) -> Engine:
    """An engine over the seeds, on each backend."""
    return Engine(seeds_location, translator=default_translator())


@pytest.fixture()
def corpus(tmp_path) -> Path:
    """A writable copy of the seeds."""
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def indexed_engine(folder: Path, articles: dict[str, str], translator=None, index: Path | str | None = None) -> Engine:
    """An engine over a fresh index (``index``, by default ``folder/index``) of the given
    ``{file name: text}``."""
    corpus = folder / "corpus"
    corpus.mkdir()
    for name, text in articles.items():
        (corpus / name).write_text(text, "utf-8")
    engine = Engine(index if index is not None else folder / "index", translator=translator)
    engine.index(corpus)
    return engine


def write_files(folder: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``{relative path: text or bytes}`` under ``folder`` (made as needed); returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8")
    return folder


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
