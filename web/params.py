"""Read a search's URL parameters: strictly for the API and feeds, leniently for pages.

The engine validates values (it raises QueryError starting with the parameter's name); this
module only turns URL text into Python values and names each parameter, so that a page can
drop the one the engine refused, keep the query, and say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from werkzeug.datastructures import MultiDict

from search import QueryError, Results

URL_TO_ENGINE = {"q": "q", "lang": "lang", "page": "page", "limit": "limit", "sort": "sort", "year": "year",
                 "xlang": "translate", "from": "date_from", "to": "date_to", "section": "sections"}
"""URL parameter → Engine.search keyword."""
REPEATED = ("section",)
"""Parameters given once per value (``section=business&section=sport``: any of them)."""
ENGINE_TO_URL = {kw: name for name, kw in URL_TO_ENGINE.items()}
BOOLEANS = {"1": True, "true": True, "0": False, "false": False}
MAX_RETRIES = len(URL_TO_ENGINE)


@dataclass(frozen=True)
class Ignored:
    """A parameter a page left out: its name and (shortened) value."""

    name: str
    value: str
    reason: str = ""
    """Why the engine refused it (its message without the parameter's name), for the page to explain."""


def engine_args(args: MultiDict, page_size: int) -> dict:
    """Engine.search keywords from URL parameters; raises QueryError naming a bad one."""
    found: dict = {"q": args.get("q", ""), "limit": page_size}
    for name, keyword in URL_TO_ENGINE.items():
        value = args.get(name)
        if name == "q" or value is None or value == "":
            continue
        if name in REPEATED:
            found[keyword] = [v for v in args.getlist(name) if v]
        elif name in ("page", "limit"):
            found[keyword] = _whole_number(name, value)
        elif name == "xlang":
            found[keyword] = boolean_arg(args, name)
        else:
            found[keyword] = value
    return found


def boolean_arg(args: MultiDict, name: str, default: bool = False) -> bool:
    """A yes/no parameter: 0, 1, true or false (any case); anything else raises QueryError."""
    value = args.get(name)
    if value is None or value == "":
        return default
    if value.lower() not in BOOLEANS:
        raise QueryError(f"{name}: '{value[:20]}' is not one of 0, 1, true, false")
    return BOOLEANS[value.lower()]


def lenient_search(args: MultiDict, page_size: int, run: Callable[..., Results]) -> tuple[Results, dict, list[Ignored]]:
    """Run a page's search, leaving out each parameter that is refused (but never the query).

    Returns the results, the keywords used and the parameters ignored."""
    ignored: list[Ignored] = []
    bad: set[str] = set()
    for _ in range(MAX_RETRIES + 1):
        usable = MultiDict([(k, v) for k, v in args.items(multi=True) if k not in bad])
        try:
            keywords = engine_args(usable, page_size)
            return run(**keywords), keywords, ignored
        except QueryError as exc:
            name = str(exc).split(":", 1)[0]
            if name not in URL_TO_ENGINE or name == "q" or name in bad:
                raise
            bad.add(name)
            ignored.append(Ignored(name, (args.get(name) or "")[:40], str(exc).split(":", 1)[1].strip()))
    raise QueryError("too many unusable parameters")


PAGE_ONLY = {"scale": ("count", "share")}
"""Parameters of the results page alone (how the timeline is drawn), with their values; the first is the default."""
LIST_STATE = (*URL_TO_ENGINE, *PAGE_ONLY)
"""The parameters that make a result list what it is: article links carry them, so that
"Back to results" returns to the same list (filters, order, page)."""


def page_option(args: MultiDict, name: str, ignored: list[Ignored]) -> str:
    """A page-only parameter's value: its default (with a note in ``ignored``) when unusable."""
    choices = PAGE_ONLY[name]
    value = args.get(name) or choices[0]
    if value not in choices:
        ignored.append(Ignored(name, value[:40], "must be one of " + ", ".join(choices)))
        return choices[0]
    return value


def list_state(args: MultiDict) -> dict:
    """The parameters of ``args`` that make the result list (see LIST_STATE)."""
    return {name: ([v for v in args.getlist(name) if v] if name in REPEATED else args[name])
            for name in LIST_STATE if args.get(name)}


def link_args(keywords: dict, page_size: int) -> dict:
    """URL parameters that reproduce a search (defaults left out), for links that change one."""
    found = {}
    for keyword, value in keywords.items():
        name = ENGINE_TO_URL.get(keyword)
        if name is None or name == "page" or value in (None, "", []) or (name == "limit" and value == page_size):
            continue
        if name == "xlang":
            if value is False:
                found[name] = "0"
        elif name == "sort":
            if value != "relevance":
                found[name] = value
        else:
            found[name] = value
    return found


def _whole_number(name: str, value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise QueryError(f"{name}: '{value[:20]}' is not a whole number") from None
