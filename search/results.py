"""What a search returns: plain dataclasses, never Whoosh objects, so callers cannot reach
into the index and the JSON shape of DESIGN.md is produced in one place."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


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
    counterpart: dict | None = None
    """The same story in the other language, when the corpus has it: {"id", "title", "lang"}."""
    explanation: list[dict] | None = None
    """On request: what matched, per concept of the query (see :func:`search.scoring.explain`)."""

    def to_dict(self) -> dict:
        data = asdict(self)
        if self.explanation is None:
            del data["explanation"]
        if self.score is not None:
            data["score"] = round(self.score, 4)
        return data


@dataclass
class Results:
    query: str
    total: int
    page: int
    limit: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    suggestion: str | None = None
    expanded: dict[str, list[str]] = field(default_factory=dict)
    """Translated words that were searched as well: {"demining": ["déminage"]}."""
    notes: list[str] = field(default_factory=list)
    """What the engine could not use in the query, in words a user understands."""
    lang: str | None = None
    sort: str = "relevance"
    year: str | None = None
    translate: bool = True

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
            "expanded": self.expanded,
            "notes": self.notes,
            "lang": self.lang,
            "sort": self.sort,
            "year": self.year,
            "translate": self.translate,
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
    counterpart: dict | None = None

    def to_dict(self) -> dict:
        return asdict(self)
