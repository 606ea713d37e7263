"""What `pip install` brings, and that CI runs the test command README gives."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _requirement_names(requirements: list[str]) -> set[str]:
    return {re.split(r"[\[<>=!~; ]", r, maxsplit=1)[0].lower() for r in requirements}


def test_postgresql_driver_and_test_libraries_are_extras() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    base = _requirement_names(project["dependencies"])
    extras = {k: _requirement_names(v) for k, v in project["optional-dependencies"].items()}
    assert "psycopg" not in base
    assert extras["postgres"] == {"psycopg"}
    for test_only in ("krippendorff", "statsmodels", "import-linter"):
        assert test_only not in base
        assert test_only in extras["dev"]


def _test_command(text: str) -> str:
    lines = [line for line in text.splitlines() if "pytest" in line and "pip install" in line]
    assert len(lines) == 1, lines
    return lines[0].strip()


def test_ci_runs_the_readme_test_command_with_the_constraints() -> None:
    readme = _test_command((ROOT / "README.md").read_text())
    ci = _test_command((ROOT / ".ci" / "run").read_text())
    assert readme == ci
    assert "-c constraints.txt" in ci
    pinned = (ROOT / "constraints.txt").read_text()
    assert re.search(r"^textual==", pinned, re.MULTILINE)


def test_readme_installs_the_demo_with_the_constraints_too() -> None:
    """The first command a newcomer runs gets the versions the suite last ran with."""
    text = (ROOT / "README.md").read_text()
    lines = [line for line in text.splitlines() if "coder demo" in line and "pip install" in line]
    assert len(lines) == 1, lines
    assert "-c constraints.txt" in lines[0]


def test_architecture_doc_lists_the_layers_of_the_contract() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    layers = next(c for c in config["contracts"] if c["type"] == "layers")["layers"]
    doc = (ROOT / "docs" / "architecture.md").read_text().splitlines()
    for number, layer in enumerate(layers, start=1):
        row = next(line for line in doc if line.startswith(f"| {number} |"))
        names = [name.strip(" ()") for name in layer.split("|")]
        for name in names:
            assert f"`coder/{name}`" in row or f"`coder/{name}.py`" in row, (number, name)
    assert not any(line.startswith(f"| {len(layers) + 1} |") for line in doc)
