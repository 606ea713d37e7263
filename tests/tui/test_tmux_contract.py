"""The blind double-coding flow of CONTRACT.md in a real terminal (tmux), read back.

A lead is named with `coder role`; coder ben opens the coding screen and the codebook editor
and sees neither anna's name nor her counts, and cannot end blind coding (`R` is refused);
the lead opens reconciliation (`R`, `y`), takes coder A's (anna's) codes on every
disagreement (`a`), and the consensus then equals anna's coding on every answer, in the
store and in `coder export --format json --coder consensus`. Skipped without tmux.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.cli_helpers import run_cli

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

ANSWERS = [
    ("R01", "Vi har för lite personal och tid."),
    ("R02", "Hallinnollinen työ vie liikaa aikaa."),
    ("R03", "Funding is lacking and the rules are unclear."),
    ("R04", "Bra samarbete, inga större problem."),
    ("R05", "Resursseja ei ole tarpeeksi ja säännöt muuttuvat."),
    ("R06", "Too many meetings and reporting duties."),
]
# respondent -> codes; anna and ben differ on R02, R03 and R05
ANNA = {"R01": "res", "R02": "adm", "R03": "res;rules", "R04": "", "R05": "res", "R06": "adm"}
BEN = {"R01": "res", "R02": "adm;res", "R03": "res", "R04": "", "R05": "rules", "R06": "adm"}
CODEBOOK = """codebook: challenges
title: {sv: Utmaningar, fi: Haasteet, en: Challenges}
codes:
  - id: res
    label: {sv: Resurser, fi: Resurssit, en: Resources}
    shortcut: "1"
  - id: adm
    label: {sv: Administration, fi: Hallinto, en: Administration}
    shortcut: "2"
  - id: rules
    label: {sv: Regler, fi: Säännöt, en: Rules}
    shortcut: "3"
"""


@pytest.fixture
def project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> Iterator[tuple[str, dict[str, str]]]:
    """A project built with the command line (in this process: only `coder code` needs a
    terminal of its own): answers, codebook, anna's and ben's codings."""
    env = {**os.environ, "CODER_CONFIG": str(tmp_path / "none.toml"), "TERM": "xterm-256color"}
    db = str(tmp_path / "p.db")
    answers = tmp_path / "answers.csv"
    answers.write_text(
        "id,question,text\n" + "".join(f'{rid},Q1,"{text}"\n' for rid, text in ANSWERS),
        encoding="utf-8",
    )
    book = tmp_path / "challenges.yaml"
    book.write_text(CODEBOOK, encoding="utf-8")
    for name, given in (("anna", ANNA), ("ben", BEN)):
        (tmp_path / f"{name}.csv").write_text(
            "respondent_id,question,codes\n"
            + "".join(f"{rid},Q1,{codes}\n" for rid, codes in given.items()),
            encoding="utf-8",
        )
    steps = [
        ("init", db),
        ("import", db, str(answers), "--id", "id", "--question-col", "question", "--text", "text"),
        ("codebook", "add", db, str(book), "--question", "Q1"),
        ("import-codes", db, str(tmp_path / "anna.csv"), "--coder", "anna"),
        ("import-codes", db, str(tmp_path / "ben.csv"), "--coder", "ben"),
        ("role", db, "lena", "lead"),
    ]
    for step in steps:
        status, _out, err = run_cli(capsys, *step)
        assert status == 0, (step, err)
    yield db, env


SOCKET = f"coder-test-{os.getpid()}"
"""A tmux server of this test's own, so no other tmux session is touched."""


def _tmux(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["tmux", "-L", SOCKET, *args], capture_output=True, text=True, check=check
    )


