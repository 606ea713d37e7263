"""`coder export` and `coder import FILE.qdpx` as a script drives them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coder.cli import main
from coder.store.project import Project


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        result = main(argv)
        code = 0 if result is None else int(result)
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_export_json_prints_one_document(
    coded: Project, db_path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "t.json"
    code, stdout, _err = run(
        [
            "export",
            db_path,
            "--question",
            "Q1",
            "--coder",
            "anna",
            "--format",
            "json",
            "--out",
            str(out),
            "--by",
            "university",
            "--min-group",
            "13",
            "--json",
        ],
        capsys,
    )
    assert code == 0
    summary = json.loads(stdout)
    assert summary["files"] == [str(out)]
    document = json.loads(out.read_text(encoding="utf-8"))
    assert list(document["rows"][0]["groups"]) == ["Åbo Akademi"]
    assert document["suppressed_groups"] == ["(no value)", "Helsinki", "Lapland"]


def test_export_errors_are_one_line(
    coded: Project, db_path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, stdout, err = run(
        [
            "export",
            db_path,
            "--question",
            "Q9",
            "--coder",
            "anna",
            "--format",
            "md",
            "--out",
            str(tmp_path / "x.md"),
        ],
        capsys,
    )
    assert code == 1 and stdout == ""
    assert err.strip() == "coder: error: no question 'Q9' in this project (questions: Q1, Q2)"
    code, _out, err = run(["export", db_path, "--format", "pdf", "--out", "x.pdf"], capsys)
    assert code == 2


def test_export_redacts_quotes_with_a_names_file(
    coded: Project, db_path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = tmp_path / "names.txt"
    names.write_text("Anna Virtanen\n", encoding="utf-8")
    out = tmp_path / "quotes.md"
    code, _o, _e = run(
        [
            "export",
            db_path,
            "--question",
            "Q1",
            "--coder",
            "anna",
            "--format",
            "md",
            "--table",
            "quotes",
            "--starred-only",
            "--redact-names",
            str(names),
            "--out",
            str(out),
        ],
        capsys,
    )
    assert code == 0
    text = out.read_text(encoding="utf-8")  # brackets escaped: Markdown shows them as written
    assert "\\[name\\]" in text and "\\[phone\\]" in text and "Virtanen" not in text


def test_import_dispatches_qdpx(
    coded: Project, db_path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    qdpx = tmp_path / "p.qdpx"
    assert run(["export", db_path, "--format", "qdpx", "--out", str(qdpx)], capsys)[0] == 0
    other = str(tmp_path / "other.sqlite")
    assert run(["init", other], capsys)[0] == 0
    code, stdout, _err = run(["import", other, str(qdpx), "--json"], capsys)
    assert code == 0
    result = json.loads(stdout)
    assert result["coders"] == ["anna", "ben"] and result["answers"] == 34
    code, stdout, _err = run(["status", other, "--json"], capsys)
    q1 = json.loads(stdout)["questions"][0]
    assert q1["coders"] == {"anna": {"coded": 27}, "ben": {"coded": 10}}


@pytest.mark.parametrize("fmt", ["qdpx", "qdc"])
def test_project_formats_refuse_an_unknown_coder(
    fmt: str, coded: Project, db_path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """qdpx and qdc write every coder, but a --coder naming nobody is still a mistake."""
    out = tmp_path / f"x.{fmt}"
    argv = ["export", db_path, "--question", "Q1", "--coder", "nobody", "--format", fmt]
    code, stdout, err = run([*argv, "--out", str(out)], capsys)
    assert code == 1 and stdout == "" and "no coder named 'nobody'" in err and "anna" in err
    assert not out.exists()
