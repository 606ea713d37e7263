"""Reading and near-duplicates in a real terminal (tmux), read back.

`V` then PageDown (a page a press) shows the last words of a 3,500-character answer; `G` gives
a coded answer's codes to its four near-duplicates, read back from the store. The project is
built with the command line. Skipped without tmux. (The size notice below 80x24 is driven
with Pilot in `test_reading_and_views.py`: a detached tmux session started from the test run
drew at 80x24 whatever size it was given, so it cannot show a 60x15 terminal here.)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.cli_helpers import run_cli
from tests.tui.reading_seed import LAST_WORDS, long_text
from tests.tui.test_tmux_contract import CODEBOOK, Terminal, pytestmark  # noqa: F401

ANSWERS = [
    ("R01", long_text()),
    ("R02", "Not enough time to plan the courses."),
    ("R03", "not enough time to plan the courses!"),
    ("R04", "Not enough time to plan the course."),
    ("R05", "Not enough tme to plan the courses"),
    ("R06", "NOT ENOUGH TIME TO PLAN THE COURSES."),
    ("R07", "Administrationen tar för mycket tid."),
]


def flat(screen: str) -> str:
    """The screen's words in one line: a sentence wrapped inside the reader's frame reads whole."""
    return " ".join(screen.replace("\u2588", " ").split())


def _codes(db: str, coder: str) -> dict[str, set[str]]:
    """Respondent -> code keys of ``coder`` on Q1, read back from the store."""
    from coder.store.project import Project
    from coder.store.queries import codings_by_answer, get_answer_view

    project = Project.open(db)
    with project.session(write=False) as s:
        found = {
            get_answer_view(s, answer_id).respondent_id: set(keys)
            for answer_id, keys in codings_by_answer(s, "Q1", coder).items()
        }
    project.close()
    return found


def test_reader_and_near_duplicates_in_a_real_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env = {**os.environ, "CODER_CONFIG": str(tmp_path / "none.toml"), "TERM": "xterm-256color"}
    db = str(tmp_path / "p.db")
    answers = tmp_path / "answers.csv"
    answers.write_text(
        "id,text\n" + "".join(f'{rid},"{text}"\n' for rid, text in ANSWERS), encoding="utf-8"
    )
    book = tmp_path / "challenges.yaml"
    book.write_text(CODEBOOK, encoding="utf-8")
    for step in (
        ("init", db),
        ("import", db, str(answers), "--id", "id", "--text", "text=Q1"),
        ("codebook", "add", db, str(book), "--question", "Q1"),
    ):
        status, _out, err = run_cli(capsys, *step)
        assert status == 0, (step, err)

    anna = Terminal(
        f"coder-reading-{os.getpid()}",
        [sys.executable, "-m", "coder", "code", db, "--coder", "anna", "--lang", "en"],
        env,
    )
    try:
        # the long answer is the first: the reader, then PageDown, shows its last words
        anna.wait(lambda s: "(1) Resurserna" in s)
        anna.keys("V")
        reader = anna.wait(lambda s: "(2) Vi vet inte" in s and "Resurserna" in s)
        assert LAST_WORDS not in flat(reader)
        pages = 0
        screen = reader
        while LAST_WORDS not in flat(screen) and pages < 6:  # a page a press, to the end
            anna.keys("PageDown")
            pages += 1
            screen = anna.wait(lambda s, before=screen: s != before, timeout=10)
        assert LAST_WORDS in flat(screen), screen
        anna.keys("Escape")
        anna.wait(lambda s: "escape back" not in s)  # the reader is closed

        # the next answer has four near-duplicates: code it, then G gives them its codes
        anna.keys("Down")
        anna.wait(lambda s: "\u2248 4" in s)  # "≈ 4 near-duplicates (G)"
        anna.keys("1")  # Resources
        anna.wait(lambda s: "Resources (1)" in s)
        anna.keys("G")
        anna.wait(lambda s: all(f"\u2713 {rid}" in s for rid in ("R03", "R04", "R05", "R06")))

        anna.keys("C-q")
        anna.wait_exit()
    finally:
        anna.close()
    coded = _codes(db, "anna")
    assert {rid: coded.get(rid) for rid in ("R02", "R03", "R04", "R05", "R06")} == {
        rid: {"res"} for rid in ("R02", "R03", "R04", "R05", "R06")
    }
    assert "R07" not in coded
