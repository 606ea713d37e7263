"""Reading files: encodings, delimiters, quoted line breaks, XLSX sheets, tool exports, shapes."""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import openpyxl
import pytest

from coder.errors import InputError
from coder.ingest.formats import recognise
from coder.ingest.shape import ImportOptions, read_survey
from coder.ingest.table import Table, read_table

DATA = Path(__file__).parent.parent / "data" / "ingest"

WIDE = (
    "id;universitet;fråga1\n"
    "S1;Åbo Akademi;Vi behöver mer stöd från ledningen för att utveckla kurser.\n"
    'S2;Helsingfors universitet;"Resurserna räcker inte;\nlärarna har ingen tid."\n'
    "S3;Hanken;\n"
)


def write(path: Path, text: str, encoding: str, bom: bytes = b"") -> Path:
    path.write_bytes(bom + text.encode(encoding))
    return path


WIDE_OPTIONS = ImportOptions(id_col="id", text=("fråga1",), attrs=("universitet",))


@pytest.mark.parametrize(
    ("encoding", "bom", "expected"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16"),
        ("utf-16-le", b"", "utf-16-le"),
        ("cp1252", b"", "cp1252"),
        ("latin-1", b"", "cp1252"),
    ],
)
def test_encodings_are_detected(tmp_path: Path, encoding: str, bom: bytes, expected: str) -> None:
    survey = read_survey(write(tmp_path / "s.csv", WIDE, encoding, bom), WIDE_OPTIONS)
    assert survey.encoding == expected
    assert survey.respondents["S1"] == {"universitet": "Åbo Akademi"}
    assert survey.answers[0].text.startswith("Vi behöver mer stöd")


@pytest.mark.parametrize(
    ("delimiter", "suffix"), [(",", ".csv"), (";", ".csv"), ("\t", ".tsv"), ("\t", ".txt")]
)
def test_delimiters_are_detected(tmp_path: Path, delimiter: str, suffix: str) -> None:
    text = WIDE.replace(";", "\x00").replace("\x00", delimiter)
    text = text.replace('"Resurserna räcker inte' + delimiter, '"Resurserna räcker inte;')
    survey = read_survey(write(tmp_path / f"s{suffix}", text, "utf-8"), WIDE_OPTIONS)
    assert survey.delimiter == delimiter
    assert [a.respondent_id for a in survey.answers] == ["S1", "S2"]


def test_quoted_line_breaks_stay_inside_the_answer(tmp_path: Path) -> None:
    survey = read_survey(write(tmp_path / "s.csv", WIDE, "utf-8"), WIDE_OPTIONS)
    assert survey.answers[1].text == "Resurserna räcker inte;\nlärarna har ingen tid."
    assert survey.answers[1].row == 3


def test_blank_answers_are_skipped_and_counted(tmp_path: Path) -> None:
    survey = read_survey(write(tmp_path / "s.csv", WIDE, "utf-8"), WIDE_OPTIONS)
    assert len(survey.answers) == 2
    assert survey.blank == 1
    assert "S3" in survey.respondents  # a respondent who left it blank is still a respondent


def test_text_column_can_be_renamed(tmp_path: Path) -> None:
    options = ImportOptions(id_col="id", text=("fråga1=Q1",))
    survey = read_survey(write(tmp_path / "s.csv", WIDE, "utf-8"), options)
    assert survey.questions == {"Q1": "fråga1"}
    assert {a.question_id for a in survey.answers} == {"Q1"}


def test_long_shape() -> None:
    options = ImportOptions(
        id_col="respondent", question_col="question", text=("answer",), attrs=("university", "role")
    )
    survey = read_survey(DATA / "long.csv", options)
    assert list(survey.questions) == ["Q1", "Q2"]
    assert len(survey.answers) == 6
    assert survey.blank == 1
    assert survey.respondents["R003"] == {"university": "Aalto University", "role": "other_staff"}
    assert survey.answers[0].text.endswith(
        "definition av mikrokvalifikationer.\nAlla gör på sitt eget sätt."
    )


def test_language_column(tmp_path: Path) -> None:
    text = "id,lang,q\n1,Svenska,Bra\n2,fi,Hyvä\n3,,Hello there my friend\n"
    options = ImportOptions(id_col="id", text=("q",), language_col="lang")
    survey = read_survey(write(tmp_path / "s.csv", text, "utf-8"), options)
    assert [a.language for a in survey.answers] == ["sv", "fi", None]


@pytest.mark.parametrize(
    ("name", "fmt", "rid", "questions", "answers"),
    [
        ("qualtrics.csv", "qualtrics", "R_1Fd3kP9xQmZ2aB7", ["Q2", "Q3_TEXT"], 5),
        ("limesurvey.csv", "limesurvey", "1", ["G01Q02", "G02Q03", "G02Q04[other]"], 6),
        ("google_forms.csv", "google-forms", "1", 2, 5),
        ("webropol.xlsx", "webropol", "1", 2, 5),
        ("microsoft_forms.xlsx", "microsoft-forms", "1", 1, 3),
    ],
)
def test_survey_tool_exports_are_recognised(
    name: str, fmt: str, rid: str, questions: list[str] | int, answers: int
) -> None:
    survey = read_survey(DATA / name, ImportOptions())
    assert survey.format == fmt
    assert rid in survey.respondents
    if isinstance(questions, int):
        assert len(survey.questions) == questions
    else:
        assert list(survey.questions) == questions
    assert len(survey.answers) == answers


