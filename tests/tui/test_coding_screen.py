"""The coding screen end to end: keys pressed in a headless app, the SQLite project read back."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import Static

from coder.store import actions
from coder.store.codebooks import add_code
from coder.store.models import Answer, Coder, CodeRecord, Coding, Memo, Review
from coder.store.project import Project, set_setting
from coder.store.queries import RECONCILIATION_SETTING
from coder.tui.app import CoderApp
from coder.tui.config import Config
from coder.tui.screens.coding import CodingScreen
from coder.tui.screens.finding import FilterScreen, SearchScreen
from coder.tui.screens.modals import HelpScreen, MemoScreen
from tests.tui.conftest import FakeLearners, screen_work_done, type_text

pytestmark = pytest.mark.anyio


def make_app(project: Project, coder: str = "anna", **kwargs: object) -> CoderApp:
    config = kwargs.pop("config", Config())
    learn = kwargs.pop("learn", False)  # the suggester has its own test below
    return CoderApp(project, coder, "Q1", config=config, learn=learn, **kwargs)  # type: ignore[arg-type]


async def filter_by(pilot: Pilot[CoderApp], choice: str) -> None:
    """Open the filter menu, narrow it to ``choice`` and take the first entry."""
    await pilot.press("F")
    await type_text(pilot, choice)
    await pilot.press("enter")


def codes_of(project: Project, respondent: str, coder: str = "anna") -> dict[str, str]:
    """Code key -> source of the coder's codings on a respondent's answer, read from the file."""
    with project.session(write=False) as s:
        rows = s.execute(
            select(CodeRecord.key, Coding.source)
            .join(Coding, Coding.code_id == CodeRecord.id)
            .join(Answer, Coding.answer_id == Answer.id)
            .join(Coder, Coding.coder_id == Coder.id)
            .where(Answer.respondent_id == respondent, Coder.name == coder)
        )
        return {key: source for key, source in rows}


def review_of(project: Project, respondent: str, coder: str = "anna") -> Review | None:
    with project.session(write=False) as s:
        return s.scalar(
            select(Review)
            .join(Answer, Review.answer_id == Answer.id)
            .join(Coder, Review.coder_id == Coder.id)
            .where(Answer.respondent_id == respondent, Coder.name == coder)
        )


def current_respondent(app: CoderApp) -> str:
    state = app.state
    assert state is not None and state.current_pos is not None
    return state.respondents[state.current_pos]


async def test_shortcut_toggles_code_and_commits(coding_project: Project) -> None:
    app = make_app(coding_project)
    async with app.run_test() as pilot:
        assert current_respondent(app) == "R001"
        await pilot.press("d")  # the codebook's own shortcut
        assert codes_of(coding_project, "R001") == {"unclear_definition": "manual"}
        await pilot.press("4")  # marketing: 1-4 were handed out in codebook order
        assert set(codes_of(coding_project, "R001")) == {"unclear_definition", "marketing"}
        await pilot.press("d")
        assert set(codes_of(coding_project, "R001")) == {"marketing"}
        assert app.state is not None
        assert app.state.counts[app.state.code_by_key["marketing"].id] == 1
        assert app.state.coded_count == 1


async def test_codes_without_shortcut_get_digits_in_codebook_order(coding_project: Project) -> None:
    app = make_app(coding_project)
    async with app.run_test():
        assert app.state is not None
        keys = {c.key: c.shortcut for c in app.state.codes}
    assert keys == {
        "unclear_definition": "d",
        "lack_of_resources": "1",
        "working_time": "2",
        "funding": "3",
        "marketing": "4",
    }


async def test_accept_suggestions_stores_them_as_suggestions(coding_project: Project) -> None:
    app = make_app(coding_project)
    async with app.run_test() as pilot:
        # R001 (sv): "resurser" and "tid" are keywords of lack_of_resources and working_time.
        await pilot.press("A")
        stored = codes_of(coding_project, "R001")
    # Equally strong parent and sub-code: only one of the two is proposed and accepted.
    assert stored == {"lack_of_resources": "suggestion"}


async def test_moving_and_done_without_codes(coding_project: Project) -> None:
    app = make_app(coding_project)
    async with app.run_test() as pilot:
        await pilot.press("down", "down")
        assert current_respondent(app) == "R003"
        await pilot.press("up")
        assert current_respondent(app) == "R002"
        await pilot.press("enter")  # seen, no code: coded, and on to the next not coded
        assert current_respondent(app) == "R003"
        review = review_of(coding_project, "R002")
        assert review is not None and review.done
        assert codes_of(coding_project, "R002") == {}
        await pilot.press("d", "up", "up", "space")  # from R001, skipping R002 and R003
        assert current_respondent(app) == "R004"
        await pilot.press("space", "space", "space", "space", "space")  # wraps around
        assert current_respondent(app) == "R001"


async def test_undo_and_redo_across_answers(coding_project: Project) -> None:
    app = make_app(coding_project)
    async with app.run_test() as pilot:
        await pilot.press("d", "down", "4")
        assert codes_of(coding_project, "R002") == {"marketing": "manual"}
        await pilot.press("ctrl+z")
        assert codes_of(coding_project, "R002") == {}
        await pilot.press("ctrl+z")  # the coding on the previous answer, and the cursor follows
        assert codes_of(coding_project, "R001") == {}
        assert current_respondent(app) == "R001"
        assert app.state is not None and app.state.coded_count == 0
        await pilot.press("ctrl+y")
        assert codes_of(coding_project, "R001") == {"unclear_definition": "manual"}
        assert app.state.coded_count == 1
    # The undo history is the event log: a new session undoes what the last one did.
    app = make_app(coding_project)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+z")
        assert codes_of(coding_project, "R001") == {}


async def test_memo_on_answer_and_on_code(coding_project: Project) -> None:
    app = make_app(coding_project)
    async with app.run_test() as pilot:
        await pilot.press("M")
        assert isinstance(app.screen, MemoScreen)
        await type_text(pilot, "good quote")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, CodingScreen)
        await pilot.press("tab", "down")  # into the codebook tree, onto its second code
        await pilot.press("C")
        await type_text(pilot, "overlaps")
        await pilot.press("ctrl+s")
        await pilot.press("M", "escape")  # escape cancels: nothing changes
    with coding_project.session(write=False) as s:
        memos = {(m.target_type, m.text) for m in s.scalars(select(Memo))}
        code = s.scalar(select(CodeRecord).where(CodeRecord.key == "lack_of_resources"))
        code_memo = s.scalar(select(Memo).where(Memo.target_type == "code"))
    assert memos == {("answer", "good quote"), ("code", "overlaps")}
    assert code is not None and code_memo is not None and code_memo.target_key == str(code.id)


async def test_tree_enter_toggles_highlighted_code(coding_project: Project) -> None:
    app = make_app(coding_project)
    async with app.run_test() as pilot:
        await pilot.press("tab", "down", "down", "enter")
        assert codes_of(coding_project, "R001") == {"working_time": "manual"}


async def test_star_as_quote(coding_project: Project) -> None:
    app = make_app(coding_project)
    async with app.run_test() as pilot:
        await pilot.press("down", "asterisk")
        review = review_of(coding_project, "R002")
        assert review is not None and review.starred
        await pilot.press("S")
        review = review_of(coding_project, "R002")
        assert review is not None and not review.starred


async def test_fuzzy_search_jumps_to_answer(coding_project: Project) -> None:
    app = make_app(coding_project)
    async with app.run_test() as pilot:
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await type_text(pilot, "markting weak")  # a typo still finds it
        await screen_work_done(pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, CodingScreen)
        assert current_respondent(app) == "R004"


async def test_filter_by_language_code_attribute_and_status(coding_project: Project) -> None:
    app = make_app(coding_project)
    async with app.run_test() as pilot:
        state = app.state
        assert state is not None
        await pilot.press("F")
        assert isinstance(app.screen, FilterScreen)
        await type_text(pilot, "language fi")
        await pilot.press("enter")
        assert [state.respondents[p] for p in state.view] == ["R002", "R006"]
        await pilot.press("escape")
        assert len(state.view) == 8
        assert current_respondent(app) == "R002"  # the cursor stays on its answer
        await pilot.press("d")
        await filter_by(pilot, "code unclear")
        assert [state.respondents[p] for p in state.view] == ["R002"]
        # Filters of different kinds combine.
        await filter_by(pilot, "university = HY")
        assert [state.respondents[p] for p in state.view] == ["R002"]
        await filter_by(pilot, "remove filter")  # drops the code filter
        assert [state.respondents[p] for p in state.view] == ["R002", "R003", "R006", "R007"]
        await filter_by(pilot, "status not coded")
        assert [state.respondents[p] for p in state.view] == ["R003", "R006", "R007"]
        # The counter counts the filtered list.
        assert str(app.screen.query_one("#progress-label").content) == "1 of 3 · 0 coded"


async def test_help_screen_lists_keys_and_codes(coding_project: Project) -> None:
    app = make_app(coding_project)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        labels = [label for _key, label in app.screen.codes]
        assert "Unclear definition" in labels and "Marketing" in labels
        shown = " ".join(str(app.screen.query_one(Static).render()).split())
        assert "a code's key toggles it on the current answer" in shown
        await pilot.press("escape")
        assert isinstance(app.screen, CodingScreen)


async def test_command_palette_runs_screen_commands(coding_project: Project) -> None:
    app = make_app(coding_project)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+p")
        await type_text(pilot, "star as quote")
        await screen_work_done(pilot)  # the palette has gathered its matches
        await pilot.press("enter")
        await pilot.pause()
        review = review_of(coding_project, "R001")
        assert review is not None and review.starred
        await pilot.press("ctrl+p")
        await type_text(pilot, "toggle code marketing")
        await screen_work_done(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert codes_of(coding_project, "R001") == {"marketing": "manual"}


async def test_configured_bindings_and_language(coding_project: Project, tmp_path: Path) -> None:
    from coder.tui.config import load_config

    path = tmp_path / "config.toml"
    path.write_text('ui_lang = "sv"\n[bindings]\nnext = "right,n"\n', encoding="utf-8")
    app = make_app(coding_project, config=load_config(path))
    async with app.run_test() as pilot:
        assert app.state is not None
        assert app.state.code_by_key["lack_of_resources"].label == "Resursbrist"
        # n is the analyst's key now, so no code gets it
        assert "n" not in app.state.shortcuts
        await pilot.press("right")
        assert current_respondent(app) == "R002"
        await pilot.press("n")
        assert current_respondent(app) == "R003"
        await pilot.press("down")  # the default key is replaced
        assert current_respondent(app) == "R003"


async def test_blind_coding_hides_other_coders(coding_project: Project) -> None:
    with coding_project.session() as s:
        bo = s.scalar(select(CodeRecord).where(CodeRecord.key == "marketing"))
        r1 = s.scalar(select(Answer).where(Answer.respondent_id == "R001"))
        assert bo is not None and r1 is not None
        actions.toggle_code(s, r1.id, bo.id, "bo")
    app = make_app(coding_project)
    async with app.run_test() as pilot:
        state = app.state
        assert state is not None
        assert state.my_codes == {} and not state.disagreements
        assert state.status_of(0) != "disagreement"
        assert state.counts[bo.id] == 0
        await pilot.press("d")  # anna codes differently; still nothing to see
        assert state.status_of(0) == "coded"
    with coding_project.session() as s:
        set_setting(s, RECONCILIATION_SETTING.format(question="Q1"), "1")
    app = make_app(coding_project)
    async with app.run_test():
        assert app.state is not None and app.state.status_of(0) == "disagreement"


async def test_codebook_edit_by_another_analyst_reloads_tree(coding_project: Project) -> None:
    app = make_app(coding_project)
    async with app.run_test() as pilot:
        with coding_project.session() as s:
            add_code(s, "Q1", "employers", {"en": "Employers"}, actor="lead")
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        screen.poll_codebook()
        await pilot.pause()
        assert app.state is not None
        code = app.state.code_by_key["employers"]
        assert code.shortcut == "5"
        await pilot.press("5")
        assert codes_of(coding_project, "R001") == {"employers": "manual"}


async def test_reconcile_and_codebook_keys_open_their_screens(coding_project: Project) -> None:
    from coder.tui.screens.codebook_edit import CodebookEditScreen
    from coder.tui.screens.reconcile import ReconcileScreen

    for key, screen_class in (("R", ReconcileScreen), ("B", CodebookEditScreen)):
        app = make_app(coding_project)
        async with app.run_test() as pilot:
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, screen_class), f"{key} opened {app.screen!r}"
            assert app.screen.question_id == "Q1"


async def test_swedish_interface(coding_project: Project) -> None:
    app = make_app(coding_project, ui_lang="sv")
    async with app.run_test():
        answer = app.screen.query_one("#answer-text")
        assert "Svar 1/8 · R001 · sv" in str(answer.render())
        tree_labels = [str(node.label) for node in app.screen.query_one("#code-tree").root.children]
        assert any("Oklar definition" in label for label in tree_labels)


async def test_suggester_learns_in_the_background_and_its_suggestions_are_accepted(
    coding_project: Project, fake_learners: FakeLearners
) -> None:
    """The screen feeds the learner each answer the analyst leaves, scores the answers ahead
    in its thread, and "A" accepts the predicted codes (a fake learner: no real fit here)."""
    import asyncio

    app = make_app(coding_project, learn=True, learner_factory=fake_learners)
    async with app.run_test() as pilot:
        for _ in range(600):
            if app.suggester_ready_at is not None:
                break
            await asyncio.sleep(0.05)
        assert app.suggester_ready_at is not None, "the suggester never became ready"
        await pilot.press("4", "down")  # R001 coded as marketing, the learner learns it
        learner = fake_learners.made[0]
        state = app.state
        assert state is not None
        for _ in range(600):
            if learner.learned and state.current_id in state.model_scored:
                break
            await asyncio.sleep(0.05)
        assert learner.trained == []  # nothing was coded when the screen opened
        assert learner.learned == [
            ("Det saknas resurser och tid för att utveckla kurserna.", "sv", ["marketing"])
        ]
        predicted = [s for s in state.shown_suggestions(state.current_id) if s.predicted]
        assert "marketing" in {state.code_by_id[s.code_id].key for s in predicted}
        await pilot.press("A")
        stored = codes_of(coding_project, "R002")
        assert set(stored) == {state.code_by_id[s.code_id].key for s in predicted}
        assert all(source == "suggestion" for source in stored.values())
    for _ in range(200):  # the learner thread notices the app has gone and closes it
        if learner.closed:
            break
        await asyncio.sleep(0.05)
    assert learner.closed
