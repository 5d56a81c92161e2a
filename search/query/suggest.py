"""Did you mean: a correction for typed words the index has never seen."""

from __future__ import annotations

import re
from typing import Iterable

from ..analysis.analyzers import LANGUAGES, analyze
from ..backends.base import IndexView
from ..backends.fields import BODY_FIELD, FIELD_LANGUAGES, TITLE_FIELD, body_field, title_field
from .build import Terms, Translator
from .highlight import matches
from .parse import Word, leaves

SUGGEST_MAX_WORDS = 6
SUGGEST_MAX_CHARS = 30
"""Longer words get no correction (the walk of the term dictionary grows with the word)."""
SUGGEST_MAX_EDITS = 2
EDIT_PENALTY = 20.0
"""Each edit between the typed word and a candidate divides the candidate's article count by
this: a word one edit further away must be this many times more common to win. Typing
mistakes are mostly one edit (a transposition counts as one: ``Macorn`` is one edit from
Macron, in 872 articles of ../shared/corpus, and from *macon*, in 14), and a second edit
is worth choosing only for a far more common word (``elction``: *election*, one edit, not
*electioneering*). 20 keeps every suggestion of tests/test_search.py and
tests/test_relevance.py and takes the common word in each example of issue 21."""
SUFFIX_CHARS = 3
"""Trailing letters of a typed word that may be an inflection its stem drops (-ion, -ing): a
misspelt word's stem keeps them (``elction`` stems to itself, ``election`` to *elect*), so
the index's stems are also sought within one edit of the word cut by this many letters."""
SURFACE_SAMPLE = 3
SURFACE_CHARS = 3000
"""Articles (and of each, the title and the start of the body) read for the spellings of a
candidate stem (``elect`` → election, elected...): analysing whole bodies cost a second per
misspelt word on ../shared/corpus."""
MAX_CANDIDATES = 3
"""Candidates whose spellings are read, the most likely by stem first."""


def suggest(text: str, fixes: dict[str, str]) -> str | None:
    """"Did you mean": ``text`` with the typed words the index has never seen replaced by
    their :func:`corrections`, or None."""
    suggestion = text
    for typed, best in fixes.items():
        suggestion = re.sub(re.escape(typed), best, suggestion, count=1)
    return suggestion if suggestion != text else None


def corrections(view: IndexView, root, translator: Translator | None,
                expanded: dict[str, list[str]]) -> dict[str, str]:
    """``{typed word: correction}`` for the typed words the index has never seen.

    Never a word the index knows in any language (a function word of either language is
    known), nor one the lexicons translate (``demining`` in an index whose articles only say
    ``déminage``) or that the "also searched" line shows. A candidate is a word of the
    articles within two edits of the typed word (a transposition is one edit), weighed by
    how many articles hold it and by how many edits away it is (``EDIT_PENALTY``, an accent
    counting as an edit); it is shown as articles write it, capitalised if it was typed so. Queries of more than a few words (pasted sentences) get
    none: each unknown word costs a walk of the term dictionary, and a sentence is rarely a
    typing mistake."""
    words = [leaf for leaf, negated in leaves(root)
             if not negated and isinstance(leaf, Word) and not leaf.prefix]
    if len(words) > SUGGEST_MAX_WORDS:
        return {}
    found: dict[str, str] = {}
    for leaf in words:
        if not 4 <= len(leaf.text) <= SUGGEST_MAX_CHARS or not leaf.text.isalpha() or _known_word(view, leaf.text):
            continue
        if leaf.text in expanded or (translator is not None and translator.translations(leaf.text)):
            continue
        best = _closest_word(view, leaf.text)
        if best is not None and best != leaf.text.lower():
            found[leaf.text] = best.capitalize() if leaf.text[:1].isupper() else best
    return found


def _known_word(view: IndexView, word: str) -> bool:
    """True when the word is a function word of some language, or some language's analysis
    of it is in the index (``donated`` → ``donat``), in a body or a title."""
    for lang in FIELD_LANGUAGES:
        terms = analyze(word, lang)
        if not terms and lang in LANGUAGES:
            return True
        if len(terms) == 1 and any(view.doc_frequency(field(lang), terms[0]) for field in (body_field, title_field)):
            return True
    return False


