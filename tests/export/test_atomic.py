"""A failed export leaves nothing at --out: the real `coder export` runs in a process whose
files may not grow past a few kilobytes (a full disk, as the writer sees it), so the writer
fails half way through its file; neither the file nor a temporary one is left behind, and an
older file at --out is kept whole."""

from __future__ import annotations

import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from coder.store.project import Project

LIMIT = 24_000
"""Bytes a file may reach: more than any SQLite journal of a read, less than any report."""


def limited() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


def export(db: str, out: Path, fmt: str, *extra: str) -> subprocess.CompletedProcess:
    command = [
        sys.executable, "-m", "coder", "export", db, "--question", "Q1", "--coder", "anna",
        "--format", fmt, "--out", str(out), "--by", "university", *extra,
    ]  # fmt: skip
    return subprocess.run(
        command, capture_output=True, text=True, timeout=300, preexec_fn=limited, check=False
    )


@pytest.mark.parametrize("fmt", ["docx", "html", "png", "svg"])
def test_failed_export_leaves_nothing(
    coded: Project, db_path: str, tmp_path: Path, fmt: str
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    done = export(db_path, folder / f"report.{fmt}", fmt)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert f"report.{fmt}" in done.stderr and ".part" not in done.stderr
    assert [p.name for p in folder.iterdir()] == []


def test_failed_export_keeps_the_older_file(coded: Project, db_path: str, tmp_path: Path) -> None:
    out = tmp_path / "report.docx"
    out.write_bytes(b"the report of last week")
    done = export(db_path, out, "docx")
    assert done.returncode == 1
    assert out.read_bytes() == b"the report of last week"
    assert sorted(p.name for p in tmp_path.iterdir() if "report" in p.name) == ["report.docx"]


def test_successful_export_leaves_only_its_file(
    coded: Project, db_path: str, tmp_path: Path
) -> None:
    from coder.export.run import ExportOptions, run_export

    folder = tmp_path / "out"
    folder.mkdir()
    options = ExportOptions(fmt="png", out=folder / "chart.png", coder="anna", by="university")
    run_export(coded, options)
    assert [p.name for p in folder.iterdir()] == ["chart.png"]
