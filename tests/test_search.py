"""The engine's search behaviour on the seeds: ranking, highlighting, syntax, paging, facets."""

import pytest

from search import Engine, QueryError

from .conftest import SEEDS, ids, indexed_engine

S000, S001, S002, S003, S004 = (
    "000_0de74260d14e4d44.txt", "001_26554f6b1925bc7b.txt", "002_39f319f506cc0c9d.txt",
    "003_a636edbbe810d867.txt", "004_128485efda7c98c2.txt",
)


def test_chesnel_puts_003_first(engine):
    assert ids(engine.search("Chesnel"))[0] == S003


def test_unaccented_name_finds_accented_one(engine):
    results = engine.search("Gerard Chesnel")
    assert ids(results)[0] == S003
    assert "<mark>Gérard</mark> <mark>Chesnel</mark>" in results.hits[0].snippet


@pytest.mark.parametrize("translate", [True, False])
def test_french_elision_query_ranks_the_french_article_first(engine, translate):
    assert ids(engine.search("l'occupation arménienne", translate=translate))[0] == S003


def test_snippets_mark_words_as_written_not_stems(engine):
    results = engine.search("donated", translate=False)
    assert set(ids(results)) == {S001, S002, S004}
    assert all("<mark>donate</mark>" in hit.snippet for hit in results.hits)
    assert all("donat<" not in hit.snippet for hit in results.hits)


def test_phrase_finds_exact_sequence(engine):
    assert set(ids(engine.search('"mine action agency"', translate=False))) == {S000, S001, S004}


def test_phrase_over_a_stop_word_and_hyphenated_compound(engine):
    for q in ("cessez-le-feu", '"cessez le feu"'):
        assert ids(engine.search(q, translate=False)) == [S003]


def test_unknown_word_gives_no_result_and_no_error(engine):
    results = engine.search("zzqxv")
    assert results.total == 0 and results.hits == []


NOTHING_SEARCHABLE = "nothing searchable in the query (only very common words or symbols)"


@pytest.mark.parametrize("q, notes", [
    ("(((", ["unclosed bracket closed", NOTHING_SEARCHABLE]),
    ("AND", ["'AND' without a word before it ignored", NOTHING_SEARCHABLE]),
    ("NOT", [NOTHING_SEARCHABLE]),
    ('"', ["unclosed quote closed", NOTHING_SEARCHABLE]),
    ("title:", [NOTHING_SEARCHABLE]),
    ("*", [NOTHING_SEARCHABLE]),
    (")", ["unmatched bracket ignored", NOTHING_SEARCHABLE]),
    ("a OR OR", ["'OR' without a word before it ignored", NOTHING_SEARCHABLE]),
    ("-", [NOTHING_SEARCHABLE]),
    ("é'’", []),  # a one-letter word: searched, found nowhere
    ("\x00", [NOTHING_SEARCHABLE]),
])
def test_malformed_queries_find_nothing_and_say_why(engine, q, notes):
    results = engine.search(q)
    assert (results.total, results.hits, results.notes) == (0, [], notes)


def test_boolean_operators(engine):
    assert ids(engine.search("Chesnel OR Bayramov", translate=False)) and set(
        ids(engine.search("Chesnel OR Bayramov", translate=False))) == {S003, S004}
    assert ids(engine.search("demining AND Bayramov", translate=False)) == [S004]
    without = set(ids(engine.search("demining NOT Bayramov", translate=False)))
    assert S004 not in without and {S000, S001, S002} <= without


def test_more_matching_words_rank_higher(engine):
    # 'Bastille' is only in 002; both words there outrank one word elsewhere
    assert ids(engine.search("demining Bastille", translate=False))[0] == S002


def test_extra_or_misspelled_word_never_empties_results(engine):
    assert engine.search("Chesnel zzqxv").total == 1


def test_title_field_and_prefix(engine):
    assert ids(engine.search("title:accord", translate=False)) == [S001]
    prefixed = engine.search("demin*", translate=False)
    assert prefixed.total == 5 and "<mark>déminage</mark>" in " ".join(h.snippet for h in prefixed.hits)


def test_language_filter_and_facets(engine):
    everything = engine.search("demining")
    assert everything.facets["lang"] == {"en": 4, "fr": 1}
    assert everything.facets["year"] == {"2022": 1, "2021": 4}
    french = engine.search("demining", lang="fr")
    assert ids(french) == [S003] and french.facets["lang"] == {"en": 4, "fr": 1}
    assert ids(engine.search("demining", year="2022")) == [S002]


def test_paging_and_sort_by_date(engine):
    first = engine.search("demining", limit=2, page=1)
    second = engine.search("demining", limit=2, page=2)
    assert first.total == 5 and first.pages == 3 and len(second.hits) == 2
    assert not set(ids(first)) & set(ids(second))
    newest = engine.search("demining", sort="date")
    assert [h.date for h in newest.hits] == sorted((h.date for h in newest.hits), reverse=True)
    assert engine.search("demining", page=9).hits == []


def test_did_you_mean_for_a_misspelling(engine):
    assert engine.search("demning").suggestion == "demining"
    assert engine.search("donated").suggestion is None
    assert engine.search("Azerbaijan demning").suggestion == "Azerbaijan demining"
    # A pasted sentence is not a typing mistake: no dictionary walk for each unknown word.
    assert engine.search("the demning of the fields near the border went on for many years").suggestion is None


