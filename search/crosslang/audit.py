"""Measured noise of the lexicons: pairs whose translation is too common to mean anything.

A translation found in a large share of the other language's articles (``piece`` →
*article*, ``go`` → *aller*) matches articles on every subject, and lifts them next to the
ones the query is about. ``search lexicon audit`` lists such pairs with how common each
side is, for review: a pair whose two sides are equally common (``government`` /
*gouvernement*) is usually right, one that turns a rare word into a common one is usually
noise, and is fixed in the glossary (removed, made specific, or limited to the direction
it is good for).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Callable, Iterable

from ..analysis.analyzers import analyze
from .lexicon import Lexicon

AUDIT_SHARE = 0.05
"""Default share of the other language's articles above which a translation is listed. On
../shared/corpus (8,000 articles) the glossary's right pairs above it are the news staples
(government, president, police...), whose source word is as common; see bench/RESULTS.md."""

Share = Callable[[str, str], float]
"""``share(text, lang)``: the share of ``lang``'s articles that hold the word ``text``."""


@dataclass(frozen=True)
class Noisy:
    source: str
    """The language translated from (``en`` or ``fr``)."""
    headword: str
    translation: str
    lexicon: str
    origin: str
    """The file and line of the pair, where the lexicon records it."""
    source_share: float
    translation_share: float

    @property
    def ratio(self) -> float:
        """How many times more common the translation is than the word it stands for."""
        return self.translation_share / max(self.source_share, 1e-4)

    def to_dict(self) -> dict:
        return {**asdict(self), "ratio": round(self.ratio, 1)}


def audit(lexicons: Iterable[Lexicon], share: Share, min_share: float = AUDIT_SHARE) -> list[Noisy]:
    """Every pair (each direction apart) whose one-word translation is held by more than
    ``min_share`` of its language's articles, the most lopsided first (translation far more
    common than the word translated). Expressions are left out: they are searched as
    phrases, far rarer than their words."""
    found: list[Noisy] = []
    seen: dict[tuple[str, str], float] = {}

    def measured(text: str, lang: str) -> float:
        if (text, lang) not in seen:
            seen[text, lang] = share(text, lang)
        return seen[text, lang]

    for lexicon in lexicons:
        for source, target, table in (("en", "fr", lexicon.en_fr), ("fr", "en", lexicon.fr_en)):
            for head, values in table.items():
                for value in values:
                    if len(analyze(value, target)) != 1:
                        continue  # searched as a phrase, rarer than its words: no upper bound helps
                    common = measured(value, target)
                    if common <= min_share:
                        continue
                    found.append(Noisy(source, head, value, lexicon.name,
                                       lexicon.origins.get((source, head, value), ""),
                                       measured(head, source), common))
    return sorted(found, key=lambda n: (-n.ratio, n.source, n.headword, n.translation))
