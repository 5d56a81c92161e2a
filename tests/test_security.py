"""What an attacker (or a careless corpus) could do: symlinks out of the corpus, terminal
escapes in printed text, paths in error pages, and queries or connections that would stall
the server (issue 13)."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from search import Engine, read_article
from search.ingest.articles import ReadError
from search.cli import cli
from search.crosslang.lexicon import default_translator
from search.query.parse import MAX_TERMS, Not, Word, parse
from search.query.budget import MAX_PREFIX_TERMS
from web.app import create_app

from .browser_kit import serving
from .conftest import ids

SECRET = "Zorglub credentials: the vault code is kumquat."


def corpus_with_links(tmp_path: Path) -> Path:
    """A corpus holding a link to a file outside it, and a link to a file inside it."""
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, "utf-8")
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "sub" / "real.txt").write_text("Inside story\n\nThe zebracorn lives inside the corpus folder.", "utf-8")
    (corpus / "passwd.txt").symlink_to("/etc/passwd")
    (corpus / "secret.txt").symlink_to(outside / "secret.txt")
    (corpus / "inside.txt").symlink_to(corpus / "sub" / "real.txt")
    (corpus / "relative.txt").symlink_to(Path("..") / "private" / "secret.txt")
    return corpus


def test_symlinks_out_of_the_corpus_are_neither_indexed_nor_served(tmp_path):
    corpus = corpus_with_links(tmp_path)
    engine = Engine(tmp_path / "ix")
    report = engine.index(corpus)
    skipped = {item.path: item.reason for item in report.skipped}
    for name in ("passwd.txt", "secret.txt", "relative.txt"):
        assert "outside the corpus" in skipped[name], skipped
    assert engine.search("kumquat").total == 0 and engine.search("daemon root").total == 0
    hits = engine.search("zebracorn").hits  # the link and its target have the same text: one result
    assert [(hit.id, hit.duplicates) for hit in hits] == [("inside.txt", ["sub/real.txt"])]
    client = create_app({"INDEX_DIR": tmp_path / "ix"}).test_client()
    for name in ("passwd.txt", "secret.txt"):
        assert client.get(f"/article/{name}").status_code == 404
    assert client.get("/article/inside.txt").status_code == 200


def test_reading_refuses_a_link_out_of_the_corpus(tmp_path):
    """The check is made again when the file is read: a link swapped in after the listing."""
    corpus = corpus_with_links(tmp_path)
    with pytest.raises(ReadError, match="outside the corpus"):
        read_article(corpus / "secret.txt", corpus)
    assert "zebracorn" in read_article(corpus / "inside.txt", corpus).body


ESCAPES = "\x1b[2J\x1b]52;c;cm0gLXJmIH4=\x07\x9b31m"


def test_terminal_escapes_are_never_printed(tmp_path, runner):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / f"evil{ESCAPES}.txt").write_text(f"Evil{ESCAPES} headline about zebracorns\n\n"
                                               f"The zebracorn{ESCAPES} story goes on for a while here.", "utf-8")
    (corpus / f"empty{ESCAPES}.txt").write_text("", "utf-8")
    ix = str(tmp_path / "ix")
    indexed = runner.invoke(cli, ["index", "--corpus", str(corpus), "--index", ix])
    assert indexed.exit_code == 3 and "empty" in indexed.output, indexed.output
    queried = runner.invoke(cli, ["query", "zebracorn", "--index", ix])
    assert queried.exit_code == 0 and "Evil" in queried.output and "zebracorn" in queried.output
    for output in (indexed.output, queried.output):
        assert not any(ch in output for ch in "\x1b\x07\x9b"), repr(output)
    as_json = runner.invoke(cli, ["query", "zebracorn", "--index", ix, "--json"])
    assert "\x1b" not in as_json.output and "\x9b" not in as_json.output
    assert ESCAPES in json.loads(as_json.output)["results"][0]["title"]  # escaped, not lost


def test_unavailable_index_page_does_not_show_where_the_index_is(tmp_path):
    missing = tmp_path / "secret-place" / "ix"
    client = create_app({"INDEX_DIR": missing}).test_client()
    for path in ("/", "/search?q=demining", "/api/search?q=demining", "/healthz"):
        response = client.get(path)
        body = response.get_data(as_text=True)
        assert response.status_code == 503 and "not available" in body, path
        assert "secret-place" not in body and str(tmp_path) not in body, path


def test_a_query_searches_at_most_max_terms_words(engine):
    filler = " ".join(f"filler{i}" for i in range(MAX_TERMS))
    results = engine.search(f"{filler} Chesnel", translate=False)
    assert results.total == 0 and any(f"first {MAX_TERMS} words" in note for note in results.notes)
    assert engine.search(f"{' '.join(f'filler{i}' for i in range(MAX_TERMS - 1))} Chesnel", translate=False).total == 1


def test_negations_cancel_out_instead_of_nesting():
    assert parse("NOT NOT demining").root == Word("demining")
    assert parse(" ".join(["NOT"] * 241) + " demining").root == Not(Word("demining"))


def test_a_prefix_expands_to_its_most_frequent_words_only(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    count = MAX_PREFIX_TERMS + 40
    for n in range(count):
        (corpus / f"a{n:04d}.txt").write_text(f"Story {n}\n\nToday the word zq{n:04d}x appears in this story.", "utf-8")
    engine = Engine(tmp_path / "ix")
    engine.index(corpus, workers=1)
    results = engine.search("zq*", translate=False)
    assert results.total == MAX_PREFIX_TERMS
    assert any("most frequent" in note and f"{count}" in note for note in results.notes), results.notes


def test_a_query_past_its_time_budget_answers_with_a_note(seeds_index):
    engine = Engine(seeds_index, query_seconds=0.0)
    results = engine.search("demining", translate=False)
    assert results.total == 0 and any("too costly" in note for note in results.notes)
    unhurried = Engine(seeds_index).search("demining", translate=False)
    assert unhurried.total == 4 and unhurried.notes == []


class _HeldTranslator:
    """The real translator, except that the thread named ``hold`` waits at its first use."""

    def __init__(self):
        self.real = default_translator()
        self.entered = threading.Event()
        self.release = threading.Event()
        self.hold: int | None = None

    def __getattr__(self, name):
        if threading.get_ident() == self.hold and not self.release.is_set():
            self.entered.set()
            self.release.wait(60)
        return getattr(self.real, name)


def test_one_slow_search_does_not_hold_up_the_others(seeds_index):
    translator = _HeldTranslator()
    engine = Engine(seeds_index, translator=translator)
    slow_done: list = []

    def slow() -> None:
        translator.hold = threading.get_ident()
        slow_done.append(engine.search("demining").total)

    fast_done: list = []
    slow_thread = threading.Thread(target=slow, daemon=True)
    slow_thread.start()
    try:
        assert translator.entered.wait(30), "the slow search never reached the translator"
        fast = threading.Thread(target=lambda: fast_done.append(ids(engine.search("Chesnel", translate=False))),
                                daemon=True)
        fast.start()
        fast.join(30)
        assert fast_done == [["003_a636edbbe810d867.txt"]], "a search waited for another one to finish"
    finally:
        translator.release.set()
        slow_thread.join(30)
    assert slow_done == [5]


@pytest.mark.slow
def test_idle_connections_do_not_block_the_server(seeds_index):
    idle: list[socket.socket] = []
    with serving(seeds_index) as base:
        try:
            for _ in range(150):
                idle.append(socket.create_connection(("127.0.0.1", urlsplit(base).port), timeout=5))
            time.sleep(0.5)  # let the server accept them all
            with urllib.request.urlopen(base + "/api/search?q=demining", timeout=15) as response:
                assert json.loads(response.read())["total"] == 5
        finally:
            for sock in idle:
                sock.close()


def test_serve_exposes_connection_limits_and_timeouts(runner):
    help_text = runner.invoke(cli, ["serve", "--help"]).output
    for option in ("--connection-limit", "--channel-timeout", "--threads", "--query-time"):
        assert option in help_text
    bad = runner.invoke(cli, ["serve", "--connection-limit", "0"])
    assert bad.exit_code == 2 and "--connection-limit" in bad.output
