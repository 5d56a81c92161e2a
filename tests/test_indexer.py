"""Incremental indexing: new, changed, deleted, unchanged, skipped; version checks."""

import json
import os
import threading

import pytest
from whoosh import index as whoosh_index

from search import Engine, IndexVersionError
from search.analysis.analyzers import ANALYSIS_VERSION
from search.cli import cli
from search.backends.whoosh.store import META_FILE

from .conftest import SEEDS


def test_second_run_reports_everything_unchanged(tmp_path, corpus, new_index):
    engine = Engine(new_index)
    first = engine.index(corpus)
    assert (first.indexed, first.unchanged) == (5, 0)
    assert first.languages == {"en": 4, "fr": 1}
    second = engine.index(corpus)
    assert (second.indexed, second.updated, second.deleted, second.unchanged) == (0, 0, 0, 5)


def test_edit_add_delete_are_reflected(tmp_path, corpus, new_index):
    engine = Engine(new_index)
    engine.index(corpus)
    edited = corpus / "000_0de74260d14e4d44.txt"
    edited.write_text(edited.read_text("utf-8") + "\nA zebracorn was seen near Baku.\n", "utf-8")
    (corpus / "sub").mkdir()
    new = (SEEDS / "003_a636edbbe810d867.txt").read_text("utf-8") + "\nUne mise à jour.\n"
    (corpus / "sub" / "copy.txt").write_text(new, "utf-8")  # not the same text: an article of its own
    (corpus / "004_128485efda7c98c2.txt").unlink()
    report = engine.index(corpus)
    assert (report.indexed, report.updated, report.deleted, report.unchanged) == (1, 1, 1, 3)
    assert [h.id for h in engine.search("zebracorn").hits] == ["000_0de74260d14e4d44.txt"]
    assert engine.search("Bayramov").total == 0
    assert "sub/copy.txt" in [h.id for h in engine.search("Chesnel").hits]


def test_touched_but_identical_file_is_unchanged(tmp_path, corpus, new_index):
    engine = Engine(new_index)
    engine.index(corpus)
    os.utime(corpus / "001_26554f6b1925bc7b.txt", (1, 1))
    assert engine.index(corpus).unchanged == 5


def test_rebuild_starts_afresh(tmp_path, corpus, new_index):
    engine = Engine(new_index)
    engine.index(corpus)
    report = engine.index(corpus, rebuild=True)
    assert report.indexed == 5 and report.unchanged == 0 and engine.stats().articles == 5


def test_lost_manifest_falls_back_to_hashes(tmp_path, corpus):
    engine = Engine(tmp_path / "ix")
    engine.index(corpus)
    (tmp_path / "ix" / "manifest.json").unlink()
    assert engine.index(corpus).unchanged == 5


def test_index_of_other_analysis_rules_is_refused_until_rebuilt(tmp_path, corpus):
    engine = Engine(tmp_path / "ix")
    engine.index(corpus)
    meta = tmp_path / "ix" / META_FILE
    meta.write_text(json.dumps({"format": "bilingual-news-search", "analysis_version": 0}))
    with pytest.raises(IndexVersionError, match="--rebuild"):
        engine.index(corpus)
    with pytest.raises(IndexVersionError):
        Engine(tmp_path / "ix").search("demining")
    assert engine.index(corpus, rebuild=True).indexed == 5


