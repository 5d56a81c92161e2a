"""The Flask front end: a thin layer over :class:`search.Engine` (no search logic here)."""

from __future__ import annotations

from contextlib import ExitStack
from itertools import chain
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import quote, urlencode

from flask import (Blueprint, Flask, Response, abort, current_app, jsonify, render_template, request,
                   stream_with_context)
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.exceptions import HTTPException

from search import Engine, QueryError, SearchError
from search.errors import BackendUnavailableError
from search.engine import QUERY_SECONDS, RESULT_CACHE_SIZE, SEARCHERS
from search.query.run import MAX_LIMIT

from . import i18n, openapi
from .exports import (EXPORT_RETRY_SECONDS, EXPORT_WAITING, EXPORT_WORKERS, ExportPool, ExportsBusy, atom_feed,
                      attachment, csv_export, json_export)
from .params import Ignored, boolean_arg, engine_args, lenient_search, link_args, list_state, page_option
from .timeline import chart

bp = Blueprint("search", __name__)

FEED_ENTRIES = 50
"""Newest results in a feed: what a feed reader shows, not the whole list."""
PAGE_WINDOW = 2
"""Numbered pages shown either side of the current one."""
CSP = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"


def create_app(config: dict | None = None) -> Flask:
    """The web app over the index in ``config["INDEX_DIR"]`` (default ``index/``)."""
    app = Flask(__name__)
    # EXPORT_ROWS: rows the exports ask the engine for at a time (they hold the whole list).
    app.config.update(INDEX_DIR="index", LEXICON=None, PAGE_SIZE=10, RESULT_CACHE=RESULT_CACHE_SIZE,
                      CORPUS_DIR=None, EXPORT_ROWS=MAX_LIMIT, SEARCHERS=SEARCHERS, QUERY_SECONDS=QUERY_SECONDS,
                      EXPORT_WORKERS=EXPORT_WORKERS, EXPORT_WAITING=EXPORT_WAITING)
    app.config.update(config or {})
    engine = Engine(app.config["INDEX_DIR"], lexicon=app.config["LEXICON"],
                    cache_size=app.config["RESULT_CACHE"], searchers=app.config["SEARCHERS"],
                    query_seconds=app.config["QUERY_SECONDS"])
    engine.check_lexicons()  # an unreadable lexicon fails here, with LexiconError, not at a search
    app.extensions["engine"] = engine
    app.extensions["exports"] = ExportPool(app.config["EXPORT_WORKERS"], app.config["EXPORT_WAITING"])
    app.url_map.merge_slashes = False
    app.register_blueprint(bp)
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals.update(url_with=_url_with, page_window=_page_window, article_href=_article_href,
                                 toggled=_toggled,
                                 Markup=Markup)
    i18n.init_app(app)

    @app.after_request
    def security_headers(response):
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        return _error(exc.code, exc.description)

    @app.errorhandler(ExportsBusy)
    def exports_busy(exc: ExportsBusy):  # plain text: answered to every export past the pool, it must cost little
        return Response(_("Too many exports are being prepared. Try again in a moment."), 503,
                        mimetype="text/plain", headers={"Retry-After": str(EXPORT_RETRY_SECONDS)})

    @app.errorhandler(SearchError)
    def search_error(exc: SearchError):
        if isinstance(exc, QueryError):
            return _error(400, str(exc))
        # Web users are not told where the index is (its path); the log says what went wrong.
        app.logger.warning("index unavailable: %s", exc)
        if isinstance(exc, BackendUnavailableError):
            return _error(503, _("The search cluster does not answer right now. Try again in a moment."))
        return _error(503, _("The search index is not available right now (it is being built or replaced). "
                             "Try again in a moment."))

    return app


def _error(code: int, message: str):
    if request.path.startswith("/api/") or request.path in ("/api", "/healthz", "/search.json"):
        return jsonify(error=message, status=code), code
    return render_template("error.html", code=code, message=message), code


