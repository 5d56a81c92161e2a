"""The examples of the documentation run as written: the package docstring's, the README's
Python example, and the README's command synopsis against the commands' own help."""

import re
import shutil
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

import search
from search.cli import cli

from .conftest import SEEDS

README = Path(__file__).resolve().parent.parent / "README.md"


def run_example(code: str, folder: Path, monkeypatch) -> dict:
    """Runs ``code`` in ``folder`` holding a copy of the seeds, as a reader would."""
    shutil.copytree(SEEDS, folder / "seeds")
    monkeypatch.chdir(folder)
    namespace: dict = {}
    exec(compile(code, "<example>", "exec"), namespace)
    return namespace


def assert_finds_the_seeds(results) -> None:
    assert len(results.hits) == 5
    assert any("déminage" in words for words in results.expanded.values())


def test_the_package_docstring_example_runs(tmp_path, monkeypatch):
    block = search.__doc__.split("::", 1)[1]
    code = textwrap.dedent("\n".join(line for line in block.splitlines() if line.strip() or line == ""))
    assert "Engine" in code
    assert_finds_the_seeds(run_example(code, tmp_path, monkeypatch)["results"])


def test_the_readme_python_example_runs(tmp_path, monkeypatch):
    (code,) = re.findall(r"```python\n(.*?)```", README.read_text("utf-8"), re.S)
    assert_finds_the_seeds(run_example(code, tmp_path, monkeypatch)["results"])


def synopsis() -> list[tuple[str, list[str]]]:
    block = re.search(r"## Command line.*?```sh\n(.*?)```", README.read_text("utf-8"), re.S).group(1)
    commands: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("search "):
            words = line.split()
            name = " ".join(w for w in words[1:3] if re.fullmatch(r"[a-z]+", w))
            commands.append((name, re.findall(r"--[a-z-]+", line)))
        elif commands:  # a continuation line
            commands[-1][1].extend(re.findall(r"--[a-z-]+", line))
    return commands


def declared_options(name: str) -> set[str]:
    """The long options the command ``name`` (``lexicon check``) declares."""
    command = cli
    for word in name.split():
        command = command.get_command(None, word)
    return {opt for param in command.params for opt in getattr(param, "opts", []) if opt.startswith("--")}


@pytest.mark.parametrize("name,options", synopsis())
def test_the_readme_command_synopsis_matches_the_commands(name, options):
    result = CliRunner().invoke(cli, [*name.split(), "--help"])
    assert result.exit_code == 0, result.output
    assert options, name
    assert set(options) - declared_options(name) == set()


def test_the_synopsis_lists_every_command():
    listed = {name.split()[0] for name, _ in synopsis()}
    assert listed == set(cli.list_commands(None))
