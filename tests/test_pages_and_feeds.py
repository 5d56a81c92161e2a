"""Saved web pages and feeds, read through the public reader on pages and feeds the tests write."""

from pathlib import Path

import pytest

from search.ingest.articles import ReadError
from search.ingest.readers import read_articles

NAV = """<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>"""
FOOTER = """<footer><p>© 2023 The Daily Example. All rights reserved.</p><ul><li><a href="/privacy">Privacy policy</a></li>
<li><a href="/cookies">Cookie settings</a></li><li><a href="/contact">Contact us</a></li></ul></footer>"""
COOKIES = """<div class="cookie-banner" id="cookie-consent">We use cookies to improve your experience.
<button>Accept all cookies</button></div>"""

ENGLISH_PAGE = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Floods close the ring road | The Daily Example</title>
<meta property="og:site_name" content="The Daily Example">
<meta property="og:title" content="Floods close the ring road after a night of record rain">
<link rel="canonical" href="https://daily.example/news/2023/floods-ring-road">
<meta property="article:published_time" content="2023-11-04T08:15:00+00:00">
</head><body>{COOKIES}{NAV}
<main><article><h1>Floods close the ring road after a night of record rain</h1>
<p>Record rainfall overnight flooded the northern ring road, forcing the police to close it in both directions
before dawn and diverting thousands of commuters through the city centre.</p>
<p>The weather service said more rain had fallen in twelve hours than in the whole of October, and warned that
rivers upstream were still rising on Saturday morning.</p>
<aside><h3>Related stories</h3><ul><li><a href="/a">Storm damage costs insurers millions</a></li>
<li><a href="/b">How to claim for a flooded car</a></li></ul></aside></article></main>
{FOOTER}</body></html>"""

FRENCH_PAGE = f"""<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Grève des contrôleurs : le trafic très perturbé</title></head><body>{NAV}
<div class="contenu"><h1>Grève des contrôleurs : le trafic très perturbé</h1>
<p class="date">Publié le 3 février 2020 à 10h12</p>
<p>Le trafic ferroviaire est fortement perturbé ce lundi en raison d'un mouvement de grève des contrôleurs,
a annoncé la direction de la compagnie dans un communiqué publié dimanche soir.</p>
<p>Les voyageurs sont invités à reporter leurs déplacements. Les syndicats réclament une hausse des salaires et de
meilleures conditions de travail pour les agents des trains régionaux.</p></div>
<footer><a href="/mentions">Mentions légales</a> <a href="/cookies">Gestion des cookies</a> © 2020 Le Quotidien</footer>
</body></html>"""

JSON_LD_PAGE = """<!DOCTYPE html><html lang="en"><head>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Storm cuts power to thousands on the coast", "datePublished": "2023-03-04T06:00:00Z",
 "author": {"@type": "Person", "name": "Jane Doe"},
 "publisher": {"@type": "Organization", "name": "Coast Herald"}}</script>
<meta property="og:url" content="https://herald.example/storm"></head><body>
<main><h2>Storm cuts power to thousands on the coast</h2>
<p>A powerful storm hit the northern coast overnight, cutting power to thousands of homes and forcing the
closure of several roads, officials said on Saturday morning.</p>
<p>Emergency crews worked through the night to clear fallen trees from the main coast road.</p></main></body></html>"""

MENU_PAGE = f"""<!DOCTYPE html><html><head><title>Sections</title></head><body>{NAV}
<ul><li><a href="/a">Politics</a></li><li><a href="/b">Economy</a></li><li><a href="/c">Culture</a></li></ul>
{FOOTER}</body></html>"""

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example World News</title><link>https://news.example/</link>
<description>World news</description>
<item><title>Ceasefire agreed after talks in Geneva</title><link>https://news.example/ceasefire</link>
<guid>https://news.example/ceasefire</guid><pubDate>Tue, 07 Mar 2023 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Negotiators agreed a ceasefire after three days of talks in Geneva, diplomats said.&lt;/p&gt;
&lt;p&gt;The truce starts at midnight.&lt;/p&gt;</description></item>
<item><title>Central bank holds rates</title><link>https://news.example/rates</link>
<guid isPermaLink="false">rates-2023-03-08</guid><pubDate>Wed, 08 Mar 2023 09:30:00 GMT</pubDate>
<description>The central bank left its main interest rate unchanged for a third month, citing slowing inflation.</description></item>
<item><title>Link only</title><link>https://news.example/link-only</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Le Fil Info</title><id>urn:fil</id>
<updated>2023-05-02T12:00:00Z</updated>
<entry><title>Le Parlement adopte la réforme des retraites</title><id>urn:fil:retraites</id>
<link href="https://fil.example/retraites"/><published>2023-05-02T11:00:00Z</published>
<content type="html">&lt;p&gt;Le Parlement a définitivement adopté mardi la réforme des retraites, après des mois de
débats et de manifestations dans tout le pays.&lt;/p&gt;</content></entry>
</feed>"""


