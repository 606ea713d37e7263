"""The coding session's store work on SQLite and PostgreSQL: what it loads, every action commits."""

from __future__ import annotations

from coder.store.project import Project
from coder.tui.state import CodingState, Filter, Replayed
from tests.tui.conftest import build_project


def test_state_loads_and_commits_on_both_databases(any_db: str) -> None:
    build_project(any_db).close()
    project = Project.open(any_db)
    try:
        state = CodingState(project, "anna", "Q1")
        assert state.total == 8 and state.coded_count == 0
        assert state.respondents[:2] == ["R001", "R002"]
        marketing = state.code_by_key["marketing"].id
        assert state.toggle(marketing) is True
        state.move(1)
        state.mark_done()
        assert state.toggle_star() is True
        state.save_memo("answer", str(state.current_id), "note")
        assert state.snippets([0])[0].startswith("Det saknas")
        assert state.detail(state.ids[1]).memo == "note"

        again = CodingState(project, "anna", "Q1")  # a new session reads it all back
        assert again.my_codes == {state.ids[0]: {marketing}, state.ids[1]: set()}
        assert again.starred == {state.ids[1]}
        assert again.counts[marketing] == 1
        assert again.cursor == 2  # it starts on the first answer not coded

        assert replayed(again.undo()) == ("review.star", state.ids[1])
        assert replayed(again.undo()) == ("review.done", state.ids[1])
        assert again.coded_count == 1 and not again.starred
        assert replayed(again.redo()) == ("review.done", state.ids[1])
        assert again.coded_count == 2

        again.set_filter(Filter("attribute", "university=HY"))
        assert [again.respondents[p] for p in again.view] == ["R002", "R003", "R006", "R007"]
        ids, texts = again.all_texts()
        assert len(ids) == len(texts) == 8
    finally:
        project.close()


def replayed(result: Replayed | None) -> tuple[str, int | None] | None:
    """(event kind, answer id) of an undo or redo."""
    return None if result is None else (result.kind, result.answer_id)
