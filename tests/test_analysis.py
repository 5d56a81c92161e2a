import pickle

import pytest

from search.analysis import analyze, analyzer_for
from search.schema import build_schema


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
    for accented, plain in [("déminage", "deminage"), ("libérés", "liberes"), ("arménienne", "armenienne")]:
        assert analyze(accented, "fr") == analyze(plain, "fr")


def test_highlight_offsets_point_at_the_word_as_written():
    text = "l'armée d’Azerbaïdjan"
    spans = [(t.text, text[t.startchar:t.endchar]) for t in analyzer_for("fr")(text, chars=True, mode="index")]
    assert spans == [("arme", "armée"), ("azerbaidjan", "Azerbaïdjan")]


def test_schema_round_trips_through_pickle():
    schema = pickle.loads(pickle.dumps(build_schema()))
    assert [t.text for t in schema["body_fr"].analyzer("les prisonniers")] == ["prisonni"]
