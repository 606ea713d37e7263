"""Reading, layout, views, filters, search, order, near-duplicates and language of the coding
screen: keys pressed in a headless app, the SQLite project read back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from coder.export.matrix import build_code_matrix
from coder.export.table import build_theme_table
from coder.store import actions
from coder.store.models import Answer, Coder, Coding, Event
from coder.store.project import Project
from coder.tui.app import CoderApp
from coder.tui.config import Config
from coder.tui.screens.code_view import CodeViewScreen
from coder.tui.screens.coding import CodingScreen
from coder.tui.screens.finding import SearchScreen, rank
from coder.tui.screens.memo_list import MemoListScreen
from coder.tui.screens.reader import ReaderScreen
from coder.tui.screens.size_notice import SizeNotice
from coder.tui.screens.tables import TablesScreen
from tests.tui.conftest import FakeLearners, build_project, screen_work_done, type_text
from tests.tui.reading_seed import LAST_WORDS, add_answers

pytestmark = pytest.mark.anyio


@pytest.fixture
def reading_project(db_path: str) -> Iterator[Project]:
    """The small project plus a 3,500-character answer, near-duplicates and non-answers."""
    project = build_project(db_path)
    add_answers(project)
    yield project
    project.close()


def make_app(project: Project, coder: str = "anna", **kwargs: object) -> CoderApp:
    return CoderApp(project, coder, "Q1", config=Config(), learn=False, **kwargs)  # type: ignore[arg-type]


def answer_id(project: Project, respondent: str) -> int:
    with project.session(write=False) as s:
        found = s.scalar(select(Answer.id).where(Answer.respondent_id == respondent))
        assert found is not None
        return found


def coded_keys(project: Project, respondent: str, coder: str = "anna") -> set[str]:
    from coder.store.models import CodeRecord

    with project.session(write=False) as s:
        return set(
            s.scalars(
                select(CodeRecord.key)
                .join(Coding, Coding.code_id == CodeRecord.id)
                .join(Answer, Coding.answer_id == Answer.id)
                .join(Coder, Coding.coder_id == Coder.id)
                .where(Answer.respondent_id == respondent, Coder.name == coder)
            )
        )


async def go_to(app: CoderApp, pilot: object, respondent: str) -> None:
    state = app.state
    assert state is not None
    screen = app.screen
    assert isinstance(screen, CodingScreen)
    state.go_to(state.ids[state.respondents.index(respondent)])
    screen.after_view_change("test")
    await pilot.pause()  # type: ignore[attr-defined]


def screen_text(app: CoderApp, selector: str) -> str:
    widget = app.screen.query_one(selector)
    return str(getattr(widget, "content", widget.render()))


# -- 1. reading ---------------------------------------------------------------------------


async def test_reader_scrolls_to_the_last_words_of_a_long_answer(reading_project: Project) -> None:
    app = make_app(reading_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await go_to(app, pilot, "R009")
        await pilot.press("V")
        assert isinstance(app.screen, ReaderScreen)
        scroller = app.screen.query_one("#reader")
        text = str(app.screen.query_one("#reader-text").content)
        assert "university: HY" in text and LAST_WORDS in text
        assert scroller.max_scroll_y > 0 and scroller.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert scroller.scroll_y > 0
        for _ in range(10):
            await pilot.press("pagedown")
        await pilot.pause()
        assert scroller.scroll_y == scroller.max_scroll_y  # the end, with the last words
        await pilot.press("pageup")
        await pilot.pause()
        assert scroller.scroll_y < scroller.max_scroll_y
        await pilot.press("escape")
        assert isinstance(app.screen, CodingScreen)


async def test_answer_pane_scrolls_and_says_when_text_continues(reading_project: Project) -> None:
    app = make_app(reading_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await go_to(app, pilot, "R009")
        await pilot.pause()
        assert "more lines" in screen_text(app, "#answer-more")
        pane = app.screen.query_one("#answer")
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert pane.scroll_y > 0
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        await pilot.pause()
        for _ in range(10):
            await pilot.press("right_square_bracket")
        await pilot.pause()
        assert pane.scroll_y == pane.max_scroll_y
        assert "end of answer" in screen_text(app, "#answer-more")
        await go_to(app, pilot, "R001")  # a short answer: no marker
        await pilot.pause()
        assert screen_text(app, "#answer-more") == ""


async def test_definition_panel_scrolls(reading_project: Project) -> None:
    from coder.store.codebooks import active_codes
    from coder.store.models import CodeRecord

    with reading_project.session() as s:
        code = next(c for c in active_codes(s, "Q1") if c.key == "unclear_definition")
        record = s.get(CodeRecord, code.id)
        assert record is not None
        record.exclude = {"en": " ".join(f"Rule {i} excludes something." for i in range(60))}
    app = make_app(reading_project)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("D")
        panel = app.screen.query_one("#definition")
        await pilot.pause()
        assert panel.max_scroll_y > 0
        panel.scroll_end(animate=False)
        await pilot.pause()
        assert panel.scroll_y == panel.max_scroll_y > 0


# -- 2. layout ----------------------------------------------------------------------------


async def test_below_80x24_a_notice_names_the_size_and_the_screen_returns(
    reading_project: Project,
) -> None:
    app = make_app(reading_project)
    async with app.run_test(size=(60, 15)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SizeNotice)
        notice = str(app.screen.query_one("#size-notice").content)
        assert "80x24" in notice and "60x15" in notice
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen)
        await pilot.resize_terminal(79, 30)
        await pilot.pause()
        assert isinstance(app.screen, SizeNotice)


async def test_long_code_labels_end_in_an_ellipsis_and_help_stays_in_the_footer(
    reading_project: Project,
) -> None:
    from coder.store.codebooks import active_codes
    from coder.store.models import CodeRecord

    with reading_project.session() as s:
        code = next(c for c in active_codes(s, "Q1") if c.key == "marketing")
        record = s.get(CodeRecord, code.id)
        assert record is not None
        record.labels = {"en": "Marketing to employers and students is weak and far too late"}
    app = make_app(reading_project)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        tree = app.screen.query_one("#code-tree")
        drawn = [str(node.label) for node in tree.root.children]
        assert any(label.startswith("[4]") and label.endswith("…") for label in drawn)
        assert all(len(label) <= tree.scrollable_content_region.width for label in drawn)
        footer = app.screen.query_one("Footer")
        keys = [item for item in footer.query("FooterKey") if item.region.right <= 80]
        assert keys and "Help" in str(keys[0].description)  # first, never cut off


# -- 3. code view ---------------------------------------------------------------------------


async def test_code_view_lists_every_coded_answer_and_jumps(reading_project: Project) -> None:
    app = make_app(reading_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("d")  # R001: unclear definition
        await go_to(app, pilot, "R009")
        await pilot.press("d")
        await go_to(app, pilot, "R004")
        await pilot.press("K")  # the tree's cursor is on the code just toggled
        assert isinstance(app.screen, CodeViewScreen)
        options = app.screen.query_one("#code-view-list")
        assert options.option_count == 2
        full = str(options.get_option_at_index(1).prompt)
        assert LAST_WORDS in full and "university: HY" in full
        assert "2 answers" in str(app.screen.query_one("#code-view-title").content)
        await pilot.press("down", "enter")
        assert isinstance(app.screen, CodingScreen)
        state = app.state
        assert state is not None and state.current_id == answer_id(reading_project, "R009")


async def test_code_view_reads_a_page_at_a_time(
    reading_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A code given to many answers: the view opens with one page and reads the next ones
    as the cursor nears the end, until every answer is listed once, in survey order."""
    from coder.tui.screens import code_view

    monkeypatch.setattr(code_view, "PAGE", 3)
    monkeypatch.setattr(code_view, "NEAR_END", 1)
    app = make_app(reading_project)
    async with app.run_test(size=(120, 40)) as pilot:
        state = app.state
        assert state is not None
        marketing = state.code_by_key["marketing"]
        for rid in ("R001", "R003", "R004", "R008", "R009", "R010", "R012"):
            await go_to(app, pilot, rid)
            await pilot.press(marketing.shortcut or "")
        await pilot.press("K")
        screen = app.screen
        assert isinstance(screen, CodeViewScreen)
        options = screen.query_one("#code-view-list")
        assert screen.total == 7 and options.option_count == 3
        assert "7 answers" in str(screen.query_one("#code-view-title").content)
        await pilot.press("down")
        assert options.option_count == 3
        await pilot.press("down")  # the cursor reaches the last page's last but one answer
        assert options.option_count == 6
        await pilot.press("down", "down", "down", "down")  # to the last
        assert options.option_count == 7
        shown = [options.get_option_at_index(i).id for i in range(7)]
        order = ("R001", "R003", "R004", "R008", "R009", "R010", "R012")
        assert shown == [str(answer_id(reading_project, r)) for r in order]
        await pilot.press("enter")
        assert state.current_id == answer_id(reading_project, "R012")


