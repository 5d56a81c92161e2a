"""Same story, other language: find an article's close counterpart in the other language.

Two reports of one event in English and French share few words but many names, numbers
and cognates (Karabakh/Karabagh, 1988, CNEMA, occupation/occupation). Each article stores
its set of language-blind cognate keys (the indexer writes them to ``keys``); a counterpart
is an article in the other language, dated within a few days, whose key set overlaps most
(Jaccard), and for which the first article is the best match in return. Only articles with
a date are linked: without one, nothing bounds the comparison, and a false "same story"
link is worse than none.
"""

from __future__ import annotations

import datetime as dt

from ..analysis.analyzers import LANGUAGES
from ..backends.base import IndexView
from ..backends.fields import DATE_FIELD, ID_FIELD, KEYS_FIELD, LANG_FIELD, TITLE_FIELD

WINDOW_DAYS = 3
MIN_SIMILARITY = 0.12
_OTHER = {"en": "fr", "fr": "en"}


def find_counterpart(view: IndexView, doc_id: str) -> dict | None:
    """``{"id", "title", "lang"}`` of ``doc_id``'s counterpart, or None."""
    stored = view.document(doc_id)
    if stored is None:
        return None
    other = _best_match(view, stored)
    if other is None:
        return None
    back = _best_match(view, other)
    if back is None or back[ID_FIELD] != doc_id:
        return None
    return {"id": other[ID_FIELD], "title": other.get(TITLE_FIELD, ""), "lang": other.get(LANG_FIELD)}


def _best_match(view: IndexView, stored: dict) -> dict | None:
    lang, date, keys = stored.get(LANG_FIELD), stored.get(DATE_FIELD), stored.get(KEYS_FIELD)
    if lang not in LANGUAGES or not date or not keys:
        return None
    try:  # an index built before dates were checked at ingest may hold year 1 or 9999
        day = dt.date.fromisoformat(date)
        start = (day - dt.timedelta(days=WINDOW_DAYS)).isoformat()
        end = (day + dt.timedelta(days=WINDOW_DAYS)).isoformat()
    except (ValueError, OverflowError):
        return None
    mine = set(keys.split())
    best: tuple[float, dict] | None = None
    for other in view.articles_between(_OTHER[lang], start, end):
        theirs = set(other.get(KEYS_FIELD, "").split())
        if not theirs:
            continue
        similarity = len(mine & theirs) / len(mine | theirs)
        if similarity >= MIN_SIMILARITY and (best is None or similarity > best[0]):
            best = (similarity, other)
    return best[1] if best else None
