"""Language detection: cheap stop-word evidence first, langdetect when that is not decisive.

langdetect costs milliseconds per article and is random unless seeded; counting the most
frequent function words of English and French settles most news articles at a fraction of
that cost, and langdetect (seeded, on a bounded prefix) decides the rest, including every
language other than English and French.
"""

from __future__ import annotations

import re
import threading

PREFIX_CHARS = 2000
"""How much of an article is read to decide its language."""
SHORT_TEXT = 300
SHORT_TEXT_SUPPORT = 0.15

_EN_MARKERS = frozenset(
    "the and of to is was that for with on are by this from have has were which said".split()
)
_FR_MARKERS = frozenset(
    "le les et des est une dans pour qui du au sur pas avec ont été il aux cette sont par".split()
)
_WORD = re.compile(r"[^\W\d_]+")
_lock = threading.Lock()
_factory = None


def _langdetect(text: str) -> str | None:
    global _factory
    from langdetect.detector_factory import DetectorFactory
    from langdetect.lang_detect_exception import LangDetectException

    with _lock:
        if _factory is None:
            factory = DetectorFactory()
            factory.load_profile(_profiles_dir())
            factory.seed = 0
            _factory = factory
        detector = _factory.create()
    detector.append(text)
    try:
        ranked = detector.get_probabilities()
    except LangDetectException:
        return None
    if not ranked or ranked[0].lang == "unknown":
        return None
    best = ranked[0].lang.split("-")[0]
    if best not in ("en", "fr") and len(text) < SHORT_TEXT:
        # A sentence or two is weak evidence; in an English/French news collection an
        # English or French reading with real support is the likelier one.
        for candidate in ranked[1:]:
            if candidate.lang in ("en", "fr") and candidate.prob >= SHORT_TEXT_SUPPORT:
                return candidate.lang
    return best


def _profiles_dir() -> str:
    from langdetect.detector_factory import PROFILES_DIRECTORY

    return PROFILES_DIRECTORY


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``'s language (``"en"``, ``"fr"``, ...), or None without evidence.

    Deterministic: the same text always gets the same answer."""
    prefix = text[:PREFIX_CHARS]
    found = _by_markers(prefix)
    return found if found is not _UNDECIDED else _langdetect(prefix)


def detect_languages(texts: list[str]) -> list[str | None]:
    """The languages of the articles of one file (a feed's items), each as
    :func:`detect_language` would give it, except that the short items the function words do
    not settle share one detection of their joined text: langdetect costs milliseconds a call,
    and a feed of 10,000 one-line items spent minutes in it."""
    found: list[str | None] = []
    short: list[int] = []
    for place, text in enumerate(texts):
        prefix = text[:PREFIX_CHARS]
        language = _by_markers(prefix)
        if language is _UNDECIDED and len(prefix) < SHORT_TEXT and len(texts) > 1:
            short.append(place)
        elif language is _UNDECIDED:
            language = _langdetect(prefix)
        found.append(language if language is not _UNDECIDED else None)
    if short:
        joined = "\n".join(texts[place][:SHORT_TEXT] for place in short)[:PREFIX_CHARS]
        shared = detect_language(joined)
        for place in short:
            found[place] = shared
    return found


_UNDECIDED = "?"


def _by_markers(prefix: str) -> str | None:
    """"en" or "fr" when function words settle it, None for text without words, else _UNDECIDED."""
    tokens = [w.lower() for w in _WORD.findall(prefix)]
    if not tokens:
        return None
    en = sum(1 for w in tokens if w in _EN_MARKERS)
    fr = sum(1 for w in tokens if w in _FR_MARKERS)
    # Function words are a quarter of running English or French text; demand a clear majority.
    if len(tokens) >= 20:
        if en >= 0.12 * len(tokens) and fr * 8 <= en:
            return "en"
        if fr >= 0.12 * len(tokens) and en * 8 <= fr:
            return "fr"
    return _UNDECIDED
