"""Every file of the hostile-input corpus is refused through the command line.

Each gives its one clear error (tests/data/hostile/expected.yaml), exit status 1, no
traceback, and leaves every table of the project exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.cli_helpers import run_cli
from tests.hostile.conftest import CORPUS, fingerprint, load_generator

EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load((CORPUS / "expected.yaml").read_text())
NOT_CORPUS = {"expected.yaml", "make_corpus.py"}


@pytest.fixture(scope="session")
def big_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile-big")


def corpus_file(name: str, big_dir: Path) -> Path:
    """The committed file, or the big one built (once) into ``big_dir``."""
    if not EXPECTED[name].get("built"):
        return CORPUS / name
    path = big_dir / name
    if not path.exists():
        load_generator().make_big(name, big_dir)
    return path


def command(name: str, path: Path, db: str) -> list[str]:
    entry = EXPECTED[name]
    via = entry["via"]
    if via == "import":
        return [
            "import",
            str(db),
            str(path),
            "--id",
            "id",
            "--text",
            "answer",
            *entry.get("args", []),
        ]
    if via == "import-codes":
        return ["import-codes", str(db), str(path), "--coder", "hostile"]
    if via == "codebook":
        return ["codebook", "add", str(db), str(path), "--question", "Q1"]
    assert via == "qdpx", f"{name}: unknown via {via!r}"
    return ["import", str(db), str(path)]


def test_the_corpus_is_complete_and_listed() -> None:
    """At least 30 files; every committed file has an expected error and every entry a file."""
    committed = {p.name for p in CORPUS.iterdir() if p.name not in NOT_CORPUS}
    built = {name for name, entry in EXPECTED.items() if entry.get("built")}
    assert committed | built == set(EXPECTED)
    assert not committed & built
    assert len(EXPECTED) >= 30
    assert built == set(load_generator().BIG)
    for name, entry in EXPECTED.items():
        assert entry["via"] in {"import", "import-codes", "codebook", "qdpx"}, name
        assert entry["error"].strip(), name


def test_committed_files_are_what_the_generator_writes(tmp_path: Path) -> None:
    """The committed bytes can be rebuilt from make_corpus.py (no hand-edited fixtures)."""
    written = load_generator().make_corpus(tmp_path)
    for path in written:
        assert path.read_bytes() == (CORPUS / path.name).read_bytes(), path.name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file_is_refused_with_its_error(
    name: str, hostile_db: str, big_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = corpus_file(name, big_dir)
    before = fingerprint(hostile_db)
    status, out, err = run_cli(capsys, *command(name, path, hostile_db))
    assert status == 1, err
    assert err.startswith("coder: error: "), err
    assert "Traceback" not in err
    assert out == ""
    assert fingerprint(hostile_db) == before
    if EXPECTED[name]["via"] != "codebook":
        assert EXPECTED[name]["error"] in err
        return
    # one line naming the file's first problem; validate lists them all, without a project
    assert err.count("\n") == 1 and f"{path.name}:" in err, err
    status, _out, listed = run_cli(capsys, "codebook", "validate", str(path))
    assert status == 1
    assert EXPECTED[name]["error"] in listed


def test_hostile_files_leave_no_trace_outside_the_project(tmp_path: Path, seeded_db: Path) -> None:
    """Path traversal members are never written anywhere, entities never read a local file."""
    hostile_db = str(tmp_path / "project.sqlite")
    shutil.copyfile(seeded_db, hostile_db)
    run_dir = tmp_path / "a" / "b"
    run_dir.mkdir(parents=True)
    for name in ("traversal.qdpx", "traversal.xlsx", "xxe.qdpx", "xxe.qdc"):
        subprocess.run(
            [sys.executable, "-m", "coder", *command(name, CORPUS / name, hostile_db)],
            cwd=run_dir,
            capture_output=True,
            check=False,
        )
    assert not (tmp_path / "evil.txt").exists()
    assert not (run_dir / "evil.txt").exists()
    assert sorted(p.name for p in run_dir.iterdir()) == []


@pytest.mark.parametrize(
    "name", ["zip_bomb.xlsx", "billion_laughs.qdpx", "deep_nesting.yaml", "malformed_sheet.xlsx"]
)
def test_a_real_process_prints_one_error_and_no_traceback(
    name: str, hostile_db: str, big_dir: Path
) -> None:
    """The console script as a user runs it: exit 1, the message, nothing on stdout."""
    path = corpus_file(name, big_dir)
    before = fingerprint(hostile_db)
    done = subprocess.run(
        [sys.executable, "-m", "coder", *command(name, path, hostile_db)],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
        check=False,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert EXPECTED[name]["error"] in done.stderr
    assert done.stdout == ""
    assert fingerprint(hostile_db) == before
