import pytest

from search import detect_language

from .conftest import SEEDS


@pytest.mark.parametrize(
    "name,lang",
    [("000_0de74260d14e4d44.txt", "en"), ("001_26554f6b1925bc7b.txt", "en"), ("002_39f319f506cc0c9d.txt", "en"),
     ("003_a636edbbe810d867.txt", "fr"), ("004_128485efda7c98c2.txt", "en")],
)
def test_seed_languages(name, lang):
    assert detect_language((SEEDS / name).read_text("utf-8")) == lang


def test_other_languages_and_no_evidence():
    assert detect_language("Der schnelle braune Fuchs springt über den faulen Hund und das ist gut so") == "de"
    assert detect_language("") is None
    assert detect_language("12345 !!! ---") is None


def test_detection_is_deterministic():
    text = "Paris Bakou"  # short and ambiguous: langdetect would answer at random unless seeded
    assert len({detect_language(text) for _ in range(20)}) == 1
