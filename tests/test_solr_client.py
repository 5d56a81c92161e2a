"""The Solr client without a cluster: pre-analysed fields, collection URLs, credentials."""

from __future__ import annotations

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator

import pytest

from search.analysis.analyzers import analyzer_for, cognate_analyzer, index_terms
from search.backends.solr.client import PASSWORD_VARIABLE, USER_VARIABLE, SolrClient, analysed_field
from search.errors import BackendError, BackendUnavailableError, SearchError

from .solr_kit import launcher


def test_french_text_becomes_our_terms_with_offsets_and_positions():
    text = "L'armée et les déminages"
    field = json.loads(analysed_field(analyzer_for("fr"), text))
    assert field == {"v": "1", "tokens": [{"t": "arme", "s": 2, "e": 7}, {"t": "deminag", "s": 15, "e": 24}]}
    assert [text[t["s"]:t["e"]] for t in field["tokens"]] == ["armée", "déminages"]


def test_terms_take_the_positions_of_the_whoosh_index():
    """Term n at position n, stop words taking none (a phrase matches across them), exactly as
    the Whoosh backend files a document's terms."""
    text = "The end of the war"
    field = json.loads(analysed_field(analyzer_for("en"), text))
    assert field["tokens"] == [{"t": "end", "s": 4, "e": 7}, {"t": "war", "s": 15, "e": 18}]
    own_terms, cognates = index_terms(text, "en")  # what the Whoosh writer files, term n at position n
    assert [t["t"] for t in field["tokens"]] == own_terms
    assert [t["t"] for t in json.loads(analysed_field(cognate_analyzer(), text))["tokens"]] == cognates


def test_cognate_field_holds_language_blind_prefixes():
    field = json.loads(analysed_field(cognate_analyzer(), "Azerbaïdjan's territoire"))
    assert [t["t"] for t in field["tokens"]] == ["azerb", "terri"]


def test_collection_url_must_name_a_collection():
    for url in ("ftp://h:1/solr/news", "http://127.0.0.1:8983/news/", "http://:8983/solr/news",
                "http://u:secret@127.0.0.1:notaport/solr/news"):
        with pytest.raises(BackendError) as err:
            SolrClient(url)
        assert "expected http(s)://" in str(err.value)
        assert "secret" not in str(err.value)


def test_str_shows_the_collection_url_without_credentials():
    client = SolrClient("http://alice:s3cr%40t@127.0.0.1:8983/solr/news")
    assert str(client) == "SolrClient(http://127.0.0.1:8983/solr/news)"
    assert "s3cr" not in repr(client) and "alice" not in repr(client)
    assert client.collection == "news"


class _Recorder(BaseHTTPRequestHandler):
    """A server that refuses every request with 401 and remembers the Authorization header."""

    seen: list[str | None] = []

    def do_GET(self) -> None:
        type(self).seen.append(self.headers.get("Authorization"))
        body = b'{"error":{"msg":"require authentication","code":401}}'
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def refusing_server() -> Iterator[str]:
    _Recorder.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def test_credentials_in_the_url_are_sent_and_never_shown(refusing_server):
    client = SolrClient(f"http://alice:s3cr%40t@{refusing_server}/solr/news", environ={})
    with pytest.raises(BackendError) as err:
        client.exists()
    assert _Recorder.seen[-1] == _basic("alice", "s3cr@t")
    assert "refused the credentials (HTTP 401)" in str(err.value)
    assert f"http://{refusing_server}/solr/news" in str(err.value)
    assert "s3cr" not in str(err.value) and "alice" not in str(err.value)


def test_credentials_from_the_environment(refusing_server):
    env = {USER_VARIABLE: "bob", PASSWORD_VARIABLE: "hunter2"}
    client = SolrClient(f"http://{refusing_server}/solr/news", environ=env)
    with pytest.raises(BackendError) as err:
        client.select({"q": "*:*"})
    assert _Recorder.seen[-1] == _basic("bob", "hunter2")
    assert "hunter2" not in str(err.value) and "hunter2" not in str(client)


def test_nothing_listening_is_one_line_without_credentials():
    port = launcher.free_port()
    client = SolrClient(f"http://carol:pa55word@127.0.0.1:{port}/solr/news", environ={})
    with pytest.raises(BackendUnavailableError) as err:
        client.exists()
    message = str(err.value)
    assert isinstance(err.value, SearchError)
    assert message == (f"Solr does not answer at http://127.0.0.1:{port}/solr/news "
                       "(1 node(s) tried: connection refused or reset)")
    assert "pa55word" not in message and "\n" not in message
