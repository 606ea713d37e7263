"""`coder export ... --out -`: a text format goes to standard output, a binary one is refused.

Through the real CLI on the export tests' SQLite project: what `--out -` prints is exactly
what `--out FILE` writes, nothing else is on stdout, and no file named `-` appears.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from coder.store.project import Project
from tests.cli_helpers import run_cli

THEME = ("--question", "Q1", "--coder", "anna")


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Commands run in an empty folder, so a file named '-' would show."""
    folder = tmp_path / "cwd"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


@pytest.mark.parametrize("fmt", ["md", "csv", "json", "html"])
def test_a_text_format_goes_to_standard_output_as_the_file_would_hold_it(
    fmt: str,
    coded: Project,
    db_path: str,
    tmp_path: Path,
    here: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    written = tmp_path / f"table.{fmt}"
    args = ("export", db_path, *THEME, "--format", fmt, "--lang", "sv", "--no-charts")
    status, _out, err = run_cli(capsys, *args, "--out", str(written))
    assert status == 0, err
    status, out, err = run_cli(capsys, *args, "--out", "-")
    assert status == 0, err
    assert out == written.read_bytes().decode("utf-8")
    assert err == ""
    assert list(here.iterdir()) == []


def test_a_csv_on_standard_output_reads_as_the_table_with_its_warning_on_stderr(
    coded: Project, db_path: str, here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ("--format", "csv", "--out", "-", "--by", "university", "--min-group", "13")
    status, out, err = run_cli(capsys, "export", db_path, *THEME, *args)
    assert status == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["code"] for row in rows][:2] == ["resources", "resources.time"]
    assert err.startswith("warning: ") and "Lapland" in err and err.count("\n") == 1
    assert list(here.iterdir()) == []


def test_a_quotes_table_as_json_on_standard_output(
    coded: Project, db_path: str, here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ("--table", "quotes", "--format", "json", "--out", "-")
    status, out, err = run_cli(capsys, "export", db_path, *THEME, *args)
    assert status == 0, err
    document = json.loads(out)
    assert document["question"] == "Q1" and document["coder"] == "anna" and document["rows"]


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "png", "svg", "qdpx"])
def test_a_binary_format_to_standard_output_is_refused_in_one_line(
    fmt: str, coded: Project, db_path: str, here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    question = () if fmt == "qdpx" else THEME
    status, out, err = run_cli(capsys, "export", db_path, *question, "--format", fmt, "--out", "-")
    assert (status, out) == (2, "")
    assert err == (
        "coder: error: --out - writes to standard output, which takes a text format "
        f"(md, csv, json, html, qdc); write {fmt} to a file (try: coder export --help)\n"
    )
    assert list(here.iterdir()) == []


def test_the_refusal_in_swedish_and_json_with_standard_output(
    coded: Project, db_path: str, here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ("export", db_path, *THEME, "--format", "xlsx", "--out", "-", "--lang", "sv")
    status, out, err = run_cli(capsys, *args)
    assert (status, out) == (2, "")
    assert err.startswith("coder: error: --out - skriver till standardutdata") and "xlsx" in err
    status, out, err = run_cli(
        capsys, "export", db_path, *THEME, "--format", "md", "--out", "-", "--json"
    )
    assert (status, out) == (2, "")
    assert "--json and --out - would both write to standard output" in err
    assert list(here.iterdir()) == []
