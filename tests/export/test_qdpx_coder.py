"""`coder export --format qdpx --coder NAME --only-coder`: that coder's work alone, read back.

A `.qdpx` exchanges the whole project: with or without `--coder` it holds every coder's work
(the contract's one selection per coded segment and coder). `--only-coder` restricts it to the
named coder's codings, stars, answers seen and memos; the consensus is in only when named.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coder.refi.model import RefiProject
from coder.store import actions
from coder.store.project import Project
from tests.cli_helpers import run_cli
from tests.refi.helpers import assert_valid_standard_layout, read

Coding = tuple[str, str, int, int]


def _export(
    capsys: pytest.CaptureFixture[str], db: str, out: Path, *coder: str
) -> dict[str, object]:
    status, stdout, err = run_cli(
        capsys, "export", db, "--format", "qdpx", "--out", str(out), *coder, "--json"
    )
    assert status == 0, err
    summary: dict[str, object] = json.loads(stdout)
    return summary


def _codings(project: RefiProject) -> dict[str, set[Coding]]:
    """User name -> (source, code name, start, end) of every selection in the file."""
    names = {user.guid: user.name for user in project.users}
    codes = {code.guid: code.name for code, _parent in project.all_codes()}
    found: dict[str, set[Coding]] = {}
    for source in project.sources:
        for selection in source.selections:
            found.setdefault(names[selection.user or ""], set()).add(
                (source.name, codes[selection.code_guid], selection.start, selection.end)
            )
    return found


@pytest.fixture
def reconciled(coded: Project, db_path: str, capsys: pytest.CaptureFixture[str]) -> str:
    """The export tests' project with a consensus (the answers anna and ben agree on,
    and R001 as anna coded it) and a memo of anna's and ben's."""
    with coded.session() as s:
        actions.set_memo(s, "anna", "question", "Q1", "anna's own note on Q1")
        actions.set_memo(s, "ben", "question", "Q1", "ben's own note on Q1")
    which = ("--question", "Q1", "--coders", "anna,ben", "--coder", "anna")
    for step in (
        ("reconcile", "agreed", db_path, *which),
        ("reconcile", "resolve", db_path, *which, "--respondent", "R001", "--take", "anna"),
    ):
        status, _out, err = run_cli(capsys, *step)
        assert status == 0, err
    return db_path


def test_one_coder_s_qdpx_holds_that_coder_s_codings_alone(
    reconciled: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _export(capsys, reconciled, tmp_path / "all.qdpx")
    whole = _codings(read(tmp_path / "all.qdpx"))
    assert set(whole) == {"anna", "ben", "consensus"}

    summary = _export(capsys, reconciled, tmp_path / "anna.qdpx", "--coder", "anna", "--only-coder")
    assert_valid_standard_layout(tmp_path / "anna.qdpx")
    anna = read(tmp_path / "anna.qdpx")
    assert [user.name for user in anna.users] == ["anna"]
    assert _codings(anna) == {"anna": whole["anna"]}
    assert summary["coder"] == "anna" and summary["codings"] == len(whole["anna"])
    notes = [note.text for note in anna.notes]
    assert any("anna's own note" in text for text in notes)
    assert not any("ben's own note" in text for text in notes)
    assert len(anna.sources) == len(read(tmp_path / "all.qdpx").sources)  # every answer

    _export(capsys, reconciled, tmp_path / "consensus.qdpx", "--coder", "consensus", "--only-coder")
    consensus = read(tmp_path / "consensus.qdpx")
    assert _codings(consensus) == {"consensus": whole["consensus"]}
    assert [user.name for user in consensus.users] == ["consensus"]


def test_coder_alone_still_exports_every_coder_s_work(
    reconciled: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _export(capsys, reconciled, tmp_path / "all.qdpx")
    summary = _export(capsys, reconciled, tmp_path / "anna.qdpx", "--coder", "anna")
    assert summary["coder"] is None
    assert _codings(read(tmp_path / "anna.qdpx")) == _codings(read(tmp_path / "all.qdpx"))


@pytest.mark.parametrize(
    "args", [("--format", "qdpx"), ("--format", "csv", "--question", "Q1", "--coder", "anna")]
)
def test_only_coder_without_qdpx_and_coder_is_wrong_usage(
    reconciled: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    out = tmp_path / "x.out"
    status, stdout, err = run_cli(
        capsys, "export", reconciled, *args, "--only-coder", "--out", str(out)
    )
    assert (status, stdout) == (2, "")
    assert "--only-coder goes with --format qdpx and --coder NAME" in err
    assert not out.exists()


def test_one_coder_s_qdpx_reads_back_into_a_new_project_as_that_coder_s_work(
    reconciled: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _err = run_cli(capsys, "status", reconciled, "--json")
    before = {q["id"]: q["coders"] for q in json.loads(out)["questions"]}
    _export(capsys, reconciled, tmp_path / "ben.qdpx", "--coder", "ben", "--only-coder")
    fresh = str(tmp_path / "fresh.sqlite")
    assert run_cli(capsys, "init", fresh)[0] == 0
    status, _out, err = run_cli(capsys, "import", fresh, str(tmp_path / "ben.qdpx"))
    assert status == 0, err
    status, out, _err = run_cli(capsys, "status", fresh, "--json")
    after = {q["id"]: q["coders"] for q in json.loads(out)["questions"]}
    assert after["Q1"] == {"ben": before["Q1"]["ben"]}
    status, out, _err = run_cli(capsys, "answers", fresh, "--question", "Q1", "--json")
    assert len(json.loads(out)["answers"]) == 30  # the answers all come, coded or not


def test_an_unknown_coder_is_refused_and_nothing_is_written(
    coded: Project, db_path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.qdpx"
    status, stdout, err = run_cli(
        capsys, "export", db_path, "--format", "qdpx", "--out", str(out), "--coder", "nobody"
    )
    assert (status, stdout) == (1, "")
    assert err == "coder: error: no coder named 'nobody' in this project (coders: anna, ben)\n"
    assert not out.exists()
