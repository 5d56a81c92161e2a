"""The `search` command: a thin layer over :class:`search.Engine` (no search logic here)."""

from __future__ import annotations

import json
import os
import re
import signal
import sys
from html import unescape
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path

import click

from .crosslang.audit import AUDIT_SHARE
from .crosslang.lexicon import default_translator
from .engine import Engine
from .errors import SearchError
from .backends.report import IndexReport
from .ingest.ignore import summary

_MARK = re.compile(r"<mark>(.*?)</mark>")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Characters a terminal acts on (ESC sequences: screen clearing, OSC 52 clipboard writes;
C1 controls) or that reorder the line (bidi overrides); tab and newline are kept."""
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

EXIT_SKIPPED = 3
"""``search index``: some files were skipped (the report lists them); the index is usable."""
EXIT_EMPTY = 4
"""``search index``: the index holds no article after the run (an empty folder, or every file
left out or skipped); it is a valid empty index that answers every query with 0 results."""
COMMANDS_GROUP = "search.commands"
"""Entry-point group of commands other packages add to ``search``: ``web`` adds ``serve``
(the engine and this CLI never import the web app)."""


def clean(text: object) -> str:
    """``text`` safe to print on a terminal: control characters removed (file names and
    article text come from outside and may carry escape sequences)."""
    return _CONTROLS.sub("", str(text))


def _json(data: object) -> str:
    """JSON for stdout: ``json.dumps`` escapes C0 controls; C1 and bidi controls too here."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(data, ensure_ascii=False))


def corpus_default() -> str:
    return os.environ.get("SEARCH_CORPUS", "seeds")


def _index_default() -> str:
    return os.environ.get("SEARCH_INDEX", "index")


class IndexLocation(click.ParamType):
    """A folder (the embedded index) or a Solr collection URL, kept as typed (a path would fold
    the URL's ``//``)."""

    name = "index"

    def convert(self, value, param, ctx):
        text = str(value)
        return text if re.match(r"^https?://", text, re.IGNORECASE) else Path(text)


index_option = click.option(
    "--index", "index_dir", type=IndexLocation(), default=_index_default,
    show_default="index/ or $SEARCH_INDEX",
    help="Folder holding the index, or a Solr collection URL (http://host:8983/solr/news).",
)


def user_lexicon() -> Path | None:
    lexicon = os.environ.get("SEARCH_LEXICON")
    return Path(lexicon) if lexicon else None


def _engine(index_dir: Path) -> Engine:
    """The engine over ``index_dir`` with the shipped lexicons and $SEARCH_LEXICON, checked now."""
    try:
        engine = Engine(index_dir, lexicon=user_lexicon())
        engine.check_lexicons()
    except SearchError as exc:
        raise click.ClickException(str(exc)) from None
    return engine


class _Commands(click.Group):
    """The ``search`` group: its own commands, and those installed packages register under
    the ``search.commands`` entry point (loaded only when named or listed), as Flask's
    ``flask`` command finds its plugins."""

    def _added(self) -> dict[str, EntryPoint]:
        return {ep.name: ep for ep in entry_points(group=COMMANDS_GROUP) if ep.name not in self.commands}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self._added()])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        command = super().get_command(ctx, name)
        if command is None and name in (added := self._added()):
            command = added[name].load()
        return command


@click.group(cls=_Commands)
@click.version_option(package_name="bilingual-news-search")
def cli() -> None:
    """Bilingual (English/French) news search: index a folder of articles and search it."""


@cli.command()
@click.option("--corpus", type=click.Path(file_okay=False, path_type=Path), default=corpus_default,
              show_default="seeds/ or $SEARCH_CORPUS",
              help="Folder of articles (.txt, .md, .json, saved .html pages, .xml/.rss/.atom feeds).")
@index_option
@click.option("--rebuild", is_flag=True, help="Start a new index instead of updating the existing one.")
@click.option("--json", "as_json", is_flag=True, help="Print the run's summary as one JSON object.")
@click.option("--wait", type=float, default=0.0, show_default=True,
              help="Seconds to wait for another indexing run on the same index to finish.")
@click.option("--exclude", "excludes", multiple=True, metavar="PATTERN",
              help="Leave out files matching this gitignore-style pattern (repeatable; "
                   "also read from the corpus's .searchignore).")
@click.option("--shards", type=click.IntRange(1, 1024), default=None,
              help="Shards of a Solr collection this run creates [default: 2 on a cluster of 2 nodes or more, else 1].")
@click.option("--replicas", type=click.IntRange(1, 64), default=None,
              help="Copies of each shard in a Solr collection this run creates [default: as --shards].")
