"""Whoosh's private parts stay in one module, and the installed Whoosh still has them."""

from __future__ import annotations

import ast
import importlib
import pickle
import re
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
import whoosh
from whoosh import index
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, STORED_COLUMN
from whoosh.columns import VarBytesColumn
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.scoring import BM25F
from whoosh.system import pack_uint

from search.errors import WhooshVersionError
from search.backends.whoosh import whoosh_format
from search.backends.whoosh.whoosh_format import (
    PRIVATE_NAMES,
    SUPPORTED_WHOOSH_VERSIONS,
    check_whoosh_version,
    leaf_matcher,
    length_column_bytes,
    per_document_reader,
    position_deltas,
    read_positions,
    read_postings,
)

ROOT = Path(__file__).resolve().parent.parent
THE_MODULE = ROOT / "search" / "backends" / "whoosh" / "whoosh_format.py"


def _resolve(path: str):
    """The module, class or object a dotted path names (``whoosh.columns.FixedBytesColumn.Reader``)."""
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            found = getattr(found, name)
        return found
    raise ImportError(path)


@pytest.fixture(scope="module")
def live_objects(tmp_path_factory):
    """Real Whoosh objects of every class whose instance attributes the module reads."""
    folder = tmp_path_factory.mktemp("ix")
    ix = index.create_in(folder, Schema(id=ID(stored=True), body=TEXT(stored=True)))
    with ix.writer() as writer:
        for n in range(3):
            writer.add_document(id=f"d{n}", body="mines cleared near the border " * (n + 1))
    writer = ix.writer()
    dbfile = RamStorage().create_file("column")
    objects = [ix, writer, writer.codec, writer.fieldwriter, writer.perdocwriter, BM25F(),
               STORED_COLUMN.writer(dbfile), LENGTHS_COLUMN.reader(dbfile, 0, 0, 0)]
    writer.fieldwriter.start_field("body", ix.schema["body"])  # sets the field's number
    reader = ix.reader()
    objects += [reader, per_document_reader(reader), leaf_matcher(reader.postings("body", "mines"))]
    yield objects
    reader.close()
    writer.cancel()
    ix.close()


@pytest.mark.parametrize("owner", sorted(PRIVATE_NAMES))
def test_every_private_name_still_exists(owner, live_objects):
    """The canary: a Whoosh release that renames or drops one of these fails here, not as
    silently different scores or index files."""
    target = _resolve(owner)
    missing = []
    for name in PRIVATE_NAMES[owner]:
        if hasattr(target, name):
            continue
        if not isinstance(target, type):
            missing.append(name)
            continue
        instances = [obj for obj in live_objects if isinstance(obj, target)]
        assert instances, f"no live {owner} to look for {name} on"
        if not all(hasattr(obj, name) for obj in instances):
            missing.append(name)
    assert missing == [], f"{owner} lacks {missing}"


def test_the_stored_column_writes_as_a_bytes_column():
    """add_stored_bytes files ready bytes through the plain bytes writer under the compressing one."""
    writer = STORED_COLUMN.writer(RamStorage().create_file("column"))
    assert isinstance(writer._child, VarBytesColumn.Writer)


def test_the_installed_whoosh_is_a_supported_one():
    assert whoosh.versionstring() in SUPPORTED_WHOOSH_VERSIONS
    pin = re.search(r'"whoosh-reloaded==([\d.]+)"', (ROOT / "pyproject.toml").read_text("utf-8"))
    assert pin and pin.group(1) in SUPPORTED_WHOOSH_VERSIONS


def test_another_whoosh_version_is_refused_in_one_line():
    with pytest.raises(WhooshVersionError) as caught:
        check_whoosh_version("2.7.6")
    message = str(caught.value)
    assert "2.7.6" in message and SUPPORTED_WHOOSH_VERSIONS[0] in message and "\n" not in message


