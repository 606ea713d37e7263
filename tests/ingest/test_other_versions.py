"""Exports from other tools' versions and languages than the first fixtures: each imports
without --id/--text (or, for a generic file, with them) into the right respondents,
questions and answers.

The files in tests/data/ingest/variants/ are written by make_variants.py there, which names
the public tool and version each follows.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from coder.store.project import Project
from coder.store.queries import questions as stored_questions
from tests.cli_helpers import run_cli
from tests.refi.helpers import load_script

VARIANTS = Path(__file__).parent.parent / "data" / "ingest" / "variants"
SV, FI, EN = (
    "Kursen var bra men lärarna hade för lite tid för handledning.",
    "Opetus oli hyvää, mutta ryhmät olivat liian suuria ja tilat ahtaita.",
    "Teaching was fine; the fees and the admin were not great at all.",
)


def test_committed_variants_are_what_the_generator_writes(tmp_path: Path) -> None:
    for path in load_script(VARIANTS / "make_variants.py").make_variants(tmp_path):
        committed = VARIANTS / path.name
        if path.suffix == ".xlsx":  # a workbook stamps its creation time: compare cells
            rows = [
                list(r) for r in openpyxl.load_workbook(path).active.iter_rows(values_only=True)
            ]
            kept = openpyxl.load_workbook(committed).active.iter_rows(values_only=True)
            assert rows == [list(r) for r in kept], path.name
        else:
            assert path.read_bytes() == committed.read_bytes(), path.name


def imported(db: str, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[dict, list]:
    """The import's JSON summary and the stored answers."""
    if not Path(db).exists() and "://" not in db:
        assert run_cli(capsys, "init", db)[0] == 0
    status, out, err = run_cli(capsys, "import", db, *args, "--json")
    assert status == 0, err
    status, answers, _ = run_cli(capsys, "answers", db, "--json")
    return json.loads(out), json.loads(answers)["answers"]


def by_key(answers: list[dict]) -> dict[tuple[str, str], str]:
    return {(a["respondent_id"], a["question"]): a["text"] for a in answers}


# file, tool, layout words, id column, open-answer questions, titles of those questions
LIMESURVEY = [
    (
        "limesurvey_codetext_colon.csv",
        "'code: Question text'",
        "id",
        ["G01Q02", "G01Q03"],
        ["What was good about the course?", "What should change?"],
    ),
    (
        "limesurvey2_sgqa_dash.csv",
        "'code - Question text'",
        "id",
        ["583921X1X2", "583921X1X3"],
        ["What was good about the course?", "What should change?"],
    ),
    (
        "limesurvey_full_german.csv",
        "export's language",
        "Antwort ID",
        ["Was war gut am Kurs?", "Was sollte sich ändern?"],
        ["Was war gut am Kurs?", "Was sollte sich ändern?"],
    ),
    (
        "limesurvey_abbreviated_finnish.csv",
        "export's language",
        "Vastauksen ID",
        ["Mikä kurssissa ..", "Mitä pitäisi m.."],
        ["Mikä kurssissa ..", "Mitä pitäisi m.."],
    ),
]


