"""Learn an English–French lexicon from sentence-aligned parallel text.

General dictionaries miss much of the everyday vocabulary of news ("rates" → "taux",
"growth" → "croissance", "unemployment" → "chômage") and list rare senses as readily as
common ones. Translated news says which words stand for which: IBM Model 1 (Brown et al.,
1993), trained by expectation–maximisation in both directions, estimates
p(french | english) and p(english | french) from co-occurrence alone. A pair is kept when
both directions agree, which removes most of what co-occurs by accident.

Words are learned as the engine's own index terms (stems, accents folded, stop words out),
so an entry serves every inflection; each is written out as its most frequent surface form,
which the query builder analyses back to the same term.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable, Iterator

from ..analysis.analyzers import term_spans

NULL = ""
"""Model 1's empty word: a word may translate to nothing ("do", "il")."""


@dataclass(frozen=True)
class LearnedPair:
    english: str
    french: str
    p_fr_given_en: float
    p_en_given_fr: float
    count: int
    """Sentence pairs in which both terms occur."""


def _terms(sentence: str, lang: str, surfaces: dict[str, Counter]) -> list[str]:
    found = []
    for start, end, term in term_spans(sentence, lang):
        if term.isdigit():
            continue
        surfaces[term][sentence[start:end].lower()] += 1
        found.append(term)
    return found


def _model1(pairs: list[tuple[list[str], list[str]]], iterations: int) -> dict[str, dict[str, float]]:
    """t[source][target] = p(target | source), by EM over the sentence pairs."""
    t: dict[str, dict[str, float]] = defaultdict(dict)
    for source, target in pairs:
        for s in set(source) | {NULL}:
            row = t[s]
            for w in set(target):
                row[w] = 1.0
    for row in t.values():
        uniform = 1.0 / len(row)
        for w in row:
            row[w] = uniform
    for _ in range(iterations):
        counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for source, target in pairs:
            sources = list(set(source)) + [NULL]
            rows = [t[s] for s in sources]
            for w in set(target):
                probs = [row.get(w, 0.0) for row in rows]
                total = sum(probs)
                if total <= 0.0:
                    continue
                for s, p in zip(sources, probs):
                    if p:
                        counts[s][w] += p / total
        t = defaultdict(dict)
        for s, row in counts.items():
            total = sum(row.values())
            t[s] = {w: c / total for w, c in row.items()}
    return t


def learn(sentence_pairs: Iterable[tuple[str, str]], iterations: int = 8, min_count: int = 2,
          min_forward: float = 0.1, min_backward: float = 0.05, per_word: int = 3) -> list[LearnedPair]:
    """Word pairs from ``(english sentence, french sentence)`` pairs, most probable first.

    ``min_count`` is how many sentence pairs must contain both words; ``min_forward`` and
    ``min_backward`` bound p(fr | en) and p(en | fr); at most ``per_word`` French words are
    kept per English word, and the other way round."""
    surfaces: dict[str, dict[str, Counter]] = {"en": defaultdict(Counter), "fr": defaultdict(Counter)}
    pairs: list[tuple[list[str], list[str]]] = []
    for english, french in sentence_pairs:
        en, fr = _terms(english, "en", surfaces["en"]), _terms(french, "fr", surfaces["fr"])
        if en and fr:
            pairs.append((en, fr))
    cooccur: Counter = Counter()
    for en, fr in pairs:
        for e in set(en):
            for f in set(fr):
                cooccur[e, f] += 1
    forward = _model1(pairs, iterations)
    backward = _model1([(fr, en) for en, fr in pairs], iterations)

    candidates: list[LearnedPair] = []
    for e, row in forward.items():
        if e == NULL:
            continue
        for f, p in row.items():
            if f == NULL or p < min_forward or cooccur[e, f] < min_count:
                continue
            q = backward.get(f, {}).get(e, 0.0)
            if q >= min_backward:
                candidates.append(LearnedPair(e, f, p, q, cooccur[e, f]))
    candidates.sort(key=lambda c: -(c.p_fr_given_en * c.p_en_given_fr))
    per_en: Counter = Counter()
    per_fr: Counter = Counter()
    kept: list[LearnedPair] = []
    for c in candidates:
        if per_en[c.english] >= per_word or per_fr[c.french] >= per_word:
            continue
        per_en[c.english] += 1
        per_fr[c.french] += 1
        english = surfaces["en"][c.english].most_common(1)[0][0]
        french = surfaces["fr"][c.french].most_common(1)[0][0]
        if english != french:
            kept.append(LearnedPair(english, french, c.p_fr_given_en, c.p_en_given_fr, c.count))
    return kept


def read_parallel(english_lines: Iterable[str], french_lines: Iterable[str]) -> Iterator[tuple[str, str]]:
    """Line-aligned files as sentence pairs; blank lines on either side are skipped."""
    for english, french in zip(english_lines, french_lines):
        if english.strip() and french.strip():
            yield english.strip(), french.strip()
