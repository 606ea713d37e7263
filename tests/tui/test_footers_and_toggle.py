"""Footers at 80x24 in English, Swedish and Finnish (coding, reconciliation, codebook editor,
split queue), and a code toggled on then off: keys pressed in a headless app on a real SQLite
project, read back."""

from __future__ import annotations

from typing import Any

import pytest
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from coder.store import actions, codebooks
from coder.store.project import Project
from coder.tui.app import CoderApp
from coder.tui.config import Config
from coder.tui.screens.codebook_edit import CodebookEditScreen
from coder.tui.screens.editor_strings import tr
from coder.tui.screens.modals import HelpScreen
from coder.tui.screens.reconcile import ReconcileScreen
from coder.tui.screens.split_queue import SplitQueueScreen
from coder.tui.state import CodingState
from coder.tui.widgets.answer_list import AnswerList
from tests.tui.editor_seed import Host, seed

pytestmark = pytest.mark.anyio

LANGS = ["en", "sv", "fi"]


def footer_keys(screen: Screen[Any]) -> tuple[list[FooterKey], FooterKey | None]:
    """The footer's keys left to right, and the command palette's key."""
    keys = list(screen.query_one(Footer).query(FooterKey))
    palette = [k for k in keys if k.has_class("-command-palette")]
    return [k for k in keys if not k.has_class("-command-palette")], (palette or [None])[0]


async def assert_fits(pilot: Any, screen: Screen[Any], width: int) -> list[str]:
    """Every key shown is whole, left of the palette's key, which ends at the right edge (no
    column of a key scrolled under it shows through); returns the actions shown."""
    for _ in range(100):  # the footer is recomposed after a change of bindings: let it settle
        keys, palette = footer_keys(screen)
        if palette is not None and palette.region.width and all(k.region.width for k in keys):
            break
        await pilot.pause(0.02)
    assert palette is not None and palette.region.right == width
    for key in keys:
        assert key.region.width > 0 and key.region.right <= palette.region.x, key.description
    return [key.action for key in keys]


@pytest.mark.parametrize("lang", LANGS)
async def test_coding_footer_at_80x24_shows_whole_keys_help_first(
    coding_project: Project, lang: str
) -> None:
    app = CoderApp(coding_project, "anna", "Q1", ui_lang=lang, config=Config(), learn=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = await assert_fits(pilot, app.screen, 80)
        assert shown[:4] == ["help", "view", "accept", "undo"]
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        wider = await assert_fits(pilot, app.screen, 120)
        assert len(wider) > len(shown) and "next_uncoded" in wider


def reconcile_host(project: Project, lang: str) -> Host:
    return Host(lambda: ReconcileScreen(project, "Q1", "lead", lang=lang))


@pytest.mark.parametrize("lang", LANGS)
async def test_reconcile_footer_keeps_help_rationale_and_undo_at_80_columns(
    db_path: str, lang: str
) -> None:
    project = seed(db_path)
    try:
        app = reconcile_host(project, lang)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert type(app.screen).__name__ == "ConfirmForm"
            await pilot.press("y")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ReconcileScreen)
            shown = await assert_fits(pilot, screen, 80)
            assert shown[:7] == ["help", "take_a", "take_b", "union", "edit", "rationale", "undo"]
            await pilot.press("question_mark")  # every key, those without room in the footer too
            assert isinstance(app.screen, HelpScreen)
            listed = [what for _key, what in app.screen.keys]
            hidden = [b for b in ("previous", "next_open", "coders") if b not in shown]
            assert hidden and all(
                any(screen.active_bindings[k].binding.description == what for what in listed)
                for k in ("p", "o", "c")
            )
    finally:
        project.close()


@pytest.mark.parametrize("lang", LANGS)
async def test_codebook_editor_footer_at_80_columns(db_path: str, lang: str) -> None:
    project = seed(db_path)
    try:
        app = Host(lambda: CodebookEditScreen(project, "Q1", "lead", lang=lang))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            shown = await assert_fits(pilot, app.screen, 80)
            assert shown[:5] == ["help", "add", "rename", "edit_texts", "undo"]
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            assert len(app.screen.keys) > len(shown)
    finally:
        project.close()


def split_host(project: Project, lang: str) -> Host:
    """The split queue of code 'res' into two new codes, as the codebook editor opens it."""
    with project.session() as s:
        res = actions.code_by_key(s, "Q1", "res")
        new = [("res.staff", {"en": "Staff"}), ("res.money", {"en": "Money"})]
        ids, items = codebooks.start_split(s, res.id, new, actor="lead")
        code_id = res.id
    chosen = list(zip(ids, ["Staff", "Money"], strict=True))
    return Host(lambda: SplitQueueScreen(project, code_id, "res", chosen, items, "lead", lang=lang))


@pytest.mark.parametrize("lang", LANGS)
async def test_split_queue_footer_fits_at_80x24_help_first(db_path: str, lang: str) -> None:
    project = seed(db_path)
    try:
        app = split_host(project, lang)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, SplitQueueScreen)
            assert await assert_fits(pilot, screen, 80) == ["help", "apply", "skip", "stop"]
            await pilot.resize_terminal(36, 24)  # narrower: whole keys still, help kept
            await pilot.pause()
            narrow = await assert_fits(pilot, screen, 36)
            assert narrow and narrow[0] == "help" and len(narrow) < 4
            await pilot.resize_terminal(80, 24)
            await pilot.pause()
            await pilot.press("question_mark")  # every key, the number keys too
            assert isinstance(app.screen, HelpScreen)
            keys = dict(app.screen.keys)
            assert keys["1-2"] == tr("split.toggle", lang)
            assert keys["esc"] == tr("split.stop", lang) and keys["n"] == tr("split.skip", lang)
            await pilot.press("escape")
            await pilot.press("2", "enter")  # the queue goes on: Money for the first answer
            await pilot.pause()
            assert (screen.done, screen.index) == (1, 1)
    finally:
        project.close()


def row_text(app: CoderApp, index: int) -> str:
    """The answer list's row ``index`` as drawn."""
    answers = app.screen.query_one(AnswerList)
    return answers.render_line(index - int(answers.scroll_offset.y)).text


async def test_a_code_toggled_on_then_off_leaves_the_answer_not_coded(
    coding_project: Project,
) -> None:
    app = CoderApp(coding_project, "anna", "Q1", config=Config(), learn=False)
    async with app.run_test(size=(120, 40)) as pilot:
        state = app.state
        assert state is not None
        answer = state.current_id
        await pilot.press("d")
        await pilot.pause()
        assert row_text(app, 0).startswith("✓") and state.coded_count == 1
        await pilot.press("d")
        await pilot.pause()
        assert row_text(app, 0)[0] in "·◆"  # not coded (a keyword suggestion may show)
        assert answer not in state.my_codes and state.coded_count == 0
        await pilot.press("ctrl+z")  # undo the removal: coded again, with its code
        await pilot.pause()
        assert row_text(app, 0).startswith("✓")
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert row_text(app, 0)[0] in "·◆"
    on_disk = CodingState(coding_project, "anna", "Q1")
    assert answer not in on_disk.my_codes and on_disk.coded_count == 0
    # Marked done with no code (enter) it is coded: that is "no code applies".
    app = CoderApp(coding_project, "anna", "Q1", config=Config(), learn=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
    assert CodingState(coding_project, "anna", "Q1").my_codes[answer] == set()
