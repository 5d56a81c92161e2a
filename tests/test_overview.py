"""The home page's example queries (search/query/overview.py): words of recent headlines that
say something of a story, never a nationality word or a word in most articles."""

from __future__ import annotations

from .conftest import indexed_engine

def test_examples_leave_out_nationality_words_and_words_of_most_articles(tmp_path, new_index):
    articles = {}
    for n in range(40):  # last year: other subjects, in text that says 'plus' and 'Français' throughout
        articles[f"old{n:02d}.txt"] = (f"Chronique locale numéro {n}\n\n2019-03-{n % 28 + 1:02d}\n\n"
                                       "Les Français en parlent plus que jamais, selon les habitants de la ville.")
    for n in range(8):  # this month: the story, with nationality words in every headline
        articles[f"new{n}.txt"] = (f"Covid : les Français plus inquiets, la presse américaine aussi ({n})\n\n"
                                   f"2020-04-{n + 1:02d}\n\nLe Covid inquiète. Les Français en parlent plus "
                                   "que jamais et le confinement dure, écrit la presse américaine.")
    examples = indexed_engine(tmp_path, articles, index=new_index).overview()["examples"]["fr"]
    assert "Covid" in examples
    assert not {"américaine", "Français", "plus"} & set(examples)
