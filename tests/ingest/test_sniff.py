"""A file whose bytes are another format than its extension: one line naming both, and what to do."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from coder.errors import InputError
from coder.ingest.shape import ImportOptions, read_survey
from coder.ingest.table import check_kind

PROJECT = (
    '<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="p"/>'
)
CODEBOOK = (
    '<?xml version="1.0"?>\n<!-- made by hand -->\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>'
)


def _workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    book.active.append(["id", "answer"])
    book.active.append(["1", "Mer tid för undervisning"])
    book.save(path)
    return path


def _qdpx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Project.qde", PROJECT)
        archive.writestr("sources/a.txt", "text")
    return path


def _error(path: Path) -> str:
    with pytest.raises(InputError) as info:
        read_survey(path, ImportOptions(id_col="id", text=("answer",)))
    return str(info.value)


def test_xlsx_renamed_csv(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "survey.xlsx").rename(tmp_path / "survey.csv")
    assert _error(path) == "survey.csv is an XLSX workbook, not CSV: rename it to .xlsx"


def test_csv_renamed_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "survey.xlsx"
    path.write_text("id,answer\n1,Bra\n", encoding="utf-8")
    assert _error(path).startswith(
        "survey.xlsx is a text (CSV/TSV) file, not an XLSX workbook: rename it to .csv"
    )


def test_qdpx_renamed_csv_points_to_the_refi_import(tmp_path: Path) -> None:
    message = _error(_qdpx(tmp_path / "project.csv"))
    assert message.startswith("project.csv is a REFI-QDA project (.qdpx), not CSV: rename it")
    assert "`coder import DB project.qdpx`" in message


def test_qdc_given_as_csv_points_to_codebook_add(tmp_path: Path) -> None:
    path = tmp_path / "codes.csv"
    path.write_text(CODEBOOK, encoding="utf-8")
    message = _error(path)
    assert message.startswith("codes.csv is a REFI-QDA codebook (.qdc), not CSV")
    assert "`coder codebook add DB codes.qdc --question QID`" in message


def test_qde_with_a_wrong_extension(tmp_path: Path) -> None:
    path = tmp_path / "project.txt"
    path.write_text(PROJECT, encoding="utf-8")
    assert "is a REFI-QDA project file (.qde), not" in _error(path)


def test_qdc_with_its_own_extension_is_not_survey_answers(tmp_path: Path) -> None:
    path = tmp_path / "codes.qdc"
    path.write_text(CODEBOOK, encoding="utf-8")
    assert "coder codebook add DB codes.qdc --question QID" in _error(path)


def test_pdf_renamed_csv(tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    assert _error(path).startswith("report.csv is a PDF document, not CSV")


@pytest.mark.parametrize(
    ("name", "kind"),
    [("a.xlsx", "xlsx"), ("b.csv", "text"), ("c.qdpx", "qdpx"), ("d.qdc", "qdc"), ("e.qde", "qde")],
)
def test_files_matching_their_extension_pass(tmp_path: Path, name: str, kind: str) -> None:
    path = tmp_path / name
    if kind == "xlsx":
        _workbook(path)
    elif kind == "qdpx":
        _qdpx(path)
    else:
        path.write_text({"qdc": CODEBOOK, "qde": PROJECT}.get(kind, "id,answer\n1,x\n"))
    assert check_kind(path) == kind


def test_text_saved_as_xls_and_a_csv_starting_with_a_bracket_read_as_text(tmp_path: Path) -> None:
    tsv = tmp_path / "export.xls"
    tsv.write_text("id\tanswer\n1\tMer tid\n", encoding="utf-8")
    bracket = tmp_path / "odd.csv"
    bracket.write_text("<id>,answer\n1,Mer tid\n", encoding="utf-8")
    assert check_kind(tsv) == check_kind(bracket) == "text"
    survey = read_survey(bracket, ImportOptions(id_col="<id>", text=("answer",)))
    assert [a.text for a in survey.answers] == ["Mer tid"]
