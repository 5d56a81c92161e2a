from hypothesis import given, settings
from hypothesis import strategies as st

from search.query.parse import And, Not, Or, Phrase, Word, parse


def test_words_are_or_ed_and_operators_understood():
    assert parse("a b").root == Or((Word("a"), Word("b")))
    assert parse("a AND b").root == And((Word("a"), Word("b")))
    assert parse("a OR b").root == Or((Word("a"), Word("b")), typed=True)
    assert parse("a NOT b").root == Or((Word("a"), Not(Word("b"))))
    assert parse("-b a").root == Or((Not(Word("b")), Word("a")))


def test_phrases_fields_and_prefixes():
    assert parse('"mine action agency"').root == Phrase("mine action agency")
    assert parse("title:France").root == Word("France", "title")
    assert parse('title:"mine clearance"').root == Phrase("mine clearance", "title")
    assert parse("demin*").root == Word("demin", prefix=True)
    assert parse("http://x").root == Word("http://x")


def test_broken_syntax_is_repaired_not_refused():
    assert parse("(((").root is None
    assert parse("AND").root is None
    assert parse('"unclosed').root == Phrase("unclosed")
    assert parse("a)) b").root == Or((Word("a"), Word("b")))
    assert parse("a)) b").notes == ["unmatched bracket ignored"]
    assert "unclosed bracket closed" in parse("(a").notes


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(), max_size=200))
def test_parser_never_raises(text):
    parse(text)