def _engine() -> Engine:
    return current_app.extensions["engine"]


def _url_with(base: dict, path: str = "/search", **changes) -> str:
    """``path`` with the search parameters ``base`` (plus the chosen interface language),
    some changed (None removes one)."""
    args = {k: v for k, v in {**base, **changes, **i18n.ui_param()}.items() if v not in (None, "", False, [])}
    return path + ("?" + urlencode(args, doseq=True) if args else "")


def _toggled(values: list[str] | None, value: str) -> list[str]:
    """``values`` with ``value`` added, or taken out when it is there (a facet's several choices)."""
    values = list(values or [])
    return [v for v in values if v != value] if value in values else sorted(values + [value])


def _article_href(doc_id: str, state: dict | None = None) -> str:
    """An article's page, carrying the result list's parameters (``state``) for "Back to results"."""
    return _url_with(state or {}, "/article/" + quote(doc_id))


def _page_window(page: int, pages: int) -> list[int | None]:
    """Page numbers to link: the first, a window around ``page``, the last; None for a gap."""
    shown = sorted({1, pages, *range(max(1, page - PAGE_WINDOW), min(pages, page + PAGE_WINDOW) + 1)})
    window: list[int | None] = []
    for number in shown:
        if window and number - window[-1] > 1:
            window.append(None)
        window.append(number)
    return window


def _export_args() -> dict:
    """Keywords for a whole-list export or feed: strict, like the API."""
    keywords = engine_args(request.args, current_app.config["PAGE_SIZE"])
    if not keywords["q"].strip():
        raise QueryError("q: give the words to search for")
    keywords.pop("page", None)
    keywords.pop("limit", None)
    return keywords


@bp.get("/")
def home():
    return render_template("home.html", overview=_engine().overview(), args={"q": ""})


@bp.get("/search")
def search_page():
    if not request.args.get("q", "").strip():
        return home()
    page_size = current_app.config["PAGE_SIZE"]
    # explain: each result in the other language says which translation it holds
    results, keywords, ignored = lenient_search(request.args, page_size,
                                                lambda **found: _engine().search(**found, explain=True))
    if results.total and results.page > results.pages:  # a page past the end: show the first
        ignored.append(Ignored("page", str(results.page)))
        keywords = {**keywords, "page": 1}
        results = _engine().search(**keywords, explain=True)
    links = link_args(keywords, page_size)
    for name, value in (("from", results.date_from), ("to", results.date_to)):
        if name in links:  # as the engine read it (15/04/2019 → 2019-04-15), so that the form shows it so
            links[name] = value
    ui = request.args.get("ui")
    if ui and ui not in i18n.UI_LANGUAGES:
        ignored.append(Ignored("ui", ui[:40]))
    scale = page_option(request.args, "scale", ignored)
    if scale != "count":
        links["scale"] = scale
    timeline = chart(results.timeline, results.date_from, results.date_to, scale) if results.timeline else None
    state = {**links, "page": results.page} if results.page > 1 else links
    return render_template("search.html", results=results, args={"q": results.query, **links}, link_args=links,
                           ignored=ignored, chart=timeline, state=state)


@bp.get("/search.atom")
def search_feed():
    keywords = {**_export_args(), "sort": "date"}
    results = _engine().search(**keywords, page=1, limit=FEED_ENTRIES)
    links = link_args(keywords, current_app.config["PAGE_SIZE"])
    base = request.host_url
    body = atom_feed(results, base, request.url, base.rstrip("/") + _url_with(links),
                     _("News search: %(query)s", query=results.query), _engine().indexed_at())
    return Response(body, mimetype="application/atom+xml")


@bp.get("/search.csv")
def search_csv():
    keywords = _export_args()
    pages, done = _in_export_slot(keywords)
    first = next(pages)  # a bad parameter is a 400 here, before the download starts
    response = Response(stream_with_context(_then(csv_export(chain([first], pages), request.host_url), done)),
                        mimetype="text/csv", headers={"Content-Disposition": attachment(first.query, "csv")})
    response.call_on_close(done)
    return response


