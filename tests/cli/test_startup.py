"""`coder --help` and `coder --version` start without the heavy libraries or any command module.

Commands are listed from their registered summaries, so each command module may import the
project's own modules at its top without slowing the help; what a command needs is loaded
only when it runs.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("sklearn", "spacy", "matplotlib", "openpyxl", "textual", "docx", "lingua", "sqlalchemy")

PROBE = """
import json, sys
from coder.cli import main
try:
    main({args!r})
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _modules_after(*args: str) -> tuple[str, set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=list(args))],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return done.stdout, set(json.loads(done.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize("args", [("--help",), ("--version",), ()])
def test_help_and_version_load_no_heavy_library_and_no_command(args: tuple[str, ...]) -> None:
    out, modules = _modules_after(*args)
    assert out.strip(), "nothing printed"
    loaded_heavy = [name for name in HEAVY if name in modules]
    assert not loaded_heavy, f"`coder {' '.join(args)}` imported {loaded_heavy}"
    commands = sorted(m for m in modules if m.startswith("coder.cli.") and m.endswith("_cmds"))
    assert not commands, f"`coder {' '.join(args)}` imported command modules {commands}"


def test_a_command_loads_only_its_own_module() -> None:
    _out, modules = _modules_after("role", "--help")
    commands = {m for m in modules if m.startswith("coder.cli.") and m.endswith("_cmds")}
    assert commands == {"coder.cli.role_cmds"}
    assert not [name for name in HEAVY if name in modules and name != "sqlalchemy"]
