"""Each survey tool's export layout, read without --id/--text, as CSV and as XLSX.

The fixtures in tests/data/ingest/layouts/ (written for these tests by make_layouts.py) and
tests/data/ingest/ reproduce the tools' header rows and metadata columns; the XLSX variants
are made here from the same rows, since the tools write the same layout to both.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from coder.errors import InputError
from coder.ingest.shape import ImportOptions, Survey, read_survey
from tests.cli_helpers import run_cli

DATA = Path(__file__).parent.parent / "data" / "ingest"
LAYOUTS = DATA / "layouts"


def as_xlsx(source: Path, folder: Path) -> Path:
    """The same rows in a workbook, as the tool's XLSX download holds them."""
    with source.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    path = folder / f"{source.stem}.xlsx"
    book.save(path)
    return path


def read(path: Path, **options: object) -> Survey:
    return read_survey(path, ImportOptions(**options))  # type: ignore[arg-type]


# file, tool, layout words, header rows, id column, respondents, open-answer columns
CASES = [
    (
        DATA / "qualtrics.csv",
        "qualtrics",
        "current",
        3,
        "ResponseId",
        3,
        ["Q2", "Q3_TEXT"],
    ),
    (
        LAYOUTS / "qualtrics_2017.csv",
        "qualtrics",
        "2016-17",
        3,
        "ResponseID",
        5,
        ["Q2", "Q3_3_TEXT", "Q4"],
    ),
    (
        LAYOUTS / "qualtrics_legacy.csv",
        "qualtrics",
        "legacy",
        2,
        "ResponseID",
        5,
        ["Q2", "Q3"],
    ),
    (
        LAYOUTS / "surveymonkey.csv",
        "surveymonkey",
        "answer row",
        2,
        "Respondent ID",
        5,
        [
            "Vilka är de största utmaningarna i utvecklingen av mikrokvalifikationer?",
            "Vilka kanaler använder ni för marknadsföring? - Annat (ange)",
            "Vilka arbetssätt har fungerat väl?",
        ],
    ),
    (
        DATA / "limesurvey.csv",
        "limesurvey",
        "codes",
        1,
        "id",
        4,
        ["G01Q02", "G02Q03", "G02Q04[other]"],
    ),
    (
        LAYOUTS / "limesurvey_fulltext.csv",
        "limesurvey",
        "full question texts",
        1,
        "Response ID",
        5,
        [
            "Vilka är de största utmaningarna?",
            "Vilka kanaler använder ni? [Annat]",
            "Vilka arbetssätt har fungerat väl?",
        ],
    ),
    (
        LAYOUTS / "limesurvey_codetext.csv",
        "limesurvey",
        "code. Question text",
        1,
        "id",
        5,
        ["G01Q02", "G02Q03[other]", "G02Q04"],
    ),
    (DATA / "google_forms.csv", "google-forms", "", 1, None, 3, 2),
]


@pytest.mark.parametrize("workbook", [False, True], ids=["csv", "xlsx"])
@pytest.mark.parametrize(
    ("path", "tool", "layout", "header_rows", "id_column", "respondents", "texts"),
    CASES,
    ids=[case[0].stem for case in CASES],
)
def test_layout_is_read_without_flags(
    tmp_path: Path,
    workbook: bool,
    path: Path,
    tool: str,
    layout: str,
    header_rows: int,
    id_column: str | None,
    respondents: int,
    texts: list[str] | int,
) -> None:
    survey = read(as_xlsx(path, tmp_path) if workbook else path)
    assert survey.format == tool
    assert layout in survey.layout
    assert survey.header_rows == header_rows
    assert survey.id_column == id_column
    assert len(survey.respondents) == respondents
    if isinstance(texts, int):
        assert len(survey.questions) == texts
    else:
        assert list(survey.questions) == texts
    assert survey.text_columns == list(survey.questions)
    # no header or metadata text became a respondent or an answer
    header_cells = {c.casefold() for c in survey.questions.values()}
    assert not any(a.text.casefold() in header_cells for a in survey.answers)
    assert all(not rid.startswith(("{", "V1")) for rid in survey.respondents)


def test_xlsx_tools() -> None:
    webropol, forms = read(DATA / "webropol.xlsx"), read(DATA / "microsoft_forms.xlsx")
    assert (webropol.format, webropol.id_column, len(webropol.respondents)) == (
        "webropol",
        "Vastaaja",
        3,
    )
    assert (forms.format, forms.id_column, len(forms.respondents)) == ("microsoft-forms", "ID", 4)
    assert forms.skipped_columns["Email"] == "microsoft-forms metadata"


