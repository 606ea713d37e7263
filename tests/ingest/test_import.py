"""`coder import` and `coder import-codes` into a real SQLite project, run as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from coder.store.models import Answer, Coder, Coding, Event, Respondent, Review
from coder.store.project import Project
from tests.cli_helpers import run_cli as run

DATA = Path(__file__).parent.parent / "data" / "ingest"
CODEBOOK = Path(__file__).parents[2] / "codebooks" / "microcredential_challenges.yaml"
LONG = [
    str(DATA / "long.csv"),
    "--id",
    "respondent",
    "--question-col",
    "question",
    "--text",
    "answer",
    "--attr",
    "university",
    "--attr",
    "role",
]


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "project.sqlite")
    assert run(capsys, "init", path)[0] == 0
    return path


def snapshot(db: str) -> list[tuple[str, str, str, str]]:
    with Project.open(db) as project, project.session(write=False) as s:
        rows = s.execute(
            select(Answer.respondent_id, Answer.question_id, Answer.text, Answer.language)
        )
        return sorted(tuple(r) for r in rows)  # type: ignore[misc]


def test_import_long_file(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "import", db, *LONG, "--json")
    assert status == 0, err
    result = json.loads(out)
    assert result["answers_added"] == 6
    assert result["blank"] == 1
    assert result["questions"] == ["Q1", "Q2"]
    assert result["languages"] == {"en": 1, "fi": 2, "sv": 2, "und": 1}
    status, out, _ = run(capsys, "answers", db, "--question", "Q1", "--json")
    answers = json.loads(out)["answers"]
    assert answers[0] == {
        "respondent_id": "R001",
        "question": "Q1",
        "language": "sv",
        "text": "Det saknas en gemensam definition av mikrokvalifikationer.\n"
        "Alla gör på sitt eget sätt.",
        "attributes": {"university": "Åbo Akademi", "role": "teaching_research"},
    }
    assert [a["language"] for a in answers] == ["sv", "fi", "en", "fi"]


def test_reimport_is_idempotent_and_updates_changed_text(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "import", db, *LONG)[0] == 0
    before = snapshot(db)
    status, out, _ = run(capsys, "import", db, *LONG, "--json")
    assert status == 0
    assert json.loads(out)["answers_unchanged"] == 6
    assert snapshot(db) == before
    changed = tmp_path / "long.csv"
    changed.write_text(
        (DATA / "long.csv")
        .read_text(encoding="utf-8")
        .replace(
            "Resurssit eivät riitä uusien opintojaksojen suunnitteluun.",
            "We simply do not have the resources to plan new study modules.",
        ),
        encoding="utf-8",
    )
    status, out, _ = run(capsys, "import", db, str(changed), *LONG[1:], "--json")
    result = json.loads(out)
    assert (result["answers_added"], result["answers_updated"]) == (0, 1)
    after = dict(((r, q), (t, lang)) for r, q, t, lang in snapshot(db))
    assert after[("R002", "Q1")] == (
        "We simply do not have the resources to plan new study modules.",
        "en",
    )
    with Project.open(db) as project, project.session(write=False) as s:
        assert s.scalar(select(func.count()).select_from(Respondent)) == 4
        kinds = list(s.scalars(select(Event.kind)))
    assert kinds.count("survey.import") == 3


def test_wide_file_cp1252_semicolons_and_language_column(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(
        (
            "Vastaaja;Kieli;Haasteet;Hyvät käytännöt\r\n"
            "1;sv;Det är svårt att nå målgruppen;Samarbete med företag\r\n"
            "2;;Resursseja ei ole tarpeeksi uusien kurssien suunnitteluun;\r\n"
        ).encode("cp1252")
    )
    status, out, err = run(
        capsys,
        "import",
        db,
        str(path),
        "--id",
        "Vastaaja",
        "--text",
        "Haasteet=Q1",
        "--text",
        "Hyvät käytännöt=Q2",
        "--language-col",
        "Kieli",
        "--json",
    )
    assert status == 0, err
    result = json.loads(out)
    assert (result["encoding"], result["delimiter"]) == ("cp1252", ";")
    assert result["questions"] == ["Q1", "Q2"]
    rows = snapshot(db)
    assert ("1", "Q2", "Samarbete med företag", "sv") in rows  # from the column, not detected
    assert ("2", "Q1", "Resursseja ei ole tarpeeksi uusien kurssien suunnitteluun", "fi") in rows


def test_tool_export_imports_without_naming_columns(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "import", db, str(DATA / "qualtrics.csv"), "--json")
    assert status == 0, err
    result = json.loads(out)
    assert result["format"] == "qualtrics"
    assert result["answers_added"] == 5
    status, out, _ = run(capsys, "status", db, "--json")
    questions = {q["id"]: q for q in json.loads(out)["questions"]}
    assert questions["Q2"]["languages"] == {"en": 1, "fi": 1, "sv": 1}


def test_xlsx_sheet_option(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(
        capsys,
        "import",
        db,
        str(DATA / "webropol.xlsx"),
        "--sheet",
        "Vastaukset",
        "--attr",
        "1. Yliopisto",
        "--json",
    )
    assert status == 0, err
    assert json.loads(out)["sheet"] == "Vastaukset"
    status, _, err = run(capsys, "import", db, str(DATA / "webropol.xlsx"), "--sheet", "Nope")
    assert status == 1
    assert err == (
        "coder: error: webropol.xlsx: no sheet 'Nope'; sheets are 'Vastaukset', 'Raportti'\n"
    )


def test_answers_on_a_later_sheet_name_the_sheet_read_and_the_option(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A workbook whose first sheet is a cover page: the error says which sheet was read and
    that --sheet picks another, listing them; with --sheet it imports."""
    import openpyxl

    book = openpyxl.Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "Info"
    cover.append(["Survey on continuous learning, exported 2026-11-30"])
    data = book.create_sheet("Data")
    data.append(["id", "Q1"])
    data.append(["R1", "Vi har för lite tid."])
    path = tmp_path / "two.xlsx"
    book.save(path)
    status, out, err = run(capsys, "import", db, str(path), "--id", "id", "--text", "Q1")
    assert (status, out) == (1, "")
    assert err == (
        "coder: error: two.xlsx: the first sheet, 'Info', holds no data rows; "
        "give --sheet NAME (sheets are 'Info', 'Data')\n"
    )
    status, _out, err = run(
        capsys, "import", db, str(path), "--id", "id", "--text", "Q1", "--sheet", "Data"
    )
    assert status == 0, err


