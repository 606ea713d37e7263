"""SIGKILL right after a keypress loses no coding the screen has shown."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from coder.store.models import Answer, Coder, CodeRecord, Coding
from coder.store.project import Project
from tests.tui.conftest import build_project

DRIVER = Path(__file__).with_name("kill_driver.py")
KEYS = ["d", "down", "4", "1", "down", "3", "down", "A", "down", "2", "d", "4"]


def stored(db: str) -> dict[str, list[str]]:
    project = Project.open(db)
    try:
        with project.session(write=False) as s:
            rows = s.execute(
                select(Answer.respondent_id, CodeRecord.key)
                .join(Coding, Coding.answer_id == Answer.id)
                .join(CodeRecord, Coding.code_id == CodeRecord.id)
                .join(Coder, Coding.coder_id == Coder.id)
                .where(Coder.name == "anna")
            )
            found: dict[str, list[str]] = {}
            for respondent, key in rows:
                found.setdefault(respondent, []).append(key)
        return {r: sorted(keys) for r, keys in found.items()}
    finally:
        project.close()


def run_and_kill(db: str, kill_after: int) -> dict[str, list[str]]:
    """Start the app, kill -9 it right after its ``kill_after``-th shown change; what it showed."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    proc = subprocess.Popen(
        [sys.executable, str(DRIVER), db, *KEYS],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    last_shown: dict[str, list[str]] = {}
    seen = 0
    try:
        for line in proc.stdout:
            parts = line.split()
            if parts and parts[0] == "shown" and parts[1] != "next":
                respondent = parts[2]
                last_shown[respondent] = sorted(parts[3].split(";")) if len(parts) > 3 else []
                seen += 1
                if seen >= kill_after:
                    break
            elif parts and parts[0] == "finished":
                break
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    return last_shown


def test_sigkill_after_keypress_loses_nothing_shown(tmp_path: Path) -> None:
    for kill_after in (2, 8):
        db = str(tmp_path / f"crash{kill_after}.sqlite")
        build_project(db).close()
        shown = run_and_kill(db, kill_after)
        assert shown, "the app showed no change before it was killed"
        on_disk = stored(db)
        for respondent, codes in shown.items():
            assert on_disk.get(respondent, []) == codes, (kill_after, respondent)
