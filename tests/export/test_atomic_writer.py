"""The one atomic writer (`coder.atomic`) that every export goes through: a writer that fails
or is killed half way leaves the older file at the target whole."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coder.atomic import atomic_output, atomic_outputs
from coder.errors import InputError
from coder.refi.model import RefiProject, TextSource
from coder.refi.writer import write_qdpx

OLD = b"the report the analyst sent last week"


def test_an_exception_mid_write_keeps_the_old_file_and_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "report.csv"
    out.write_bytes(OLD)
    with pytest.raises(RuntimeError), atomic_output(out) as temporary:
        temporary.write_bytes(b"question,code\nQ1,")
        raise RuntimeError("an answer the writer could not handle")
    assert out.read_bytes() == OLD
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]


def test_several_files_are_all_replaced_or_none(tmp_path: Path) -> None:
    first, second = tmp_path / "chart_Q1.png", tmp_path / "chart_Q2.png"
    first.write_bytes(OLD)
    with pytest.raises(KeyboardInterrupt), atomic_outputs([first, second]) as (one, two):
        one.write_bytes(b"new chart 1")
        two.write_bytes(b"half a chart")
        raise KeyboardInterrupt
    assert first.read_bytes() == OLD and not second.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["chart_Q1.png"]


def test_a_write_error_names_the_target_not_the_temporary(tmp_path: Path) -> None:
    out = tmp_path / "report.docx"
    with pytest.raises(InputError) as caught, atomic_output(out) as temporary:
        raise OSError(28, "No space left on device", str(temporary))
    assert str(out) in str(caught.value) and ".part" not in str(caught.value)
    assert list(tmp_path.iterdir()) == []


KILLED_WRITER = """
import sys, time
from pathlib import Path
from coder.atomic import atomic_output

out, ready = Path(sys.argv[1]), Path(sys.argv[2])
with atomic_output(out) as temporary, temporary.open("wb") as handle:
    handle.write(b"half of the new report")
    handle.flush()
    ready.write_text("written half")
    time.sleep(120)  # killed here
    handle.write(b" and the rest")
"""


def test_a_writer_killed_mid_write_leaves_the_old_file_whole(tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    out.write_bytes(OLD)
    ready = tmp_path / "ready.flag"
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(out), str(ready)],
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        for _ in range(600):  # the child signals through a file, not a pipe: nothing buffered
            if ready.exists() or child.poll() is not None:
                break
            time.sleep(0.1)
        assert ready.exists(), "the writer never got half way"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
    assert out.read_bytes() == OLD
    left = sorted(p.name for p in tmp_path.iterdir() if p.name != ready.name)
    assert left[-1] == "report.xlsx"
    # what a kill cannot tidy: one hidden temporary file, never at the target's name
    assert len(left) == 2 and left[0].startswith(".report.") and left[0].endswith(".part.xlsx")
    assert (tmp_path / left[0]).read_bytes() == b"half of the new report"


def test_the_refi_writer_writes_through_the_same_writer(tmp_path: Path) -> None:
    """A .qdpx that fails after its document is out keeps the old file, like every export."""
    out = tmp_path / "project.qdpx"
    out.write_bytes(OLD)
    broken = RefiProject(
        name="p", sources=[TextSource("0c6a3f52-7d4b-5f0e-9a51-2b8e1f6d9c02", "R2", "\ud800")]
    )
    with pytest.raises(UnicodeEncodeError):
        write_qdpx(broken, out)
    assert out.read_bytes() == OLD
    write_qdpx(RefiProject(name="p", sources=[]), out)
    assert out.read_bytes() != OLD
    plain = tmp_path / "plain.md"
    plain.write_text("x", encoding="utf-8")
    assert out.stat().st_mode & 0o777 == plain.stat().st_mode & 0o777
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain.md", "project.qdpx"]


def test_a_target_under_a_file_is_one_error_not_a_traceback_of_the_tidying(
    tmp_path: Path,
) -> None:
    """`--out afile/x.md` where afile is a file: no temporary can exist there, and removing
    it must not replace the error that names the target."""
    (tmp_path / "afile").write_text("not a folder")
    out = tmp_path / "afile" / "report.md"
    with pytest.raises(InputError) as caught, atomic_output(out) as temporary:
        temporary.write_text("# report")
    assert str(out) in str(caught.value) and "Not a directory" in str(caught.value)


def test_an_export_under_a_file_says_so_in_one_line(
    coded: object, db_path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.cli_helpers import run_cli

    (tmp_path / "afile").write_text("not a folder")
    out = tmp_path / "afile" / "x.md"
    status, stdout, err = run_cli(
        capsys, "export", db_path, "--question", "Q1", "--coder", "anna", "--format", "md",
        "--out", str(out),
    )  # fmt: skip
    assert (status, stdout) == (1, "")
    assert err == f"coder: error: {out}: cannot write the file (Not a directory)\n"
