import pickle

import pytest

from search.analysis.analyzers import analyze, analyzer_for
from search.backends.whoosh.schema import build_schema

from .conftest import SEEDS


@pytest.mark.parametrize(
    "text,lang,tokens",
    [
        ("l'armée", "fr", ["arme"]),
        ("L’Arménie qu’il aime", "fr", ["armen", "aim"]),
        ("jusqu'au déminage", "fr", ["deminag"]),
        ("deminage", "fr", ["deminag"]),
        ("cessez-le-feu", "fr", ["cess", "feu"]),
        ("Azerbaijan's agency’s", "en", ["azerbaijan", "agenc"]),
        ("The donated mines", "en", ["donat", "mine"]),
        ("Gérard", "en", ["gerard"]),
        ("Gérard", "xx", ["gerard"]),
        ("Bücher Straße", "xx", ["bucher", "strasse"]),
        ("été", "fr", ["ete"]),
    ],
)
def test_tokens(text, lang, tokens):
    assert analyze(text, lang) == tokens


def test_accents_never_change_french_stems():
    """(but for the few stem exceptions that exist to tell côté from côte, tested below)"""
    for accented, plain in [("déminage", "deminage"), ("libérés", "liberes"), ("arménienne", "armenienne")]:
        assert analyze(accented, "fr") == analyze(plain, "fr")


@pytest.mark.parametrize(
    "lang,apart",
    [
        ("en", [("animal", "animation"), ("imports", "important"), ("business", "busy"),
                ("experiment", "experience"), ("Conservatives", "conservation"), ("execution", "executive"),
                ("units", "United"), ("Liberal", "liberation")]),
        ("fr", [("côte", "côté"), ("élèves", "élevés"), ("partir", "parti"), ("parti", "partie"),
                ("pêche", "péché"), ("général", "généralement"), ("jeune", "jeûne"),
                ("couper", "Coupe"), ("vol", "volant"), ("triplé", "triplement"), ("Dame", "Damas"), ("assuré", "assurance"),
                ("général", "generalement")]),
    ],
)
def test_stem_exceptions_keep_unrelated_words_apart(lang, apart):
    for common, other in apart:
        assert analyze(common, lang) != analyze(other, lang), (common, other)


def test_acronyms_are_no_stop_words_and_keep_their_letters():
    assert analyze("WHO", "en") == ["who"] and analyze("who", "en") == [] and analyze("Who", "en") == []
    assert analyze("The WHO said", "en") == ["who", "said"]
    assert analyze("IT", "en") == ["it"] and analyze("it", "en") == []
    # a headline or a query in capitals keeps its stop words stopped
    assert analyze("THE END OF THE WAR", "en") == analyze("the end of the war", "en") == ["end", "war"]
    assert analyze("COUP DE GUEULE", "fr") == analyze("coup de gueule", "fr")
    assert analyze("OMS", "fr") != analyze("OM", "fr")  # the WHO is not Olympique de Marseille
    assert analyze("oms", "fr") == analyze("OMS", "fr")
    assert analyze("PS", "fr") == ["ps"]


def test_stem_exceptions_keep_their_own_inflections_together():
    assert analyze("animation animations animated", "en") == ["animat"] * 3
    assert analyze("animal animals", "en") == ["anim"] * 2
    assert analyze("côté côtés", "fr") == ["cote"] * 2
    assert analyze("cote côte côtes", "fr") == ["cot"] * 3  # typed without accents: the coast
    assert analyze("élevée elevee", "fr") == ["eleve"] * 2  # the high forms, accents or not


def test_stem_exception_stems_begin_like_their_words():
    from search.analysis.analyzers import initial, may_begin
    from search.analysis.stem_exceptions import STEM_EXCEPTIONS

    for lang, table in STEM_EXCEPTIONS.items():
        for word in table:
            (term,) = analyze(word, lang)
            assert may_begin(word, frozenset({initial(term)})), (word, term)


def test_word_lists_of_the_analysis_are_pinned_to_the_analysis_version():
    """The stem exceptions, the acronyms kept from the stop lists, the stop lists, the lead's
    length and the headline's weight change indexed terms: changing them must come with an
    ANALYSIS_VERSION bump."""
    import hashlib
    import json

    from search.analysis.analyzers import ACRONYM_LENGTH, ANALYSIS_VERSION, STOP_WORD_ACRONYMS, STOP_WORDS
    from search.analysis.stem_exceptions import STEM_EXCEPTIONS
    from search.query.ranking import LEAD_TERMS, TITLE_BOOST

    lists = {"exceptions": STEM_EXCEPTIONS, "acronyms": sorted(STOP_WORD_ACRONYMS), "length": ACRONYM_LENGTH,
             "stops": {lang: sorted(words) for lang, words in STOP_WORDS.items()},
             "lead": LEAD_TERMS, "title": TITLE_BOOST}
    fingerprint = hashlib.sha256(json.dumps(lists, sort_keys=True, ensure_ascii=False).encode())
    assert (ANALYSIS_VERSION, fingerprint.hexdigest()[:16]) == (15, "6a8d574ac002d971"), \
        "the analysis word lists changed: bump ANALYSIS_VERSION and update this pin"


