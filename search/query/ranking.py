"""The ranking: its rules in order, and every tuned weight and threshold, with where each was
measured. Both backends rank by these rules (the embedded one in
:mod:`search.backends.whoosh.evaluate` and :mod:`search.backends.whoosh.bm25`, a cluster in
:mod:`search.backends.solr.query`); :mod:`search.query.build` turns a query into the concepts
and weighted alternatives the rules speak of.

1. **What matches.** A keyword query matches an article where any alternative of any of its
   concepts does (a concept: a word, an expression the lexicons know, a name, a quoted
   phrase, a bracketed group; an alternative: the typed words in each language's fields,
   a translation, a cognate). AND, OR and NOT apply to whole concepts: words side by side
   under an operator match only where all their concepts are found, and their names whole.
2. **Coverage first** (queries of up to ``TIERED_MAX_CONCEPTS`` concepts), in this order:
   a. the concepts an article covers through *trusted* alternatives: the typed words, a
      glossary translation the corpus supports, a phrase, a name's initials where the
      articles that spell the name out use them (``ACRONYM_MIN_SHARE``);
   b. the concepts it covers at all, *weak* alternatives included: a cognate, a word found as
      a foreign word, a dictionary's sense, one word standing for an expression of several
      (*Mondial* for ``World Cup``), an expression's words apart and their translations, a
      typed word outside its expression's translation (``Prime`` in a French article), a
      translation reduced to one searchable word (*Our Lady* → *lady*), a glossary sense
      whose articles rarely hold the query's other concepts (``SENSE_SUPPORT_RATIO``). A
      weak alternative ranks an article, never above one that covers the concept for real.
      A word of a name far more common than the name covers nothing alone
      (``NAME_WORD_RATIO``);
   c. the names found whole (``Tour de France``, not its words apart).
3. **Then the score**: each concept scores as its best alternative (BM25 with ``BM25_K1`` and
   ``BM25_B``, our idf over every article, times the alternative's weight below), the
   concepts' scores summed; a name or an expression found with its words together adds
   ``PHRASE_WEIGHT`` of its words' score, two concepts typed one after the other found within
   ``NEAR_SLOP`` words ``NEAR_WEIGHT`` of theirs. A name or an expression of n words weighs
   as one concept, its words' and phrase's scores divided by n: in ``European Union budget``
   the Union's two words outweighed the budget two to one, and an article on the Union that
   mentions a budget once led (dev queries, translation on: d16 nDCG 0.45 -> 0.55, no other
   query moved; newstest2011 EN→FR 0.910 -> 0.911, FR→EN 0.916 -> 0.917).
4. **A pasted sentence** (more than ``TIERED_MAX_CONCEPTS`` concepts) has no tiers: its score
   is scaled by the share of its concepts covered.
5. **Senses the corpus contradicts are dropped** in queries of up to
   ``CONTRADICTION_MAX_CONCEPTS`` concepts: a dictionary's translation that no article shares
   with the query's other concepts.
6. **A date order lists the articles that answer the whole query** (newest or oldest first):
   where some articles cover every concept (through any alternative: the typed word, a
   translation, a near spelling), those that cover only some are left out and counted
   (``Results.partial``), not listed among them by date; so are the facets, the timeline,
   exports and feeds of a date order. Sorted by date, rule 2 no longer puts a passing match
   below the answers: ``Notre-Dame fire`` newest first listed a curfew (*couvre-feu*) in
   Melbourne before any article on the cathedral. Where no article covers every concept,
   and for a query of one concept, every match is listed. Whether some article covers
   every concept is decided over all the matches, filters aside: a filter narrows the
   answers, it does not change what answers the query.

Unless said otherwise, figures are from the judged dev queries (``bench/relevance.py``,
``../shared/relevance``) and newstest2011 (``bench/crosslang.py``); see bench/RESULTS.md.
"""

from __future__ import annotations

from math import log

# --- BM25 ------------------------------------------------------------------------------

BM25_K1 = 1.2
BM25_B = 0.75
"""BM25's term-frequency saturation and length normalisation (Whoosh's BM25F defaults,
which Lucene's BM25 shares)."""


def bm25_idf(df: int, total: int) -> float:
    """Lucene's BM25 idf: never negative, however common the term."""
    return log(1.0 + (total - df + 0.5) / (df + 0.5))


# --- fields ----------------------------------------------------------------------------

