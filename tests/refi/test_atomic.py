"""A failed .qdpx export leaves nothing behind: no partial archive, the old file untouched."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from coder.refi.model import RefiProject, TextSource
from coder.refi.writer import write_qdpx


def test_a_failing_export_keeps_the_old_file_and_leaves_no_part(tmp_path: Path) -> None:
    out = tmp_path / "project.qdpx"
    out.write_bytes(b"the analyst's earlier export")
    project = RefiProject(
        name="p",
        sources=[
            TextSource("0c6a3f52-7d4b-5f0e-9a51-2b8e1f6d9c01", "R1", "fine"),
            # a lone surrogate cannot be encoded: the write fails after the document is out
            TextSource("0c6a3f52-7d4b-5f0e-9a51-2b8e1f6d9c02", "R2", "broken \ud800"),
        ],
    )
    with pytest.raises(UnicodeEncodeError):
        write_qdpx(project, out)
    assert out.read_bytes() == b"the analyst's earlier export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project.qdpx"]


def test_a_successful_export_replaces_the_old_file(tmp_path: Path) -> None:
    out = tmp_path / "project.qdpx"
    out.write_bytes(b"old")
    source = TextSource("0c6a3f52-7d4b-5f0e-9a51-2b8e1f6d9c01", "R1", "Det saknas tid.")
    write_qdpx(RefiProject(name="p", sources=[source]), out)
    with zipfile.ZipFile(out) as archive:
        assert archive.read(f"sources/{source.guid}.txt").decode("utf-8") == "Det saknas tid."
        assert "project.qde" in archive.namelist()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project.qdpx"]


def test_the_archive_gets_the_mode_of_any_other_file_written_here(tmp_path: Path) -> None:
    """mkstemp makes owner-only files; the export must not differ from the other formats."""
    out = tmp_path / "project.qdpx"
    write_qdpx(RefiProject(name="p", sources=[]), out)
    plain = tmp_path / "plain.md"
    plain.write_text("x", encoding="utf-8")
    assert out.stat().st_mode & 0o777 == plain.stat().st_mode & 0o777
