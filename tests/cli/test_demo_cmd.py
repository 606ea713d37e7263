"""`coder demo` builds the demo once; run again it says the demo is up to date and rebuilds nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.cli_helpers import run_cli


def _events(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM events").fetchone()[0])


def test_demo_builds_once_then_says_it_is_up_to_date(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "demo.sqlite"
    status, out, err = run_cli(capsys, "demo", "--no-tui", "--path", str(db))
    assert (status, out) == (0, f"{db}\n"), err
    assert err.startswith(f"building the demo project at {db} ...\ndemo built: ")
    built = _events(db)
    assert built > 0

    status, out, err = run_cli(capsys, "demo", "--no-tui", "--path", str(db))
    assert (status, out) == (0, f"{db}\n")
    assert err == f"the demo project at {db} is up to date (nothing rebuilt)\n"
    assert "building" not in err
    assert _events(db) == built  # nothing was imported or attached again
