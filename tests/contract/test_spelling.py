"""CONTRACT.md's spelling: every command and option it names exists under that exact name,
with help (`coder --help`, `coder COMMAND --help` exit 0 and print to stdout)."""

from __future__ import annotations

import pytest

from tests.cli_helpers import run_cli

NAMED = {
    ("init",): [],
    ("import",): ["--id", "--question-col", "--text", "--attr", "--language-col", "--sheet"],
    ("answers",): ["--question", "--json"],
    ("codebook", "add"): ["--question"],
    ("import-codes",): ["--coder"],
    ("status",): ["--json"],
    ("role",): [],
    ("code",): ["--coder", "--question"],
    ("suggest",): ["--question", "--coder", "--top", "--json"],
    ("agreement",): ["--question", "--coders", "--json", "--matrix", "--level"],
    ("export",): ["--question", "--coder", "--format", "--out", "--by", "--lang", "--min-group"],
    ("demo",): ["--no-tui", "--json"],
}
CHOICES = {
    ("export",): ["md", "csv", "xlsx", "docx", "html", "json", "qdc", "qdpx"],
    ("agreement",): ["nominal", "ordinal", "interval", "ratio"],
    ("role",): ["lead|coder"],
}


def test_top_level_help(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = run_cli(capsys, "--help")
    assert status == 0
    for command in {c[0] for c in NAMED}:
        assert command in out


@pytest.mark.parametrize("command", sorted(NAMED), ids=" ".join)
def test_every_named_option_exists_with_help(
    capsys: pytest.CaptureFixture[str], command: tuple[str, ...]
) -> None:
    status, out, err = run_cli(capsys, *command, "--help")
    assert status == 0 and err == ""
    for option in NAMED[command]:
        assert f"{option} " in out or f"{option}," in out or f"{option}\n" in out, option
    for choice in CHOICES.get(command, []):
        assert choice in out, choice
