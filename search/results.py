"""What a search returns: plain dataclasses, never Whoosh objects, so callers cannot reach
into the index and the JSON shape of DESIGN.md is produced in one place."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

LIST_TITLE_CHARS = 140
"""Result lists shorten a longer title (at a word, with "…"); the article page shows it whole."""


def _absent_as_none(obj) -> None:
    """Metadata an article does not have is None (JSON null), never an empty string."""
    for name in ("date", "source", "url"):
        if not getattr(obj, name):
            setattr(obj, name, None)


@dataclass
class Counterpart:
    """The same story in the other language (see :mod:`search.crosslang.counterparts`)."""

    id: str
    title: str
    lang: str


@dataclass
class IndexStats:
    """What an index holds (``search stats``, ``/healthz``); ``to_dict`` is its JSON."""

    index: str
    """The index folder."""
    articles: int
    languages: dict[str, int]
    """Articles per language code."""
    duplicates: int
    """Files with the same text as an indexed article, listed with it instead."""
    lexicons: list[dict]
    """The lexicons in use: ``{"name", "entries", "path", "licence", "trusted"}``."""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Hit:
    id: str
    title: str
    lang: str
    date: str | None
    source: str | None
    url: str | None
    score: float | None
    snippet: str
    """HTML: the article text escaped, with <mark> around matched words and nothing else."""
    title_html: str
    counterpart: Counterpart | None = None
    """The same story in the other language, when the corpus has it."""
    explanation: list[dict] | None = None
    """On request: what matched, per concept of the query (see :func:`search.backends.whoosh.evaluate.explain`)."""
    reasons: list[dict] | None = None
    """With the explanation: the translations and near spellings that counted, ``{"typed", "found", "kind"}``
    (see :func:`search.query.why.reasons`)."""
    duplicates: list[str] = field(default_factory=list)
    """Other files (ids) with the same text, not listed as results of their own."""
    section: str | None = None
    """The section the file states, else its folder (None at the corpus's top)."""
    snippet_text: str = ""
    """The snippet as plain text (no marks, no escapes): for spreadsheets and clients that show no HTML."""

    def __post_init__(self) -> None:
        _absent_as_none(self)

    def to_dict(self) -> dict:
        data = asdict(self)
        if self.explanation is None:
            del data["explanation"]
            del data["reasons"]
        if self.score is not None:
            data["score"] = round(self.score, 4)
        return data


@dataclass
class Period:
    """One bar of a timeline: a month (``2021-10``) or a year, its first and last day, and
    the matches it holds per language."""

    key: str
    start: str
    end: str
    counts: dict[str, int]
    collection: dict[str, int] = field(default_factory=dict)
    """The collection's articles of each language in this period (matching or not)."""

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, lang: str) -> float:
        """The matches' share of the collection's articles of ``lang`` in this period (0 to 1)."""
        whole = self.collection.get(lang, 0)
        return self.counts.get(lang, 0) / whole if whole else 0.0


@dataclass
class Timeline:
    """A query's matches over time, oldest period first (empty periods included)."""

    unit: str
    """"month" or "year"."""
    languages: list[str]
    periods: list[Period]
    zoomed: bool = False
    """True when a date filter chose the range shown (the periods span it), False for the whole story."""
    wider: tuple[str, str] | None = None
    """When zoomed: the range to zoom out to (the year around a shorter range), None for every date."""

    @property
    def peak(self) -> int:
        return max((p.total for p in self.periods), default=0)

    def to_dict(self) -> dict:
        return {"unit": self.unit, "languages": self.languages, "zoomed": self.zoomed,
                "wider": {"from": self.wider[0], "to": self.wider[1]} if self.wider else None,
                "periods": [{"period": p.key, "from": p.start, "to": p.end, "counts": p.counts,
                             "collection": p.collection} for p in self.periods]}


@dataclass
class Results:
    query: str
    total: int
    page: int
    limit: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    suggestion: str | None = None
    corrected: str | None = None
    """The query the results are for when it is not the query as typed: an unknown word
    found only through a near spelling (``Mourino`` → Mourinho) is said, not silent."""
    expanded: dict[str, list[str]] = field(default_factory=dict)
    """Translated words that were searched as well: {"demining": ["déminage"]}."""
    excluded: dict[str, list[str]] = field(default_factory=dict)
    """What a NOT leaves out: each excluded word or phrase as typed, with the translations
    excluded with it: {"vote": ["scrutin"]}."""
    notes: list[str] = field(default_factory=list)
    """What the engine could not use in the query, in words a user understands."""
    lang: str | None = None
    sort: str = "relevance"
    year: str | None = None
    translate: bool = True
    date_from: str | None = None
    date_to: str | None = None
    timeline: Timeline | None = None
    """Matches per period and language, from the same scoring pass as the facets."""
    sections: list[str] = field(default_factory=list)
    """The sections chosen (any of them kept); empty for every section."""
    partial: int = 0
    """Matches left out of a date order: they hold only some of the query's words (or
    their translations), where ``total`` others hold them all. Sorted by relevance, they
    follow those."""

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.limit))

    def to_dict(self) -> dict:
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "limit": self.limit,
            "pages": self.pages,
            "results": [hit.to_dict() for hit in self.hits],
            "facets": self.facets,
            "suggestion": self.suggestion,
            "corrected": self.corrected,
            "expanded": self.expanded,
            "excluded": self.excluded,
            "notes": self.notes,
            "lang": self.lang,
            "sort": self.sort,
            "year": self.year,
            "from": self.date_from,
            "to": self.date_to,
            "translate": self.translate,
            "section": self.sections,
            "partial": self.partial,
            "timeline": self.timeline.to_dict() if self.timeline else None,
        }


@dataclass
class ArticleView:
    """One whole article for display; ``body_html`` is escaped text with optional marks."""

    id: str
    title: str
    title_html: str
    body_html: str
    lang: str
    date: str | None
    source: str | None
    url: str | None
    counterpart: Counterpart | None = None
    paragraphs_html: list[str] = field(default_factory=list)
    """``body_html`` cut into paragraphs (at sentence ends when the source has no breaks)."""
    related: list[dict] = field(default_factory=list)
    """Up to five articles on the same subject, in both languages: {"id", "title", "lang", "date"}."""
    duplicates: list[str] = field(default_factory=list)
    """Other files (ids) with the same text."""

    def __post_init__(self) -> None:
        _absent_as_none(self)

    def to_dict(self) -> dict:
        return asdict(self)