def test_bad_file_changes_nothing(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "import", db, *LONG)[0] == 0
    before = snapshot(db)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "respondent,question,answer,university\n"
        "R001,Q3,Ett nytt svar,Åbo Akademi\n"
        "R009,Q3,Another answer,Hanken\n"
        "R009,Q4,A third answer,Aalto\n",
        encoding="utf-8",
    )
    status, out, err = run(
        capsys,
        "import",
        db,
        str(bad),
        "--id",
        "respondent",
        "--question-col",
        "question",
        "--text",
        "answer",
        "--attr",
        "university",
    )
    assert status == 1
    assert out == ""
    assert err == (
        "coder: error: bad.csv: row 4: column 'university': respondent 'R009' has 'Aalto' here "
        "but 'Hanken' on an earlier row\n"
    )
    assert snapshot(db) == before


def test_import_needs_a_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "none.sqlite"
    status, _, err = run(capsys, "import", str(missing), *LONG)
    assert status == 1
    assert "no such project" in err
    assert not missing.exists()


def test_dry_run_writes_nothing(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "import", db, *LONG, "--dry-run", "--json")
    assert status == 0
    assert json.loads(out)["answers_added"] == 6
    assert snapshot(db) == []


# --- import-codes ---


@pytest.fixture
def coded_db(db: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert run(capsys, "import", db, *LONG)[0] == 0
    status, _, err = run(capsys, "codebook", "add", db, str(CODEBOOK), "--question", "Q1")
    assert status == 0, err
    return db


def codes_csv(tmp_path: Path, body: str) -> str:
    path = tmp_path / "codes.csv"
    path.write_text("respondent_id,question,codes\n" + body, encoding="utf-8")
    return str(path)


def codings_of(db: str, coder: str) -> dict[tuple[str, str], set[str]]:
    from coder.store.models import CodeRecord

    with Project.open(db) as project, project.session(write=False) as s:
        result: dict[tuple[str, str], set[str]] = {}
        for rid, qid in s.execute(
            select(Answer.respondent_id, Answer.question_id)
            .join(Review, Review.answer_id == Answer.id)
            .join(Coder, Coder.id == Review.coder_id)
            .where(Coder.name == coder, Review.done.is_(True))
        ):
            result[(rid, qid)] = set()
        for rid, qid, key in s.execute(
            select(Answer.respondent_id, Answer.question_id, CodeRecord.key)
            .join(Coding, Coding.answer_id == Answer.id)
            .join(CodeRecord, CodeRecord.id == Coding.code_id)
            .join(Coder, Coder.id == Coding.coder_id)
            .where(Coder.name == coder)
        ):
            result.setdefault((rid, qid), set()).add(key)
        return result


def test_import_codes(coded_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = codes_csv(
        tmp_path,
        "R001,Q1,unclear_definition\n"
        "R002,Q1,lack_of_resources;lack_of_resources.working_time\n"
        "R003,Q1,\n",
    )
    status, out, err = run(capsys, "import-codes", coded_db, path, "--coder", "anna", "--json")
    assert status == 0, err
    result = json.loads(out)
    assert (result["answers"], result["uncoded"], result["codings_added"]) == (3, 1, 3)
    assert codings_of(coded_db, "anna") == {
        ("R001", "Q1"): {"unclear_definition"},
        ("R002", "Q1"): {"lack_of_resources", "lack_of_resources.working_time"},
        ("R003", "Q1"): set(),
    }
    status, out, _ = run(capsys, "status", coded_db, "--json")
    q1 = next(q for q in json.loads(out)["questions"] if q["id"] == "Q1")
    assert q1["coders"] == {"anna": {"coded": 3}}
    # re-importing a changed file makes the coder's codes exactly what it says
    path = codes_csv(tmp_path, "R001,Q1,marketing_outreach\n")
    status, out, _ = run(capsys, "import-codes", coded_db, path, "--coder", "anna", "--json")
    assert json.loads(out)["codings_removed"] == 1
    assert codings_of(coded_db, "anna")[("R001", "Q1")] == {"marketing_outreach"}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("R001,Q1,unclear_definition\nR077,Q1,\n", "codes.csv: row 3: unknown respondent 'R077'"),
        ("R001,Q9,unclear_definition\n", "codes.csv: row 2: unknown question 'Q9'"),
        (
            "R001,Q1,unclear_definition\nR002,Q1,lack_of_resources;no_such_code\n",
            "codes.csv: row 3: unknown code 'no_such_code' for question 'Q1'",
        ),
        (
            "R004,Q2,unclear_definition\n",
            "codes.csv: row 2: respondent 'R004' has no answer to 'Q2'",
        ),
    ],
)
def test_import_codes_errors_name_the_row_and_import_nothing(
    coded_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, message: str
) -> None:
    status, out, err = run(
        capsys, "import-codes", coded_db, codes_csv(tmp_path, body), "--coder", "anna"
    )
    assert status == 1
    assert err == f"coder: error: {message}\n"
    assert codings_of(coded_db, "anna") == {}


