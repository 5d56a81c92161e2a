"""The interface language (English or French) and how each writes dates, numbers and
language names. Only the interface is translated, never an article's text.

The language comes from ``ui=`` in the URL when given (links carry it on), else from the
browser's Accept-Language, else English. Catalogues are ``web/translations/*/LC_MESSAGES``:
``make translations`` extracts the strings, updates ``messages.po`` and compiles ``.mo``.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal
from flask import Flask, request
from flask_babel import Babel, get_locale

UI_LANGUAGES = ("en", "fr")
DEFAULT_UI = "en"
DATE_LOCALES = {"en": "en_GB", "fr": "fr_FR"}
"""Babel locales for dates: British English writes "15 October 2021", like French's "15 octobre 2021"."""


def select_locale() -> str:
    ui = request.args.get("ui", "")
    if ui in UI_LANGUAGES:
        return ui
    return request.accept_languages.best_match(UI_LANGUAGES, default=DEFAULT_UI)


def ui_lang() -> str:
    locale = get_locale()
    return locale.language if locale is not None and locale.language in UI_LANGUAGES else DEFAULT_UI


def other_ui() -> str:
    return "fr" if ui_lang() == "en" else "en"


def switch_url() -> str:
    """This page in the other interface language, every other parameter kept."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "ui"]
    return request.path + "?" + urlencode(args + [("ui", other_ui())])


def ui_param() -> dict:
    """``{"ui": ...}`` when the URL chose the language, so that links keep that choice."""
    ui = request.args.get("ui")
    return {"ui": ui} if ui in UI_LANGUAGES else {}


def _date(iso: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def long_date(iso: str | None) -> str:
    """``2021-10-15`` → "15 October 2021" / "15 octobre 2021" (the text itself if not a date)."""
    day = _date(iso)
    return format_date(day, "long", locale=DATE_LOCALES[ui_lang()]) if day else (iso or "")


def period_label(key: str, short: bool = False) -> str:
    """A timeline period: ``2021-10`` → "October 2021" (short: "Oct 2021"), ``2021`` → "2021"."""
    if len(key) != 7:
        return key
    day = _date(key + "-01")
    if day is None:
        return key
    return format_date(day, "MMM y" if short else "MMMM y", locale=DATE_LOCALES[ui_lang()])


def number(n: int) -> str:
    return format_decimal(n, locale=DATE_LOCALES[ui_lang()])


def language_name(code: str | None, capital: bool = True) -> str:
    """A language's name in the interface language ("French" / "français"), capitalised
    unless inside a sentence."""
    if not code:
        return ""
    name = Locale.parse(DATE_LOCALES[ui_lang()]).languages.get(code, code)
    return name[:1].upper() + name[1:] if capital else name


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=select_locale)
    app.jinja_env.globals.update(ui_lang=ui_lang, other_ui=other_ui, switch_url=switch_url, ui_param=ui_param,
                                 language_name=language_name)
    app.jinja_env.filters.update(long_date=long_date, period_label=period_label, number=number)