def test_the_command_reports_another_whoosh_without_a_traceback(tmp_path):
    code = ("import sys, whoosh; whoosh.versionstring = lambda: '3.0.1'; "
            f"sys.argv = ['search', 'stats', '--index', {str(tmp_path)!r}]; "
            "from search.__main__ import main; main()")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"Error: Whoosh 3.0.1 is installed, but this search engine reads and writes the index files of "
        f"whoosh-reloaded {SUPPORTED_WHOOSH_VERSIONS[0]} only: install that version "
        f"(pip install 'whoosh-reloaded=={SUPPORTED_WHOOSH_VERSIONS[0]}')"]


def test_positions_are_read_from_whole_and_cut_pickles():
    """whoosh-reloaded writes whole pickles; the original Whoosh cut off the protocol header
    and the final '.', which the reader puts back."""
    whole = pack_uint(3) + pickle.dumps([4, 1, 30], 2)
    cut = pack_uint(3) + pickle.dumps([4, 1, 30], -1)[2:-1]
    assert not cut.endswith(b".")
    assert position_deltas(whole) == position_deltas(cut) == [4, 1, 30]


def test_whole_lists_read_as_whoosh_reads_them(tmp_path):
    ix = index.create_in(tmp_path, Schema(body=TEXT))
    with ix.writer() as writer:
        for n in range(300):  # past one block of 128 postings
            writer.add_document(body=" ".join(["mine"] * (n % 5 + 1) + ["field"] * n + ["mine"]))
    with ix.reader() as reader:
        ids, weights = read_postings(leaf_matcher(reader.postings("body", "mine")))
        matcher = reader.postings("body", "mine")
        expected = list(zip(*[(m[0], m[1], m[2]) for m in _walk(matcher, reader.schema["body"].format)]))
        assert ids.tolist() == list(expected[0]) and weights.tolist() == list(expected[1])
        docs, positions = read_positions(leaf_matcher(reader.postings("body", "mine")))
        assert list(zip(docs.tolist(), positions.tolist())) == [(d, p) for d, _, ps in zip(*expected) for p in ps]
        codes = np.frombuffer(length_column_bytes(per_document_reader(reader), "body"), np.uint8)
        assert len(codes) == 300
        assert [whoosh.util.numeric.byte_to_length(c) for c in codes[:3]] == [
            reader.doc_field_length(n, "body") for n in range(3)]
    ix.close()


def _walk(matcher, form):
    while matcher.is_active():
        yield matcher.id(), matcher.weight(), form.decode_positions(matcher.value())
        matcher.next()


# No other module touches Whoosh's private names.


def _private_names_of_whoosh() -> set[str]:
    """Every ``_name`` (not ``__dunder__``) Whoosh's own source defines: functions, classes,
    module and class variables, attributes set on ``self``."""
    names = set()
    for path in Path(whoosh.__file__).parent.rglob("*.py"):
        with warnings.catch_warnings():  # Whoosh's own invalid escape sequences
            warnings.simplefilter("ignore")
            tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
    return {name for name in names if name.startswith("_") and not name.startswith("__")}


WHOOSH_PRIVATE = _private_names_of_whoosh()
ALLOWED = {("os", "_exit")}
"""Private names of other libraries that share a name with one of Whoosh's."""