def index(corpus: Path, index_dir: Path, rebuild: bool, as_json: bool, wait: float, excludes: tuple[str, ...],
          shards: int | None, replicas: int | None) -> None:
    """Add new, update changed and remove deleted articles (incremental unless --rebuild).

    README, LICENSE, PROVENANCE, CHANGELOG and COPYING files are left out by default."""
    if not corpus.is_dir():
        raise click.ClickException(f"corpus folder not found: {corpus}")
    bar = _progress_bar() if not as_json and sys.stderr.isatty() else None
    # SIGTERM ends the run like Ctrl+C: the writer is cancelled and its files removed.
    try:
        previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    except ValueError:  # not the main thread (an embedding program): leave its handler alone
        previous = None
    try:
        engine = Engine(index_dir)
        report = engine.index(corpus, rebuild=rebuild, progress=bar, lock_wait=wait, excludes=excludes,
                              shards=shards, replicas=replicas)
    except SearchError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        if bar:
            bar.close()
    if as_json:
        click.echo(_json(report.to_dict()))
    else:
        _print_report(report, corpus, engine.shown())
    if not sum(report.languages.values()):
        sys.exit(EXIT_EMPTY)
    if report.skipped:
        sys.exit(EXIT_SKIPPED)


class _progress_bar:
    """A progress bar on stderr, drawn only once there is something to read."""

    def __init__(self) -> None:
        self._bar = None

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None and total >= 50:
            self._bar = click.progressbar(length=total, label="Reading articles", file=sys.stderr)
            self._bar.__enter__()
        if self._bar is not None:
            self._bar.update(done - self._bar.pos)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)


def _print_report(report: IndexReport, corpus: Path, shown: str) -> None:
    langs = ", ".join(f"{n} {lang}" for lang, n in report.languages.items()) or "none"
    click.echo(clean(
        f"Indexed {corpus}/ into {shown} in {report.seconds:.1f}s: {report.indexed} new, "
        f"{report.updated} updated, {report.deleted} deleted, {report.unchanged} unchanged."
    ))
    click.echo(clean(f"The index now holds: {langs}."))
    for item in report.notes:
        click.echo(clean(f"  note: {item.path}: {item.reason}"))
    if report.duplicates:
        click.echo(f"Duplicates: {len(report.duplicates)} file(s) with the same text as an indexed article "
                   "(listed with it, not as results of their own).")
    if report.excluded:
        click.echo(f"Excluded {len(report.excluded)} file(s) or folder(s):")
        for item in report.excluded:
            click.echo(clean(f"  {item.path}: {item.reason}"))
    if report.ignored:
        click.echo(clean(f"Ignored (format not read): {summary(report.ignored)}"))
        for ignored in report.ignored:
            click.echo(clean(f"  {ignored.extension}: {ignored.reason}"))
    if report.skipped:
        click.secho(f"Skipped {len(report.skipped)} file(s):", fg="yellow", err=True)
        for item in report.skipped:
            click.echo(clean(f"  {item.path}: {item.reason}"), err=True)
    if not sum(report.languages.values()):
        click.secho(clean(f"No articles found in {corpus}/: the index is empty (searches find nothing)."),
                    fg="yellow", err=True)


@cli.command()
@click.argument("text")
@index_option
@click.option("--lang", help="Only articles in this language (en, fr, ...).")
@click.option("--limit", type=int, default=10, show_default=True, help="Results per page (1-100).")
@click.option("--page", type=int, default=1, show_default=True, help="Page of results.")
@click.option("--sort", type=click.Choice(["relevance", "date", "oldest"]), default="relevance", show_default=True,
              help="Rank by relevance, newest first (date) or oldest first.")
