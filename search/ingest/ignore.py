"""Which files of a corpus folder are not articles: ignore rules and unread formats.

Real news folders hold READMEs, licences and notes beside the articles, and files the
engine cannot read (PDF, Word, images). None of them may be indexed as news, and none may
disappear silently: each excluded file is listed with the rule that excluded it, and files
of formats the engine does not read are counted by extension with the reason.

Rules, in order:

* ``.searchignore`` at the corpus root: gitignore patterns (parsed by ``pathspec``, so they
  mean what they mean in a ``.gitignore``, ``!`` re-inclusion included). As in git, a folder
  is matched on its own when the walk reaches it (an excluded folder is not entered, so
  nothing in it can be taken back) and a file or folder only by a pattern that matches its
  whole path: ``*``, ``!*/``, ``!*.txt`` keeps the .txt files of every folder. The patterns
  are matched by RE2 (``google-re2``), whose time grows with the path's length only: a
  pattern such as ``*a*a*a*…*b``, which Python's backtracking ``re`` takes minutes over,
  costs microseconds. The file is opened as articles are (a regular file inside the corpus,
  no blocking: a named pipe or a link out of the corpus is refused with a message);
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

import re2
from pathspec import GitIgnoreSpec

from ..errors import SearchError
from .articles import ReadError, read_bytes

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


class PatternList:
    """gitignore patterns matched git's way on whole paths, all at once in linear time.

    pathspec parses each line into a regular expression (the gitignore syntax is its job);
    those expressions go into one RE2 set, so that a path is matched against every pattern
    in one pass, and the last pattern that matches decides, as in git."""

    def __init__(self, lines: list[str], where: str) -> None:
        try:
            spec = GitIgnoreSpec.from_lines(lines, backend="simple")
        except Exception as exc:  # noqa: BLE001 - pathspec raises several types for a bad pattern
            raise IgnoreFileError(f"{where}: bad pattern: {exc}") from None
        options = re2.Options()
        options.never_capture = True
        options.log_errors = False
        self._set = re2.Set.SearchSet(options)
        self._rules: list[tuple[str, bool]] = []
        """(pattern as written, True when it excludes), in the order of the set's entries."""
        for pattern in spec.patterns:
            if pattern.include is None or pattern.regex is None:  # a blank line or a comment
                continue
            regex = _whole_path(pattern.regex.pattern)
            try:
                added = self._set.Add(regex) if regex is not None else -1
            except re2.error:  # RE2 refuses what it cannot match in linear time
                added = -1
            if added != len(self._rules):
                raise IgnoreFileError(f"{where}: pattern not understood: {_printable(str(pattern.pattern))}")
            self._rules.append((str(pattern.pattern), bool(pattern.include)))
        if self._rules:
            try:
                self._set.Compile()
            except re2.error:
                raise IgnoreFileError(f"{where}: too many or too complex patterns") from None

    def check(self, path: str) -> tuple[bool | None, str | None]:
        """(True: excluded, False: taken back by ``!``, None: no pattern matches; the pattern).

        ``path`` is corpus-relative, ``/``-separated, with a final ``/`` for a folder."""
        if not self._rules:
            return None, None
        matched = self._set.Match(_printable(path))
        if not matched:
            return None, None
        pattern, excludes = self._rules[max(matched)]
        return excludes, pattern


_DIR_OR_FILE = "(?:(?P<ps_d>/)|$)"
_DIR_ONLY = "(?P<ps_d>/)"


def _whole_path(regex: str) -> str | None:
    """pathspec's expression for a pattern, made to match only a whole path (a file's, or a
    folder's with its final ``/``): pathspec's also match any path below a matching folder,
    which the walk, like git, decides when it reaches the folder. None if not understood."""
    if regex.endswith(_DIR_OR_FILE):
        regex = regex[: -len(_DIR_OR_FILE)] + "(?:/|$)"
    elif regex.endswith(_DIR_ONLY):
        regex = regex[: -len(_DIR_ONLY)] + "/"
    elif regex.endswith("/"):  # "dir/**": everything below the folder, not the folder itself
        regex += ".+"
    if "(?P" in regex:
        return None
    return f"(?:{regex})$"


@dataclass
class CorpusRules:
    """The ignore rules of one corpus folder, and the tally of unread formats."""

    searchignore: PatternList | None = None
    excludes: PatternList | None = None
    unread: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls, corpus: Path, excludes: Sequence[str] = ()) -> "CorpusRules":
        """Rules for ``corpus``: its ``.searchignore`` (if any) and the ``excludes`` patterns."""
        path = Path(corpus) / IGNORE_FILE
        lines: list[str] | None = None
        if os.path.lexists(path):
            if path.is_dir() and not path.is_symlink():
                raise IgnoreFileError(f"{path}: a folder, not a list of patterns")
            try:
                data = read_bytes(path, Path(corpus), limit=MAX_IGNORE_BYTES)
            except ReadError as exc:
                raise IgnoreFileError(f"{path}: {exc}") from None
            if len(data) > MAX_IGNORE_BYTES:
                raise IgnoreFileError(f"{path}: larger than {MAX_IGNORE_BYTES // 1024} KB; is it a pattern list?")
            try:
                lines = data.decode("utf-8-sig").splitlines()
            except UnicodeDecodeError:
                raise IgnoreFileError(f"{path}: not UTF-8 text") from None
        return cls(
            searchignore=PatternList(lines, f"{path}") if lines is not None else None,
            excludes=PatternList(list(excludes), "--exclude") if excludes else None,
        )

    def excluded(self, rel: str, is_dir: bool = False) -> str | None:
        """Why the file or folder ``rel`` (corpus-relative, ``/``-separated) is left out, or None."""
        name = rel + "/" if is_dir else rel
        kept_explicitly = False
        if self.searchignore is not None:
            verdict, pattern = self.searchignore.check(name)
            if verdict:
                return f"{IGNORE_FILE} pattern '{pattern}'"
            kept_explicitly = verdict is False
        if self.excludes is not None:
            verdict, pattern = self.excludes.check(name)
            if verdict:
                return f"--exclude '{pattern}'"
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


def summary(ignored: list[Ignored]) -> str:
    """``12 .pdf, 3 .doc``: the tally in one line, for the command line's report."""
    return ", ".join(f"{item.files} {item.extension}" for item in ignored)