def test_highlight_offsets_point_at_the_word_as_written():
    text = "l'armée d’Azerbaïdjan"
    spans = [(t.text, text[t.startchar:t.endchar]) for t in analyzer_for("fr")(text, chars=True, mode="index")]
    assert spans == [("arme", "armée"), ("azerbaidjan", "Azerbaïdjan")]


def test_schema_round_trips_through_pickle():
    schema = pickle.loads(pickle.dumps(build_schema()))
    assert [t.text for t in schema["body_fr"].analyzer("les prisonniers")] == ["prisonni"]


def test_fast_paths_match_the_analyzers_exactly():
    from search.analysis.analyzers import cognate_analyzer, index_terms, term_spans

    text = "".join(p.read_text("utf-8") for p in sorted(SEEDS.iterdir()))
    assert len(text) > 10000
    for lang in ("en", "fr", "xx"):
        # Whoosh reuses one Token object: copy what we need as we go.
        spans = [(t.startchar, t.endchar, t.text) for t in analyzer_for(lang)(text, chars=True, mode="index")
                 if not t.stopped]
        own, cognates = index_terms(text, lang)
        assert own == [term for _, _, term in spans]
        assert list(term_spans(text, lang)) == spans
        assert cognates == [t.text for t in cognate_analyzer()(text, mode="index") if not t.stopped]


@pytest.mark.parametrize("lang", ["en", "fr", "xx"])
def test_a_words_term_begins_like_the_word_or_one_of_its_parts(lang):
    """Highlighting skips words by their first two letters; that must never skip a match.
    (One-letter terms switch that off; checked once on all 105,065 words of the shared corpus.)"""
    from search.analysis.analyzers import analyze, initial, may_begin, words

    from .conftest import SEEDS

    text = " ".join(p.read_text("utf-8") for p in sorted(SEEDS.iterdir()))
    text += " l'armée qu’il aujourd'hui Azerbaijan's Œuvre dying skies early Yves yes Ypres ÉTATS-UNIS a"
    checked = 0
    for word in set(words(text)):
        for term in (t for t in analyze(word, lang) if len(t) >= 2):
            assert may_begin(word, frozenset({initial(term)})), (word, term)
            checked += 1
    assert checked > 500


@pytest.mark.parametrize(
    "text,lang,tokens",
    [
        ("de\u0301minage", "fr", ["deminag"]),  # decomposed é (NFD)
        ("de\u0301mineurs", "fr", ["demineur"]),
        ("recon\u200bstruction", "en", ["reconstruct"]),  # zero-width space
        ("inter\u00adnational", "en", ["internat"]),  # soft hyphen
        ("co\u200dop\u2060eration", "en", ["cooper"]),  # zero-width joiner, word joiner
        ("\ufeffBaku", "en", ["baku"]),  # byte-order mark inside text
        ("Diyarbakır", "xx", ["diyarbakir"]),  # dotless i
        ("Łódź Đoković", "xx", ["lodz", "dokovic"]),
    ],
)
def test_unicode_forms_analyse_like_the_plain_word(text, lang, tokens):
    assert analyze(text, lang) == tokens


def test_format_character_table_is_every_cf_character():
    import re
    import sys
    import unicodedata

    from search.text import FORMAT_CHARACTERS

    listed = re.compile(f"[{FORMAT_CHARACTERS}]")
    assert unicodedata.unidata_version >= "14.0.0"
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if unicodedata.category(char) == "Cf":
            assert listed.match(char), f"U+{code:04X} is Cf but not removed"
        elif unicodedata.unidata_version == "14.0.0":
            assert not listed.match(char), f"U+{code:04X} is removed but not Cf"


def test_normalized_text_keeps_offsets_of_normalised_text():
    from search.analysis.analyzers import term_spans
    from search.text import normalize_text

    text = normalize_text("Les de\u0301mineurs de l\u2019inter\u00adnational")
    assert text == "Les démineurs de l\u2019international"
    spans = {term: text[start:end] for start, end, term in term_spans(text, "fr")}
    assert spans["demineur"] == "démineurs" and spans["international"] == "international"
