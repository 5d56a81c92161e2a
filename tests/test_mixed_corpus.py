"""A real-life news folder through the real CLI and web app: saved pages in English and French,
an RSS and an Atom feed, a PDF, a README, a .searchignore and duplicates."""

import json
from pathlib import Path
from urllib.parse import quote

import pytest

from search.cli import cli
from web.app import create_app

from .test_pages_and_feeds import ATOM, ENGLISH_PAGE, FRENCH_PAGE, JSON_LD_PAGE, MENU_PAGE, RSS

FILES = {
    "web/floods.html": ENGLISH_PAGE,
    "web/copy-of-floods.html": ENGLISH_PAGE,
    "web/fr/greve.htm": FRENCH_PAGE,
    "web/storm.html": JSON_LD_PAGE,
    "web/sections.html": MENU_PAGE,
    "feeds/world.rss": RSS,
    "feeds/fil.atom": ATOM,
    "README.md": "# My news\n\nPages saved from the web and feed exports about floods, storms and strikes.\n",
    "drafts/floods-notes.txt": "Notes about the floods, not an article.",
    ".searchignore": "# work in progress\ndrafts/\n",
}
EXPECTED = {  # query → (title, date, url) of the one article it should find
    "\"ring road\"": ("Floods close the ring road after a night of record rain", "2023-11-04",
                  "https://daily.example/news/2023/floods-ring-road"),
    "contrôleurs": ("Grève des contrôleurs : le trafic très perturbé", "2020-02-03", None),
    "\"fallen trees\"": ("Storm cuts power to thousands on the coast", "2023-03-04", "https://herald.example/storm"),
    "ceasefire": ("Ceasefire agreed after talks in Geneva", "2023-03-07", "https://news.example/ceasefire"),
    "inflation": ("Central bank holds rates", "2023-03-08", "https://news.example/rates"),
    "retraites": ("Le Parlement adopte la réforme des retraites", "2023-05-02", "https://fil.example/retraites"),
}