def test_qualtrics_three_header_rows() -> None:
    survey = read_survey(DATA / "qualtrics.csv", ImportOptions(attrs=("Q1", "Q4")))
    assert survey.questions["Q2"].startswith("What are the main challenges")
    assert survey.respondents["R_3eQ8nL2vTtY5cD1"] == {
        "Q1": "Åbo Akademi University",
        "Q4": "Other staff",
    }
    first = survey.answers[0]
    assert first.row == 4  # the first data row is the fourth row of the file
    assert survey.answers[-1].text == "Regular meetings with employers\nand an alumni network."


def test_tool_export_with_explicit_columns() -> None:
    options = ImportOptions(text=("G01Q02=challenges",), attrs=("G01Q01",))
    survey = read_survey(DATA / "limesurvey.csv", options)
    assert survey.questions == {"challenges": "G01Q02"}
    assert survey.respondents["2"] == {"G01Q01": "Hanken"}


def test_webropol_excel_values_read_as_text() -> None:
    table = read_table(DATA / "webropol.xlsx")
    assert table.rows[0][:2] == ["1", "2025-10-13 08:55:00"]


def test_xlsx_sheet_by_name() -> None:
    table = read_table(DATA / "webropol.xlsx", sheet="Raportti")
    assert table.header == ["Kysymys", "Vastauksia"]


# --- bad files: one clear message naming file, row, column or value ---


