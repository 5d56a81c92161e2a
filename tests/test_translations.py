"""The interface catalogues are complete and compiled: every string of the templates and
views is in messages.pot, translated in French with the same placeholders, and the
committed .mo says what the .po says (run `make translations` after changing a string)."""

from __future__ import annotations

import os
import re

from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from .conftest import ROOT

TRANSLATIONS = ROOT / "web" / "translations"
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _ids(catalog) -> set:
    return {message.id for message in catalog if message.id}


def test_pot_holds_every_string_of_the_code(tmp_path):
    fresh = tmp_path / "messages.pot"
    here = os.getcwd()
    os.chdir(ROOT)  # babel.cfg's patterns are relative to the project
    try:
        CommandLineInterface().run(["pybabel", "-q", "extract", "-F", "web/babel.cfg", "-k", "_", "-k", "gettext",
                                    "-k", "ngettext:1,2", "-o", str(fresh), "."])
    finally:
        os.chdir(here)
    with open(fresh, "rb") as new, open(TRANSLATIONS / "messages.pot", "rb") as committed:
        assert _ids(read_po(new)) == _ids(read_po(committed))


def test_french_is_complete_with_the_same_placeholders_and_compiled():
    with open(TRANSLATIONS / "messages.pot", "rb") as fh:
        wanted = _ids(read_po(fh))
    with open(TRANSLATIONS / "fr/LC_MESSAGES/messages.po", "rb") as fh:
        french = read_po(fh)
    with open(TRANSLATIONS / "fr/LC_MESSAGES/messages.mo", "rb") as fh:
        compiled = {_key(message.id): _key(message.string) for message in read_mo(fh) if message.id}
    assert _ids(french) == wanted
    for message in french:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings) and not message.fuzzy, message.id
        assert {p for s in strings for p in _PLACEHOLDER.findall(s)} == set(_PLACEHOLDER.findall(ids[-1])), message.id
        assert compiled[_key(message.id)] == _key(message.string), f"{message.id}: run `make translations`"


def _key(value):
    return tuple(value) if isinstance(value, (list, tuple)) else value