@bp.get("/search.json")
def search_json():
    keywords = _export_args()
    pages, done = _in_export_slot(keywords)
    first = next(pages)
    response = Response(stream_with_context(_then(json_export(chain([first], pages)), done)),
                        mimetype="application/json", headers={"Content-Disposition": attachment(first.query, "json")})
    response.call_on_close(done)
    return response


def _in_export_slot(keywords: dict) -> tuple[Iterator, Callable[[], None]]:
    """The pages of a whole-list export, read in a slot of the export pool (ExportsBusy, a 503,
    when there is none), and what releases the slot: called once the file is sent, or when
    the request ends before (a bad parameter, a client gone)."""
    slot = ExitStack()
    slot.enter_context(current_app.extensions["exports"].slot())
    try:
        pages = _engine().export_pages(**keywords, rows=current_app.config["EXPORT_ROWS"])
        return _releasing(pages, slot.close), slot.close
    except BaseException:
        slot.close()
        raise


def _releasing(pages: Iterator, release: Callable[[], None]) -> Iterator:
    """``pages``, releasing the export slot when reading them fails."""
    try:
        yield from pages
    except BaseException:
        release()
        raise


def _then(chunks: Iterator[str], release: Callable[[], None]) -> Iterator[str]:
    """``chunks``, then the export slot released (the response's close releases it too, when
    the client leaves before the end; releasing twice does nothing)."""
    try:
        yield from chunks
    finally:
        release()


@bp.get("/api")
@bp.get("/api/")
def api_index():
    return jsonify(openapi.index())


@bp.get("/api/openapi.json")
def api_description():
    return jsonify(openapi.document())


@bp.get("/api/complete")
def api_complete():
    """Suggestions for the search box as a query is typed (web/static/complete.js asks)."""
    text = request.args.get("q", "")
    return jsonify(query=text[:1000], suggestions=[
        {**found, "href": _article_href(found["id"]) if found["kind"] == "article" else _url_with({"q": found["text"]})}
        for found in _engine().complete(text)])


@bp.get("/api/search")
def api_search():
    keywords = engine_args(request.args, current_app.config["PAGE_SIZE"])
    return jsonify(_engine().search(**keywords, explain=boolean_arg(request.args, "explain")).to_dict())


@bp.get("/article/<path:doc_id>")
def article(doc_id: str):
    q = request.args.get("q") or None
    view = _engine().article(doc_id, q=q)
    if view is None:
        abort(404, description=_("There is no article with this address in the index."))
    has_source = _engine().source_path(doc_id, _corpus()) is not None
    state = list_state(request.args) if q else {}
    back = _url_with(state) if q else _url_with({}, "/")
    return render_template("article.html", article=view, q=q, back=back, has_source=has_source, state=state)


@bp.get("/api/article/<path:doc_id>")
def api_article(doc_id: str):
    q = request.args.get("q") or None
    view = _engine().article(doc_id, q=q)
    if view is None:
        abort(404, description="no article with this id in the index")
    data = view.to_dict()
    data["source_url"] = ("/source/" + quote(doc_id)) if _engine().source_path(doc_id, _corpus()) else None
    return jsonify(data)


@bp.get("/source/<path:doc_id>")
def source(doc_id: str):
    """The article's file as plain text: only an indexed article's file inside the corpus."""
    text = _engine().source(doc_id, _corpus())
    if text is None:
        abort(404, description=_("There is no source file for this article."))
    return Response(text, mimetype="text/plain")


def _corpus() -> Path | None:
    corpus = current_app.config["CORPUS_DIR"]
    return Path(corpus) if corpus else None


@bp.get("/healthz")
def healthz():
    stats = _engine().stats()
    return jsonify(status="ok", articles=stats.articles, languages=stats.languages)