@click.option("--no-translate", is_flag=True, help="Search only the words typed, not their translations.")
@click.option("--explain", is_flag=True, help="Show for each hit which words, translations or cognates matched.")
@click.option("--json", "as_json", is_flag=True, help="Print results as JSON.")
def query(text: str, index_dir: Path, lang: str | None, limit: int, page: int, sort: str,
          no_translate: bool, explain: bool, as_json: bool) -> None:
    """Search the index for TEXT (words, "phrases", AND/OR/NOT, title:word, prefix*)."""
    try:
        results = _engine(index_dir).search(text, lang=lang, page=page, limit=limit, sort=sort,
                                            translate=not no_translate, explain=explain)
    except SearchError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(_json(results.to_dict()))
        return
    color = sys.stdout.isatty()
    click.echo(clean(f"{results.total} result(s) for {text!r}") + (f" (page {results.page} of {results.pages})" if results.total else ""))
    if results.partial:
        click.echo(f"By date: only the articles that match every word. {results.partial} more match some of them"
                   " (--sort relevance lists them after these).")
    if results.expanded:
        also = "; ".join(f"{w} → {', '.join(t)}" for w, t in results.expanded.items())
        click.echo(clean(f"Also searched: {also}"))
    if results.excluded:
        left = "; ".join(w + (f" ({', '.join(t)})" if t else "") for w, t in results.excluded.items())
        click.echo(clean(f"Left out articles with: {left}"))
    for note in results.notes:
        click.echo(clean(f"Note: {note}"))
    if results.suggestion:
        click.echo(clean(f"Did you mean: {results.suggestion}"))
    if results.corrected:
        click.echo(clean(f"Showing results for: {results.corrected}"))
    start = (results.page - 1) * results.limit
    for rank, hit in enumerate(results.hits, start + 1):
        meta = clean(" · ".join(x for x in (hit.lang, hit.date, hit.source) if x))
        click.echo()
        click.echo(f"{rank}. " + click.style(clean(hit.title), bold=True) + f"  [{meta}]  {clean(hit.id)}")
        click.echo("   " + _terminal_snippet(hit.snippet, color))
        if hit.duplicates:
            click.echo(clean(f"   same text in: {', '.join(hit.duplicates)}"))
        for row in hit.explanation or []:
            counted = "" if row["counted"] else " (not counted: a better match of the same concept)"
            click.echo(clean(f"     {row['score']:7.3f}  {row['concept']}: {row['match']}{counted}"))


def _terminal_snippet(html: str, color: bool) -> str:
    """The snippet as text: marks in bold (or between asterisks), entities unescaped, and
    controls removed *after* unescaping (``&#27;`` is an ESC too)."""
    parts = _MARK.split(html)
    out = []
    for i, part in enumerate(parts):
        text = clean(unescape(part))
        if i % 2:
            text = click.style(text, bold=True) if color else f"*{text}*"
        out.append(text)
    return "".join(out)


@cli.command()
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def stats(index_dir: Path, as_json: bool) -> None:
    """How many articles the index holds, per language, and the lexicons in use."""
    engine = _engine(index_dir)
    try:
        data = engine.stats()
    except SearchError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(_json(data.to_dict()))
        return
    click.echo(clean(f"Index: {data.index}/"))
    click.echo(f"Articles: {data.articles}" + (f" (and {data.duplicates} duplicate file(s) listed with them)"
                                               if data.duplicates else ""))
    for lang, n in data.languages.items():
        click.echo(clean(f"  {lang}: {n}"))
    for lex in data.lexicons:
        click.echo(clean(f"Lexicon {lex['name']}: {lex['entries']} entries, licence {lex['licence'] or 'yours'} "
                         f"({lex['path']})"))


@cli.group()
def lexicon() -> None:
    """Inspect the word lists used for cross-language search."""


@lexicon.command("check")
@click.argument("word")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def lexicon_check(word: str, as_json: bool) -> None:
    """Every translation of WORD (or an expression) in every lexicon, its weight, and whether
    searches use it ($SEARCH_LEXICON adds your own list)."""
    try:
        rows = default_translator(user_lexicon()).check(word)
    except SearchError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(_json(rows))
        return
    if not rows:
        click.echo(clean(f"No lexicon translates {word!r}."))
    for row in rows:
        mark = "used" if row["used"] else "not used"
        click.echo(clean(f"{row['from']}→{row['to']}  {row['headword']} → {row['translation']}  "
                         f"weight {row['weight']:.2f}  [{row['source']}; {mark}]"))


def main() -> None:
    cli(prog_name="search")


@lexicon.command("audit")
@index_option
@click.option("--share", type=click.FloatRange(0.0, 1.0), default=AUDIT_SHARE, show_default=True,
              help="List translations held by more than this share of the other language's articles.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def lexicon_audit(index_dir: Path, share: float, as_json: bool) -> None:
    """Lexicon pairs whose translation is too common in the indexed articles to mean much
    (``piece`` → *article*), the most lopsided first, with the file and line of each."""
    engine = _engine(index_dir)
    try:
        rows = engine.lexicon_audit(share)
    except SearchError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(_json([row.to_dict() for row in rows]))
        return
    click.echo(f"{len(rows)} pair(s) whose translation more than {share:.0%} of the other language's articles hold:")
    for row in rows:
        click.echo(clean(f"{row.source}→{'fr' if row.source == 'en' else 'en'}  {row.headword} ({row.source_share:.1%}) → "
                         f"{row.translation} ({row.translation_share:.1%})  x{row.ratio:.1f}  "
                         f"[{row.lexicon}{'; ' + row.origin if row.origin else ''}]"))
