"""What a sync remembers of each file it read, whatever the backend: the Whoosh backend's
manifest (``manifest.json``, see :mod:`search.backends.whoosh.store`) and the Solr backend's
file documents (see :mod:`search.backends.solr.sync`) hold these entries.

Each entry is a JSON array ``[size, mtime_ns, sha, [[suffix, text key, copy of], ...]]``;
these named tuples give the places names and are written back as the same arrays (a
tuple is a JSON array), so the file's format does not change.
"""

from __future__ import annotations

from typing import Iterable, NamedTuple

from .fields import FILE_FIELD, ID_FIELD, SHA_FIELD, TEXTKEY_FIELD


class Item(NamedTuple):
    """One article of a file: its id is the file's path plus ``suffix`` (``""`` for a plain
    article, ``#key`` for a feed item); ``copy_of`` is the id of the indexed article with
    the same text, None if this one is indexed."""

    suffix: str
    key: str | None
    copy_of: str | None


class FileEntry(NamedTuple):
    """A file as the last run read it. Size and time are None for an entry rebuilt from the
    index (the manifest was missing), which makes the next run read the file again."""

    size: int | None
    mtime: int | None
    sha: str | None
    items: list[Item]

    @classmethod
    def from_json(cls, value: object) -> "FileEntry":
        """An entry from its JSON array; ValueError when it is not one."""
        try:
            size, mtime, sha, items = value  # type: ignore[misc]
            return cls(size, mtime, sha, [Item(*item) for item in items])
        except (TypeError, ValueError) as exc:
            raise ValueError(f"not a manifest entry: {value!r:.80}") from exc


def entries_from_json(files: dict[str, object]) -> dict[str, FileEntry] | None:
    """The manifest's files as entries, or None when any entry is malformed (the caller
    then rebuilds them from the index, as for a missing manifest)."""
    try:
        return {path: FileEntry.from_json(value) for path, value in files.items()}
    except ValueError:
        return None


def entries_from_articles(stored: Iterable[dict]) -> dict[str, FileEntry]:
    """Entries rebuilt from the indexed articles' stored fields, when what the last run
    recorded is missing: sizes and times unknown (so every file is read again), copies
    unknown (they are not in the index: read again as new files)."""
    known: dict[str, FileEntry] = {}
    for fields in stored:
        file = fields.get(FILE_FIELD, fields[ID_FIELD])
        entry = known.setdefault(file, FileEntry(None, None, fields.get(SHA_FIELD), []))
        entry.items.append(Item(fields[ID_FIELD][len(file):], fields.get(TEXTKEY_FIELD), None))
    return known
