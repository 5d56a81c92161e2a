import subprocess
import sys


def test_engine_imports_neither_flask_nor_click():
    code = "import sys, search; search.Engine; print('flask' in sys.modules, 'click' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
