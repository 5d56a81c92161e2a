import subprocess
import sys


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
