"""Hostile and unlucky folders, round three (issue 23): feeds that name other files, dates
and characters that no page can show, archives with honest sizes, files that cost minutes,
ignore rules that backtrack, files that change under the indexer, and empty indexes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from search import Engine
from search.cli import EXIT_EMPTY, cli
from search.ingest.ignore import IgnoreFileError
from web.app import create_app

STORY = ("Zebracorn herders met in Lyon on Tuesday to discuss the season. The talks went on late into "
         "the night, and the herders agreed to meet again in the spring to share what they learnt.")


def write(folder: Path, files: dict[str, str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8")
    return folder


def skipped(report) -> dict[str, str]:
    return {item.path: item.reason for item in report.skipped}


ROUTES = ("/", "/search?q=zebracorn", "/api/search?q=zebracorn", "/search.atom?q=zebracorn",
          "/search.csv?q=zebracorn", "/search.json?q=zebracorn", "/healthz")


# 7. Files that change type during a run; empty indexes.

def test_a_file_replaced_by_a_folder_during_a_run_is_skipped_and_the_rest_indexed(tmp_path):
    corpus = write(tmp_path / "corpus", {"a.txt": "Zebracorn news\n\n" + STORY, "b.txt": "Other news\n\n" + STORY[::-1]})

    def swap(done: int, total: int) -> None:  # called once the folder is listed, before any file is read
        if done == 0 and (corpus / "b.txt").is_file():
            (corpus / "b.txt").unlink()
            (corpus / "b.txt").mkdir()

    report = Engine(tmp_path / "ix").index(corpus, progress=swap)
    assert "became a folder" in skipped(report)["b.txt"]
    assert report.indexed == 1
    assert [hit.id for hit in Engine(tmp_path / "ix").search("zebracorn").hits] == ["a.txt"]


@pytest.mark.parametrize("files", [
    {},
    {"photo.txt": b"\x89PNG\r\n\x1a\n" + bytes(100), "empty.md": ""},
    {".searchignore": "*\n", "a.txt": "Zebracorn news\n\n" + STORY},
], ids=["empty folder", "only unreadable files", "searchignore of *"])
def test_a_corpus_without_articles_gives_a_valid_empty_index(tmp_path, runner, files):
    corpus = write(tmp_path / "corpus", files)
    ix = tmp_path / "ix"
    indexed = runner.invoke(cli, ["index", "--corpus", str(corpus), "--index", str(ix)])
    assert indexed.exit_code == EXIT_EMPTY, indexed.output
    assert "No articles found" in indexed.output and "Traceback" not in indexed.output
    queried = runner.invoke(cli, ["query", "zebracorn", "--index", str(ix), "--json"])
    assert queried.exit_code == 0, queried.output
    assert json.loads(queried.output)["total"] == 0
    client = create_app({"INDEX_DIR": ix}).test_client()
    for route in ROUTES:
        assert client.get(route).status_code == 200, route


def test_a_server_keeps_serving_after_a_rebuild_from_an_empty_folder(tmp_path, runner):
    corpus = write(tmp_path / "corpus", {"a.txt": "Zebracorn news\n\n" + STORY})
    ix = tmp_path / "ix"
    assert runner.invoke(cli, ["index", "--corpus", str(corpus), "--index", str(ix)]).exit_code == 0
    client = create_app({"INDEX_DIR": ix, "RESULT_CACHE": 0}).test_client()
    assert client.get("/api/search?q=zebracorn").get_json()["total"] == 1
    shutil.rmtree(corpus)
    corpus.mkdir()
    rebuilt = runner.invoke(cli, ["index", "--corpus", str(corpus), "--index", str(ix), "--rebuild"])
    assert rebuilt.exit_code == EXIT_EMPTY, rebuilt.output
    for route in ROUTES:
        assert client.get(route).status_code == 200, route
    assert client.get("/api/search?q=zebracorn").get_json()["total"] == 0
    assert client.get("/healthz").get_json()["articles"] == 0


# 6. Ignore rules.

def index_in_child(corpus: Path, ix: Path) -> subprocess.CompletedProcess:
    """``search index`` in a child process, ended after a minute: a run that would hang fails
    the test instead of stalling the suite."""
    return subprocess.run([sys.executable, "-m", "search", "index", "--corpus", str(corpus), "--index", str(ix)],
                          capture_output=True, text=True, timeout=HANG_SECONDS)


HANG_SECONDS = 60


def test_a_backtracking_ignore_pattern_costs_no_time(tmp_path):
    storm = "*a" * 30 + "*b"  # Python's re tries every split of the name between the stars
    corpus = write(tmp_path / "corpus", {".searchignore": storm + "\n", "a" * 120 + ".txt": "Zebracorn news\n\n" + STORY,
                                         "keep.txt": "Kept news\n\n" + STORY, "aaab": "not read"})
    done = index_in_child(corpus, tmp_path / "ix")
    assert done.returncode == 0, done.stderr
    assert "0 unchanged" in done.stdout
    assert [hit.id for hit in Engine(tmp_path / "ix").search("zebracorn").hits] == ["a" * 120 + ".txt", "keep.txt"]


def test_an_ignore_file_that_is_a_named_pipe_is_refused_without_hanging(tmp_path):
    corpus = write(tmp_path / "corpus", {"a.txt": "Zebracorn news\n\n" + STORY})
    os.mkfifo(corpus / ".searchignore")
    done = index_in_child(corpus, tmp_path / "ix")
    assert done.returncode == 1 and ".searchignore" in done.stderr and "regular file" in done.stderr, done.stderr


def test_an_ignore_file_linked_from_outside_the_corpus_is_not_followed(tmp_path):
    (tmp_path / "rules").write_text("*.txt\n", "utf-8")
    corpus = write(tmp_path / "corpus", {"a.txt": "Zebracorn news\n\n" + STORY})
    (corpus / ".searchignore").symlink_to(tmp_path / "rules")
    with pytest.raises(IgnoreFileError, match="outside the corpus"):
        Engine(tmp_path / "ix").index(corpus)


def test_a_folder_taken_back_with_a_bang_pattern_is_read_as_git_does(tmp_path):
    corpus = write(tmp_path / "corpus", {".searchignore": "*\n!*/\n!*.txt\n", "top.txt": "Top news\n\n" + STORY,
                                         "sub/deep/inner.txt": "Zebracorn news\n\n" + STORY[::-1],
                                         "sub/notes.md": "Zebracorn notes\n\n" + STORY.upper()})
    report = Engine(tmp_path / "ix").index(corpus)
    assert report.indexed == 2
    assert {item.path: item.reason for item in report.excluded} == {"sub/notes.md": ".searchignore pattern '*'"}
