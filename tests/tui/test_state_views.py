"""The coding session's views, group coding and per-user state on SQLite and PostgreSQL."""

from __future__ import annotations

from coder.tui.state import CodingState, Filter
from tests.tui.conftest import build_project
from tests.tui.reading_seed import LAST_WORDS, add_answers


def test_group_coding_is_one_step_that_undo_reverts_whole(any_db: str) -> None:
    project = build_project(any_db)
    add_answers(project)
    try:
        state = CodingState(project, "anna", "Q1")
        rid = state.respondents.index
        source, dupes = (
            state.ids[rid("R010")],
            [state.ids[rid(r)] for r in ("R011", "R012", "R013")],
        )
        time_code = state.code_by_key["working_time"].id
        state.go_to(source)
        state.toggle(time_code)
        state.go_to(dupes[0])
        state.toggle(state.code_by_key["marketing"].id)  # already coded: keeps its own code
        state.go_to(source)
        assert state.code_near_duplicates([source, *dupes]) == dupes
        assert all(time_code in state.my_codes[d] for d in dupes)
        assert state.my_codes[dupes[0]] == {time_code, state.code_by_key["marketing"].id}
        undone = state.undo()
        assert undone is not None and undone.kind == "codes.group" and undone.group == 3
        assert undone.codes == ["Working time"]
        assert state.my_codes[dupes[0]] == {state.code_by_key["marketing"].id}
        assert dupes[1] not in state.my_codes and dupes[2] not in state.my_codes
        assert state.my_codes[source] == {time_code}
        state.redo()
        again = CodingState(project, "anna", "Q1")  # what is on disk
        assert all(time_code in again.my_codes[d] for d in dupes)
    finally:
        project.close()


def test_views_preferences_and_position(any_db: str) -> None:
    project = build_project(any_db)
    add_answers(project)
    try:
        state = CodingState(project, "anna", "Q1")
        marketing = state.code_by_key["marketing"].id
        long_id = state.ids[state.respondents.index("R009")]
        state.go_to(long_id)
        state.toggle(marketing)
        coded = state.answers_with_code(marketing)
        assert [a.respondent_id for a in coded] == ["R009"]
        assert coded[0].text.endswith(LAST_WORDS + ".") and coded[0].attributes == {
            "university": "HY"
        }
        state.save_memo("code", str(marketing), "employers too")
        state.save_memo("answer", str(long_id), "long one")
        assert {m.text for m in state.all_memos()} == {"employers too", "long one"}
        # Filters combine; the counter counts the filtered list.
        state.set_filter(Filter("language", "sv", "sv"))
        state.set_filter(Filter("status", "coded", "coded"))
        assert [state.respondents[p] for p in state.view] == ["R009"]
        assert (state.view_pos, len(state.view), state.view_coded) == (1, 1, 1)
        state.set_filter(Filter("status", "", ""))  # drop one kind
        assert len(state.view) == 5 and state.view_coded == 1
        state.set_filter(Filter())
        assert len(state.view) == state.total
        # Per-user state: language, order, the answer the coder was on.
        state.save_preferences(ui_lang="fi", queue_order="informative")
        state.save_position()
        again = CodingState(project, "anna", "Q1")
        assert again.preferences() == ("fi", "informative")
        assert again.current_id == long_id
        assert CodingState(project, "bob", "Q1").preferences() == (None, None)
    finally:
        project.close()
