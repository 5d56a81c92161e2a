"""An article's section: what its file states, else the folder that holds the file.

News collections are commonly filed by section (the BBC corpus's business/, sport/, tech/...),
so the folder a file sits in is its section, or its source, when the file says nothing. A file
at the top of the corpus has none.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from .articles import Article

MAX_SECTION_CHARS = 60
"""A longer stated section is cut: it is a facet's label, not text."""


def section_of(article: Article) -> str:
    """The section to index for ``article`` ("" for none)."""
    if article.section and article.section.strip():
        return " ".join(article.section.split())[:MAX_SECTION_CHARS]
    path = PurePosixPath(article.id.split("#", 1)[0])
    return path.parent.name if len(path.parts) > 1 else ""
