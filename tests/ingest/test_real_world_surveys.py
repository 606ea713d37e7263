"""Survey exports written by the tools themselves (../shared/real-world/surveys, when present).

Each file is imported with `coder import DB FILE` and no --id/--text, into a real SQLite
project, and must give as many respondents as the file has data rows. The data rows are
counted here on their own, with csv/openpyxl and the header rows each layout is known to have,
not with coder's readers. Skips when the folder is absent.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import openpyxl
import pytest

from tests.cli_helpers import run_cli

FOLDER = Path(__file__).parents[2].parent / "shared" / "real-world" / "surveys"
FILES = (
    sorted(p for p in FOLDER.glob("*") if p.suffix.lower() in {".csv", ".xlsx"})
    if FOLDER.is_dir()
    else []
)


def records(path: Path) -> list[list[str]]:
    """All rows of the file as strings, read with the standard libraries."""
    if path.suffix.lower() == ".xlsx":
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            return [
                ["" if v is None else str(v) for v in row]
                for row in sheet.iter_rows(values_only=True)
            ]
        finally:
            book.close()
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def header_rows(rows: list[list[str]]) -> int:
    """Header rows by layout: Qualtrics ImportId row (3), Qualtrics legacy V1.. and
    SurveyMonkey's answer row (2), everything else 1."""
    if len(rows) > 2 and any(re.match(r"""\{\s*['"]ImportId""", c) for c in rows[2]):
        return 3
    if rows[0][:2] == ["V1", "V2"]:
        return 2
    if "Respondent ID" in rows[0] and len(rows) > 1 and "Response" in rows[1]:
        return 2
    return 1


def data_rows(path: Path) -> int:
    rows = records(path)
    return sum(1 for row in rows[header_rows(rows) :] if any(c.strip() for c in row))


@pytest.mark.skipif(not FILES, reason="../shared/real-world/surveys is not here")
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_real_export_imports_without_flags_one_respondent_per_data_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], path: Path
) -> None:
    db = str(tmp_path / "p.sqlite")
    assert run_cli(capsys, "init", db)[0] == 0
    status, out, err = run_cli(capsys, "import", db, str(path), "--json")
    assert status == 0, err
    result = json.loads(out)
    assert result["format"] != "generic"
    assert result["respondents"] == data_rows(path) > 0
    assert result["answers"] > 0 and result["text_columns"]
    status, out, err = run_cli(capsys, "status", db, "--json")
    assert json.loads(out)["respondents"] == data_rows(path)
