"""Hostile and unlucky folders, round three (issue 23): feeds that name other files, dates
and characters that no page can show, archives with honest sizes, files that cost minutes,
ignore rules that backtrack, files that change under the indexer, and empty indexes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from search import Engine
from search.cli import EXIT_EMPTY, cli
from search.ingest.ignore import IgnoreFileError
from web.app import create_app

from .conftest import write_files as write

STORY = ("Zebracorn herders met in Lyon on Tuesday to discuss the season. The talks went on late into "
         "the night, and the herders agreed to meet again in the spring to share what they learnt.")




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


# 1. A feed whose content is a file's path.

def rss(*items: str, title: str = "Example News") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{title}</title>'
            + "".join(items) + "</channel></rss>")


def item(guid: str, title: str, text: str, date: str = "Mon, 06 Sep 2021 16:45:00 +0000") -> str:
    return f"<item><guid>{guid}</guid><title>{title}</title><description>{text}</description><pubDate>{date}</pubDate></item>"


def test_a_feed_whose_content_names_a_file_is_not_read_from_that_file(tmp_path):
    outside = write(tmp_path / "outside", {"feed.xml": rss(item("k", "Kumquat vault", "The vault code is kumquat. " + STORY))})
    os.mkfifo(outside / "pipe")
    corpus = write(tmp_path / "corpus", {"a.txt": "Zebracorn news\n\n" + STORY,
                                         "evil.xml": str(outside / "feed.xml"), "evil.rss": str(outside / "pipe"),
                                         "zero.atom": "/dev/zero"})
    done = index_in_child(corpus, tmp_path / "ix")  # a named pipe's path hung the run, /dev/zero ate memory
    assert done.returncode == 3, done.stderr
    for name in ("evil.xml", "evil.rss", "zero.atom"):
        assert f"{name}: XML that is not an RSS or Atom feed" in done.stderr
    engine = Engine(tmp_path / "ix")
    assert engine.search("kumquat").total == 0
    assert engine.stats().articles == 1


# 2. Dates no calendar arithmetic can handle.

def test_feed_dates_in_year_1_and_9999_are_dropped_and_every_page_answers(tmp_path, runner):
    corpus = write(tmp_path / "corpus", {
        "feed.xml": rss(item("first", "Zebracorn herders in Lyon", STORY, "Mon, 01 Jan 0001 00:00:00 +0000"),
                        item("last", "Zebracorn herders agree", STORY[::-1] + " zebracorn", "Fri, 31 Dec 9999 23:59:59 +0000")),
        "dated.txt": "Zebracorn season opens\n\n15 October 2021\n\n" + STORY.replace("Lyon", "Lille"),
    })
    ix = tmp_path / "ix"
    report = Engine(ix).index(corpus)
    assert report.indexed == 3 and not report.skipped
    hits = Engine(ix).search("zebracorn").hits
    assert sorted((hit.id.split("#")[0], hit.date) for hit in hits) == [
        ("dated.txt", "2021-10-15"), ("feed.xml", None), ("feed.xml", None)]
    client = create_app({"INDEX_DIR": ix}).test_client()
    for route in (*ROUTES, *(f"/article/{hit.id.replace('#', '%23')}?q=zebracorn" for hit in hits)):
        assert client.get(route).status_code == 200, route
    queried = runner.invoke(cli, ["query", "zebracorn", "--index", str(ix), "--sort", "date"])
    assert queried.exit_code == 0 and "Traceback" not in queried.output, queried.output


# 3. Text that cannot be encoded.

def test_a_lone_surrogate_is_repaired_when_read_and_every_output_shows_the_article(tmp_path, runner):
    corpus = write(tmp_path / "corpus", {"odd.json": json.dumps({
        "title": "Zebracorn \ud800 herders", "date": "2021-10-15", "source": "Wire\udfff",
        "text": STORY + " Broken \ud800 character and a real pair \ud83d\ude00 here."})})
    ix = tmp_path / "ix"
    assert Engine(ix).index(corpus).indexed == 1
    hit = Engine(ix).search("zebracorn").hits[0]
    assert hit.title == "Zebracorn \ufffd herders" and hit.source == "Wire\ufffd"
    client = create_app({"INDEX_DIR": ix}).test_client()
    for route in ROUTES + ("/article/odd.json",):
        assert client.get(route).status_code == 200, route
    assert "\U0001f600" in client.get("/api/article/odd.json").get_json()["body_html"]
    atom = client.get("/search.atom?q=zebracorn").data
    assert b"&#55296;" not in atom
    ET.fromstring(atom)  # an XML parser reads it
    queried = runner.invoke(cli, ["query", "zebracorn", "--index", str(ix)])
    assert queried.exit_code == 0 and "Zebracorn \ufffd herders" in queried.output, queried.output


# 5. Files that would cost minutes.

def test_a_feed_of_thousands_of_tiny_items_is_read_up_to_its_budget(tmp_path):
    from search.ingest.feeds import MAX_ITEMS

    items = [item(f"g{n}", f"Harbour note {n}", f"The harbour crane {n} was fixed and the dock is open.") for n in range(MAX_ITEMS + 500)]
    corpus = write(tmp_path / "corpus", {"many.rss": rss(*items)})
    report = Engine(tmp_path / "ix").index(corpus)
    assert report.indexed == MAX_ITEMS
    assert [(note.path, note.reason) for note in report.notes] == [
        ("many.rss", f"{MAX_ITEMS + 500} feed items; only the first {MAX_ITEMS} read")]
    assert report.languages == {"en": MAX_ITEMS}  # the short items share one detection of the feed's language


def test_a_page_of_tiny_elements_is_refused_and_a_real_page_of_the_same_size_read(tmp_path):
    from search.ingest.html_pages import MAX_ELEMENTS

    story = "<p>" + STORY + "</p>"
    tiny = "<p>a</p>" * (MAX_ELEMENTS + 1)  # trafilatura's time grows faster than the count
    real = "<p>" + STORY * 3 + "</p>"
    corpus = write(tmp_path / "corpus", {
        "tiny.html": f"<html><body><article><h1>Zebracorn herders</h1>{story}{tiny}</article></body></html>",
        "real.html": f"<html><body><article><h1>Zebracorn news</h1>{real * (len(tiny) // len(real))}</article></body></html>",
    })
    assert abs((corpus / "tiny.html").stat().st_size - (corpus / "real.html").stat().st_size) < 5_000
    report = Engine(tmp_path / "ix").index(corpus)
    assert "more than 40,000; not read (the budget of one file)" in skipped(report)["tiny.html"]
    assert report.indexed == 1


def test_reading_a_file_past_its_time_budget_stops_with_the_reason(tmp_path):
    from search.ingest.articles import ReadError
    from search.ingest.readers import read_articles

    corpus = write(tmp_path / "corpus", {"slow.html": "<html><body><article><p>" + STORY + "</p>"
                                         + "<p>a</p>" * 15_000 + "</article></body></html>"})
    with pytest.raises(ReadError, match="took longer than 0.2 s to read; not read"):
        read_articles(corpus / "slow.html", corpus, seconds=0.2)
    assert "Zebracorn" in read_articles(corpus / "slow.html", corpus)[0].body


# 4. Word files with honest sizes.

def word_file(paragraphs_xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    """A .docx made by python-docx with ``paragraphs_xml`` as its body, and ``extra`` parts."""
    import io
    import re
    import zipfile

    import docx

    document = docx.Document()
    document.add_paragraph("PLACEHOLDER")
    made = io.BytesIO()
    document.save(made)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(made.getvalue())) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = re.sub(rb"<w:p>(?:(?!<w:p>).)*?PLACEHOLDER.*?</w:p>", lambda _: paragraphs_xml, data, flags=re.S)
            copy.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            copy.writestr(name, data, compress_type=zipfile.ZIP_STORED)
    return out.getvalue()


def para(text: str) -> bytes:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode()


def test_word_files_within_size_limits_but_past_the_element_budget_are_refused_quickly(tmp_path):
    from search.ingest.word_files import MAX_MARKUP_TAGS

    empty = word_file(para("Zebracorn herders") + b"<w:p/>" * 2_000_000)  # 12 MB unpacked, under the old 64 MB cap
    assert len(empty) < 200_000
    corpus = write(tmp_path / "corpus", {"empty.docx": empty})
    report = Engine(tmp_path / "ix").index(corpus)
    assert skipped(report)["empty.docx"] == (f"Word document with more than {MAX_MARKUP_TAGS:,} elements; not read "
                                              "(the budget of one file)")


def test_a_word_file_that_understates_its_size_is_measured_while_unpacked(tmp_path):
    import struct

    from search.ingest.word_files import MAX_UNPACKED_BYTES

    honest = word_file(para("Zebracorn herders") + b"<!--" + b" " * (MAX_UNPACKED_BYTES + 1) + b"-->")
    lying = bytearray(honest)
    entries = [at for at in range(len(honest) - 4) if honest.startswith(b"PK\x01\x02", at)]
    for entry in entries:  # the central directory says every part unpacks to 100 bytes
        struct.pack_into("<I", lying, entry + 24, 100)
    assert len(entries) > 5
    corpus = write(tmp_path / "corpus", {"lying.docx": bytes(lying), "honest.docx": honest})
    report = Engine(tmp_path / "ix").index(corpus)
    assert skipped(report)["honest.docx"] == (f"Word document unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MB "
                                               "of text and markup; not read")
    assert skipped(report)["lying.docx"].startswith("not a readable Word .docx document")


def test_a_word_file_with_a_photo_is_read_whole(tmp_path):
    photo = os.urandom(6_300_000)  # a photo does not compress
    corpus = write(tmp_path / "corpus", {"photo.docx": word_file(para("Zebracorn herders in Lyon") + para(STORY),
                                                                 {"word/media/image1.jpeg": photo})})
    assert (corpus / "photo.docx").stat().st_size > 6_000_000
    report = Engine(tmp_path / "ix").index(corpus)
    assert not report.skipped and report.indexed == 1
    assert [hit.id for hit in Engine(tmp_path / "ix").search("zebracorn").hits] == ["photo.docx"]


# 9. Smaller.

def test_a_file_name_with_a_line_break_is_reported_not_indexed_as_an_article_without_a_page(tmp_path):
    corpus = write(tmp_path / "corpus", {"two\nlines.txt": "Zebracorn news\n\n" + STORY, "one.txt": "Other news\n\n" + STORY[::-1],
                                         "fold\ner/in.txt": "Inner news\n\n" + STORY.upper()})
    report = Engine(tmp_path / "ix").index(corpus)
    assert skipped(report) == {"two\nlines.txt": "file name with a line break (rename the file)",
                               "fold\ner": "folder name with a line break (not read)"}
    client = create_app({"INDEX_DIR": tmp_path / "ix"}).test_client()
    for hit in Engine(tmp_path / "ix").search("news").hits:
        assert client.get(f"/article/{hit.id}").status_code == 200


SAVED_PAGE = ("<html><head><title>Zebracorn herders meet in Lyon</title></head><body><nav>Home | World</nav>"
              "<article><h1>Zebracorn herders meet in Lyon</h1><p>" + STORY + "</p><p>" + STORY[::-1] + "</p></article>"
              "<footer>Contact us</footer></body></html>")


@pytest.mark.slow
def test_an_install_with_pythons_own_pip_reads_saved_pages(tmp_path):
    """pip as Python bundles it (23.2 with 3.11) does not install the extra through which
    trafilatura's lxml gets lxml_html_clean: the project names it itself."""
    root = Path(__file__).resolve().parent.parent
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    installed = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(root)],
                               capture_output=True, text=True, timeout=1800)
    assert installed.returncode == 0, installed.stderr
    corpus = write(tmp_path / "corpus", {"page.html": SAVED_PAGE})
    done = subprocess.run([str(venv / "bin" / "search"), "index", "--corpus", str(corpus), "--index", str(tmp_path / "ix"),
                           "--json"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["indexed"] == 1


# 8. Exports share a bounded pool.

def test_exports_beyond_the_pool_are_answered_busy_while_searches_go_on(seeds_index):
    app = create_app({"INDEX_DIR": seeds_index, "EXPORT_WORKERS": 1, "EXPORT_WAITING": 0, "RESULT_CACHE": 0})
    client = app.test_client()
    with app.extensions["exports"].slot():  # another export holds the only slot
        for route in ("/search.csv?q=demining", "/search.json?q=demining"):
            busy = client.get(route)
            assert busy.status_code == 503 and busy.headers["Retry-After"] == "5", route
        assert client.get("/api/search?q=demining").get_json()["total"] == 5
        assert client.get("/search?q=demining").status_code == 200
    assert client.get("/search.csv?q=demining").status_code == 200


def test_an_export_pool_lets_a_few_wait_and_turns_the_rest_away():
    import threading

    from web.exports import ExportPool, ExportsBusy

    pool = ExportPool(workers=1, waiting=1, wait_seconds=30)
    inside, release, order = threading.Event(), threading.Event(), []

    def first() -> None:
        with pool.slot():
            inside.set()
            release.wait(30)
            order.append("first")

    def second() -> None:
        with pool.slot():
            order.append("second")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    threads[0].start()
    assert inside.wait(30)
    threads[1].start()
    for _ in range(1000):  # until the second has been admitted to the queue
        if pool.admitted == 2:
            break
        threading.Event().wait(0.01)
    with pytest.raises(ExportsBusy):
        with pool.slot():
            pass
    release.set()
    for thread in threads:
        thread.join(30)
    assert order == ["first", "second"]