def error_of(path: Path, options: ImportOptions = WIDE_OPTIONS) -> str:
    with pytest.raises(InputError) as info:
        read_survey(path, options)
    message = str(info.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_empty_file(tmp_path: Path) -> None:
    assert error_of(write(tmp_path / "empty.csv", "", "utf-8")) == "empty.csv: the file is empty"
    assert "empty" in error_of(write(tmp_path / "blank.csv", "\n\n", "utf-8"))


def test_header_only(tmp_path: Path) -> None:
    message = error_of(write(tmp_path / "h.csv", "id,fråga1,universitet\n", "utf-8"))
    assert message == "h.csv: no data rows under the header"


def test_missing_column(tmp_path: Path) -> None:
    options = ImportOptions(id_col="id", text=("fråga2",))
    message = error_of(write(tmp_path / "s.csv", WIDE, "utf-8"), options)
    assert message.startswith("s.csv: no column 'fråga2' (given to --text); columns are 'id'")


def test_missing_id_column_for_a_generic_file(tmp_path: Path) -> None:
    message = error_of(write(tmp_path / "s.csv", WIDE, "utf-8"), ImportOptions(text=("fråga1",)))
    assert "give --id COL" in message


def test_undecodable_bytes_name_the_row(tmp_path: Path) -> None:
    data = WIDE.encode("utf-8").replace(b"Hanken", b"Han\x81ken\x9d")
    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    message = error_of(path)
    assert message.startswith("bad.csv: row 4: byte 0x81 cannot be decoded")


def test_utf8_file_with_one_damaged_byte_is_refused_not_garbled(tmp_path: Path) -> None:
    data = WIDE.encode("utf-8").replace(b"Hanken", b"Hank\xe9n")
    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    assert error_of(path).startswith("bad.csv: row 4: byte 0xe9 is not valid UTF-8")


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(b"PK\x03\x04\x00\x00binary")
    assert error_of(path).startswith("data.csv is a zip archive, not CSV")


def test_duplicate_respondent_with_conflicting_attributes_in_a_long_file(tmp_path: Path) -> None:
    text = (
        "resp,q,text,univ\n"
        "R1,Q1,Ett svar,Hanken\n"
        "R1,Q2,Toinen vastaus,Hanken\n"
        "R1,Q3,A third answer,Aalto\n"
    )
    options = ImportOptions(id_col="resp", question_col="q", text=("text",), attrs=("univ",))
    message = error_of(write(tmp_path / "long.csv", text, "utf-8"), options)
    assert message == (
        "long.csv: row 4: column 'univ': respondent 'R1' has 'Aalto' here but 'Hanken' on an "
        "earlier row"
    )


def test_same_answer_twice_in_a_long_file(tmp_path: Path) -> None:
    text = "resp,q,text\nR1,Q1,Ett svar\nR1,Q1,Ett annat svar\n"
    options = ImportOptions(id_col="resp", question_col="q", text=("text",))
    message = error_of(write(tmp_path / "long.csv", text, "utf-8"), options)
    assert message == (
        "long.csv: row 3: respondent 'R1' answers question 'Q1' again (first on row 2)"
    )


def test_duplicate_respondent_in_a_wide_file(tmp_path: Path) -> None:
    text = WIDE + "S1;Hanken;Igen\n"
    message = error_of(write(tmp_path / "w.csv", text, "utf-8"))
    assert message == (
        "w.csv: row 5: respondent 'S1' already on row 2 (a wide file has one row per respondent)"
    )


def test_xlsx_without_such_sheet() -> None:
    options = ImportOptions(sheet="Answers")
    message = error_of(DATA / "webropol.xlsx", options)
    assert message == "webropol.xlsx: no sheet 'Answers'; sheets are 'Vastaukset', 'Raportti'"


def test_not_a_workbook(tmp_path: Path) -> None:
    path = write(tmp_path / "fake.xlsx", "id,q\n1,a\n", "utf-8")
    assert error_of(path).startswith("fake.xlsx is a text (CSV/TSV) file, not an XLSX workbook")


def test_unknown_language_value(tmp_path: Path) -> None:
    text = "id,lang,q\n1,sv,Bra\n2,Klingon,Hyvä\n"
    options = ImportOptions(id_col="id", text=("q",), language_col="lang")
    message = error_of(write(tmp_path / "s.csv", text, "utf-8"), options)
    assert (
        message == "s.csv: row 3: column 'lang': unknown language 'Klingon' (use sv, fi, en or und)"
    )


def test_row_with_more_cells_than_the_header(tmp_path: Path) -> None:
    text = "id,q\n1,ok\n2,one,two\n"
    message = error_of(
        write(tmp_path / "s.csv", text, "utf-8"), ImportOptions(id_col="id", text=("q",))
    )
    assert message.startswith("s.csv: row 3: 3 cells but the header has 2 columns")


def test_generated_workbook_round_trip(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Svar"
    sheet.append(["id", "q"])
    sheet.append([101, "Det behövs mer tid och pengar, helt enkelt."])
    sheet.append([102.0, None])
    book.save(tmp_path / "w.xlsx")
    survey = read_survey(tmp_path / "w.xlsx", ImportOptions(id_col="id", text=("q",), sheet="Svar"))
    assert list(survey.respondents) == ["101", "102"]
    assert survey.blank == 1


def test_excel_delimiter_hint_line(tmp_path: Path) -> None:
    text = "sep=;\r\n" + WIDE.replace("\n", "\r\n")
    survey = read_survey(write(tmp_path / "s.csv", text, "cp1252"), WIDE_OPTIONS)
    assert survey.delimiter == ";"
    assert len(survey.answers) == 2
    assert survey.answers[1].text == "Resurserna räcker inte;\nlärarna har ingen tid."


def test_qualtrics_tsv_export_in_utf16(tmp_path: Path) -> None:
    rows = list(csv.reader(io.StringIO((DATA / "qualtrics.csv").read_text(encoding="utf-8"))))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter="\t", lineterminator="\r\n").writerows(rows)
    path = tmp_path / "export.tsv"
    path.write_bytes(codecs.BOM_UTF16_LE + buffer.getvalue().encode("utf-16-le"))
    survey = read_survey(path, ImportOptions())
    assert (survey.format, survey.encoding, survey.delimiter) == ("qualtrics", "utf-16", "\t")
    assert list(survey.questions) == ["Q2", "Q3_TEXT"]
    assert len(survey.answers) == 5


@pytest.mark.parametrize(
    ("header", "fmt", "id_column"),
    [
        (["Timestamp", "Email Address", "Comments"], "google-forms", None),
        (["Tidstämpel", "Kommentarer"], "google-forms", None),
        (["ID", "Start time", "Completion time", "Email", "Name", "Q"], "microsoft-forms", "ID"),
        (
            ["Tunnus", "Aloitusaika", "Valmistumisaika", "Sähköposti", "Nimi", "Q"],
            "microsoft-forms",
            "Tunnus",
        ),
        (
            ["Response ID", "Date submitted", "Last page", "Start language", "Q"],
            "limesurvey",
            "Response ID",
        ),
        (["Svarande", "Svarstid", "1. Fråga"], "webropol", "Svarande"),
        (["Respondent", "1. Question", "2. Question"], "webropol", "Respondent"),
        (["respondent", "answer"], "generic", None),
    ],
)
def test_header_variants_are_recognised(header: list[str], fmt: str, id_column: str | None) -> None:
    profile = recognise(Table("x.csv", header, [["1"] * len(header)]))
    assert profile.name == fmt
    assert (profile.id_columns[0] if profile.id_columns else None) == id_column


def test_encoding_can_be_given(tmp_path: Path) -> None:
    path = write(tmp_path / "s.csv", WIDE.replace("Hanken", "Ðanken"), "latin-1")
    options = ImportOptions(id_col="id", text=("fråga1",), encoding="latin-1")
    assert read_survey(path, options).encoding == "latin-1"
    wrong = ImportOptions(id_col="id", text=("fråga1",), encoding="klingon")
    assert error_of(path, wrong) == "s.csv: unknown encoding 'klingon'"
