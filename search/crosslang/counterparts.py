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

import numpy as np
from whoosh.searching import Searcher

from ..analysis.analyzers import LANGUAGES
from ..index.labels import labels_of
from ..index.schema import DATE_FIELD, ID_FIELD, KEYS_FIELD, LANG_FIELD, TITLE_FIELD

WINDOW_DAYS = 3
MIN_SIMILARITY = 0.12
_OTHER = {"en": "fr", "fr": "en"}


def find_counterpart(searcher: Searcher, doc_id: str) -> dict | None:
    """``{"id", "title", "lang"}`` of ``doc_id``'s counterpart, or None."""
    docnum = searcher.document_number(id=doc_id)
    if docnum is None:
        return None
    stored = searcher.stored_fields(docnum)
    best = _best_match(searcher, stored)
    if best is None:
        return None
    other_num, other = best
    back = _best_match(searcher, other)
    if back is None or back[1][ID_FIELD] != doc_id:
        return None
    return {"id": other[ID_FIELD], "title": other.get(TITLE_FIELD, ""), "lang": other.get(LANG_FIELD)}


def _best_match(searcher: Searcher, stored: dict) -> tuple[int, dict] | None:
    lang, date, keys = stored.get(LANG_FIELD), stored.get(DATE_FIELD), stored.get(KEYS_FIELD)
    if lang not in LANGUAGES or not date or not keys:
        return None
    try:  # an index built before dates were checked at ingest may hold year 1 or 9999
        day = dt.date.fromisoformat(date)
        start = (day - dt.timedelta(days=WINDOW_DAYS)).isoformat()
        end = (day + dt.timedelta(days=WINDOW_DAYS)).isoformat()
    except (ValueError, OverflowError):
        return None
    labels = labels_of(searcher.reader())
    window = labels.dated_between(start, end) & (labels.lang == labels.lang_code(_OTHER[lang])) & labels.live
    mine = set(keys.split())
    best: tuple[float, int, dict] | None = None
    for docnum in np.flatnonzero(window).tolist():
        other = searcher.stored_fields(docnum)
        theirs = set(other.get(KEYS_FIELD, "").split())
        if not theirs:
            continue
        similarity = len(mine & theirs) / len(mine | theirs)
        if similarity >= MIN_SIMILARITY and (best is None or similarity > best[0]):
            best = (similarity, docnum, other)
    return (best[1], best[2]) if best else None