@pytest.mark.parametrize(("name", "layout", "id_column", "questions", "titles"), LIMESURVEY)
def test_limesurvey_with_any_separator_or_heading_language(
    name: str,
    layout: str,
    id_column: str,
    questions: list[str],
    titles: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    summary, answers = imported(str(tmp_path / "p.sqlite"), capsys, str(VARIANTS / name))
    assert summary["format"] == "limesurvey"
    assert layout in summary["layout"]
    assert summary["id_column"] == id_column
    # the choice question (answer codes A1/A2), the seed, dates and pages are not answers
    assert summary["text_columns"] == questions
    assert summary["respondents"] == 6  # respondent 4 stopped early: stored, no answers
    stored = by_key(answers)
    assert len(stored) == 10
    assert stored[("1", questions[0])] == SV
    assert stored[("2", questions[0])] == FI
    assert stored[("6", questions[1])] == SV
    project = Project.open(str(tmp_path / "p.sqlite"))
    try:
        with project.session(write=False) as session:
            shown = {q.id: q.title for q in stored_questions(session)}
    finally:
        project.close()
    assert [shown[q] for q in questions] == titles  # as the export gave them


@pytest.mark.parametrize(
    ("name", "layout"),
    [("google_forms_french.csv", ""), ("google_forms_romanian.csv", "another language")],
)
def test_google_forms_in_other_languages_numbers_its_rows(
    name: str, layout: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    summary, answers = imported(str(tmp_path / "p.sqlite"), capsys, str(VARIANTS / name))
    assert summary["format"] == "google-forms"
    assert layout in summary["layout"]
    assert summary["row_ids"] is True
    assert len(summary["text_columns"]) == 2  # the timestamps are not answers
    stored = by_key(answers)
    assert len(stored) == 12
    assert stored[("1", summary["text_columns"][0])] == SV
    assert stored[("3", summary["text_columns"][0])] == EN


def test_microsoft_forms_with_french_headings(
    any_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(capsys, "init", any_db)[0] == 0
    path = str(VARIANTS / "microsoft_forms_french.xlsx")
    summary, answers = imported(any_db, capsys, path)
    assert summary["format"] == "microsoft-forms"
    assert summary["id_column"] == "ID"
    assert summary["text_columns"] == ["Qu'avez-vous aimé ?", "Que faudrait-il changer ?"]
    assert by_key(answers)[("2", "Qu'avez-vous aimé ?")] == FI
    # importing it again changes nothing
    summary, _ = imported(any_db, capsys, path)
    assert summary["answers_unchanged"] == 12


@pytest.mark.parametrize(
    ("name", "questions"),
    [
        (
            "surveymonkey_textboxes.csv",
            [
                "What was good about the course? - Textbox 1",
                "What was good about the course? - Textbox 2",
                "Anything else?",
            ],
        ),
        (
            "surveymonkey_swedish.csv",
            ["Vad var bra med kursen? - Svar 1", "Vad var bra med kursen? - Svar 2", "Övrigt?"],
        ),
    ],
)
def test_surveymonkey_without_english_answer_labels(
    name: str, questions: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    summary, answers = imported(str(tmp_path / "p.sqlite"), capsys, str(VARIANTS / name))
    assert summary["format"] == "surveymonkey"
    assert summary["header_rows"] == 2  # the answer row is no respondent
    assert summary["respondents"] == 6
    assert summary["text_columns"] == questions
    stored = by_key(answers)
    assert len(stored) == 18
    assert stored[("11400000000", questions[0])] == SV
    assert stored[("11400000034", questions[2])] == "Fler övningar 3."


def test_excel_for_mac_csv_with_cr_line_ends_and_mac_roman(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--id", "respondent", "--text", "kommentar", "--attr", "yrke"]
    summary, answers = imported(
        str(tmp_path / "p.sqlite"), capsys, str(VARIANTS / "excel_mac.csv"), *args
    )
    assert summary["encoding"] == "mac-roman"
    assert summary["delimiter"] == ";"
    stored = {a["respondent_id"]: a for a in answers}
    assert stored["R1"]["text"] == SV
    assert stored["R2"]["text"] == FI
    assert stored["R2"]["attributes"] == {"yrke": "lärare"}


def test_a_bad_row_in_a_cr_file_is_named_and_nothing_is_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "p.sqlite")
    assert run_cli(capsys, "init", db)[0] == 0
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"respondent;kommentar\rR1;Bra kurs\rR2;F\x94r lite;tid;extra\r")
    status, out, err = run_cli(capsys, "import", db, str(bad), "--id", "respondent")
    assert status == 1
    assert err.strip().splitlines() == [
        "coder: error: bad.csv: row 3: 4 cells but the header has 2 columns "
        "(a wrong delimiter or an unquoted line break?)"
    ]
    status, out, _ = run_cli(capsys, "answers", db, "--json")
    assert json.loads(out)["answers"] == []


def test_limesurvey_by_content_needs_all_four_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file whose first column is not LimeSurvey's response ids (a repeated id) is not
    taken for LimeSurvey: without --id it stops with one line asking for it."""
    rows = (VARIANTS / "limesurvey_full_german.csv").read_bytes().split(b"\r\n")
    rows[2] = b'"1"' + rows[2][rows[2].index(b";") :]  # respondent 2 given respondent 1's id
    path = tmp_path / "export.csv"
    path.write_bytes(b"\r\n".join(rows))
    db = str(tmp_path / "p.sqlite")
    assert run_cli(capsys, "init", db)[0] == 0
    status, _, err = run_cli(capsys, "import", db, str(path))
    assert status == 1
    assert (
        err.strip()
        == "coder: error: export.csv: give --id COL, the column that identifies a respondent"
    )


def test_limesurvey_with_only_some_columns_exported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """LimeSurvey's export form lets the user leave out the last page, start language and
    the other columns: its id and submit date are enough to know it."""
    path = tmp_path / "results-survey583921.csv"
    path.write_text(
        "Response ID,Date submitted,What was good?,What should change?\r\n"
        f'1,2024-05-01 12:00:00,"{SV}",Mer handledning och färre föreläsningar.\r\n'
        f'2,2024-05-02 12:00:00,"{FI}",Enemmän palautetta tehtävistä kiitos.\r\n',
        encoding="utf-8-sig",
    )
    summary, answers = imported(str(tmp_path / "p.sqlite"), capsys, str(path))
    assert summary["format"] == "limesurvey"
    assert summary["id_column"] == "Response ID"
    assert summary["text_columns"] == ["What was good?", "What should change?"]
    assert by_key(answers)[("2", "What was good?")] == FI
