import ast
import subprocess
import sys
from pathlib import Path


def test_engine_imports_neither_flask_nor_click():
    code = "import sys, search; search.Engine; print('flask' in sys.modules, 'click' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_plain_articles_never_load_the_page_feed_or_word_readers(tmp_path):
    """Build speed: .txt/.md/.json files are read without importing trafilatura, feedparser or python-docx."""
    from .conftest import SEEDS

    code = ("import sys; from pathlib import Path; from search import Engine; "
            f"Engine(Path({str(tmp_path / 'ix')!r})).index(Path({str(SEEDS)!r}), workers=1); "
            "print([m for m in ('trafilatura', 'feedparser', 'docx', 'htmldate') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


SEARCH = Path(__file__).resolve().parent.parent / "search"


def _imports(path: Path) -> set[str]:
    """Every module a file of search/ imports (relative imports resolved, imports inside
    functions included; ``from pkg import name`` also counts as importing ``pkg.name``)."""
    package = ".".join(path.relative_to(SEARCH.parent).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            parts = package.split(".")
            base = parts[:len(parts) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _offending(folder: str, forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    files = sorted((SEARCH / folder).rglob("*.py"))
    assert len(files) > 1, f"search/{folder}/ has no modules to check"
    found = {}
    for path in files:
        bad = sorted(name for name in _imports(path)
                     if any(name == stage or name.startswith(stage + ".") for stage in forbidden))
        if bad:
            found[str(path.relative_to(SEARCH.parent))] = bad
    return found


def test_the_import_reader_resolves_relative_imports():
    imports = _imports(SEARCH / "query" / "run.py")
    assert {"search.query.parse", "search.backends.fields", "search.ingest.articles.shorten"} <= imports


def test_the_query_stage_imports_no_later_stage():
    """A query travels down the flow once: nothing in search/query/ imports the cross-language
    layer built on it, the engine, the CLI or the web app."""
    assert _offending("query", ("search.crosslang", "search.engine", "search.cli", "web")) == {}


def test_ingest_imports_no_later_stage():
    """Reading files comes first: search/ingest/ uses the shared text normalisation
    (search/text.py), not the analyzers, the index or anything after them."""
    assert _offending("ingest", ("search.analysis", "search.index", "search.backends", "search.query", "search.crosslang",
                                 "search.engine", "search.cli", "web")) == {}


def test_analysis_imports_no_later_stage():
    assert _offending("analysis", ("search.ingest", "search.index", "search.backends", "search.query", "search.crosslang",
                                   "search.engine", "search.cli", "web")) == {}


def test_backends_import_no_later_stage():
    """A backend takes a query plan (search.query.plan and the filters and budget that come
    with it) and knows nothing of the cross-language layer, the engine, the CLI or the web."""
    assert _offending("backends", ("search.crosslang", "search.engine", "search.cli", "search.query.build",
                                   "search.query.run", "web")) == {}


def test_nothing_above_the_seam_imports_a_backend():
    """Only search/backends/__init__.py (open_backend) names the embedded backend, and
    search/index/ (the class Whoosh indexes name by path) serves it; everything else reaches
    an index through search.backends.base."""
    allowed = {SEARCH / "backends" / "__init__.py"}
    users = {str(path.relative_to(SEARCH.parent)) for path in SEARCH.rglob("*.py")
             if path not in allowed and SEARCH / "backends" / "whoosh" not in path.parents
             and SEARCH / "index" not in path.parents
             and any(name.startswith("search.backends.whoosh") for name in _imports(path))}
    assert users == set()
    assert "search.backends.whoosh.backend.WhooshBackend" in _imports(SEARCH / "backends" / "__init__.py")


def test_whoosh_is_imported_only_by_its_backend_and_the_analyzers():
    """The analyzers are Whoosh analysis chains (pickled into the embedded index); all other
    use of Whoosh sits behind the seam."""
    users = {str(path.relative_to(SEARCH.parent)) for path in SEARCH.rglob("*.py")
             if SEARCH / "backends" / "whoosh" not in path.parents
             and any(name == "whoosh" or name.startswith("whoosh.") for name in _imports(path))}
    assert users == {"search/analysis/analyzers.py", "search/index/schema.py"}


def test_the_shared_text_module_imports_nothing_of_the_engine():
    assert {name for name in _imports(SEARCH / "text.py") if name.startswith(("search", "web", "whoosh"))} == set()


def test_nothing_in_search_imports_the_web_app():
    """Not even the CLI: `search serve` lives in web/cli.py and reaches the `search` command
    through the ``search.commands`` entry point."""
    users = {str(path.relative_to(SEARCH.parent)) for path in SEARCH.rglob("*.py")
             if any(name == "web" or name.startswith("web.") for name in _imports(path))}
    assert users == set()


def test_the_serve_command_is_found_by_its_entry_point():
    from click.testing import CliRunner

    from search.cli import cli

    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0, result.output
    assert "--threads" in result.output and "--cache" in result.output


def test_the_schema_module_holds_no_posting_encoder():
    """search/index/schema.py declares the pickled field class; encoding postings is
    search/backends/whoosh/postings.py's job."""
    source = (SEARCH / "index" / "schema.py").read_text("utf-8")
    assert "def encode_postings" not in source and "class EncodedPostings" not in source
    assert "search.backends.whoosh.postings.EncodedPostings" in _imports(SEARCH / "index" / "schema.py")
