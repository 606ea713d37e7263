"""CONTRACT.md: a `.qdpx` imports its sources, cases, variables, codebook, users and codings
(our own export read back into a fresh project, and real exports whose project file and
sources folder are spelled otherwise); `coder demo --no-tui` and `--json` under XDG_DATA_HOME."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.cli_helpers import run_cli

from .conftest import ANNA, BEN, Built, cli_json, cli_ok, codes_by_respondent, real_world


def test_our_qdpx_reads_back_whole_into_a_fresh_project(
    built: Built, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = built.folder / "all.qdpx"
    cli_ok(capsys, "export", built.db, "--format", "qdpx", "--out", str(archive))
    db = str(built.folder / "again.sqlite")
    cli_ok(capsys, "init", db)
    summary = cli_json(capsys, "import", db, str(archive))
    assert isinstance(summary, dict)
    assert summary["answers"] == 11 and sorted(summary["coders"]) == ["anna", "ben"]
    before = cli_json(capsys, "answers", built.db)
    after = cli_json(capsys, "answers", db)
    assert isinstance(before, dict) and isinstance(after, dict)

    def keyed(doc: dict[str, list[dict[str, object]]]) -> dict[tuple[object, object], object]:
        return {
            (a["respondent_id"], a["question"]): (a["text"], a["attributes"])
            for a in doc["answers"]
        }

    assert keyed(after) == keyed(before)
    for coder, given in (("anna", ANNA), ("ben", BEN)):
        assert codes_by_respondent(db, "Q1", coder) == {
            r: {k for k in codes.split(";") if k} for r, codes in given.items()
        }


def test_a_renamed_project_file_and_capitalised_sources_folder_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """NVivo for Windows writes `Sources/`; rename its project file too, as some tools do."""
    original = real_world("refi-qda", "nvivo12-windows_oltas0517.qdpx")
    renamed = tmp_path / "renamed.qdpx"
    with zipfile.ZipFile(original) as src, zipfile.ZipFile(renamed, "w") as dst:
        for item in src.infolist():
            name = item.filename
            if name.lower().endswith(".qde"):
                name = "Oltás projekt 2019.qde"
            dst.writestr(name, src.read(item))
    counts = []
    for path in (original, renamed):
        db = str(tmp_path / f"{path.stem}.sqlite")
        cli_ok(capsys, "init", db)
        summary = cli_json(capsys, "import", db, str(path))
        assert isinstance(summary, dict)
        counts.append((summary["answers"], summary["codes"], summary["codings_by_coder"]))
    assert counts[0] == counts[1] == (2, 152, {"Gergo": 6, "floriansipos": 297})


def test_demo_builds_under_xdg_data_home_and_says_where(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "xdg"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    status, out, err = run_cli(capsys, "demo", "--no-tui")
    assert status == 0, err
    found = cli_json(capsys, "demo", "--no-tui")
    assert isinstance(found, dict)
    db = Path(str(found["db"]))
    assert db.is_file() and data in db.parents
    assert str(db) in out
    again = cli_json(capsys, "demo", "--no-tui")
    assert isinstance(again, dict) and again["db"] == found["db"]
    status = cli_json(capsys, "status", str(db))
    assert isinstance(status, dict) and status["respondents"] > 0
    shutil.rmtree(data)
    assert json.loads(run_cli(capsys, "demo", "--no-tui", "--json")[1])["db"] == str(db)
