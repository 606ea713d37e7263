"""Code usage queries of the codebook editor, on SQLite and PostgreSQL."""

from __future__ import annotations

from coder.agreement.reconcile import is_reconciliation_open, open_reconciliation
from coder.store import actions
from coder.store.usage import answers_with_code, code_answer_counts
from tests.tui.editor_seed import seed


def test_counts_and_answers_of_a_code(any_db: str) -> None:
    project = seed(any_db)
    try:
        with project.session(write=False) as s:
            res = actions.code_by_key(s, "Q1", "res").id
            rules = actions.code_by_key(s, "Q1", "adm.rules").id
            counts = code_answer_counts(s, "Q1")
            with_res = answers_with_code(s, res)
            with_rules = answers_with_code(s, rules)
            respondent = {
                a.id: a.respondent_id for a in [actions.get_answer(s, i) for i, _ in with_res]
            }
        # res: R01 (both), R02 (ben), R03 (both), R05 (anna) -> 4 answers, in survey order
        assert counts[res] == 4
        assert [respondent[i] for i, _ in with_res] == ["R01", "R02", "R03", "R05"]
        assert [coders for _i, coders in with_res] == [
            ["anna", "ben"],
            ["ben"],
            ["anna", "ben"],
            ["anna"],
        ]
        assert counts[rules] == 2 and len(with_rules) == 2
    finally:
        project.close()


def test_opening_reconciliation_is_a_project_setting(any_db: str) -> None:
    project = seed(any_db, codings=False)
    try:
        with project.session() as s:
            assert not is_reconciliation_open(s, "Q1")
            open_reconciliation(s, "Q1")
        with project.session(write=False) as s:
            assert is_reconciliation_open(s, "Q1")
    finally:
        project.close()
