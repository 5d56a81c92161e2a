"""The Flask front end: a thin layer over :class:`search.Engine` (no search logic here)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, urlencode

from flask import Blueprint, Flask, Response, abort, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.exceptions import HTTPException

from search import Engine, QueryError, SearchError
from search.errors import BackendUnavailableError
from search.engine import QUERY_SECONDS, RESULT_CACHE_SIZE, SEARCHERS
from search.query.run import MAX_EXPORT

from . import i18n
from .exports import atom_feed, csv_export
from .params import Ignored, boolean_arg, engine_args, lenient_search, link_args
from .timeline import chart

bp = Blueprint("search", __name__)

FEED_ENTRIES = 50
"""Newest results in a feed: what a feed reader shows, not the whole list."""
PAGE_WINDOW = 2
"""Numbered pages shown either side of the current one."""
CSP = "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"


def create_app(config: dict | None = None) -> Flask:
    """The web app over the index in ``config["INDEX_DIR"]`` (default ``index/``)."""
    app = Flask(__name__)
    app.config.update(INDEX_DIR="index", LEXICON=None, PAGE_SIZE=10, RESULT_CACHE=RESULT_CACHE_SIZE,
                      CORPUS_DIR=None, EXPORT_ROWS=MAX_EXPORT, SEARCHERS=SEARCHERS, QUERY_SECONDS=QUERY_SECONDS)
    app.config.update(config or {})
    engine = Engine(app.config["INDEX_DIR"], lexicon=app.config["LEXICON"],
                    cache_size=app.config["RESULT_CACHE"], searchers=app.config["SEARCHERS"],
                    query_seconds=app.config["QUERY_SECONDS"])
    engine.check_lexicons()  # an unreadable lexicon fails here, with LexiconError, not at a search
    app.extensions["engine"] = engine
    app.url_map.merge_slashes = False
    app.register_blueprint(bp)
    app.jinja_env.globals.update(url_with=_url_with, page_window=_page_window, article_href=_article_href,
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
    if request.path.startswith("/api/") or request.path == "/healthz":
        return jsonify(error=message, status=code), code
    return render_template("error.html", code=code, message=message), code


def _engine() -> Engine:
    return current_app.extensions["engine"]


def _url_with(base: dict, path: str = "/search", **changes) -> str:
    """``path`` with the search parameters ``base`` (plus the chosen interface language),
    some changed (None removes one)."""
    args = {k: v for k, v in {**base, **changes, **i18n.ui_param()}.items() if v not in (None, "", False)}
    return path + ("?" + urlencode(args) if args else "")


def _article_href(doc_id: str, q: str | None = None) -> str:
    return _url_with({"q": q} if q else {}, "/article/" + quote(doc_id))


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
    results, keywords, ignored = lenient_search(request.args, page_size, _engine().search)
    if results.total and results.page > results.pages:  # a page past the end: show the first
        ignored.append(Ignored("page", str(results.page)))
        keywords = {**keywords, "page": 1}
        results = _engine().search(**keywords)
    links = link_args(keywords, page_size)
    ui = request.args.get("ui")
    if ui and ui not in i18n.UI_LANGUAGES:
        ignored.append(Ignored("ui", ui[:40]))
    timeline = chart(results.timeline, results.date_from, results.date_to) if results.timeline else None
    return render_template("search.html", results=results, args={"q": results.query, **links}, link_args=links,
                           ignored=ignored, chart=timeline)


@bp.get("/search.atom")
def search_feed():
    keywords = {**_export_args(), "sort": "date"}
    results = _engine().search(**keywords, page=1, limit=FEED_ENTRIES)
    links = link_args(keywords, current_app.config["PAGE_SIZE"])
    base = request.host_url
    body = atom_feed(results, base, request.url, base.rstrip("/") + _url_with(links),
                     _("News search: %(query)s", query=results.query))
    return Response(body, mimetype="application/atom+xml")


@bp.get("/search.csv")
def search_csv():
    results = _engine().export(**_export_args(), rows=current_app.config["EXPORT_ROWS"])
    name = _file_name(results.query)
    return Response(csv_export(results, request.host_url), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


@bp.get("/search.json")
def search_json():
    results = _engine().export(**_export_args(), rows=current_app.config["EXPORT_ROWS"])
    response = jsonify(results.to_dict())
    response.headers["Content-Disposition"] = f'attachment; filename="{_file_name(results.query)}.json"'
    return response


def _file_name(query: str) -> str:
    return "search-" + (re.sub(r"[^A-Za-z0-9]+", "-", query).strip("-")[:40] or "results")


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
    back = _url_with({"q": q}) if q else _url_with({}, "/")
    return render_template("article.html", article=view, q=q, back=back, has_source=has_source)


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
