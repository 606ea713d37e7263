"""CONTRACT.md, general rules: a DB with no project is refused (never created), exit statuses
0/1/2, one clear line on stderr without a traceback, `--json` is one document on stdout, a
failed command changes nothing, ids are strings compared exactly."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_helpers import run_cli

from .conftest import Built, build, cli_json

CODEBOOK = Path(__file__).resolve().parents[2] / "codebooks" / "microcredential_challenges.yaml"


def commands(db: str, tmp: Path) -> list[tuple[str, ...]]:
    """Every contract command that takes a DB, spelled as CONTRACT.md spells it."""
    csv = tmp / "x.csv"
    csv.write_text("respondent_id,question,codes\n", encoding="utf-8")
    return [
        ("import", db, str(csv), "--id", "id", "--text", "t"),
        ("answers", db, "--json"),
        ("codebook", "add", db, str(CODEBOOK), "--question", "Q1"),
        ("import-codes", db, str(csv), "--coder", "anna"),
        ("status", db, "--json"),
        ("role", db, "anna", "lead"),
        ("code", db, "--coder", "anna"),
        ("suggest", db, "--question", "Q1", "--coder", "anna", "--json"),
        ("agreement", db, "--question", "Q1", "--coders", "a,b", "--json"),
        ("export", db, "--question", "Q1", "--coder", "a", "--format", "csv",
         "--out", str(tmp / "out.csv")),
    ]  # fmt: skip


@pytest.mark.parametrize("kind", ["missing", "empty_file"])
def test_every_command_refuses_a_db_without_a_project_and_creates_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    db = tmp_path / "none.sqlite"
    if kind == "empty_file":
        db.write_bytes(b"")
    for args in commands(str(db), tmp_path):
        status, out, err = run_cli(capsys, *args)
        assert status == 1, (args, err)
        assert out == "", args
        lines = err.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in err, (args, err)
        assert "none.sqlite" in err and "coder init" in err, (args, err)
        if kind == "missing":
            assert not db.exists(), args
        assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("kind", ["empty_file", "other_sqlite"])
def test_refusing_a_file_without_a_project_leaves_it_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    """An empty file or another program's SQLite database is refused and not written to."""
    db = tmp_path / "other.sqlite"
    if kind == "empty_file":
        db.write_bytes(b"")
    else:
        conn = sqlite3.connect(db)
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.commit()
        conn.close()
    before = db.read_bytes()
    status, _out, err = run_cli(capsys, "status", str(db), "--json")
    assert status == 1 and "holds no coder project" in err
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.sqlite"]


def test_init_is_idempotent(built: Built, capsys: pytest.CaptureFixture[str]) -> None:
    before = cli_json(capsys, "answers", built.db)
    status, _out, err = run_cli(capsys, "init", built.db)
    assert status == 0, err
    assert cli_json(capsys, "answers", built.db) == before


