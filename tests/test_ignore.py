"""Files that are not articles: default exclusions, .searchignore, --exclude, unread formats."""


import pytest

from search import Engine
from search.ingest.ignore import CorpusRules, IgnoreFileError

from .conftest import write_files as make

STORY = "Harbour strike ends\n\nDock workers returned to work on Monday after a two-week strike over pay and hours.\n"




@pytest.mark.parametrize("name", ["README.md", "readme", "README.TXT", "LICENSE.txt", "Licence", "PROVENANCE.md",
                                  "CHANGELOG.rst", "copying", "sub/README.md"])
def test_well_known_non_article_names_are_excluded_by_default(name):
    reason = CorpusRules().excluded(name)
    assert reason is not None and "left out by default" in reason


@pytest.mark.parametrize("name", ["readme-notes.txt", "licensed-to-kill.txt", "news/provenance_of_art.md"])
def test_names_that_only_start_alike_are_articles(name):
    assert CorpusRules().excluded(name) is None


def test_searchignore_and_exclude_patterns(tmp_path):
    (tmp_path / ".searchignore").write_text("# drafts are not news\ndrafts/\n*.bak.txt\n!README.md\n", "utf-8")
    rules = CorpusRules.load(tmp_path, ["private/*.json"])
    assert rules.excluded("drafts", is_dir=True) == ".searchignore pattern 'drafts/'"
    assert rules.excluded("a/b/old.bak.txt") == ".searchignore pattern '*.bak.txt'"
    assert rules.excluded("private/x.json") == "--exclude 'private/*.json'"
    assert rules.excluded("private/x.txt") is None
    assert rules.excluded("README.md") is None  # re-included by the user
    assert rules.excluded("LICENSE") == ("not an article: LICENSE files are left out by default "
                                         "(re-include with '!LICENSE' in .searchignore)")


def test_unreadable_searchignore_is_a_clear_error(tmp_path):
    (tmp_path / ".searchignore").write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(IgnoreFileError, match=r"\.searchignore: not UTF-8"):
        CorpusRules.load(tmp_path)


def test_index_reports_excluded_and_ignored_files_and_indexes_only_articles(tmp_path):
    corpus = make(tmp_path / "corpus", {
        "news/strike.txt": STORY,
        "README.md": "# My news folder\n\nArticles saved from the web about the harbour strike.\n",
        "LICENSE.txt": "Permission is granted to read these articles about the strike.",
        "drafts/notes.txt": "Strike notes, not an article.",
        "scans/a.pdf": b"%PDF-1.4\n" + bytes(100),
        "scans/b.pdf": b"%PDF-1.4\n" + bytes(100),
        "letters/c.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
        "photo.jpg": b"\xff\xd8\xff" + bytes(100),
        ".searchignore": "drafts/\n",
    })
    engine = Engine(tmp_path / "ix")
    report = engine.index(corpus, excludes=("photo.*",))
    assert report.indexed == 1 and report.skipped == []
    excluded = {item.path: item.reason for item in report.excluded}
    assert set(excluded) == {"README.md", "LICENSE.txt", "drafts/", "photo.jpg"}
    assert excluded["drafts/"] == ".searchignore pattern 'drafts/'" and excluded["photo.jpg"] == "--exclude 'photo.*'"
    ignored = {item.extension: item for item in report.ignored}
    assert set(ignored) == {".pdf", ".doc"} and ignored[".pdf"].files == 2 and ignored[".doc"].files == 1
    assert "PDF documents are not read" in ignored[".pdf"].reason
    assert [hit.id for hit in engine.search("strike").hits] == ["news/strike.txt"]


def test_excluding_an_indexed_file_removes_it(tmp_path):
    corpus = make(tmp_path / "corpus", {"a.txt": STORY, "old/b.txt": STORY.replace("Harbour", "Airport")})
    engine = Engine(tmp_path / "ix")
    engine.index(corpus)
    assert engine.search("strike").total == 2
    report = engine.index(corpus, excludes=("old/",))
    assert report.deleted == 1 and [h.id for h in engine.search("strike").hits] == ["a.txt"]


def test_names_that_are_not_utf8_are_reported_printably(tmp_path, runner):
    import json
    import os

    from search.cli import cli

    corpus = make(tmp_path / "corpus", {"a.txt": STORY})
    for name in (b"caf\xe9.bak", b"scan.p\xe9f"):
        with open(os.path.join(os.fsencode(corpus), name), "wb") as fh:
            fh.write(b"x")
    result = runner.invoke(cli, ["index", "--corpus", str(corpus), "--index", str(tmp_path / "ix"), "--json",
                                 "--exclude", "*.bak"], env={})
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["excluded"] == [{"path": "caf\\xe9.bak", "reason": "--exclude '*.bak'"}]
    assert [item["extension"] for item in report["ignored"]] == [".p\\xe9f"]
