"""Snippets pick the passage with the most distinct matched words."""

import random

from search.query.build import Terms
from search.query.highlight import SNIPPET_CHARS, _best_window, matches, snippet


def _reference_start(text: str, terms: Terms) -> int:
    """The passage start as first written: every match compared with all that follow it."""
    found = matches(text, "en", terms)
    best_start, best_score = found[0].start, -1
    for i, m in enumerate(found):
        keys = {n.key for n in found[i:] if n.end <= m.start + SNIPPET_CHARS}
        if len(keys) > best_score:
            best_start, best_score = m.start, len(keys)
    return best_start


def test_sliding_window_picks_the_same_passage_as_comparing_every_pair():
    rng = random.Random(3)
    checked = 0
    vocabulary = ["mine", "mines", "clearance", "agency", "the", "a", "field", "village", "x" * 300, "Baku"]
    for _ in range(200):
        text = " ".join(rng.choice(vocabulary) for _ in range(rng.randrange(1, 400)))
        terms = Terms(exact=frozenset(rng.sample(["mine", "clearanc", "agenc", "baku", "field"], k=3)),
                      prefixes=tuple(rng.sample(["vil", "xx", "ag"], k=1)))
        if not matches(text, "en", terms):
            continue
        assert _best_window(matches(text, "en", terms), SNIPPET_CHARS) == _reference_start(text, terms)
        checked += 1
    assert checked > 100


def test_a_long_article_where_every_word_matches_gets_a_snippet():
    words = ["the", "than", "then", "there", "thick", "thin", "thing", "think", "third", "this"]
    rng = random.Random(1)
    text = " ".join(rng.choice(words) + str(rng.randrange(1000)) for _ in range(30_000))
    marked = snippet(text, "en", Terms(prefixes=("th",)))
    assert marked.count("<mark>") >= 20 and len(marked) < 2 * SNIPPET_CHARS + 20 * len("<mark></mark>")
