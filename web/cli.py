"""``search serve``: the web app served by waitress.

A command of the ``search`` CLI that lives with the web app, so that neither the engine nor
``search/cli.py`` imports Flask: ``pyproject.toml`` registers it under the
``search.commands`` entry point, which the ``search`` group loads when the command is named.
"""

from __future__ import annotations

from pathlib import Path

import click

from search.cli import clean, corpus_default, index_option, user_lexicon
from search.engine import QUERY_SECONDS, RESULT_CACHE_SIZE
from search.errors import IndexNotFoundError, SearchError

CONNECTION_LIMIT = 1000
"""Open connections waitress serves at once (its default, 100, let 100 idle sockets block it)."""
CHANNEL_TIMEOUT = 30
"""Seconds an idle connection is kept (waitress's default is 120)."""
OPEN_FILES_SPARE = 256
"""Open files wanted besides one per connection (index files, logs, the listening socket)."""


@click.command()
@index_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=int, default=5000, show_default=True, help="Port to listen on.")
@click.option("--threads", type=click.IntRange(1, 256), default=8, show_default=True,
              help="Worker threads: requests (and searches) handled at once.")
@click.option("--connection-limit", type=click.IntRange(1, 100_000), default=CONNECTION_LIMIT, show_default=True,
              help="Open connections accepted at once; more wait in the listen queue.")
@click.option("--channel-timeout", type=click.IntRange(1, 3600), default=CHANNEL_TIMEOUT, show_default=True,
              help="Seconds before an idle connection is closed.")
@click.option("--query-time", type=click.FloatRange(0.05, 60), default=QUERY_SECONDS, show_default=True,
              help="Seconds one query may spend scoring; then it answers with what it has and a note.")
@click.option("--cache", type=int, default=RESULT_CACHE_SIZE, show_default=True, help="Recent result pages kept in memory (0: none).")
@click.option("--corpus", type=click.Path(file_okay=False, path_type=Path), default=corpus_default,
              help="The folder the index was built from: article pages link to their source files in it "
                   "[default: $SEARCH_CORPUS or seeds].")
def serve(index_dir: Path, host: str, port: int, threads: int, connection_limit: int, channel_timeout: int,
          query_time: float, cache: int, corpus: Path) -> None:
    """Serve the search page and JSON API with waitress."""
    from waitress import serve as waitress_serve

    from .app import create_app

    try:
        app = create_app({"INDEX_DIR": index_dir, "RESULT_CACHE": cache, "LEXICON": user_lexicon(),
                          "CORPUS_DIR": corpus if corpus.is_dir() else None, "SEARCHERS": threads,
                          "QUERY_SECONDS": query_time})
        app.extensions["engine"].check_index()
    except IndexNotFoundError:
        pass  # served with 503 until the first `search index` (the server follows the index)
    except SearchError as exc:
        raise click.ClickException(str(exc)) from None
    _allow_open_files(connection_limit + OPEN_FILES_SPARE)
    click.echo(clean(f"Serving {app.extensions['engine'].shown()} on http://{host}:{port}/  (Ctrl+C to stop)"))
    # poll() rather than select(): select cannot watch sockets numbered past 1024.
    waitress_serve(app, host=host, port=port, threads=threads, connection_limit=connection_limit,
                   channel_timeout=channel_timeout, cleanup_interval=min(30, channel_timeout),
                   asyncore_use_poll=True, ident="news-search")


def _allow_open_files(wanted: int) -> None:
    """Raise the soft limit on open files towards ``wanted`` (each connection holds one)."""
    try:
        import resource
    except ImportError:  # not on this platform
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
