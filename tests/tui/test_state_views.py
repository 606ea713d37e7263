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


def test_tables_count_what_the_exports_count(any_db: str) -> None:
    """Co-occurrence and codes by attribute, counted in SQL for the screen, equal the code
    matrix's and the theme table's numbers: several codes on an answer, two segments of one
    code, an answer done with no code, a retired-free codebook with sub-codes, a blank and a
    missing attribute value, and a group too small to show."""
    from coder.export.matrix import build_code_matrix
    from coder.export.table import build_theme_table
    from coder.store.actions import get_coder
    from coder.store.models import RespondentAttribute
    from coder.store.segments import add_codings

    project = build_project(any_db)
    add_answers(project)
    try:
        state = CodingState(project, "anna", "Q1")
        key = {c.key: c.id for c in state.codes}
        plan = {
            "R001": ["unclear_definition", "marketing"],
            "R002": ["working_time", "funding", "lack_of_resources"],
            "R003": ["unclear_definition"],
            "R004": ["marketing", "funding"],
            "R007": ["working_time"],
            "R009": ["unclear_definition", "marketing", "working_time"],
            "R010": ["working_time"],
        }
        for rid, codes in plan.items():
            state.go_to(state.ids[state.respondents.index(rid)])
            for code in codes:
                state.toggle(key[code])
        state.go_to(state.ids[state.respondents.index("R006")])
        state.mark_done()  # coded, with no code
        with project.session() as s:
            anna = get_coder(s, "anna").id
            r005 = state.ids[state.respondents.index("R005")]
            add_codings(
                s, [(r005, key["funding"], anna, 0, 5), (r005, key["funding"], anna, 9, 14)]
            )
            s.get(RespondentAttribute, ("R003", "role")).value = "  "  # a blank value
            s.delete(s.get(RespondentAttribute, ("R004", "role")))  # no value at all
        state = CodingState(project, "anna", "Q1")

        tables = state.cooccurrence()
        with project.session(write=False) as s:
            matrix = build_code_matrix(s, "Q1", "anna")
        assert tables.codes == matrix.codes and tables.labels == matrix.labels
        assert tables.coded == sum(matrix.coded) == 9
        n = len(matrix.codes)
        expected = [
            [sum(1 for row in matrix.values if row[i] and row[j]) for j in range(n)]
            for i in range(n)
        ]
        assert tables.counts == expected
        funding = matrix.codes.index("funding")
        assert tables.counts[funding][funding] == 3  # R002, R004 and R005 (two segments)

        for attribute in ("role", "university"):
            view = state.by_attribute(attribute)
            with project.session(write=False) as s:
                theme = build_theme_table(s, "Q1", "anna", by=attribute, quotes=False)
            assert (view.answers, view.group_sizes, view.suppressed_groups) == (
                theme.answers,
                theme.group_sizes,
                theme.suppressed_groups,
            )
            assert [(r.key, r.label, r.depth, r.count, r.share) for r in view.rows] == [
                (r.code, r.label, r.depth, r.count, r.share) for r in theme.rows
            ]
            assert [r.groups for r in view.rows] == [r.groups for r in theme.rows]
        role = state.by_attribute("role")
        assert "(no value)" in role.suppressed_groups + role.groups
    finally:
        project.close()
