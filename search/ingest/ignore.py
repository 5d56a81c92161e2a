"""Which files of a corpus folder are not articles: ignore rules and unread formats.

Real news folders hold READMEs, licences and notes beside the articles, and files the
engine cannot read (PDF, Word, images). None of them may be indexed as news, and none may
disappear silently: each excluded file is listed with the rule that excluded it, and files
of formats the engine does not read are counted by extension with the reason.

Rules, in order:

* ``.searchignore`` at the corpus root: gitignore patterns (read by ``pathspec``, so they
  mean exactly what they mean in a ``.gitignore``, ``!`` re-inclusion included);
* ``--exclude PATTERN`` on the command line, same syntax;
* well-known names that are never articles (README, LICENSE, PROVENANCE, CHANGELOG,
  COPYING, in any case, with any extension or none), unless ``.searchignore`` re-includes
  one with ``!``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from pathspec import GitIgnoreSpec

from ..errors import SearchError

IGNORE_FILE = ".searchignore"
NOT_ARTICLE_NAMES = frozenset({"readme", "license", "licence", "provenance", "changelog", "copying"})
"""File names (before the first dot, any case) that describe a folder rather than report news."""
MAX_IGNORE_BYTES = 256 * 1024
"""A larger ``.searchignore`` is not a list of patterns; it is refused with a message."""

UNREAD_FORMATS = {
    ".pdf": "PDF documents are not read: a PDF keeps no structure, so the story cannot be told from the "
            "menus, banners and print headers and footers printed with it, and its lines are hard-wrapped; "
            "save the article as .html or .txt",
    ".doc": "old binary Word documents (.doc) are not read: save the article as .docx, .html or .txt",
    ".odt": "OpenDocument text is not read: save the article as .docx, .html or .txt",
    ".rtf": "RTF documents are not read: save the article as .docx, .html or .txt",
}
"""Formats people keep news in that the engine does not read, with the reason given."""


class IgnoreFileError(SearchError, ValueError):
    """The corpus's ``.searchignore`` cannot be used; the message names the file."""


@dataclass
class Ignored:
    """Files of one extension the engine does not read."""

    extension: str
    files: int
    reason: str


@dataclass
class CorpusRules:
    """The ignore rules of one corpus folder, and the tally of unread formats."""

    searchignore: GitIgnoreSpec | None = None
    excludes: GitIgnoreSpec | None = None
    unread: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls, corpus: Path, excludes: Sequence[str] = ()) -> "CorpusRules":
        """Rules for ``corpus``: its ``.searchignore`` (if any) and the ``excludes`` patterns."""
        path = Path(corpus) / IGNORE_FILE
        lines: list[str] | None = None
        try:
            with open(path, "rb") as fh:
                data = fh.read(MAX_IGNORE_BYTES + 1)
        except FileNotFoundError:
            data = None
        except OSError as exc:
            raise IgnoreFileError(f"{path}: cannot read: {exc.strerror}") from None
        if data is not None:
            if len(data) > MAX_IGNORE_BYTES:
                raise IgnoreFileError(f"{path}: larger than {MAX_IGNORE_BYTES // 1024} KB; is it a pattern list?")
            try:
                lines = data.decode("utf-8-sig").splitlines()
            except UnicodeDecodeError:
                raise IgnoreFileError(f"{path}: not UTF-8 text") from None
        return cls(
            searchignore=_spec(lines, f"{path}") if lines is not None else None,
            excludes=_spec(list(excludes), "--exclude") if excludes else None,
        )

    def excluded(self, rel: str, is_dir: bool = False) -> str | None:
        """Why the file or folder ``rel`` (corpus-relative, ``/``-separated) is left out, or None."""
        name = rel + "/" if is_dir else rel
        kept_explicitly = False
        if self.searchignore is not None:
            result = self.searchignore.check_file(name)
            if result.include:
                return f"{IGNORE_FILE} pattern '{_pattern(self.searchignore, result.index)}'"
            kept_explicitly = result.include is False
        if self.excludes is not None:
            result = self.excludes.check_file(name)
            if result.include:
                return f"--exclude '{_pattern(self.excludes, result.index)}'"
        if not is_dir and not kept_explicitly:
            base = rel.rsplit("/", 1)[-1]
            stem = base.split(".", 1)[0].lower()
            if stem in NOT_ARTICLE_NAMES:
                return f"not an article: {stem.upper()} files are left out by default (re-include with '!{base}' in {IGNORE_FILE})"
        return None

    def count_unread(self, name: str) -> None:
        """Tally a file whose format is not read, by its extension."""
        suffix = _printable(Path(name).suffix.lower()) or "(none)"
        self.unread[suffix] = self.unread.get(suffix, 0) + 1

    def ignored(self, readable: Iterable[str]) -> list[Ignored]:
        """The tally of unread formats, most files first, each with its reason."""
        readable = ", ".join(readable)
        out = [
            Ignored(ext, n, UNREAD_FORMATS.get(ext, f"not an article format (articles are {readable} files)"))
            for ext, n in self.unread.items()
        ]
        return sorted(out, key=lambda item: (-item.files, item.extension))


def _printable(path: str) -> str:
    """A file name as text that can be printed and put in JSON: bytes of a name that are not
    UTF-8 (carried by Python as lone surrogates) shown as ``\\xNN``."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")


def _spec(lines: list[str], where: str) -> GitIgnoreSpec:
    try:
        return GitIgnoreSpec.from_lines(lines)
    except Exception as exc:  # noqa: BLE001 - pathspec raises several types for a bad pattern
        raise IgnoreFileError(f"{where}: bad pattern: {exc}") from None


def _pattern(spec: GitIgnoreSpec, index: int | None) -> str:
    try:
        return str(spec.patterns[index].pattern)
    except (AttributeError, IndexError, TypeError):
        return "?"


def summary(ignored: list[Ignored]) -> str:
    """``12 .pdf, 3 .doc``: the tally in one line, for the command line's report."""
    return ", ".join(f"{item.files} {item.extension}" for item in ignored)