def read(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return read_articles(path, tmp_path)


def test_english_page_keeps_the_story_and_its_metadata_not_the_furniture(tmp_path):
    [article] = read(tmp_path, "pages/floods.html", ENGLISH_PAGE)
    assert article.id == "pages/floods.html"
    assert article.title == "Floods close the ring road after a night of record rain"
    assert (article.date, article.source) == ("2023-11-04", "The Daily Example")
    assert article.url == "https://daily.example/news/2023/floods-ring-road"
    assert article.body.startswith("Record rainfall overnight flooded the northern ring road")
    assert "rivers upstream were still rising" in article.body
    for furniture in ("Home", "Cookie settings", "Accept all cookies", "All rights reserved", "Privacy policy"):
        assert furniture not in article.body


def test_french_page_date_written_in_french(tmp_path):
    [article] = read(tmp_path, "fr/greve.htm", FRENCH_PAGE)
    assert article.title == "Grève des contrôleurs : le trafic très perturbé"
    assert article.date == "2020-02-03"
    assert article.source is None and article.url is None  # the page states neither
    assert "réclament une hausse des salaires" in article.body
    assert "Mentions légales" not in article.body and "Business" not in article.body


def test_json_ld_metadata(tmp_path):
    [article] = read(tmp_path, "storm.html", JSON_LD_PAGE)
    assert article.title == "Storm cuts power to thousands on the coast"
    assert (article.date, article.source, article.url) == ("2023-03-04", "Coast Herald", "https://herald.example/storm")


def test_page_that_is_only_a_menu_is_refused_with_the_reason(tmp_path):
    with pytest.raises(ReadError, match="without article text"):
        read(tmp_path, "sections.html", MENU_PAGE)


def test_pdf_renamed_html_is_refused_as_binary(tmp_path):
    path = tmp_path / "fake.html"
    path.write_bytes(b"%PDF-1.4\n" + bytes(50))
    with pytest.raises(ReadError, match="PDF"):
        read_articles(path, tmp_path)


def test_rss_items_become_articles_with_stable_ids(tmp_path):
    articles = read(tmp_path, "feeds/world.rss", RSS)
    assert [a.title for a in articles] == ["Ceasefire agreed after talks in Geneva", "Central bank holds rates"]
    first = articles[0]
    assert first.id.startswith("feeds/world.rss#") and first.id != articles[1].id
    assert (first.date, first.url, first.source) == ("2023-03-07", "https://news.example/ceasefire", "Example World News")
    assert first.body == "Negotiators agreed a ceasefire after three days of talks in Geneva, diplomats said.\n\nThe truce starts at midnight."
    assert any("1 feed item(s) without text" in note for note in first.notes)
    # The same item keeps its id when the feed is saved again with its items in another order.
    head, *items = RSS.split("<item>")
    reordered = head + "<item>" + items[1] + "<item>" + items[0] + "</channel></rss>"
    again = read(tmp_path, "feeds/world.rss", reordered)
    assert [a.title for a in again][0] == "Central bank holds rates"
    assert {a.url: a.id for a in again} == {a.url: a.id for a in articles}


def test_atom_entry(tmp_path):
    [article] = read(tmp_path, "fil.atom", ATOM)
    assert article.title == "Le Parlement adopte la réforme des retraites"
    assert (article.date, article.url, article.source) == ("2023-05-02", "https://fil.example/retraites", "Le Fil Info")
    assert article.body.startswith("Le Parlement a définitivement adopté mardi")


@pytest.mark.parametrize(
    "text,reason",
    [
        ("<?xml version='1.0'?><urlset><url><loc>https://x.example/</loc></url></urlset>", "not an RSS or Atom feed"),
        ("<rss version='2.0'><channel><title>T</title><item><title>Only a title</title></item></channel></rss>",
         "without items that have text"),
    ],
)
def test_xml_without_articles_says_why(tmp_path, text, reason):
    with pytest.raises(ReadError, match=reason):
        read(tmp_path, "data.xml", text)


def test_word_docx_is_read_like_a_text_article(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("Le port de Marseille rouvre après la tempête.", level=1)
    document.add_paragraph("Marseille, le 12 mars 2024")
    document.add_paragraph("Le port a rouvert mardi après trois jours de fermeture, a annoncé la capitainerie.")
    document.add_paragraph("Les ferries pour la Corse reprennent leurs rotations dès ce soir.")
    document.save(tmp_path / "port.docx")
    [article] = read_articles(tmp_path / "port.docx", tmp_path)
    assert article.title == "Le port de Marseille rouvre après la tempête."  # a heading, even with its full stop
    assert article.date == "2024-03-12" and article.source is None
    assert article.body.startswith("Le port a rouvert mardi") and "Corse" in article.body


def test_broken_docx_says_why(tmp_path):
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04" + bytes(60))
    with pytest.raises(ReadError, match="not a readable Word .docx document"):
        read_articles(tmp_path / "broken.docx", tmp_path)


def test_docx_that_unpacks_to_too_much_is_refused(tmp_path):
    import zipfile

    from search.ingest import word_files

    with zipfile.ZipFile(tmp_path / "bomb.docx", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<w:document/>" + b" " * (word_files.MAX_UNPACKED_BYTES + 1))
    assert (tmp_path / "bomb.docx").stat().st_size < 200_000
    with pytest.raises(ReadError, match="unpacks to more than 32 MB"):
        read_articles(tmp_path / "bomb.docx", tmp_path)


def test_page_text_is_normalised_like_plain_articles(tmp_path):
    """Decomposed accents and zero-width spaces are normalised, so snippets mark the right words."""
    page = FRENCH_PAGE.replace("réclament", "re\u0301clament").replace("salaires", "sala\u200bires")
    [article] = read(tmp_path, "fr/nfd.html", page)
    assert "réclament une hausse des salaires" in article.body
