"""Roles, phases, the agreed consensus and undoable merges in the store, on SQLite and
PostgreSQL (the 0003 migration's table read and written through the real engine)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from coder.agreement.reconcile import accept_agreed, open_reconciliation
from coder.store import actions, codebooks, undo
from coder.store.models import Coder, Coding
from coder.store.queries import codings_by_answer, status
from coder.store.roles import RoleError, is_lead, leads, phase, set_role
from tests.tui.editor_seed import seed


def test_roles_phase_agreed_consensus_and_merge_undo(any_db: str) -> None:
    project = seed(any_db)
    with project.session() as s:
        assert is_lead(s, "ben")  # no lead: everyone acts as one
        set_role(s, "anna", "lead")
    with project.session(write=False) as s:
        assert leads(s) == ["anna"] and not is_lead(s, "ben")
        assert status(s)["leads"] == ["anna"]
        assert phase(s, "Q1") == "blind"
    with project.session(write=False) as s:
        adm_rules = actions.code_by_key(s, "Q1", "adm.rules").id
        adm = actions.code_by_key(s, "Q1", "adm").id
    with pytest.raises(RoleError, match=r"only a lead \(anna\) can merge"), project.session() as s:
        codebooks.merge_codes(s, adm_rules, adm, actor="ben")
    with pytest.raises(RoleError, match="open reconciliation"), project.session() as s:
        open_reconciliation(s, "Q1", "ben")
    with project.session() as s:
        open_reconciliation(s, "Q1", "anna")
        assert accept_agreed(s, "Q1", ["anna", "ben"], "anna") == 3  # R01, R04, R06
    with project.session(write=False) as s:
        assert phase(s, "Q1") == "reconciling"
        agreed = codings_by_answer(s, "Q1", "consensus")
        assert sorted(map(sorted, agreed.values())) == [[], ["adm"], ["res"]]
        sources = set(
            s.scalars(
                select(Coding.source)
                .join(Coder, Coding.coder_id == Coder.id)
                .where(Coder.name == "consensus")
            )
        )
        assert sources == {"agreed"}
    with project.session(write=False) as s:
        before = {(c.answer_id, c.coder_id, c.code_id) for c in s.scalars(select(Coding))}
    with project.session() as s:
        assert codebooks.merge_codes(s, adm_rules, adm, actor="anna") == 2
    with project.session() as s:
        assert undo.undo(s, "anna") is not None
    with project.session(write=False) as s:
        after = {(c.answer_id, c.coder_id, c.code_id) for c in s.scalars(select(Coding))}
        assert after == before
        assert actions.code_by_key(s, "Q1", "adm.rules").status == "active"
    with project.session() as s:
        assert undo.redo(s, "anna") is not None
    with project.session(write=False) as s:
        assert actions.code_by_key(s, "Q1", "adm.rules").status == "merged"
    project.close()


def test_only_a_lead_decides_the_consensus_on_the_command_line(
    db_path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.cli_helpers import run_cli

    seed(db_path).close()
    assert run_cli(capsys, "role", db_path, "anna", "lead")[0] == 0
    code, _out, err = run_cli(
        capsys, "reconcile", "agreed", db_path, "--question", "Q1", "--coders", "anna,ben",
        "--coder", "ben",
    )  # fmt: skip
    assert code == 1 and "only a lead (anna) can decide the consensus" in err
    code, _out, err = run_cli(
        capsys, "reconcile", "agreed", db_path, "--question", "Q1", "--coders", "anna,ben",
        "--coder", "anna",
    )  # fmt: skip
    assert code == 0, err