def edit_distance(a: str, b: str) -> int:
    """Edits (insert, delete, replace, swap two neighbours) from ``a`` to ``b``."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def _closest_word(view: IndexView, word: str) -> str | None:
    """The likeliest word the typist meant: the index's stems near the word's stem, or near
    the word less an inflection, read back as the articles spell them, and scored by article
    count over ``EDIT_PENALTY`` per edit between the spellings."""
    typed = word.lower()
    candidates: dict[tuple[str, str], tuple[float, int]] = {}

    def consider(lang: str, field: str, terms: Iterable[str], edits: int) -> None:
        wanted = sorted({term for term in terms if (lang, term) not in candidates})
        for term, df in view.doc_frequencies(field, wanted).items():  # one look-up a field
            if df:
                candidates[lang, term] = (df / EDIT_PENALTY ** edits, df)

    stems = [(lang, body_field(lang), terms[0]) for lang in FIELD_LANGUAGES
             for terms in [analyze(word, lang)] if len(terms) == 1 and len(terms[0]) >= 3]
    # One edit first (two swapped letters are one: looked up directly, as the term walk
    # counts them as two), two only when nothing is that close: a walk at two edits costs
    # several times one at one edit. The first two letters must match: typos there are
    # rare, and walking only that part of the term dictionary is 6-10x faster (30x corpus:
    # 55 -> 7 ms).
    for lang, field, stem in stems:
        near = view.similar_terms(field, stem, 1, prefix=2)
        near += [stem[:k] + stem[k + 1] + stem[k] + stem[k + 2:] for k in range(2, len(stem) - 1)]
        if len(stem) - SUFFIX_CHARS >= 4:
            near += sorted(_one_edit(stem[:-SUFFIX_CHARS]))
        consider(lang, field, near, 1)
    if not candidates:
        for lang, field, stem in stems:
            consider(lang, field, view.similar_terms(field, stem, SUGGEST_MAX_EDITS, prefix=2), SUGGEST_MAX_EDITS)
    best: tuple[float, str] | None = None
    ranked = sorted(candidates.items(), key=lambda item: -item[1][0])[:MAX_CANDIDATES]
    for (lang, term), (_, df) in ranked:
        spelling = _surface_form(view, lang, term, typed)
        if spelling is None:
            continue
        edits = edit_distance(typed, spelling)
        if edits > SUGGEST_MAX_EDITS:
            continue
        score = df / EDIT_PENALTY ** edits
        if best is None or score > best[0]:
            best = (score, spelling)
    return best[1] if best else None


def _one_edit(text: str) -> set[str]:
    """Every string one insertion, deletion or replacement of a letter from ``text``, its
    first two letters kept (looked up directly: cheaper than a walk of the term dictionary
    for a short string, whose automaton matches a large part of it)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    found = {text[:k] + text[k + 1:] for k in range(2, len(text))}
    for k in range(2, len(text) + 1):
        found.update(text[:k] + ch + text[k:] for ch in letters)
        if k < len(text):
            found.update(text[:k] + ch + text[k + 1:] for ch in letters)
    return found


def _surface_form(view: IndexView, lang: str, term: str, typed: str) -> str | None:
    """The spelling of an index term in the articles closest to ``typed`` (``elect`` →
    ``election`` for ``elction``), from the titles, then the bodies, of the first few
    articles that hold it; reading stops at a spelling one edit from ``typed``."""
    spellings: dict[str, int] = {}
    wanted = Terms(exact=frozenset([term]))
    for stored in view.documents_with(body_field(lang), term, SURFACE_SAMPLE):
        for text in (stored.get(TITLE_FIELD, ""), stored.get(BODY_FIELD, "")[:SURFACE_CHARS]):
            for span in matches(text, lang, wanted):
                spelling = text[span.start:span.end].lower()
                spellings[spelling] = spellings.get(spelling, 0) + 1
            if any(edit_distance(typed, spelling) <= 1 for spelling in spellings):
                break
        else:
            continue
        break
    if not spellings:
        return None
    return min(spellings, key=lambda s: (edit_distance(typed, s), -spellings[s], s))
