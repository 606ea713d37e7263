"""Memos in a `.qdpx`: a code's memo reaches the file (and comes back), and a memo the
project has no target for is refused instead of being stored where nothing finds it.

Through the real CLI on real SQLite files; the archive is read back with the REFI-QDA reader
and checked against Project.xsd.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from coder.errors import NotFoundError
from coder.store import actions
from coder.store.exchange import answers_to_export
from coder.store.models import Event, Memo
from coder.store.project import Project
from tests.cli_helpers import run_cli
from tests.refi.helpers import assert_valid_standard_layout, read

ADMIN_MEMO = "- Forms and approvals take long\n- Roles are unclear"  # anna's, in the fixture


def _export(capsys: pytest.CaptureFixture[str], db: str, out: Path, *extra: str) -> None:
    status, _out, err = run_cli(capsys, "export", db, "--format", "qdpx", "--out", str(out), *extra)
    assert status == 0, err


def test_a_code_memo_reaches_the_qdpx_and_comes_back(
    coded: Project, db_path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "project.qdpx"
    _export(capsys, db_path, out)
    assert_valid_standard_layout(out)
    refi = read(out)
    users = {user.guid: user.name for user in refi.users}
    notes = {note.guid: note for note in refi.notes}
    admin = next(code for code, _parent in refi.all_codes() if code.name == "Administration")
    [memo] = [notes[ref] for ref in admin.note_refs]
    assert memo.text == ADMIN_MEMO and users[memo.user or ""] == "anna"

    fresh = str(tmp_path / "fresh.sqlite")
    assert run_cli(capsys, "init", fresh)[0] == 0
    status, out_text, err = run_cli(capsys, "import", fresh, str(out), "--json")
    assert status == 0, err
    assert json.loads(out_text)["memos"] == 1
    again = Project.open(fresh)
    try:
        with again.session(write=False) as s:
            code = actions.code_by_key(s, "Q1", "admin")
            assert actions.get_memo(s, "anna", "code", str(code.id)) == ADMIN_MEMO
    finally:
        again.close()
    status, table, err = run_cli(
        capsys, "export", fresh, "--question", "Q1", "--coder", "anna", "--format", "md",
        "--out", "-",
    )  # fmt: skip
    assert status == 0, err
    assert "Forms and approvals take long" in table  # the theme table's summary points


@pytest.mark.parametrize(
    ("kind", "key", "named"),
    [
        ("code", "admin", "no code with record id 'admin'"),
        ("code", "999999", "no code with record id '999999'"),
        ("answer", "R001", "no answer with id 'R001'"),
        ("question", "Q9", "no question 'Q9'"),
    ],
)
def test_a_memo_on_nothing_the_project_holds_is_refused_naming_the_value(
    kind: str, key: str, named: str, coded: Project
) -> None:
    def counts() -> tuple[int, int]:
        with coded.session(write=False) as s:
            memos = s.scalar(select(func.count()).select_from(Memo)) or 0
            events = s.scalar(select(func.count()).select_from(Event)) or 0
        return memos, events

    before = counts()
    with pytest.raises(NotFoundError, match=named), coded.session() as s:
        actions.set_memo(s, "anna", kind, key, "lost")
    assert counts() == before  # no memo, no event


def test_the_refusal_is_said_in_swedish_and_finnish() -> None:
    error = NotFoundError("error.store.memo_no_code", key="admin")
    assert error.text("sv").startswith("ingen kod med post-id 'admin' att skriva ett memo om")
    assert error.text("fi").startswith("ei koodia tietuetunnisteella 'admin'")


NAMES = {
    "en": ("Memo on answer Q1 R001", "Memo on code Administration", "Memo on question Q1",
           "Codes of question Q1", "Codes of question Q2"),
    "sv": ("Memo om svaret Q1 R001", "Memo om koden Administration", "Memo om frågan Q1",
           "Koder för frågan Q1", "Koder för frågan Q2"),
    "fi": ("Muistio vastauksesta Q1 R001", "Muistio koodista Hallinto", "Muistio kysymyksestä Q1",
           "Kysymyksen Q1 koodit", "Kysymyksen Q2 koodit"),
}  # fmt: skip


@pytest.mark.parametrize("lang", ["sv", "fi", "en"])
def test_note_and_question_group_names_follow_the_export_language(
    lang: str, coded: Project, db_path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = Path(__file__).resolve().parents[2]
    codebook = root / "codebooks" / "good_practices.yaml"
    status, _out, err = run_cli(
        capsys, "codebook", "add", db_path, str(codebook), "--question", "Q2"
    )
    assert status == 0, err
    with coded.session() as s:
        answer = next(a for a, _q, rid, _t, _l in answers_to_export(s, ["Q1"]) if rid == "R001")
        actions.set_memo(s, "anna", "answer", str(answer), "A quote for the report.")
        actions.set_memo(s, "anna", "question", "Q1", "Code time before money.")
    out = tmp_path / f"project-{lang}.qdpx"
    _export(capsys, db_path, out, "--lang", lang)
    assert_valid_standard_layout(out)
    refi = read(out)
    on_answer, on_code, on_question, group_q1, group_q2 = NAMES[lang]
    assert sorted(note.name for note in refi.notes) == sorted([on_answer, on_code, on_question])
    groups = {code.name: code.description for code in refi.codes if not code.codable}
    assert groups == {"Q1": group_q1, "Q2": group_q2}


def test_every_memo_comes_back_as_written_whatever_the_export_language(
    coded: Project, db_path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with coded.session() as s:
        actions.set_memo(s, "anna", "question", "Q1", "Code time before money.")
        actions.set_memo(s, "ben", "question", "Q1", "Ask anna about R004.")
        memos = {(m.target_type, m.text) for m in s.scalars(select(Memo))}
    out = tmp_path / "project.qdpx"
    _export(capsys, db_path, out, "--lang", "fi")
    fresh = str(tmp_path / "fresh.sqlite")
    assert run_cli(capsys, "init", fresh)[0] == 0
    status, _out, err = run_cli(capsys, "import", fresh, str(out))
    assert status == 0, err
    again = Project.open(fresh)
    try:
        with again.session(write=False) as s:
            assert {(m.target_type, m.text) for m in s.scalars(select(Memo))} == memos
            assert actions.get_memo(s, "ben", "question", "Q1") == "Ask anna about R004."
    finally:
        again.close()
