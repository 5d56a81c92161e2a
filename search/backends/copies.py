"""Duplicate articles: the same text in several files is one search result, whatever the backend.

Folders of news collect copies (the shared corpus has 98 byte-identical BBC pairs). Each
article's text is reduced to a key (case, spacing and Unicode forms normalised); the first
article with a key is indexed, later ones are recorded as its copies and not indexed, and
the results and the article page list them. Which copy is indexed stays the same from run
to run; when its file goes away or changes, a remaining copy is read again and indexed in
its place, so removing one copy never removes the story.

Each backend keeps the copies where it keeps its sync state: the Whoosh backend in
``duplicates.json`` beside the index (:mod:`search.backends.whoosh.duplicates`), the Solr
backend in the collection (:mod:`search.backends.solr.sync`).
"""

from __future__ import annotations

import hashlib
import unicodedata

from ..ingest.articles import Article
from .manifest import FileEntry, Item

KEY_CHARS = 20
"""Hex digits of a text key (80 bits: no accidental collision in any corpus we will see)."""


def text_key(article: Article) -> str:
    """What two articles share when they are the same text: NFKC, case-folded, spaces collapsed."""
    text = f"{article.title}\n{article.body}"
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    text = text.casefold()
    return hashlib.sha1(" ".join(text.split()).encode("utf-8", "surrogatepass")).hexdigest()[:KEY_CHARS]


class CopyRegistry:
    """Which indexed article holds each text key during a sync."""

    def __init__(self) -> None:
        self._holder: dict[str, str] = {}

    def holder(self, key: str) -> str | None:
        return self._holder.get(key)

    def claim(self, doc_id: str, key: str | None) -> str | None:
        """Register ``doc_id`` as holding ``key``; if another article holds it already, return
        that article's id (``doc_id`` is then a copy and is not indexed)."""
        if not key:
            return None
        holder = self._holder.setdefault(key, doc_id)
        return None if holder == doc_id else holder

    def release(self, doc_id: str, key: str | None) -> None:
        if key and self._holder.get(key) == doc_id:
            del self._holder[key]


def own_ids(file: str, items: list[Item]) -> list[str]:
    """Ids of a file's articles that are in the index (not copies)."""
    return [file + item.suffix for item in items if item.copy_of is None]


def register_unchanged(registry: CopyRegistry, manifest: dict[str, FileEntry]) -> list[str]:
    """Register the articles of files that are not read again; return the files that must be
    read again because an article of theirs was a copy of an article no longer held
    (its file is gone or changing). Those files are taken out of ``manifest``."""
    for file, entry in manifest.items():
        for item in entry.items:
            if item.copy_of is None:
                registry.claim(file + item.suffix, item.key)
    orphans: list[str] = []
    changed = True
    while changed:
        changed = False
        for file, entry in list(manifest.items()):
            if any(item.copy_of is not None and registry.holder(item.key) != item.copy_of for item in entry.items):
                del manifest[file]
                orphans.append(file)
                for item in entry.items:
                    if item.copy_of is None:
                        registry.release(file + item.suffix, item.key)
                changed = True
    return orphans


def copies_of(manifest: dict[str, FileEntry]) -> dict[str, list[str]]:
    """``{indexed id: [ids of its copies]}`` from a sync's manifest."""
    copies: dict[str, list[str]] = {}
    for file, entry in manifest.items():
        for item in entry.items:
            if item.copy_of is not None:
                copies.setdefault(item.copy_of, []).append(file + item.suffix)
    return {doc_id: sorted(found) for doc_id, found in sorted(copies.items())}
