"""Commands are loaded by name; one that cannot be loaded is an error, not a missing command."""

from __future__ import annotations

import pytest

from coder import cli
from tests.cli_helpers import run_cli


def test_help_lists_every_registered_command(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = run_cli(capsys, "--help")
    assert status == 0
    for name in cli.COMMANDS:
        assert f"  {name} " in out


def test_a_command_whose_module_fails_to_import_is_named(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(cli.COMMANDS, "broken", "coder.cli.no_such_module:broken")
    status, out, err = run_cli(capsys, "--help")
    assert status == 1
    assert out == ""
    assert err.strip().splitlines() == [
        "coder: error: command 'broken' cannot be loaded: importing coder.cli.no_such_module "
        "failed: ModuleNotFoundError: No module named 'coder.cli.no_such_module'"
    ]


def test_help_summaries_are_the_commands_own_first_paragraphs() -> None:
    """`coder --help` lists SUMMARIES without importing commands: they must say what the
    commands' help says."""
    assert set(cli.SUMMARIES) == set(cli.COMMANDS)
    for name in cli.COMMANDS:
        command = cli.load_command(name)
        assert cli.SUMMARIES[name] == cli.first_paragraph(command.help or ""), name


def test_a_command_without_a_summary_is_imported_for_its_help(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(cli.COMMANDS, "again", "coder.cli.role_cmds:role")
    status, out, _err = run_cli(capsys, "--help")
    assert status == 0
    assert "  again         Give NAME a role in the project: lead or coder." in out
