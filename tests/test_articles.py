from pathlib import Path

import pytest

from search import read_article
from search.ingest.articles import ReadError
from search.ingest.dates import parse_date

from .conftest import SEEDS, SHARED


def seed(name: str):
    return read_article(SEEDS / name, SEEDS)


@pytest.mark.parametrize(
    "name,date",
    [
        ("000_0de74260d14e4d44.txt", "2021-10-16"),
        ("001_26554f6b1925bc7b.txt", "2021-09-21"),
        ("002_39f319f506cc0c9d.txt", "2022-07-15"),
        ("003_a636edbbe810d867.txt", "2021-10-15"),
        ("004_128485efda7c98c2.txt", "2021-11-12"),
    ],
)
def test_seed_dates(name, date):
    assert seed(name).date == date


def test_seed_titles_sources_and_urls():
    a001 = seed("001_26554f6b1925bc7b.txt")
    assert a001.title.lower() == "azerbaijan, france consider signing mine clearance accord"
    assert a001.source == "AzerNews"
    assert a001.url == "https://www.azernews.az/nation/183519.html"
    a003 = seed("003_a636edbbe810d867.txt")
    assert a003.title.startswith("La Commission nationale française pour l'élimination des mines antipersonnel")
    assert a003.source == "Lagazette"
    assert seed("002_39f319f506cc0c9d.txt").source == "Azernews"


def test_page_furniture_stays_out_of_the_body():
    a003 = seed("003_a636edbbe810d867.txt")
    assert a003.title not in a003.body  # repeated three times in the file
    assert "Loading" not in a003.body and "Voir Plus" not in a003.body
    assert not a003.body.lstrip().startswith("15 Octobre")
    a001 = seed("001_26554f6b1925bc7b.txt")
    assert "Kaynak" not in a001.body and "---" not in a001.body and "azernews.az" not in a001.body
    assert a001.body.startswith("The head of Azerbaijan's Mine Action Agency")


@pytest.mark.parametrize(
    "text,iso",
    [
        ("date 2021-10-16 BAKU", "2021-10-16"),
        ("21.09.2021", "2021-09-21"),
        ("AzerNews (21 September 2021)", "2021-09-21"),
        ("15 Octobre 2021 17:52 (UTC+01:00)", "2021-10-15"),
        ("le 1er février 2020", "2020-02-01"),
        ("September 8, 2021", "2021-09-08"),
        ("Oct. 16, 2021", "2021-10-16"),
        ("31.02.2021 then 2021-03-01", "2021-03-01"),
        ("no date here", None),
    ],
)
def test_dates_in_both_languages(text, iso):
    assert parse_date(text) == iso


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_latin1_and_utf16_are_decoded_with_a_note(tmp_path):
    latin = read_article(write(tmp_path, "l.txt", "Un été à Paris\n\nIl a fait très chaud cet été.".encode("latin-1")), tmp_path)
    assert "été" in latin.body and any("UTF-8" in n for n in latin.notes)
    utf16 = read_article(write(tmp_path, "u.txt", "Titre ici\n\nUn été chaud.".encode("utf-16")), tmp_path)
    assert utf16.title == "Titre ici" and "été" in utf16.body


def test_utf8_bom_is_tolerated(tmp_path):
    article = read_article(write(tmp_path, "b.txt", "\ufeffHeadline here\n\nBody text.".encode("utf-8")), tmp_path)
    assert article.title == "Headline here" and article.notes == []


@pytest.mark.parametrize(
    "name,data,reason",
    [
        ("png.txt", b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG"),
        ("empty.txt", b"", "no text"),
        ("blank.txt", b"  \n\n \t\n", "no text"),
        ("bad.json", b'{"title": "x", ', "malformed JSON"),
        ("notext.json", b'{"title": "Only a title"}', "no text"),
        ("list.json", b"[1, 2]", "object"),
    ],
)
def test_unreadable_files_say_why(tmp_path, name, data, reason):
    with pytest.raises(ReadError, match=reason):
        read_article(write(tmp_path, name, data), tmp_path)


def test_json_article_fields(tmp_path):
    path = write(
        tmp_path,
        "a.json",
        '{"title": "Sécurité routière", "date": "2020-06-15", "heading": "Baisse des morts.",'
        ' "article": "Le nombre a baissé.Cette baisse concerne les automobilistes.",'
        ' "url": "javascript:alert(1)", "source": "Orange"}'.encode(),
    )
    article = read_article(path, tmp_path)
    assert (article.title, article.date, article.source) == ("Sécurité routière", "2020-06-15", "Orange")
    assert article.body.startswith("Baisse des morts.") and "baissé. Cette" in article.body
    assert article.url is None  # only http(s) links are kept


def test_huge_file_is_capped_with_a_note(tmp_path):
    from search.ingest.articles import MAX_BYTES

    path = write(tmp_path, "huge.txt", b"Big story\n\n" + b"word " * (MAX_BYTES // 5 + 1000))
    article = read_article(path, tmp_path)
    assert len(article.body) <= MAX_BYTES and any("only the first" in n for n in article.notes)


SEED_003_HEADLINE = ("La Commission nationale française pour l'élimination des mines antipersonnel exprime sa volonté "
                     "de fournir l'assistance nécessaire dans le cadre du déminage des territoires azerbaïdjanais libérés")


def test_whole_headline_is_kept():
    assert seed("003_a636edbbe810d867.txt").title == SEED_003_HEADLINE  # 195 characters (was cut at 140)


def test_venue_and_dateline_lines_are_not_sources(tmp_path):
    fixture = "Leeds v Saracens (Fri)\n\nHeadingley\n\nFriday, 25 February\n\n2000 GMT\n"
    article = read_article(write(tmp_path, "324.txt", fixture.encode()), tmp_path)
    assert article.title == "Leeds v Saracens (Fri)" and article.source is None
    assert "Headingley" in article.body
    dateline = "Paris, 15 octobre 2021\n\nLe gouvernement a présenté mercredi son projet de budget pour l'année prochaine.\n"
    assert read_article(write(tmp_path, "d.txt", dateline.encode()), tmp_path).source is None


def test_shared_corpus_venue_line_is_not_a_source():
    path = SHARED / "corpus" / "en" / "bbc" / "sport" / "324.txt"
    if not path.is_file():
        pytest.skip("../shared/corpus is not beside this checkout")
    assert read_article(path, SHARED / "corpus").source is None


def test_markdown_escapes_and_glued_sentences_are_repaired(tmp_path):
    body = seed("001_26554f6b1925bc7b.txt").body
    assert "\\$" not in body and "$472,752" in body
    text = "Titre\n\nLe texte a été confirmé à l'AFP.Chez les voisins, rien.Le site www.Example.fr reste ouvert.\n"
    article = read_article(write(tmp_path, "g.txt", text.encode()), tmp_path)
    assert "l'AFP. Chez les voisins, rien. Le site www.Example.fr reste" in article.body


@pytest.mark.parametrize(
    "line,source",
    [
        ("Source: AFP", "AFP"),
        ("Kaynak/Source: AzerNews", "AzerNews"),
        ("Source : Le Monde", "Le Monde"),
        ("Source: a government official", None),
        ("Source: https://example.com/x", None),
        ("Kaynak/Source:", None),
    ],
)
def test_source_line(tmp_path, line, source):
    text = f"Harbour strike ends\n\nDock workers returned to work on Monday after a two-week strike.\n\n{line}\n"
    article = read_article(write(tmp_path, "s.txt", text.encode()), tmp_path)
    assert article.source == source
    if source:
        assert "Source" not in article.body  # the line is metadata, not text
