"""The interface language (English or French) and how each writes dates, numbers and
language names. Only the interface is translated, never an article's text.

The language comes from ``ui=`` in the URL when given (links carry it on), else from the
browser's Accept-Language, else English. Catalogues are ``web/translations/*/LC_MESSAGES``:
``make translations`` extracts the strings, updates ``messages.po`` and compiles ``.mo``.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from urllib.parse import urlencode

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from flask import Flask, g, request
from flask_babel import Babel, get_locale, get_translations

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
    """The interface language of this request (looked up once per request: pages ask often)."""
    found = g.get("ui_lang")
    if found is None:
        locale = get_locale()
        found = g.ui_lang = locale.language if locale is not None and locale.language in UI_LANGUAGES else DEFAULT_UI
    return found


def _translations():
    found = g.get("ui_translations")
    if found is None:
        found = g.ui_translations = get_translations()
    return found


@lru_cache(maxsize=None)
def _locale(ui: str) -> Locale:
    return Locale.parse(DATE_LOCALES[ui])


def other_ui() -> str:
    return "fr" if ui_lang() == "en" else "en"


def switch_url() -> str:
    """This page in the other interface language, every other parameter kept."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "ui"]
    return request.path + "?" + urlencode(args + [("ui", other_ui())])


def ui_param() -> dict:
    """``{"ui": ...}`` when the URL chose the language, so that links keep that choice."""
    found = g.get("ui_param")
    if found is None:
        ui = request.args.get("ui")
        found = g.ui_param = {"ui": ui} if ui in UI_LANGUAGES else {}
    return found


def _date(iso: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def long_date(iso: str | None) -> str:
    """``2021-10-15`` → "15 October 2021" / "15 octobre 2021" (the text itself if not a date)."""
    return _long_date(ui_lang(), iso) if iso else ""


# Babel's formatting costs ~50 µs a call and a page writes dozens of dates and counts, most
# of them seen before: remember the written forms.
@lru_cache(maxsize=20_000)
def _long_date(ui: str, iso: str) -> str:
    day = _date(iso)
    if not day:
        return iso
    written = format_date(day, "long", locale=_locale(ui))
    return "1er" + written[1:] if ui == "fr" and day.day == 1 else written  # le 1er janvier, as French writes it


def period_label(key: str, short: bool = False) -> str:
    """A timeline period: ``2021-10`` → "October 2021" (short, under a bar whose year is written
    below: "Oct"), ``2021`` → "2021"."""
    return _period_label(ui_lang(), key, short) if len(key) == 7 else key


@lru_cache(maxsize=5_000)
def _period_label(ui: str, key: str, short: bool) -> str:
    day = _date(key + "-01")
    return format_date(day, "MMM" if short else "MMMM y", locale=_locale(ui)) if day else key


def number(n: int) -> str:
    return _number(ui_lang(), n)


@lru_cache(maxsize=20_000)
def _number(ui: str, n: int) -> str:
    return format_decimal(n, locale=_locale(ui))


def percent(share: float) -> str:
    """0.0234 → "2.3%" / "2,3 %" (one decimal: a story's share of a month is often a few per cent)."""
    locale = _locale(ui_lang())
    return format_percent(share, locale.percent_formats[None].pattern.replace("#,##0", "#,##0.0"), locale=locale)


def language_name(code: str | None, capital: bool = True) -> str:
    """A language's name in the interface language ("French" / "français"), capitalised
    unless inside a sentence."""
    return _language_name(ui_lang(), code, capital) if code else ""


@lru_cache(maxsize=4096)
def _language_name(ui: str, code: str, capital: bool) -> str:
    name = _locale(ui).languages.get(code, code)
    return name[:1].upper() + name[1:] if capital else name


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=select_locale)
    # The same catalogues as Flask-Babel's callables, looked up once per request rather than
    # once per string (a results page has about sixty).
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        newstyle=True)
    app.jinja_env.globals.update(ui_lang=ui_lang, other_ui=other_ui, switch_url=switch_url, ui_param=ui_param,
                                 language_name=language_name)
    app.jinja_env.filters.update(long_date=long_date, period_label=period_label, number=number,
                                   percent=percent)
