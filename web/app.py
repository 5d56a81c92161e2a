"""The Flask front end: a thin layer over :class:`search.Engine` (no search logic here)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from flask import Blueprint, Flask, abort, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from search import Engine, QueryError, SearchError
from search.engine import RESULT_CACHE_SIZE
from search.lexicon import default_translator

bp = Blueprint("search", __name__)

LANG_NAMES = {"en": "English", "fr": "Français"}
CSP = "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"


def create_app(config: dict | None = None) -> Flask:
    """The web app over the index in ``config["INDEX_DIR"]`` (default ``index/``)."""
    app = Flask(__name__)
    app.config.update(INDEX_DIR="index", LEXICON=None, PAGE_SIZE=10, RESULT_CACHE=RESULT_CACHE_SIZE)
    app.config.update(config or {})
    app.extensions["engine"] = Engine(Path(app.config["INDEX_DIR"]),
                                      translator=default_translator(app.config["LEXICON"]),
                                      cache_size=app.config["RESULT_CACHE"])
    app.url_map.merge_slashes = False
    app.register_blueprint(bp)
    app.jinja_env.globals.update(LANG_NAMES=LANG_NAMES, url_with=_url_with)

    @app.after_request
    def security_headers(response):
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if request.path.startswith("/api/"):
            return jsonify(error=exc.description, status=exc.code), exc.code
        return render_template("error.html", code=exc.code, message=exc.description), exc.code

    @app.errorhandler(SearchError)
    def search_error(exc: SearchError):
        code = 400 if isinstance(exc, QueryError) else 503
        if request.path.startswith("/api/"):
            return jsonify(error=str(exc), status=code), code
        return render_template("error.html", code=code, message=str(exc)), code

    return app


def _engine() -> Engine:
    return current_app.extensions["engine"]


def _url_with(endpoint_args: dict, **changes) -> str:
    """The current search's URL with some parameters changed (None removes one)."""
    args = {k: v for k, v in {**endpoint_args, **changes}.items() if v not in (None, "", False)}
    return "/search?" + urlencode(args)


def _int_arg(name: str, default: int) -> int:
    value = request.args.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise QueryError(f"{name}: '{value[:20]}' is not a whole number") from None


def _search_args() -> dict:
    return {
        "q": request.args.get("q", ""),
        "lang": request.args.get("lang") or None,
        "page": _int_arg("page", 1),
        "limit": _int_arg("limit", current_app.config["PAGE_SIZE"]),
        "sort": request.args.get("sort") or "relevance",
        "year": request.args.get("year") or None,
        "translate": request.args.get("xlang", "1") not in ("0", "false", "off"),
    }


@bp.get("/")
def home():
    stats = _engine().stats()
    return render_template("search.html", results=None, args={"q": ""}, stats=stats)


@bp.get("/search")
def search_page():
    args = _search_args()
    if not args["q"].strip():
        return render_template("search.html", results=None, args=args, stats=_engine().stats())
    results = _engine().search(**args)
    link_args = {"q": args["q"], "lang": args["lang"], "sort": None if args["sort"] == "relevance" else args["sort"],
                 "year": args["year"], "xlang": None if args["translate"] else "0"}
    return render_template("search.html", results=results, args=args, link_args=link_args)


@bp.get("/api/search")
def api_search():
    args = _search_args()
    explain = request.args.get("explain", "0")
    if explain not in ("0", "1"):
        raise QueryError("explain: must be 0 or 1")
    return jsonify(_engine().search(**args, explain=explain == "1").to_dict())


@bp.get("/article/<path:doc_id>")
def article(doc_id: str):
    q = request.args.get("q") or None
    view = _engine().article(doc_id, q=q)
    if view is None:
        abort(404, description="There is no article with this address in the index.")
    back = "/search?" + urlencode({"q": q}) if q else "/"
    return render_template("article.html", article=view, q=q, back=back)


@bp.get("/healthz")
def healthz():
    stats = _engine().stats()
    return jsonify(status="ok", articles=stats["articles"], languages=stats["languages"])
