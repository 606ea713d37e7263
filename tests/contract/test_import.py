"""CONTRACT.md, `coder import`: long and wide shapes, --text COL=QID, --attr, --language-col,
--sheet; encodings and delimiters detected; idempotent re-import; every answer's language is
sv/fi/en, another ISO 639-1 code or und; recognised exports read without flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_helpers import run_cli

from .conftest import cli_json, real_world

ROWS = [
    ("A1", "Q1", "Vi har inte tillräckligt med tid för att utveckla nya kurser.", "fi"),
    ("A1", "Q2", "Meillä ei ole tarpeeksi aikaa eikä rahaa kurssien kehittämiseen.", ""),
    ("A2", "Q1", "We do not have enough time or money to build these courses.", "en"),
    ("A2", "Q2", "Wir haben nicht genug Zeit und Geld für die Entwicklung neuer Kurse.", ""),
    ("A3", "Q1", "Café, crème brûlée – naïve “quotes” € ÅÄÖ åäö.", "sv"),
]


def answers(
    db: str, capsys: pytest.CaptureFixture[str]
) -> dict[tuple[str, str], dict[str, object]]:
    found = cli_json(capsys, "answers", db)
    assert isinstance(found, dict)
    return {(a["respondent_id"], a["question"]): a for a in found["answers"]}


def fresh(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    db = str(tmp_path / "p.sqlite")
    assert run_cli(capsys, "init", db)[0] == 0
    return db


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"], ids=["comma", "semicolon", "tab"])
def test_long_shape_in_every_encoding_and_delimiter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str, delimiter: str
) -> None:
    rows = ROWS  # every character here exists in cp1252 too
    lines = ["id", "question", "text", "lang"]
    body = (
        delimiter.join(lines)
        + "\n"
        + "".join(delimiter.join([r, q, f'"{t}"', lang]) + "\n" for r, q, t, lang in rows)
    )
    src = tmp_path / "long.txt"
    src.write_bytes(body.encode(encoding))
    db = fresh(tmp_path, capsys)
    status, out, err = run_cli(
        capsys, "import", db, str(src), "--id", "id", "--question-col", "question",
        "--text", "text", "--language-col", "lang",
    )  # fmt: skip
    assert status == 0, err
    assert out.strip(), "a summary of what was imported is printed on stdout"
    got = answers(db, capsys)
    assert {k: v["text"] for k, v in got.items()} == {(r, q): t for r, q, t, _ in rows}
    # --language-col wins where it has a value (even against the text); detected elsewhere
    assert got[("A1", "Q1")]["language"] == "fi"
    assert got[("A3", "Q1")]["language"] == "sv"
    assert got[("A1", "Q2")]["language"] == "fi"
    assert got[("A2", "Q2")]["language"] == "de"


def test_wide_shape_with_named_questions_attributes_and_idempotent_reimport(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "wide.csv"
    src.write_text(
        "resp;uni;role;Open question;Another one\n"
        "R001;Åbo Akademi;other_staff;Vi har inte tid att utveckla kurser.;Jag vet inte\n"
        "R002;Helsingin yliopisto;teacher;Meillä ei ole aikaa eikä rahaa.;\n"
        "R003;Aalto;teacher;?;Nothing to add here at all\n",
        encoding="utf-8",
    )
    db = fresh(tmp_path, capsys)
    args = ("import", db, str(src), "--id", "resp", "--text", "Open question=Q1",
            "--text", "Another one", "--attr", "uni", "--attr", "role")  # fmt: skip
    status, _out, err = run_cli(capsys, *args)
    assert status == 0, err
    first = answers(db, capsys)
    assert set(first) == {
        ("R001", "Q1"), ("R002", "Q1"), ("R003", "Q1"), ("R001", "Another one"),
        ("R003", "Another one"),
    }  # fmt: skip
    assert first[("R001", "Q1")]["attributes"] == {"uni": "Åbo Akademi", "role": "other_staff"}
    assert first[("R003", "Q1")]["language"] == "und"
    assert all(
        a["language"] in {"sv", "fi", "en", "und"} or len(str(a["language"])) == 2
        for a in first.values()
    )
    status, _out, err = run_cli(capsys, *args)
    assert status == 0, err
    assert answers(db, capsys) == first
    assert cli_json(capsys, "status", db)["respondents"] == 3  # type: ignore[index]
    only = cli_json(capsys, "answers", db, "--question", "Q1")
    assert isinstance(only, dict) and {a["question"] for a in only["answers"]} == {"Q1"}


def test_xlsx_sheet_by_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    assert book.active is not None
    book.active.title = "Cover"
    book.active.append(["nothing here"])
    sheet = book.create_sheet("Answers")
    sheet.append(["id", "question", "text"])
    for r, q, t, _lang in ROWS:
        sheet.append([r, q, t])
    src = tmp_path / "survey.xlsx"
    book.save(src)
    db = fresh(tmp_path, capsys)
    status, _out, err = run_cli(
        capsys, "import", db, str(src), "--sheet", "Answers", "--id", "id",
        "--question-col", "question", "--text", "text",
    )  # fmt: skip
    assert status == 0, err
    assert len(answers(db, capsys)) == len(ROWS)
    status, out, err = run_cli(
        capsys, "import", db, str(src), "--sheet", "Nope", "--id", "id",
        "--question-col", "question", "--text", "text",
    )  # fmt: skip
    assert status == 1 and out == "" and "Nope" in err and "Answers" in err


def test_a_missing_column_is_named_and_nothing_is_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "x.csv"
    src.write_text("id,text\nA1,Some words here\n", encoding="utf-8")
    db = fresh(tmp_path, capsys)
    status, out, err = run_cli(
        capsys, "import", db, str(src), "--id", "respondent", "--text", "text"
    )
    assert status == 1 and out == "" and "'respondent'" in err and "x.csv" in err
    assert answers(db, capsys) == {}


def test_limesurvey_id_finds_the_code_dot_text_heading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = real_world("surveys", "limesurvey_code-dot-text_headings.csv")
    db = fresh(tmp_path, capsys)
    status, _out, err = run_cli(
        capsys, "import", db, str(src), "--id", "id", "--text", "geochemicalParaCQ"
    )
    assert status == 0, err
    got = answers(db, capsys)
    assert got and {q for _r, q in got} == {"geochemicalParaCQ"}
    assert all(r.isdigit() for r, _q in got)  # the response ids, not row numbers of headers


@pytest.mark.parametrize(
    ("name", "id_column", "text_column"),
    [
        ("qualtrics_current_sample.csv", "ResponseId", "Q2"),
        ("qualtrics_legacy_sample.csv", "ResponseID", "Q2"),
        ("qualtrics_2017_insights.csv", "ResponseID", "Q18"),
    ],
)
def test_qualtrics_header_rows_never_become_respondents_with_named_columns(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    id_column: str,
    text_column: str,
) -> None:
    src = real_world("surveys", name)
    db = fresh(tmp_path, capsys)
    status, _out, err = run_cli(
        capsys, "import", db, str(src), "--id", id_column, "--text", text_column
    )
    assert status == 0, err
    got = answers(db, capsys)
    assert got and all(r.startswith("R_") for r, _q in got), sorted(got)
    assert {q for _r, q in got} == {text_column}
