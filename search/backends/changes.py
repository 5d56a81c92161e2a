"""What one prepared file changes in an index and in the sync's report, whatever the backend.

A file read again replaces its articles (a feed's items that left it are deleted); a file
that could not be read loses its articles and is reported; a copy of an article another
file holds is recorded, not added (:mod:`search.backends.copies`). The backends differ only
in their :class:`Writer`: the Whoosh backend's segment writer, the Solr backend's buffer of
adds and deletes.
"""

from __future__ import annotations

from typing import Protocol

from ..analysis.analyzers import LANGUAGES
from .copies import CopyRegistry, own_ids
from .corpus import Loaded
from .fields import ID_FIELD
from .manifest import FileEntry, Item
from .report import IndexReport, Skipped


class Writer(Protocol):
    """The two things a backend's writer does for :func:`apply`."""

    def delete_by_term(self, fieldname: str, text: str) -> None:
        """Delete the article whose ``fieldname`` (always the id) is ``text``, if there is one."""

    def add_document(self, **fields: object) -> None:
        """Add (or replace) an article made by the backend's document function."""


def apply(writer: Writer, loaded: Loaded, known: dict, manifest: dict, report: IndexReport,
          copies: CopyRegistry, place: int, dropped: list[int]) -> int:
    """File one prepared file's articles; copies of indexed articles are recorded, not added,
    and their places in the batch go to ``dropped``. Returns the next place in the batch."""
    file = loaded.doc_id
    previous = known.get(file)
    old = previous.items if previous else []
    if loaded.error is not None:
        report.skipped.append(Skipped(file, loaded.error))
        for doc_id in own_ids(file, old):
            writer.delete_by_term(ID_FIELD, doc_id)
        return place
    if previous and previous.sha == loaded.sha and not loaded.docs:
        manifest[file] = FileEntry(loaded.size, loaded.mtime, loaded.sha, keep(writer, file, old, copies, report))
        return place
    for note in loaded.notes:
        report.notes.append(Skipped(file, note))
    was_indexed = set(own_ids(file, old))
    for doc_id in was_indexed:
        writer.delete_by_term(ID_FIELD, doc_id)
    items = []
    for doc in loaded.docs:
        holder = copies.claim(doc.doc_id, doc.key)
        items.append(Item(doc.doc_id[len(file):], doc.key, holder))
        if holder is not None:
            dropped.append(place)
        else:
            if doc.lang not in LANGUAGES:
                what = f"language '{doc.lang}'" if doc.lang else "no language detected"
                report.notes.append(Skipped(doc.doc_id, f"{what}: indexed with the neutral analyzer"))
            writer.add_document(**doc.fields)
            if doc.doc_id in was_indexed:
                report.updated += 1
            else:
                report.indexed += 1
        place += 1
    report.deleted += len(was_indexed - set(own_ids(file, items)))
    manifest[file] = FileEntry(loaded.size, loaded.mtime, loaded.sha, items)
    return place


def keep(writer: Writer, file: str, items: list, copies: CopyRegistry, report: IndexReport) -> list:
    """A file read again whose content had not changed: its articles stay as they are, unless
    another article with the same text was indexed first in this run (then it is a copy)."""
    kept = []
    for suffix, key, _ in items:
        holder = copies.claim(file + suffix, key)
        if holder is not None:
            writer.delete_by_term(ID_FIELD, file + suffix)
            report.deleted += 1
        else:
            report.unchanged += 1
        kept.append(Item(suffix, key, holder))
    return kept