@pytest.fixture()
def folder(tmp_path) -> Path:
    corpus = tmp_path / "news"
    for name, text in FILES.items():
        path = corpus / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    (corpus / "scans").mkdir()
    (corpus / "scans" / "report.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(200))
    return corpus


def run(runner, *args):
    return runner.invoke(cli, list(args), env={}, catch_exceptions=False)


def test_every_article_is_found_and_the_report_says_what_was_left_out(runner, folder, tmp_path):
    ix = str(tmp_path / "ix")
    result = run(runner, "index", "--corpus", str(folder), "--index", ix, "--json")
    assert result.exit_code == 3, result.output  # the menu page was skipped
    report = json.loads(result.output)
    assert report["indexed"] == 6 and sum(report["languages"].values()) == 6
    assert report["languages"] == {"en": 4, "fr": 2}
    assert report["skipped"] == [{"path": "web/sections.html",
                                  "reason": "web page without article text (only navigation, links or boilerplate)"}]
    excluded = {item["path"]: item["reason"] for item in report["excluded"]}
    assert set(excluded) == {"README.md", "drafts/"}
    assert excluded["drafts/"] == ".searchignore pattern 'drafts/'" and "README" in excluded["README.md"]
    assert [(i["extension"], i["files"]) for i in report["ignored"]] == [(".pdf", 1)]
    assert "PDF documents are not read" in report["ignored"][0]["reason"]
    assert report["duplicates"] == [{"path": "web/floods.html", "copy_of": "web/copy-of-floods.html"}]

    for query, (title, date, url) in EXPECTED.items():
        out = json.loads(run(runner, "query", query, "--index", ix, "--json", "--no-translate").output)
        assert out["total"] == 1, (query, out)
        hit = out["results"][0]
        assert (hit["title"], hit["date"], hit["url"]) == (title, date, url)
    floods = json.loads(run(runner, "query", "rainfall", "--index", ix, "--json").output)["results"]
    assert [h["duplicates"] for h in floods] == [["web/floods.html"]]
    assert "same text in: web/floods.html" in run(runner, "query", "rainfall", "--index", ix).output

    again = json.loads(run(runner, "index", "--corpus", str(folder), "--index", ix, "--json").output)
    assert (again["indexed"], again["updated"], again["deleted"], again["unchanged"]) == (0, 0, 0, 6)


def test_feed_items_removed_from_the_file_leave_the_index(runner, folder, tmp_path):
    ix = str(tmp_path / "ix")
    run(runner, "index", "--corpus", str(folder), "--index", ix, "--json")
    head, *items = RSS.split("<item>")
    (folder / "feeds" / "world.rss").write_text(head + "<item>" + items[1] + "</channel></rss>", "utf-8")
    report = json.loads(run(runner, "index", "--corpus", str(folder), "--index", ix, "--json").output)
    assert (report["indexed"], report["updated"], report["deleted"]) == (0, 1, 1)
    assert json.loads(run(runner, "query", "ceasefire", "--index", ix, "--json", "--no-translate").output)["total"] == 0
    assert json.loads(run(runner, "query", "inflation", "--index", ix, "--json", "--no-translate").output)["total"] == 1
    (folder / "feeds" / "world.rss").unlink()
    report = json.loads(run(runner, "index", "--corpus", str(folder), "--index", ix, "--json").output)
    assert report["deleted"] == 1
    assert json.loads(run(runner, "query", "inflation", "--index", ix, "--json", "--no-translate").output)["total"] == 0


def test_article_pages_of_a_feed_item_and_of_duplicates(runner, folder, tmp_path):
    ix = tmp_path / "ix"
    run(runner, "index", "--corpus", str(folder), "--index", str(ix))
    client = create_app({"INDEX_DIR": ix}).test_client()
    results = client.get("/api/search?q=retraites").get_json()["results"]
    item_id = results[0]["id"]
    assert item_id.startswith("feeds/fil.atom#")
    page = client.get("/search?q=retraites").get_data(as_text=True)
    assert f'href="/article/{quote(item_id)}?' in page
    article = client.get(f"/article/{quote(item_id)}")
    assert article.status_code == 200
    assert "Le Parlement a définitivement adopté" in article.get_data(as_text=True)
    floods = client.get("/article/web/copy-of-floods.html").get_data(as_text=True)
    assert "Same text also in" in floods and "<code>web/floods.html</code>" in floods


def test_readable_report_names_what_was_left_out(runner, folder, tmp_path):
    result = run(runner, "index", "--corpus", str(folder), "--index", str(tmp_path / "ix"))
    assert result.exit_code == 3
    assert "Ignored (format not read): 1 .pdf" in result.output
    assert "Excluded 2 file(s) or folder(s):" in result.output and "drafts/: .searchignore pattern 'drafts/'" in result.output
    assert "Duplicates: 1 file(s)" in result.output
    assert "web/sections.html: web page without article text" in result.output


def test_feed_items_after_a_lost_manifest(runner, folder, tmp_path):
    """Without the manifest the index's own records say which file each item came from."""
    ix = tmp_path / "ix"
    run(runner, "index", "--corpus", str(folder), "--index", str(ix), "--json")
    (ix / "manifest.json").unlink()
    again = json.loads(run(runner, "index", "--corpus", str(folder), "--index", str(ix), "--json").output)
    assert (again["indexed"], again["updated"], again["deleted"], again["unchanged"]) == (0, 0, 0, 6)
    head, *items = RSS.split("<item>")
    (folder / "feeds" / "world.rss").write_text(head + "<item>" + items[1] + "</channel></rss>", "utf-8")
    (ix / "manifest.json").unlink()
    report = json.loads(run(runner, "index", "--corpus", str(folder), "--index", str(ix), "--json").output)
    assert (report["updated"], report["deleted"]) == (1, 1)
    assert json.loads(run(runner, "query", "ceasefire", "--index", str(ix), "--json", "--no-translate").output)["total"] == 0


def test_a_feed_items_source_file_is_its_feed(runner, folder, tmp_path):
    from search import Engine

    run(runner, "index", "--corpus", str(folder), "--index", str(tmp_path / "ix"))
    engine = Engine(tmp_path / "ix")
    item = engine.search("retraites").hits[0].id
    assert engine.source_path(item, folder) == (folder / "feeds" / "fil.atom").resolve()