def test_snippets_are_escaped(engine):
    results = engine.search("Gross")
    for hit in results.hits:
        stripped = hit.snippet.replace("<mark>", "").replace("</mark>", "")
        assert "<" not in stripped and ">" not in stripped


@pytest.mark.parametrize(
    "kwargs,param",
    [({"page": 0}, "page"), ({"limit": -5}, "limit"), ({"limit": 1000}, "limit"), ({"lang": "xx1"}, "lang"),
     ({"sort": "random"}, "sort"), ({"year": "21"}, "year"), ({"q": "a" * 5000}, "q")],
)
def test_bad_parameters_raise_query_error_naming_them(engine, kwargs, param):
    args = {"q": "demining", **kwargs}
    with pytest.raises(QueryError, match=f"^{param}:"):
        engine.search(args.pop("q"), **args)


def test_article_view_highlights_query_words(engine):
    view = engine.article(S003, q="déminage")
    assert view is not None and view.lang == "fr" and view.date == "2021-10-15"
    assert "<mark>déminage</mark>" in view.body_html
    assert engine.article("nope.txt") is None


def test_server_engine_sees_reindexed_corpus(tmp_path, corpus):
    index_dir = tmp_path / "ix"
    live = Engine(index_dir)
    live.index(corpus)
    assert live.search("Quetzalcoatl").total == 0
    (corpus / "new.txt").write_text("Quetzalcoatl arrives\n\nThe feathered serpent Quetzalcoatl came to Baku.")
    Engine(index_dir).index(corpus)  # another process's engine, as the CLI would be
    assert live.search("Quetzalcoatl").total == 1


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=300))
def test_any_query_string_gives_results_or_none_never_an_exception(engine, q):
    results = engine.search(q)
    _assert_consistent(results)
    for hit in results.hits:
        assert "<script" not in hit.snippet.replace("<mark>", "").replace("</mark>", "")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(alphabet='ab "()*:-ANDORNOT', max_size=40))
def test_operator_soup_never_raises(engine, q):
    _assert_consistent(engine.search(q))


SEED_IDS = {path.name for path in SEEDS.iterdir()}


def _assert_consistent(results) -> None:
    """What holds for any query's results on the seeds: a first page as long as the total
    allows, seed articles only, each once, best first."""
    assert 0 <= results.total <= len(SEED_IDS)
    assert len(results.hits) == min(results.total, results.limit)
    ids_found = [hit.id for hit in results.hits]
    assert len(set(ids_found)) == len(ids_found) and set(ids_found) <= SEED_IDS
    scores = [hit.score for hit in results.hits]
    assert scores == sorted(scores, reverse=True)


def test_no_suggestion_for_a_word_found_only_in_titles(tmp_path, new_index):
    engine = indexed_engine(tmp_path, index=new_index, articles={
        "a.txt": "Harbour reopens in Tanga\n\nThe port authority said ships could dock again "
                 "from Monday after repairs to the main quay were finished.",
        "b.txt": "Dance festival opens\n\nThe festival opened with a tango on the main square "
                 "and will close on Sunday with a concert.",
    })
    results = engine.search("Tanga")
    assert [h.id for h in results.hits][:1] == ["a.txt"] and results.suggestion is None
    assert engine.search("Tangu").suggestion in ("Tango", "Tanga")  # unknown words still get one, cased as typed


UNICODE_ARTICLES = {
    "nfc.txt": "Les démineurs au travail\n\nLes démineurs de l'ONU ont repris le déblaiement des routes près de la frontière.",
    "nfd.txt": "Chantier de de\u0301blaiement\n\nLe de\u0301blaiement des gravats a commencé après la tempête dans la vallée.",
    "mineurs.txt": "Grève des mineurs\n\nLes mineurs de charbon ont cessé le travail dans le nord du pays pour la journée.",
    "hidden.txt": "Rebuilding plans\n\nThe recon\u200bstruction of the inter\u00adnational airport in Diyarbakır began.",
}


def test_decomposed_and_invisible_characters_neither_hide_nor_confuse_words(tmp_path, new_index):
    engine = indexed_engine(tmp_path, UNICODE_ARTICLES, index=new_index)
    # A query typed in NFD finds the précomposed article, and not the one about mineurs.
    assert ids(engine.search("de\u0301mineurs", translate=False)) == ["nfc.txt"]
    assert ids(engine.search("de\u0301minage OR de\u0301mineurs", translate=False)) == ["nfc.txt"]
    # An article stored in NFD is found by the précomposed word, and marked where it says it.
    found = engine.search("déblaiement", translate=False)
    assert sorted(ids(found)) == ["nfc.txt", "nfd.txt"]
    nfd = next(hit for hit in found.hits if hit.id == "nfd.txt")
    assert "<mark>déblaiement</mark>" in nfd.snippet
    # Zero-width spaces, soft hyphens and dotless i.
    for query in ("reconstruction", "international", "Diyarbakir", "Diyarbakır"):
        hits = engine.search(query, translate=False)
        assert ids(hits) == ["hidden.txt"], query
    assert "<mark>reconstruction</mark>" in engine.search("reconstruction", translate=False).hits[0].snippet
    assert "<mark>Diyarbakır</mark>" in engine.search("Diyarbakir", translate=False).hits[0].snippet