def test_index_pickling_analyzers_from_a_former_module_path_asks_for_a_rebuild(tmp_path, corpus, runner):
    """An index written before the analyzer classes moved (its schema pickles a module path
    that no longer exists): a one-line message naming `--rebuild`, not a traceback, and the
    rebuild replaces it."""
    engine = Engine(tmp_path / "ix")
    engine.index(corpus)
    folder = tmp_path / "ix"
    for toc in folder.glob("_MAIN_*.toc"):  # same length, so the pickle stays well formed
        toc.write_bytes(toc.read_bytes().replace(b"search.analysis.analyzers", b"search.analysis.nosuchmod"))
    (folder / META_FILE).write_text(json.dumps({"format": "bilingual-news-search",
                                                "analysis_version": ANALYSIS_VERSION - 1}))
    with pytest.raises(ModuleNotFoundError):  # what opening it without the version check does
        whoosh_index.open_dir(str(folder))

    with pytest.raises(IndexVersionError, match="--rebuild"):
        Engine(folder).search("demining")
    with pytest.raises(IndexVersionError, match="--rebuild"):
        Engine(folder).index(corpus)
    result = runner.invoke(cli, ["query", "demining", "--index", str(folder)], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "run `search index --rebuild`" in result.output
    result = runner.invoke(cli, ["index", "--rebuild", "--corpus", str(corpus), "--index", str(folder)],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert Engine(folder).search("Chesnel").total == 1


def test_bad_files_are_reported_and_good_ones_indexed(tmp_path, corpus):
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (corpus / "broken.json").write_text("{nope")
    (corpus / "latin1.txt").write_bytes("Un été à Lyon\n\nIl a fait très chaud cet été.".encode("latin-1"))
    (corpus / "deutsch.txt").write_text("Die Stadt Baku liegt am Kaspischen Meer und ist die Hauptstadt des Landes.")
    (corpus / "loop.txt").symlink_to(corpus / "loop.txt")
    (corpus / "notes.csv").write_text("ignored,file")
    os.mkfifo(corpus / "pipe.txt")  # reading it would block forever
    (corpus / "blank.txt").write_text("   \n\t\n")
    (corpus / "notext.json").write_text('{"title": "Only a title"}')
    (corpus / "invalid.txt").write_bytes(b"Broken bytes \xff\xfe\x81 in a story about Baku and the Caspian Sea.")
    (corpus / "utf16.txt").write_bytes("Un hiver à Bakou\n\nLa neige est tombée sur Bakou cet hiver.".encode("utf-16"))
    (corpus / "sub dir é").mkdir()
    (corpus / "sub dir é" / "été à Paris.txt").write_text("Canicule à Paris\n\nUne vague de chaleur touche Paris.")
    with open(corpus / "huge.txt", "wb") as fh:  # 50 MB: capped, not loaded whole
        fh.write(b"Huge story\n\n")
        fh.write(b"flamingo words repeated " * (50 * 1024 * 1024 // 24))
    report = Engine(tmp_path / "ix").index(corpus)
    skipped = {s.path: s.reason for s in report.skipped}
    assert set(skipped) == {"empty.txt", "image.txt", "broken.json", "loop.txt", "pipe.txt", "blank.txt",
                            "notext.json"}
    assert "PNG" in skipped["image.txt"] and "loop" in skipped["loop.txt"] and "no text" in skipped["notext.json"]
    notes = {n.path: n.reason for n in report.notes}
    assert "cp1252" in notes["latin1.txt"] and "'de'" in notes["deutsch.txt"]
    assert "not valid UTF-8" in notes["invalid.txt"] and "UTF-16" in notes["utf16.txt"]
    assert "only the first 5 MB" in notes["huge.txt"]
    assert report.indexed == 11 and report.languages == {"de": 1, "en": 6, "fr": 4}
    engine = Engine(tmp_path / "ix")
    assert [h.id for h in engine.search("Canicule").hits] == ["sub dir é/été à Paris.txt"]
    assert [h.id for h in engine.search("neige").hits] == ["utf16.txt"]
    assert engine.search("flamingo").hits[0].id == "huge.txt"
    assert "latin1.txt" in [h.id for h in engine.search("été").hits]
    assert [h.id for h in engine.search("Hauptstadt").hits] == ["deutsch.txt"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_is_reported(tmp_path, corpus):
    locked = corpus / "locked.txt"
    locked.write_text("Secret story\n\nNobody may read this.")
    locked.chmod(0)
    report = Engine(tmp_path / "ix").index(corpus)
    assert [(s.path, s.reason.split(":")[0]) for s in report.skipped] == [("locked.txt", "cannot read")]
    assert report.indexed == 5


def test_long_runs_commit_in_steps_and_stay_consistent(tmp_path, corpus, monkeypatch):
    from search.backends.whoosh import sync as indexer
    from search.backends.whoosh.sync import sync
    from search.backends.whoosh.store import open_index

    monkeypatch.setattr(indexer, "MIN_BATCH", 2)
    monkeypatch.setattr(indexer, "MAX_BATCH", 2)
    report = sync(corpus, tmp_path / "ix", commit_every=2)
    assert report.indexed == 5 and report.languages == {"en": 4, "fr": 1}
    with open_index(tmp_path / "ix").reader() as reader:
        assert len(reader.leaf_readers()) == 3  # batches of 2, 2 and 1, each committed
    engine = Engine(tmp_path / "ix")
    assert engine.stats().articles == 5 and engine.search("Chesnel").total == 1
    assert sync(corpus, tmp_path / "ix", commit_every=2).unchanged == 5


def test_file_names_that_are_not_utf8_are_skipped_with_the_reason(tmp_path, corpus):
    bad = os.fsencode(corpus) + b"/caf\xe9-latin1.txt"
    with open(bad, "wb") as fh:
        fh.write(b"A story saved under a Latin-1 name, about zebracorns in Baku.")
    os.mkdir(os.fsencode(corpus) + b"/dossier-\xe9t\xe9")
    report = Engine(tmp_path / "ix").index(corpus)
    skipped = {item.path: item.reason for item in report.skipped}
    assert skipped == {"caf\\xe9-latin1.txt": "file name is not valid UTF-8 (rename the file)",
                       "dossier-\\xe9t\\xe9": "folder name is not valid UTF-8 (not read)"}
    assert report.indexed == 5 and json.dumps(report.to_dict())


def test_a_fifo_is_refused_without_blocking(tmp_path):
    """A named pipe swapped in for an article after the folder was listed: reading it must
    not wait for a writer that never comes (the run holds the index lock meanwhile)."""
    from search import read_article
    from search.ingest.articles import ReadError

    fifo = tmp_path / "story.txt"
    os.mkfifo(fifo)
    outcome: list = []

    def read() -> None:
        try:
            read_article(fifo, tmp_path)
        except ReadError as exc:
            outcome.append(str(exc))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(20)
    if reader.is_alive():  # unblock the stuck open() so the thread can end
        with open(fifo, "wb"):
            pass
    assert outcome and "not a regular file" in outcome[0]


def test_the_manifest_keeps_its_format_and_a_malformed_one_is_rebuilt_from_the_index(tmp_path, corpus):
    index = tmp_path / "ix"
    Engine(index).index(corpus)
    data = json.loads((index / "manifest.json").read_text("utf-8"))
    entry = data["files"]["000_0de74260d14e4d44.txt"]
    assert [type(value) for value in entry] == [int, int, str, list] and entry[3] == [["", entry[3][0][1], None]]
    data["files"]["000_0de74260d14e4d44.txt"] = [1, 2]  # not [size, mtime, sha, articles]
    (index / "manifest.json").write_text(json.dumps(data), "utf-8")
    report = Engine(index).index(corpus)
    assert (report.indexed, report.updated, report.deleted, report.unchanged) == (0, 0, 0, 5)
    again = Engine(index).index(corpus)
    assert again.unchanged == 5 and json.loads((index / "manifest.json").read_text("utf-8"))["files"] != data["files"]