TITLE_BOOST = 2.0
"""Each word of a headline counts this many times in the headline's field (its term frequency
and length, before BM25). A whole number: a cluster is sent each headline token this many
times."""
LEAD_TERMS = 30
LEAD_BOOST = 0.75
"""The body's first ``LEAD_TERMS`` terms are also a field of their own (the lead), scored like
the headline and the body, with its own idf, its score times ``LEAD_BOOST`` (at query time, so
that every backend weighs it alike). News says what it is about first: a word of the opening
is better evidence than the same word further down, where one mention is often in passing.
On the dev queries' judged articles without a query word in the headline, the first match
falls within the first 30 words in 73% of those graded 2 and in 20% of those graded 0.
Dev queries, translation on, P@5 / nDCG@10 (condensed: unjudged articles left out, see
bench/relevance.py): no lead 0.892 / 0.826 (0.892 / 0.830); boost 0.5 0.900 / 0.829 (0.908 /
0.854), 0.65 0.933 / 0.826 (0.942 / 0.856), 0.75 0.933 / 0.822 (0.942 / 0.855), 1.0 0.925 /
0.819 (0.942 / 0.854); at 1.0 (index-time weights), 20 terms 0.925 / 0.841 condensed, 50 terms
0.908 / 0.842. Counting the opening's terms again in the body's own frequency instead (one
field, saturated together) moved nothing (0.883 / 0.823): the lead's own, higher idf is what
tells an article about a thing from one that mentions it. newstest2011/2012 unchanged or up."""


# --- tiers (rule 2) and sentences (rule 4) --------------------------------------------

TIERED_MAX_CONCEPTS = 8
"""Queries of up to this many concepts are ranked by coverage first; longer ones (pasted
sentences) by their score times the share of their concepts covered, since hardly any
article holds every word of a sentence (newstest2011, 800 pairs: MRR@10 FR→EN 0.896 →
0.902, EN→FR 0.902 → 0.907; exponents 0.5 and 2 measured alike). A tier for the names found
whole matters for names, which any one of their words covers (``Paris`` alone is no sign of
Paris Saint-Germain); for expressions it put a passing mention of the translated expression
above articles with the typed words apart (nDCG 0.803 -> 0.809 without it). A tier for the
typed words over translations gained P@5 on one single-word query and lost nDCG on five
(0.803 -> 0.758), so typed words lead through their weight instead."""
SHORT_QUERY_WORDS = 8
"""Queries of up to this many words are keyword queries, not pasted sentences (the same
bound as ``BOTH_LANGUAGES_MAX_WORDS`` and ``TIERED_MAX_CONCEPTS``)."""

# --- weights of alternatives (rule 3) -------------------------------------------------