def test_import_codes_missing_column(
    coded_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "codes.csv"
    path.write_text("respondent_id,codes\nR001,unclear_definition\n", encoding="utf-8")
    status, _, err = run(capsys, "import-codes", coded_db, str(path), "--coder", "anna")
    assert status == 1
    assert err.startswith("coder: error: codes.csv: no column 'question'")


def test_import_round_trip_on_sqlite_and_postgresql(
    any_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "init", any_db)[0] == 0
    status, out, err = run(capsys, "import", any_db, *LONG, "--json")
    assert status == 0, err
    assert json.loads(out)["answers_added"] == 6
    status, out, _ = run(capsys, "import", any_db, *LONG, "--json")
    assert json.loads(out)["answers_unchanged"] == 6
    status, out, _ = run(capsys, "answers", any_db, "--json")
    answers = json.loads(out)["answers"]
    assert len(answers) == 6
    assert answers[2]["attributes"] == {"university": "Aalto University", "role": "other_staff"}


def test_reimport_keeps_a_language_given_earlier(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "s.csv"
    path.write_text("id,lang,q\n1,en,Hyvä yhteistyö yritysten kanssa\n", encoding="utf-8")
    base = ["import", db, str(path), "--id", "id", "--text", "q"]
    assert run(capsys, *base, "--language-col", "lang")[0] == 0
    status, out, _ = run(capsys, *base, "--json")  # no language column this time
    assert json.loads(out)["answers_unchanged"] == 1
    assert snapshot(db)[0][3] == "en"


def _titles(db: str) -> dict[str, str]:
    from coder.store.models import Question

    with Project.open(db) as project, project.session(write=False) as s:
        return dict(s.execute(select(Question.id, Question.title)).all())  # type: ignore[arg-type]


def test_reimport_with_another_heading_keeps_the_question_title(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text("id,Största utmaningar\n1,Tidsbrist\n2,Resurser\n", encoding="utf-8")
    second.write_text("id,Utmaningar (omformulerad)\n1,Tidsbrist\n3,Pengar\n", encoding="utf-8")
    assert (
        run(capsys, "import", db, str(first), "--id", "id", "--text", "Största utmaningar=Q1")[0]
        == 0
    )
    status, out, _ = run(
        capsys, "import", db, str(second), "--id", "id", "--text", "Utmaningar (omformulerad)=Q1"
    )
    assert status == 0
    assert _titles(db) == {"Q1": "Största utmaningar"}
    assert "titles kept" in out and "'Q1'" in out
    status, _, err = run(
        capsys,
        "import",
        db,
        str(second),
        "--id",
        "id",
        "--text",
        "Utmaningar (omformulerad)=Q1",
        "--title",
        "Q1=Utmaningar i arbetet",
    )
    assert status == 0, err
    assert _titles(db) == {"Q1": "Utmaningar i arbetet"}


def test_title_for_a_question_not_in_the_import_is_refused(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, "import", db, str(DATA / "qualtrics.csv"), "--title", "Q9=Nope")
    assert status == 1
    assert "--title 'Q9=Nope': no question 'Q9' in this import" in err
