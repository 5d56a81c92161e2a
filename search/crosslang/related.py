"""More like this: articles on the same subject as one article, in both languages.

An article's most distinctive words (frequent in it, rare among the articles of its language:
tf·idf over its own language's body field, with BM25's idf, which stays above zero where a
language has a single article) are written out as a query of plain words and run
through the normal search path, so they are translated exactly as a typed query would be and an
English article finds French ones. A name of several capitalised words (Sri Lanka, Mahmoud
Abbas, Saint-Germain-en-Laye) is searched as one phrase: one concept, not two words that each
match elsewhere (the Laye of ABN Amro's lay-offs).

The other language shares few words with an article by chance, and those few are often common
ones (police, film, public), so an article in the other language is kept only when it shares
the story from both sides: it covers a good part of the article's query (concepts and weight),
and the article is among the first few of its language in the related search of that
candidate. Better fewer than off-topic (bench/related_topic.py; bench/RESULTS.md).

The article itself, its counterpart (shown apart) and copies with the same title are left out,
and so is the same text filed again under another headline (a wire story in two places): a
reader is never shown one text twice.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..analysis.analyzers import term_spans
from ..backends.base import IndexView
from ..backends.fields import BODY_FIELD, KEYS_FIELD, LANG_FIELD, TITLE_FIELD, body_field, field_language
from ..query.build import Translator
from ..query.ranking import bm25_idf
from ..query.run import SearchRequest, run_search
from ..results import Hit

RELATED_MAX = 5
QUERY_WORDS = 8
"""Distinctive words searched: enough to pin a subject, few enough to stay on it."""
CANDIDATES = 30
OTHER_LANGUAGE_SLOTS = 2
"""Places kept for the other language, when it has matches, so both languages show."""
MIN_WORD_CHARS = 3
MAX_NAME_WORDS = 4
"""Longest name searched as one phrase (a person's names, a place); longer capitalised runs
are headings or lists, searched word by word."""
MIN_OTHER_CONCEPTS = 2
MIN_OTHER_SHARE = 0.2
"""What an article in the other language must cover of the related query: this many of its
concepts, holding this share of its tf·idf weight (a cheap first sieve: what fails it costs no
return search; on the bench below it removed one off-topic pair and no on-topic one)."""
MUTUAL_RANK = 3
"""An article in the other language is kept when the first article is among the first this many
of its language in the candidate's own related search (the story leads back to it).
Measured with bench/related_topic.py on 30 articles of ../shared/corpus, first three related
articles in the other language judged by reading (bench/RESULTS.md): before, 59 shown, 8 on
topic; with the coverage rule and a return rank of 1: 3 shown (2 on topic), 3: 7 (6), 5: 8 (6),
anywhere in the candidate's first 30 results: 12 (8). Rules on the query's coverage alone (2-4
concepts, 0.3-0.5 of the weight) kept 7-24 pairs at 0.2-0.4 on topic."""
MUTUAL_CHECKS = 6
"""Candidates in the other language checked that way per article (one search each: the first
view of an article takes about 200 ms instead of 35, then its list is cached). Three checks
kept 4 pairs, all on topic, and left 27 of the 30 bench articles without one."""
SAME_TEXT = 0.8
"""Share of the smaller article's cognate keys (distinct word beginnings, see
search.crosslang.counterparts) two articles have in common above which they are one text.
Measured on ../shared/corpus (60 random articles and their top 10 related, 540 pairs): median
0.22, 90th percentile 0.36, 99th 0.52; the one text filed twice scored 0.95, and monthly
road-safety figures (two stories on one template) 0.77."""


@dataclass(frozen=True)
class QueryWord:
    """One word or name of the related query with its weight (tf·idf)."""

    text: str
    """As the query writes it: a word, or a name of several words in quotes."""
    weight: float


def related_words(view: IndexView, stored: dict) -> list[QueryWord]:
    """The article's :data:`QUERY_WORDS` most distinctive words and names, heaviest first."""
    lang = field_language(stored.get(LANG_FIELD))
    text = stored.get(TITLE_FIELD, "") + "\n" + stored.get(BODY_FIELD, "")
    counts: Counter[str] = Counter()
    surfaces: dict[str, Counter[str]] = {}
    capitals: Counter[str] = Counter()  # occurrences within a sentence written with a capital
    lowers: Counter[str] = Counter()
    names: Counter[tuple[str, ...]] = Counter()
    run: list[tuple[int, str]] = []  # the capitalised words just read, next to each other: (end, term)

    def close_run() -> None:
        if 2 <= len(run) <= MAX_NAME_WORDS:
            names[tuple(term for _, term in run)] += 1
        run.clear()

    for start, end, term in term_spans(text, lang):
        word = text[start:end]
        if len(word) < MIN_WORD_CHARS or not word.replace("'", "").replace("’", "").isalpha():
            close_run()
            continue
        counts[term] += 1
        surfaces.setdefault(term, Counter())[word.lower()] += 1
        capital = word[0].isupper()
        if not _sentence_start(text, start):
            (capitals if capital else lowers)[term] += 1
        if not (capital and run and text[run[-1][0]:start] in _NAME_JOINS):
            close_run()
        if capital:
            run.append((end, term))
    close_run()
    total = max(1, view.language_doc_count(lang))
    field = body_field(lang)

    def idf(term: str) -> float | None:
        df = view.doc_frequency(field, term)
        if df < 2 and counts[term] < 2:  # said once, and nowhere else in its language: likely noise
            return None
        return bm25_idf(df, total)

    units: list[tuple[float, tuple[str, ...]]] = []
    within: Counter[str] = Counter()  # occurrences of each term inside a name of several words
    for terms, tf in names.items():
        rarity = [idf(term) for term in terms]
        if all(capitals[term] > lowers[term] for term in terms) and None not in rarity:
            units.append((tf * max(rarity), terms))  # as rare as its rarest word, at least
            within.update({term: tf for term in terms})
    for term, tf in counts.items():
        rarity = idf(term)
        if rarity is not None and 2 * within[term] <= tf:  # else the name stands for it (Sri of Sri Lanka)
            units.append((tf * rarity, (term,)))
    chosen: list[QueryWord] = []
    taken: set[str] = set()
    for weight, terms in sorted(units, key=lambda unit: (-unit[0], unit[1])):
        if len(chosen) == QUERY_WORDS:
            break
        if taken.isdisjoint(terms):
            taken.update(terms)
            words = [surfaces[term].most_common(1)[0][0] for term in terms]
            chosen.append(QueryWord(words[0] if len(words) == 1 else '"' + " ".join(words) + '"', weight))
    return chosen