TRANSLATION_WEIGHT = 0.8
"""A translation's score relative to the typed word's (below 1: typed words rank first)."""
PHRASE_WEIGHT = 0.25
"""Bonus of a name or expression found with its words together, relative to its words (and
of a translated expression, which stands together). Dev queries, translation on, P@5 /
nDCG@10: 0 → 0.896 / 0.838, 0.25 → 0.896 / 0.838, 0.5 → 0.878 / 0.825, 0.75 → 0.878 /
0.821. Once expressions lost their ranking tier, a large bonus let a passing "Olympic Games"
outrank reports about the Games that say "Olympic" five times; at 0 articles with the
words apart caught up with those on "film festival" and "climate change". newstest2011
(800 pairs) is the same at 0.25 and 0.5 (EN→FR 0.907, FR→EN 0.903)."""
NEAR_SLOP = 10
NEAR_WEIGHT = 0.5
"""Bonus of two concepts typed one after the other found within ``NEAR_SLOP`` words of each
other, relative to their words' score (expressions and names have their phrase instead).
Dev queries, nDCG@10 translation on / off / both languages typed: 0 → 0.823 / 0.729 /
0.761, 0.25 → 0.824 / 0.744 / 0.780, 0.5 → 0.826 / 0.740 / 0.775, 1.0 → 0.825 (on); P@5
on 0.892 throughout, off 0.825 → 0.833, both 0.858 → 0.850 (d02, d21 lose one of five)."""
FOREIGN_WEIGHT = 0.5
"""A word typed in one language found as such in the other's articles (``Game of Thrones``
in a French article for ``games``), or outside the translation of the expression it was
typed in: weaker evidence than a translation."""
COGNATE_WEIGHT = 0.6
"""A word of the other language's articles spelt almost like the typed one."""
EXPRESSION_WORD_WEIGHT = 0.5
"""The translations of an expression's words (``salaire`` → *wage* beside ``salaire
minimum`` → *minimum wage*), relative to a translation's weight: they find the articles that
say the words apart, which the expression's own translation, counted for all its words,
already outranks."""
BACK_TRANSLATION_EXPONENT = 0.5
"""In short queries, a one-word translation weighs 1/n ** this, n the one-word words it
translates back to (``singer``: chanteur, chanteuse, interprète). 0 (off), 0.5, 1 on the dev
queries: P@5 0.870, 0.878, 0.887 (d10 ``chanteuse`` alone moves). n also counts synonyms
(``quake`` beside ``earthquake`` for *séisme*), which are no ambiguity, hence 0.5, not 1.
On sentences (newstest2011, 800 pairs) it cost FR→EN 0.903 -> 0.900 -> 0.895: a sentence
needs every translation, a short query the specific ones, so sentences are left out
(``SHORT_QUERY_WORDS``)."""
FALLBACK_SUPPORT_RATIO = 1.0
"""One word translating an expression of several is weak (rule 2b) where it is more common
among its language's articles than this times the expression among its own. On
../shared/corpus: *Bourse* in 0.45% of French articles, "stock market" in 2.5% of English
ones (kept); *Mondial* (and *mondiale*) in 5.2%, "World Cup" in 2.3% (weak); *premier* in
2.1% of English articles, "Premier ministre" in 9.6% of French ones (kept)."""
ACRONYM_LENGTH = (2, 6)
ACRONYM_MIN_ARTICLES = 3
ACRONYM_MIN_SHARE = 0.2
ACRONYM_WEIGHT = 0.25
ACRONYM_MIN_PRECISION = 0.1
"""A name's initials (``EU``, *UE*, *FMI*) are searched like the name where at least
``ACRONYM_MIN_SHARE`` of the articles that spell the name out use them too (and at least
``ACRONYM_MIN_ARTICLES``), and at least ``ACRONYM_MIN_PRECISION`` of the articles that hold
the initials spell the name out: the index holds lowercased stems, so initials may also be
another word's stem. On ../shared/corpus, *JO* for *Jeux olympiques* is also *Joe* (Biden):
3 of its 54 French articles spell the Games out (0.06); the lowest of the real ones is *PS*
(Parti socialiste) at 0.20, then *UE* 0.52, *EU* 0.53, *FMI* 0.62, *FN* 0.64, *OMS* 0.75."""
MAX_TRANSLATIONS = 4
"""Translations of one word or expression into one language, the likeliest first."""

# --- which words count where ----------------------------------------------------------

FOREIGN_RATIO = 10
"""How much more often the other language's articles must use a word for it to be foreign."""
SHARED_WORD_SHARE = 0.002
"""A word in at least this share of a language's articles is a word of that language too."""
NAME_WORD_MIN_SHARE = 0.05
NAME_WORD_RATIO = 10
"""A word of a name typed does not cover the name alone where it is in at least
``NAME_WORD_MIN_SHARE`` of its language's articles and more than ``NAME_WORD_RATIO`` times as
many as the name whole (on ../shared/corpus: *France* in 40% of French articles, "Tour de
France" in 0.5%; *Paris* of Paris Saint-Germain), so that ``Tour de France`` does not match
every article on France."""
COGNATE_MIN_LENGTH = 5
COGNATE_MAX_LENGTH = 30
"""Longer "words" (a pasted hash, a hostile query) get no cognates: the edit-distance walk
of the term dictionary grows with the word."""
COGNATE_MAX_EDITS = 2
MAX_EXPRESSION_WORDS = 4
BOTH_LANGUAGES_MAX_WORDS = 8
"""Words typed that translate each other are looked for in queries up to this long (the
check is quadratic, and a pasted sentence does not repeat itself in two languages)."""

# --- senses (rules 2 and 5) -----------------------------------------------------------

SENSE_SUPPORT_RATIO = 0.25
"""In queries of up to ``CONTRADICTION_MAX_CONCEPTS`` concepts, a glossary translation is weak
(rule 2b) where the share of its articles that hold the query's other concepts is below this
times the best translation's of the same word into the same language (``Notre-Dame fire``:
*licencier* against *incendie*)."""

CONTRADICTION_MAX_CONCEPTS = 3
"""Queries of up to this many concepts drop the dictionary senses the corpus contradicts.
Applied to the glossary's translations too, it cost newstest2012 (one-sentence queries whose
one answer may share a single concept with them) 0.013 MRR@10 at 3 concepts and no dev
query gained: the glossary's senses are trusted, the rule is for dictionary senses."""
