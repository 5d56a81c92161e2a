"""What one run of ``search index`` did, whatever the backend: the report the CLI prints."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ..ingest.ignore import Ignored


@dataclass
class Skipped:
    path: str
    reason: str


@dataclass
class IndexReport:
    """What one indexing run did; ``languages`` counts the whole index after the run."""

    indexed: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    languages: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    notes: list[Skipped] = field(default_factory=list)
    """Articles indexed with a remark: legacy encoding, truncated, language not en/fr."""
    excluded: list[Skipped] = field(default_factory=list)
    """Files and folders left out by an ignore rule (see :mod:`search.ingest.ignore`), with the rule."""
    ignored: list[Ignored] = field(default_factory=list)
    """Files of formats the engine does not read, counted by extension, with the reason."""
    duplicates: list[dict] = field(default_factory=list)
    """Every article not indexed because another has the same text: ``{"path", "copy_of"}``
    (the whole corpus after the run, like ``languages``)."""

    def to_dict(self) -> dict:
        data = asdict(self)
        data["seconds"] = round(self.seconds, 3)
        return data