class Terminal:
    """One tmux session running `coder code`; keys in, the screen's text out."""

    def __init__(self, name: str, command: list[str], env: dict[str, str]) -> None:
        self.name = name
        line = " ".join(shlex.quote(part) for part in command)
        exports = " ".join(
            f"{k}={shlex.quote(env[k])}" for k in ("CODER_CONFIG", "TERM", "PATH") if k in env
        )
        _tmux("new-session", "-d", "-s", name, "-x", "120", "-y", "40", f"env {exports} {line}")
        _tmux("set-option", "-t", name, "window-size", "manual")
        _tmux("resize-window", "-t", name, "-x", "120", "-y", "40")

    def screen(self) -> str:
        return _tmux("capture-pane", "-p", "-t", self.name, check=False).stdout

    def keys(self, *keys: str) -> None:
        """Type the keys (the terminal keeps their order; the test waits on what they show)."""
        for key in keys:
            _tmux("send-keys", "-t", self.name, key)

    def wait(self, found: Callable[[str], bool], timeout: float = 60.0) -> str:
        end = time.monotonic() + timeout
        text = self.screen()
        while time.monotonic() < end:
            text = self.screen()
            if found(text):
                return text
            time.sleep(0.1)
        raise AssertionError(f"screen never showed what was awaited:\n{text}")

    def wait_exit(self, timeout: float = 60.0) -> None:
        """Wait until `coder code` has exited (its session ends with it)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if _tmux("has-session", "-t", self.name, check=False).returncode != 0:
                return
            time.sleep(0.1)
        raise AssertionError(f"coder code did not exit:\n{self.screen()}")

    def close(self) -> None:
        _tmux("kill-session", "-t", self.name, check=False)
        _tmux("kill-server", check=False)


def _consensus_and_anna(db: str) -> tuple[dict[int, set[str]], dict[int, set[str]]]:
    from coder.store.project import Project
    from coder.store.queries import codings_by_answer

    project = Project.open(db)
    with project.session(write=False) as s:
        found = codings_by_answer(s, "Q1", "consensus"), codings_by_answer(s, "Q1", "anna")
    project.close()
    return found


def test_blind_coding_then_the_lead_reconciles_to_coder_a(
    project: tuple[str, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, env = project
    session = f"coder-blind-{os.getpid()}"
    ben = Terminal(
        session + "-ben", [sys.executable, "-m", "coder", "code", db, "--coder", "ben"], env
    )
    try:
        screen = ben.wait(lambda s: "Challenges" in s or "Q1" in s)
        assert "anna" not in screen
        ben.keys("B")
        editor = ben.wait(lambda s: "Texts in" in s)
        assert "anna" not in editor and "your own" in editor
        # ben's own counts: res 3 (R01 R02 R03), adm 2, rules 1 (anna's 3+2+1 not added)
        assert "Resources  3" in editor and "Administration  2" in editor
        ben.keys("Escape")
        ben.wait(lambda s: "Texts in" not in s)
        ben.keys("R")
        refused = ben.wait(lambda s: "only a lead" in s)
        assert "lena" in refused and "Reconciliation" not in refused.split("only a lead")[0][-200:]
        ben.keys("C-q")
        ben.wait_exit()
    finally:
        ben.close()
    status = json.loads(run_cli(capsys, "status", db, "--json")[1])
    assert status["leads"] == ["lena"] and status["questions"][0]["phase"] == "blind"

    lena = Terminal(
        session + "-lena", [sys.executable, "-m", "coder", "code", db, "--coder", "lena"], env
    )
    try:
        lena.wait(lambda s: "Q1" in s)
        lena.keys("R")
        lena.wait(lambda s: "blind coding ends" in s)
        lena.keys("y")
        lena.wait(lambda s: "Disagreements: 3" in s)
        for decided in (1, 2):
            lena.keys("a")
            lena.wait(lambda s, decided=decided: f"reconciled: {decided}" in s)
        lena.keys("a")
        done = lena.wait(lambda s: "consensus is complete" in s)
        assert "reconciled: 3" in done
        lena.keys("Escape")
        lena.wait(lambda s: "Disagreements:" not in s)
        lena.keys("C-q")
        lena.wait_exit()
    finally:
        lena.close()
    consensus, anna = _consensus_and_anna(db)
    assert consensus == anna and len(anna) == len(ANSWERS)
    out = {}
    for name in ("consensus", "anna"):
        path = tmp_path / f"{name}.json"
        exit_status, _out, err = run_cli(
            capsys, "export", db, "--question", "Q1", "--coder", name,
            "--format", "json", "--out", str(path),
        )  # fmt: skip
        assert exit_status == 0, err
        out[name] = json.loads(path.read_text(encoding="utf-8"))
    assert [(r["code"], r["count"]) for r in out["consensus"]["rows"]] == [
        (r["code"], r["count"]) for r in out["anna"]["rows"]
    ]
    assert out["consensus"]["answers"] == out["anna"]["answers"] == len(ANSWERS)
    status = json.loads(run_cli(capsys, "status", db, "--json")[1])
    assert status["questions"][0]["phase"] == "reconciling"
