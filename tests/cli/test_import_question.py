"""`coder import DB FILE --question QID` for REFI-QDA files.

A `.qdc` holds codes and no answers: given the question, `coder import` attaches it as
`coder codebook add` does (same lead rule: tests/refi/test_import_roles.py); without one it
names the command that takes it. A project from another tool becomes that question. A survey
file refuses the option (its questions come from --text or --question-col). Real CLI runs on
real SQLite files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_messages import _speak
from tests.cli_helpers import run_cli

DATA = Path(__file__).resolve().parents[1] / "data"
QDC = DATA / "codebook" / "foreign.qdc"
WRONG_ROOT = DATA / "hostile" / "wrong_root.qdc"
FOREIGN_QDPX = DATA / "refi" / "variants" / "legacy_text_encodings.qdpx"
SURVEY = "id,answer\nR1,There is not enough time\nR2,Money is short\n"


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """A project with question Q1 (two answers), no codebook yet."""
    path = str(tmp_path / "survey.sqlite")
    (tmp_path / "survey.csv").write_text(SURVEY, encoding="utf-8")
    for step in (
        ("init", path),
        ("import", path, str(tmp_path / "survey.csv"), "--id", "id", "--text", "answer=Q1"),
    ):
        status, _out, err = run_cli(capsys, *step)
        assert status == 0, (step, err)
    return path


def _codes(capsys: pytest.CaptureFixture[str], db: str) -> dict[str, int]:
    status, out, err = run_cli(capsys, "status", db, "--json")
    assert status == 0, err
    return {q["id"]: q["codes"] for q in json.loads(out)["questions"]}


def test_a_qdc_is_attached_to_the_question_given(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run_cli(capsys, "import", db, str(QDC), "--question", "Q1")
    assert status == 0, err
    assert out.startswith(f"{QDC} (REFI-QDA codebook): 5 codes attached to question 'Q1'")
    assert _codes(capsys, db) == {"Q1": 5}
    status, out, _err = run_cli(capsys, "codebook", "show", db, "--question", "Q1", "--json")
    names = [code["id"] for code in json.loads(out)["codes"]]
    assert names == ["Lack of resources", "Collaboration"]
    # the same file again changes nothing, as `codebook add` of it would
    assert run_cli(capsys, "import", db, str(QDC), "--question", "Q1")[0] == 0
    status, out, _err = run_cli(capsys, "codebook", "add", db, str(QDC), "--question", "Q1")
    assert status == 0 and "unchanged" in out


def test_without_a_question_or_with_an_unknown_one_nothing_is_attached(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run_cli(capsys, "import", db, str(QDC))
    assert (status, out) == (1, "") and err.count("\n") == 1
    assert "--question QID` (questions: Q1)" in err
    status, out, err = run_cli(capsys, "import", db, str(QDC), "--question", "Q9")
    assert (status, out, err) == (
        1,
        "",
        "coder: error: no question 'Q9' in this project (questions: Q1)\n",
    )
    assert _codes(capsys, db) == {"Q1": 0}


def test_an_invalid_qdc_is_refused_in_the_line_codebook_add_prints(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _out, added = run_cli(
        capsys, "codebook", "add", db, str(WRONG_ROOT), "--question", "Q1"
    )
    assert status == 1
    for question in ((), ("--question", "Q1")):
        status, out, err = run_cli(capsys, "import", db, str(WRONG_ROOT), *question)
        assert (status, out, err) == (1, "", added)
    assert added == f"coder: error: {WRONG_ROOT}:1: the root element is <Project>, not <CodeBook>\n"


def test_a_survey_file_refuses_the_option_as_wrong_usage(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    survey = str(tmp_path / "survey.csv")
    args = ("import", db, survey, "--id", "id", "--text", "answer=Q1", "--question", "Q1")
    status, out, err = run_cli(capsys, *args)
    assert (status, out) == (2, "") and err.count("\n") == 1
    assert err.startswith("coder: error: --question is for a REFI-QDA file (.qdc, .qdpx, .qde)")
    assert err.endswith("(try: coder import --help)\n")
    _speak(monkeypatch, "fi")
    status, _out, err = run_cli(capsys, *args)
    assert status == 2 and err.startswith("coder: error: --question koskee REFI-QDA-tiedostoa")


def test_a_project_from_another_tool_becomes_the_question_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "p.sqlite")
    assert run_cli(capsys, "init", db)[0] == 0
    status, _out, err = run_cli(capsys, "import", db, str(FOREIGN_QDPX), "--question", "feedback")
    assert status == 0, err
    assert list(_codes(capsys, db)) == ["feedback"]
    # a project coder wrote keeps its own questions, and says the option went unused
    out = tmp_path / "again.qdpx"
    args = ("export", db, "--format", "qdpx", "--out", str(out))
    assert run_cli(capsys, *args)[0] == 0
    fresh = str(tmp_path / "fresh.sqlite")
    assert run_cli(capsys, "init", fresh)[0] == 0
    status, _out, err = run_cli(capsys, "import", fresh, str(out), "--question", "other")
    assert status == 0
    assert err == (
        f"warning: {out} was written by coder and keeps its own questions; "
        "--question 'other' was not used\n"
    )
    assert list(_codes(capsys, fresh)) == ["feedback"]