@pytest.mark.parametrize(
    "args",
    [
        ("status",),  # missing DB
        ("status", "{db}", "--no-such-option"),
        ("role", "{db}", "anna", "boss"),
        (
            "export",
            "{db}",
            "--question",
            "Q1",
            "--coder",
            "anna",
            "--format",
            "pdf",
            "--out",
            "x.pdf",
        ),
        ("suggest", "{db}", "--question", "Q1", "--coder", "anna", "--top", "zero", "--json"),
        ("agreement", "--matrix", "{db}", "--level", "fuzzy", "--json"),
    ],  # fmt: skip
)
def test_wrong_usage_exits_2_with_one_line(
    built: Built, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    status, out, err = run_cli(capsys, *(a.format(db=built.db) for a in args))
    assert status == 2, err
    assert out == "" and "Traceback" not in err and len(err.strip().splitlines()) <= 3


def test_user_errors_exit_1_name_the_value_and_change_nothing(
    built: Built, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = built.folder / "bad.csv"
    bad.write_text("respondent_id,question,codes\nR01,Q1,res\nR02,Q1,nope\n", encoding="utf-8")
    before = cli_json(capsys, "status", built.db)
    cases = [
        (("import-codes", built.db, str(bad), "--coder", "dora"), "nope"),
        (("import", built.db, str(built.folder / "missing.csv")), "missing.csv"),
        (("answers", built.db, "--question", "Q9", "--json"), "Q9"),
        (("suggest", built.db, "--question", "Q1", "--coder", "nobody", "--json"), "nobody"),
        (("agreement", built.db, "--question", "Q1", "--coders", "anna,zed", "--json"), "zed"),
    ]
    for args, named in cases:
        status, out, err = run_cli(capsys, *args)
        assert status == 1, (args, err)
        assert out == "" and "Traceback" not in err and named in err, (args, err)
    assert cli_json(capsys, "status", built.db) == before
    assert "dora" not in json.dumps(before)


def test_debug_shows_the_traceback(built: Built) -> None:
    args = ["answers", built.db, "--question", "Q9"]
    plain = subprocess.run(
        [sys.executable, "-m", "coder", *args], capture_output=True, text=True, check=False
    )
    assert plain.returncode == 1 and "Traceback" not in plain.stderr
    debug = subprocess.run(
        [sys.executable, "-m", "coder", "--debug", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert debug.returncode == 1 and "Traceback" in debug.stderr


def test_json_commands_print_one_document_and_messages_go_to_stderr(
    built: Built, capsys: pytest.CaptureFixture[str]
) -> None:
    runs = [
        ("status", built.db),
        ("answers", built.db, "--question", "Q1"),
        ("suggest", built.db, "--question", "Q1", "--coder", "anna"),
        ("agreement", built.db, "--question", "Q1", "--coders", "anna,ben"),
    ]
    for args in runs:
        status, out, err = run_cli(capsys, *args, "--json")
        assert status == 0, (args, err)
        json.loads(out)  # exactly one document: trailing text would fail here


def test_ids_are_strings_compared_exactly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`007`, `7` and `7.0` are three respondents; `q1` and `Q1` two questions."""
    db = str(tmp_path / "ids.sqlite")
    src = tmp_path / "ids.csv"
    src.write_text(
        "id,q,text\n"
        "007,Q1,Vi har inte tid att utveckla kurserna alls.\n"
        "7,Q1,Meillä ei ole aikaa kehittää kursseja.\n"
        "7.0,q1,We have no time to develop the courses.\n",
        encoding="utf-8",
    )
    run_cli(capsys, "init", db)
    status, _out, err = run_cli(
        capsys, "import", db, str(src), "--id", "id", "--question-col", "q", "--text", "text"
    )
    assert status == 0, err
    found = cli_json(capsys, "answers", db)
    assert isinstance(found, dict)
    pairs = sorted((a["respondent_id"], a["question"]) for a in found["answers"])
    assert pairs == [("007", "Q1"), ("7", "Q1"), ("7.0", "q1")]
    assert all(isinstance(a["respondent_id"], str) for a in found["answers"])


def test_a_postgresql_url_holding_no_project_is_refused(
    pg_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run_cli(capsys, "status", pg_db, "--json")
    assert status == 1 and out == "" and "coder init" in err
    assert run_cli(capsys, "init", pg_db)[0] == 0
    assert run_cli(capsys, "init", pg_db)[0] == 0
    found = cli_json(capsys, "status", pg_db)
    assert found == {"questions": [], "respondents": 0, "leads": []}


def test_a_project_built_on_postgresql_answers_like_sqlite(
    pg_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lite = build(tmp_path, capsys)
    run_cli(capsys, "init", pg_db)
    for args in (
        ("import", pg_db, str(tmp_path / "answers.csv"), "--id", "id", "--question-col",
         "question", "--text", "text", "--attr", "university"),
        ("codebook", "add", pg_db, str(tmp_path / "challenges.yaml"), "--question", "Q1"),
        ("import-codes", pg_db, str(tmp_path / "anna.csv"), "--coder", "anna"),
        ("import-codes", pg_db, str(tmp_path / "ben.csv"), "--coder", "ben"),
        ("role", pg_db, "lena", "lead"),
    ):  # fmt: skip
        assert run_cli(capsys, *args)[0] == 0, args
    for args in (("status",), ("answers",)):
        assert cli_json(capsys, args[0], pg_db) == cli_json(capsys, args[0], lite.db)
    agreement = ("--question", "Q1", "--coders", "anna,ben")
    pg = cli_json(capsys, "agreement", pg_db, *agreement)
    sq = cli_json(capsys, "agreement", lite.db, *agreement)
    assert isinstance(pg, dict) and isinstance(sq, dict)
    assert pg["overall"]["percent_agreement"] == sq["overall"]["percent_agreement"]