def test_titles_come_from_the_export() -> None:
    legacy = read(LAYOUTS / "qualtrics_legacy.csv")
    assert legacy.questions["Q2"].startswith("Vilka är de största utmaningarna")
    lime = read(LAYOUTS / "limesurvey_codetext.csv")
    assert lime.questions["G02Q03[other]"] == "Vilka kanaler använder ni? [Annat]"


def test_skipped_columns_say_why() -> None:
    survey = read(LAYOUTS / "qualtrics_2017.csv")
    assert survey.skipped_columns["IPAddress"] == "qualtrics metadata"
    assert survey.skipped_columns["Q1"] == "not a text-entry question in qualtrics"
    lime = read(LAYOUTS / "limesurvey_codetext.csv")
    assert lime.skipped_columns["G02Q03[SQ001]"].startswith("choices")
    assert lime.skipped_columns["submitdate"] == "limesurvey metadata"


def test_qualtrics_preview_responses_are_warned_about() -> None:
    survey = read(LAYOUTS / "qualtrics_2017.csv")
    assert any("1 response is a Qualtrics preview or test" in w for w in survey.warnings)


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("qualtrics_2017.csv", {"id_col": "ResponseID", "text": ("Q2",)}),
        ("qualtrics_legacy.csv", {"id_col": "ResponseID", "text": ("Q2",)}),
        ("qualtrics_legacy.csv", {"id_col": "V1", "text": ("Q2",)}),
        (
            "surveymonkey.csv",
            {"id_col": "Respondent ID", "text": ("Vilka arbetssätt har fungerat väl?",)},
        ),
    ],
)
def test_header_rows_are_not_imported_with_explicit_columns(
    name: str, options: dict[str, object]
) -> None:
    survey = read(LAYOUTS / name, **options)
    assert len(survey.respondents) == 5
    assert all(rid.startswith(("R_", "114")) for rid in survey.respondents)


def test_limesurvey_id_finds_code_dot_text_heading() -> None:
    by_code = read(LAYOUTS / "limesurvey_codetext.csv", id_col="id", text=("G01Q02",))
    by_heading = read(
        LAYOUTS / "limesurvey_codetext.csv",
        id_col="id. Response ID",
        text=("G01Q02. Vilka är de största utmaningarna?",),
    )
    assert list(by_code.respondents) == list(by_heading.respondents) == ["1", "2", "3", "4", "5"]
    assert [a.text for a in by_code.answers] == [a.text for a in by_heading.answers]


def test_repeated_header_row_in_a_plain_file_is_skipped_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "merged.csv"
    path.write_text(
        "id,answer,group\n1,Mer tid för undervisning,A\nid,answer,group\n2,Bättre system,B\n",
        encoding="utf-8",
    )
    survey = read(path, id_col="id", text=("answer",))
    assert list(survey.respondents) == ["1", "2"]
    assert survey.skipped_rows == [3]
    assert any("row 3" in w and "skipped" in w for w in survey.warnings)


def test_google_forms_ids_are_row_numbers_and_the_summary_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "p.sqlite")
    assert run_cli(capsys, "init", db)[0] == 0
    status, out, err = run_cli(capsys, "import", db, str(DATA / "google_forms.csv"))
    assert status == 0, err
    assert "ids are row numbers" in out  # the summary is on stdout
    assert "open-answer columns taken" in out and "columns skipped" in out
    assert "'Aikaleima'" in out


def test_no_open_answer_column_is_an_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "forms.csv"
    path.write_text("Timestamp,Score\n2025-01-01 10:00,3\n2025-01-02 11:00,4\n", encoding="utf-8")
    with pytest.raises(InputError, match="forms.csv: found no column of open answers"):
        read(path)


def test_json_result_lists_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "p.sqlite")
    run_cli(capsys, "init", db)
    status, out, err = run_cli(
        capsys, "import", db, str(LAYOUTS / "qualtrics_legacy.csv"), "--json"
    )
    assert status == 0, err
    result = json.loads(out)
    assert result["layout"].startswith("legacy")
    assert result["text_columns"] == ["Q2", "Q3"]
    assert result["respondents"] == 5
