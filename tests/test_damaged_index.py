"""A damaged index: one line and exit 1 from the CLI, and `search index --rebuild` replaces it."""

import subprocess
import sys

import pytest

from search import Engine, IndexDamagedError

from .conftest import SEEDS


def search(*args):
    return subprocess.run([sys.executable, "-m", "search", *args], capture_output=True, text=True, timeout=120)


def garbage_toc(index):
    next(index.glob("_MAIN_*.toc")).write_bytes(b"garbage\n")


def truncated_segment(index):
    segment = next(index.glob("*.seg"))
    segment.write_bytes(segment.read_bytes()[:100])


def garbage_meta(index):
    (index / "search-meta.json").write_text("{{{", "utf-8")


@pytest.mark.parametrize("damage", [garbage_toc, truncated_segment, garbage_meta])
def test_damage_is_one_line_and_rebuild_repairs_it(tmp_path, damage):
    index = tmp_path / "ix"
    Engine(index).index(SEEDS)
    damage(index)
    for args in (["query", "demining"], ["serve", "--port", "0"], ["stats"]):
        done = search(*args, "--index", str(index))
        assert done.returncode == 1, (args, done.stdout, done.stderr)
        assert "search index --rebuild" in done.stderr and len(done.stderr.strip().splitlines()) == 1
        assert "Traceback" not in done.stderr + done.stdout
    rebuilt = search("index", "--corpus", str(SEEDS), "--index", str(index), "--rebuild")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert Engine(index, translator=None).search("Chesnel").total == 1


def test_the_engine_raises_a_typed_error(tmp_path):
    index = tmp_path / "ix"
    Engine(index).index(SEEDS)
    truncated_segment(index)
    with pytest.raises(IndexDamagedError, match="rebuild"):
        Engine(index, translator=None).search("demining")