def whoosh_private_uses(source: str) -> list[tuple[str, str]]:
    """Where ``source`` touches a private name of Whoosh's, as ``(where and how, name)``:
    imports one, reads one off an object, or uses or overrides one in a class built on a
    Whoosh class (a class of our own may name its attributes as it likes)."""
    tree = ast.parse(source)
    from_whoosh = set()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and (
                node.module.split(".")[0] == "whoosh" or node.module.endswith("whoosh_format")):
            for alias in node.names:
                from_whoosh.add(alias.asname or alias.name)
                if alias.name.startswith("_") and node.module.split(".")[0] == "whoosh":
                    found.append((f"line {node.lineno}: imports it from {node.module}", alias.name))

    def base_name(base: ast.expr) -> str | None:
        return base.id if isinstance(base, ast.Name) else base.attr if isinstance(base, ast.Attribute) else None

    def visit(node: ast.AST, in_whoosh_class: bool) -> None:
        if isinstance(node, ast.ClassDef):
            in_whoosh_class = any(base_name(base) in from_whoosh for base in node.bases)
        elif isinstance(node, ast.FunctionDef) and in_whoosh_class and node.name in WHOOSH_PRIVATE:
            found.append((f"line {node.lineno}: overrides it", node.name))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id in ("getattr", "hasattr", "setattr") and len(node.args) > 1
              and isinstance(node.args[1], ast.Constant) and node.args[1].value in WHOOSH_PRIVATE):
            found.append((f"line {node.lineno}: {node.func.id}()", node.args[1].value))
        elif isinstance(node, ast.Attribute) and node.attr in WHOOSH_PRIVATE:
            owner = node.value.id if isinstance(node.value, ast.Name) else None
            ours = owner in ("self", "cls") and not in_whoosh_class
            if not ours and (owner, node.attr) not in ALLOWED:
                found.append((f"line {node.lineno}: {owner or 'an expression'}.", node.attr))
        for child in ast.iter_child_nodes(node):
            visit(child, in_whoosh_class)

    visit(tree, False)
    return found


def test_the_search_finds_each_kind_of_private_use():
    source = '''
from whoosh.system import _INT_SIZE
from whoosh.writing import SegmentWriter
from search.backends.whoosh.whoosh_format import HookedSegmentWriter

def read(matcher):
    return matcher._postfile

class Writer(SegmentWriter):
    def _flush_segment(self):
        self._check_state()

class Hooked(HookedSegmentWriter):
    def add(self):
        self._added = True

class Ours:
    def __init__(self):
        self._postfile = None  # our own attribute, though Whoosh has one so named
        os._exit(1)

def length(reader):
    return getattr(reader, "_perdoc", None)
'''
    assert whoosh_private_uses(source) == [
        ("line 2: imports it from whoosh.system", "_INT_SIZE"), ("line 7: matcher.", "_postfile"),
        ("line 10: overrides it", "_flush_segment"), ("line 11: self.", "_check_state"), ("line 15: self.", "_added"),
        ("line 23: getattr()", "_perdoc")]


def test_no_other_module_touches_whoosh_private_names():
    sources = sorted((ROOT / "search").rglob("*.py")) + sorted((ROOT / "web").rglob("*.py"))
    assert THE_MODULE in sources and len(sources) > 40
    found = {str(path.relative_to(ROOT)): uses for path in sources if path != THE_MODULE
             for uses in [whoosh_private_uses(path.read_text("utf-8"))] if uses}
    assert found == {}
    assert whoosh_private_uses(THE_MODULE.read_text("utf-8")), "the module itself should show up"


def test_the_module_lists_the_private_names_it_uses():
    """Every private Whoosh name the module's source reads is in PRIVATE_NAMES (what the canary checks)."""
    listed = {name for names in PRIVATE_NAMES.values() for name in names}
    used = {name for _, name in whoosh_private_uses(THE_MODULE.read_text("utf-8"))}
    assert used - listed == set()
    assert whoosh_format.HookedSegmentWriter.__mro__[1].__module__ == "whoosh.writing"


def test_the_version_is_checked_before_any_private_name_is_imported():
    """A Whoosh release without one of the names must meet the one-line refusal, not an ImportError."""
    body = ast.parse(THE_MODULE.read_text("utf-8")).body
    check = next(n for n, node in enumerate(body) if isinstance(node, ast.Expr)
                 and "check_whoosh_version" in ast.unparse(node))
    private_imports = [n for n, node in enumerate(body) if isinstance(node, ast.ImportFrom)
                       and any(alias.name.startswith("_") for alias in node.names)]
    assert private_imports and min(private_imports) > check