# -- 4. tables ------------------------------------------------------------------------------


async def test_tables_show_the_exports_numbers(reading_project: Project) -> None:
    app = make_app(reading_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("d", "4", "down", "d", "down", "4")  # R001 d+4, R002 d, R003 4
        await pilot.press("T")
        assert isinstance(app.screen, TablesScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        grid = app.screen.query_one("#tables-grid")
        with reading_project.session(write=False) as s:
            matrix = build_code_matrix(s, "Q1", "anna")
        column = {key: i for i, key in enumerate(matrix.codes)}
        d, m = column["unclear_definition"], column["marketing"]
        both = sum(1 for row in matrix.values if row[d] and row[m])
        assert both == 1
        row = grid.get_row_at(d)
        assert row[1 + m] == "1" and row[1 + d] == "2"
        await pilot.press("a")  # code by attribute: the theme table by university
        await app.workers.wait_for_complete()
        await pilot.pause()
        with reading_project.session(write=False) as s:
            table = build_theme_table(s, "Q1", "anna", by="role", quotes=False)
        expected = {r.label: f"{r.count:,} ({r.share:.0%})" for r in table.rows}
        shown = {
            str(grid.get_row_at(i)[0]).strip(): grid.get_row_at(i)[1] for i in range(grid.row_count)
        }
        assert shown == expected


# -- 5. filters, memos, search ----------------------------------------------------------------


async def test_memo_filter_memo_list_and_code_memo_with_the_code(reading_project: Project) -> None:
    with reading_project.session() as s:
        actions.set_memo(s, "anna", "answer", str(answer_id(reading_project, "R003")), "Good quote")
        code_id = s.scalar(select(Coding.code_id).limit(1))
        del code_id
    app = make_app(reading_project)
    async with app.run_test(size=(120, 40)) as pilot:
        state = app.state
        assert state is not None
        tree_code = app.screen.query_one("#code-tree").highlighted_code
        state.save_memo("code", str(tree_code.id), "Keep apart from marketing")
        await pilot.press("D")
        await pilot.pause()
        assert "Keep apart from marketing" in str(app.screen.query_one("#definition-text").content)
        await pilot.press("F")
        await type_text(pilot, "has a memo")
        await pilot.press("enter")
        assert [state.respondents[p] for p in state.view] == ["R003"]
        await pilot.press("escape", "N")
        assert isinstance(app.screen, MemoListScreen)
        prompts = [
            str(app.screen.query_one("#memo-list").get_option_at_index(i).prompt)
            for i in range(app.screen.query_one("#memo-list").option_count)
        ]
        assert any("Good quote" in p for p in prompts)
        assert any("Keep apart from marketing" in p for p in prompts)
        index = next(i for i, p in enumerate(prompts) if "Good quote" in p)
        app.screen.query_one("#memo-list").highlighted = index
        await pilot.press("enter")
        assert isinstance(app.screen, CodingScreen)
        assert state.current_id == answer_id(reading_project, "R003")


async def test_auto_coded_filter(reading_project: Project) -> None:
    with reading_project.session() as s:
        from coder.store.models import CodeRecord

        code = s.scalar(select(CodeRecord.id).where(CodeRecord.key == "marketing"))
        assert code is not None
        actions.set_codes(s, answer_id(reading_project, "R004"), "anna", {code}, source="auto")
    app = make_app(reading_project)
    async with app.run_test(size=(120, 40)) as pilot:
        state = app.state
        assert state is not None
        await pilot.press("F")
        await type_text(pilot, "auto-coded")
        await pilot.press("enter")
        assert [state.respondents[p] for p in state.view] == ["R004"]


def test_search_ranks_exact_then_word_forms_then_fuzzy_and_never_eos_first() -> None:
    texts = [
        "eos",
        "marketing is weak",
        "marknadsföring saknas",
        "marketng is weak",
        "weak marketing",
    ]
    langs = ["fi", "en", "sv", "en", "en"]
    hits = rank("marketing", list(range(len(texts))), texts, langs)
    order = [h.answer_id for h in hits]
    assert order[:2] == [1, 4] or order[:2] == [4, 1]  # exact matches first
    assert hits[0].tier == 0 and hits[0].spans
    start, end = hits[0].spans[0]
    assert texts[hits[0].answer_id][start:end] == "marketing"
    assert 3 in order and order.index(3) > 1  # the typo: a fuzzy match, after the exact ones
    assert 0 not in order  # "eos" is not a match for "marketing"


async def test_search_highlights_and_jumps(reading_project: Project) -> None:
    app = make_app(reading_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await type_text(pilot, "marketing")
        await screen_work_done(pilot)
        options = app.screen.query_one("#search-results")
        first = options.get_option_at_index(0).prompt
        assert "marketing" in str(first)
        assert any("reverse" in str(span.style) for span in first.spans)
        await pilot.press("enter")
        state = app.state
        assert state is not None and state.respondents[state.current_pos or 0] == "R004"


# -- 6. queue order -------------------------------------------------------------------------


async def test_order_key_and_informative_positions(reading_project: Project) -> None:
    app = make_app(reading_project)
    async with app.run_test(size=(120, 40)) as pilot:
        state = app.state
        assert state is not None
        await pilot.press("O")
        assert state.order == "informative"
        # Without the suggester the queue keeps the survey order until an order arrives.
        assert state.view == list(range(state.total))
        app.screen._order_ready([5, 2, 9])  # noqa: SLF001 - what the suggester thread delivers
        await pilot.pause()
        assert state.view[:3] == [5, 2, 9] and state.current_pos == 5
        await pilot.press("down")
        assert state.current_pos == 2
        await pilot.press("O")
        assert state.order == "survey" and state.view == list(range(state.total))
    assert state.preferences()[1] == "survey"


# -- 7. near-duplicates ---------------------------------------------------------------------


@pytest.mark.parametrize("where", ["thread", "child process"])
async def test_g_codes_four_near_duplicates_in_one_undoable_step(
    reading_project: Project, where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Near-duplicates are grouped in a thread for a small question and in a child process
    (which reads the project itself) for a large one: the same groups either way."""
    from coder.tui.screens import coding_background

    if where == "child process":
        monkeypatch.setattr(coding_background, "IN_PROCESS_DUPLICATES", 0)
    app = make_app(reading_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await go_to(app, pilot, "R010")
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "4 near-duplicates" in str(screen.query_one("#answer-text").content)
        await pilot.press("2")  # working time
        await pilot.press("G")
        for rid in ("R011", "R012", "R013", "R014"):
            assert coded_keys(reading_project, rid) == {"working_time"}
        with reading_project.session(write=False) as s:
            kinds = [e.kind for e in s.scalars(select(Event).order_by(Event.id))]
        assert kinds.count("codes.group") == 1
        await pilot.press("ctrl+z")
        for rid in ("R011", "R012", "R013", "R014"):
            assert coded_keys(reading_project, rid) == set()
        assert coded_keys(reading_project, "R010") == {"working_time"}  # only the group undone
        state = app.state
        assert state is not None
        assert all(
            state.ids[state.respondents.index(r)] not in state.my_codes for r in ("R011", "R014")
        )


async def test_non_answers_group_across_languages_and_get_no_suggestions(
    reading_project: Project,
) -> None:
    app = make_app(reading_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await go_to(app, pilot, "R015")  # "eos"
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        assert screen.near_duplicates_here() == 4  # "-", "En vet.", "no comment", "En osaa sanoa."
        assert "no answer" in str(screen.query_one("#suggestions").render())
        state = app.state
        assert state is not None and state.shown_suggestions(state.current_id or 0) == []


async def test_suggestions_keep_the_stronger_of_parent_and_child_predicted_first(
    reading_project: Project,
) -> None:
    from coder.tui.suggestions import Suggestion

    app = make_app(reading_project)
    async with app.run_test(size=(120, 40)):
        state = app.state
        assert state is not None
        ids = {c.key: c.id for c in state.codes}
        current = state.current_id
        assert current is not None
        state.set_suggestions(
            {
                current: [
                    Suggestion(ids["lack_of_resources"], 0.4, predicted=False),
                    Suggestion(ids["working_time"], 0.7),
                    Suggestion(ids["marketing"], 0.3, predicted=False),
                    Suggestion(ids["unclear_definition"], 0.2),
                ]
            }
        )
        shown = [s.code_id for s in state.shown_suggestions(current)]
        assert shown == [ids["working_time"], ids["unclear_definition"], ids["marketing"]]


# -- 8. language, position, undo messages ----------------------------------------------------


async def test_language_switch_is_remembered_and_reopening_returns_to_the_answer(
    reading_project: Project,
) -> None:
    app = make_app(reading_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("down", "down", "down")
        await pilot.press("L")
        await pilot.pause()
        assert app.ui_lang == "sv"
        assert isinstance(app.screen, CodingScreen) and app.screen.lang == "sv"
        assert "Svar" in screen_text(app, "#list-title")
        state = app.state
        assert state is not None and state.respondents[state.current_pos or 0] == "R004"
    again = make_app(reading_project)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert again.ui_lang == "sv"
        state = again.state
        assert state is not None and state.respondents[state.current_pos or 0] == "R004"


async def test_undo_message_names_the_code(reading_project: Project) -> None:
    app = make_app(reading_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("d")
        await pilot.press("ctrl+z")
        await pilot.pause()
        messages = [n.message for n in app._notifications]  # noqa: SLF001
        assert "Undone: added 'Unclear definition'" in messages


async def test_informative_order_comes_from_the_suggester(reading_project: Project) -> None:
    """The order comes from the learner behind the app's seam (the fake of conftest.py, whose
    fit waits for the codings below; the real learner's order is checked in test_learner.py);
    `O` switches back to survey order."""
    import asyncio
    import threading

    learners = FakeLearners(gate=threading.Event())
    app = CoderApp(
        reading_project,
        "anna",
        "Q1",
        config=Config(),
        learn=True,
        order="informative",
        learner_factory=learners,
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("d", "down", "4", "down", "2")  # a few codings to learn from
        assert learners.gate is not None
        learners.gate.set()  # the fit ends
        state = app.state
        assert state is not None
        for _ in range(900):
            if state._order_positions is not None:  # noqa: SLF001 - the order has arrived
                break
            await asyncio.sleep(0.1)
        positions = state._order_positions  # noqa: SLF001
        assert positions is not None, "the informative order never arrived"
        assert sorted(positions) == list(range(state.total))
        uncoded = [p for p in positions if state.ids[p] not in state.my_codes]
        assert positions[: len(uncoded)] == uncoded  # the uncoded answers first
        assert uncoded == sorted(uncoded, reverse=True)  # in the learner's order (last first)
        assert state.view == positions and state.order == "informative"
        await pilot.press("O")
        assert state.view == list(range(state.total))


def test_code_command_takes_a_queue_order(reading_project: Project) -> None:
    from click.testing import CliRunner

    from coder.cli.tui_cmds import code

    runner = CliRunner()
    assert "--order [survey|informative]" in runner.invoke(code, ["--help"]).output
    bad = runner.invoke(code, ["x.sqlite", "--coder", "anna", "--order", "random"])
    assert bad.exit_code == 2 and "random" in bad.output


def test_child_process_groups_what_the_thread_groups(reading_project: Project) -> None:
    """The near-duplicate groups computed in a child process from the project on disk equal
    those computed here from the same texts; a failing job says why."""
    from coder.errors import CoderError
    from coder.suggest.duplicates import group_duplicates
    from coder.tui.offload import duplicate_groups, run_in_child

    with reading_project.session(write=False) as s:
        rows = [(a.id, a.text) for a in s.scalars(select(Answer).order_by(Answer.position))]
    here = [[rows[i][0] for i in group] for group in group_duplicates([t for _, t in rows])]
    assert here and run_in_child(duplicate_groups, reading_project.db, "Q1") == here
    with pytest.raises(CoderError, match="NotFoundError|ProjectError|no such"):
        run_in_child(duplicate_groups, reading_project.db + ".missing", "Q1")