def related_query(view: IndexView, stored: dict) -> str:
    """The article's most distinctive words and names as a query string (lower case, as written)."""
    return " ".join(word.text for word in related_words(view, stored))


_NAME_JOINS = (" ", "-", "\u00a0")
"""What may stand between two capitalised words of one name."""


def _sentence_start(text: str, start: int) -> bool:
    """Whether the word at ``start`` begins a sentence (or a line), where any word has a capital."""
    before = text[max(0, start - 4):start].rstrip(" \"'«»“”‘’(-—–\u00a0")
    return not before or before[-1] in ".!?:\n"


def find_related(view: IndexView, doc_id: str, translator: Translator | None,
                 exclude: set[str] = frozenset()) -> list[dict]:
    """Up to :data:`RELATED_MAX` articles like ``doc_id``: ``{"id", "title", "lang", "date"}``,
    best first, with places kept for the other language's articles that share the story."""
    stored = view.document(doc_id)
    if stored is None:
        return []
    words = related_words(view, stored)
    if not words:
        return []
    query = " ".join(word.text for word in words)
    results = run_search(view, SearchRequest(query, limit=CANDIDATES, snippets=False, explain=True), translator)
    title = stored.get(TITLE_FIELD, "").strip().lower()
    own = stored.get(LANG_FIELD)
    candidates = [hit for hit in results.hits
                  if hit.id != doc_id and hit.id not in exclude and hit.title.strip().lower() != title
                  and (hit.lang == own or _covers(hit, words))]
    candidates = _different_texts(view, stored, candidates)
    checked = 0
    kept = []
    for hit in candidates:
        if hit.lang != own:
            if checked == MUTUAL_CHECKS:
                continue
            checked += 1
            if not _leads_back(view, doc_id, own, hit.id, translator):
                continue
        kept.append(hit)
    others = [hit for hit in kept if hit.lang != own][:OTHER_LANGUAGE_SLOTS]
    chosen = {hit.id for hit in others}
    for hit in kept:
        if len(chosen) >= RELATED_MAX:
            break
        chosen.add(hit.id)
    return [{"id": hit.id, "title": hit.title, "lang": hit.lang, "date": hit.date}
            for hit in kept if hit.id in chosen]


def _covers(hit: Hit, words: list[QueryWord]) -> bool:
    """Whether a hit covers :data:`MIN_OTHER_CONCEPTS` concepts of the related query holding
    :data:`MIN_OTHER_SHARE` of its weight (read from the search's explanation)."""
    weights = {word.text.strip('"'): word.weight for word in words}
    covered = {entry["concept"].strip('"').lower() for entry in hit.explanation or () if entry.get("counted")}
    found = [weights[concept] for concept in covered if concept in weights]
    return len(found) >= MIN_OTHER_CONCEPTS and sum(found) >= MIN_OTHER_SHARE * sum(weights.values())


def _leads_back(view: IndexView, doc_id: str, lang: str, other_id: str, translator: Translator | None) -> bool:
    """Whether ``doc_id`` is among the first :data:`MUTUAL_RANK` articles in ``lang`` of the
    related search of ``other_id``: the story, seen from the other side, leads back to it."""
    other = view.document(other_id)
    query = related_query(view, other) if other is not None else ""
    if not query:
        return False
    results = run_search(view, SearchRequest(query, limit=CANDIDATES, snippets=False), translator)
    return doc_id in [hit.id for hit in results.hits if hit.lang == lang][:MUTUAL_RANK]


def _different_texts(view: IndexView, stored: dict, candidates: list) -> list:
    """``candidates`` less each one whose text is the article's or an earlier candidate's."""
    seen = [set(stored.get(KEYS_FIELD, "").split())]
    titles = {stored.get(TITLE_FIELD, "").strip().lower()}
    kept = []
    for hit in candidates:
        keys = set((view.document(hit.id) or {}).get(KEYS_FIELD, "").split())
        if hit.title.strip().lower() in titles or any(_same_text(keys, other) for other in seen):
            continue
        seen.append(keys)
        titles.add(hit.title.strip().lower())
        kept.append(hit)
    return kept


def _same_text(a: set[str], b: set[str]) -> bool:
    return bool(a and b) and len(a & b) / min(len(a), len(b)) >= SAME_TEXT
