"""Snapshots of the coding screens at 80x24 and 120x40 (update with --snapshot-update)."""

from __future__ import annotations

from typing import Any

import pytest

from coder.store.project import Project
from coder.tui.app import CoderApp
from coder.tui.config import Config


def app_for(project: Project, lang: str = "en") -> CoderApp:
    return CoderApp(project, "anna", "Q1", ui_lang=lang, config=Config(), learn=False)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_main_screen(snap_compare: Any, coding_project: Project, size: tuple[int, int]) -> None:
    assert snap_compare(app_for(coding_project), press=["d", "down"], terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_main_screen_swedish_with_definition(
    snap_compare: Any, coding_project: Project, size: tuple[int, int]
) -> None:
    assert snap_compare(app_for(coding_project, "sv"), press=["1", "D"], terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_help_screen(snap_compare: Any, coding_project: Project, size: tuple[int, int]) -> None:
    assert snap_compare(app_for(coding_project), press=["question_mark"], terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_filter_screen(snap_compare: Any, coding_project: Project, size: tuple[int, int]) -> None:
    async def open_filter(pilot: Any) -> None:
        from textual.widgets import Input

        await pilot.press("F")
        await pilot.pause()
        # A blinking cursor makes the picture depend on timing (a loaded machine is slower).
        pilot.app.screen.query_one(Input).cursor_blink = False

    assert snap_compare(app_for(coding_project), run_before=open_filter, terminal_size=size)


SIZES = [(80, 24), (120, 40), (200, 60)]


@pytest.fixture
def reading_project(coding_project: Project) -> Project:
    """The small project plus a 3,500-character answer (R009), near-duplicates, non-answers."""
    from tests.tui.reading_seed import add_answers

    add_answers(coding_project)
    return coding_project


@pytest.mark.parametrize("size", SIZES)
def test_long_answer(snap_compare: Any, reading_project: Project, size: tuple[int, int]) -> None:
    # R009 is the ninth answer: its text continues below the pane, with a marker saying so.
    assert snap_compare(app_for(reading_project), press=["down"] * 8, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_reader_after_page_down(
    snap_compare: Any, reading_project: Project, size: tuple[int, int]
) -> None:
    assert snap_compare(
        app_for(reading_project), press=[*["down"] * 8, "V", "pagedown"], terminal_size=size
    )


def test_size_notice(snap_compare: Any, reading_project: Project) -> None:
    assert snap_compare(app_for(reading_project), terminal_size=(60, 15))


@pytest.mark.parametrize("size", SIZES)
def test_code_view(snap_compare: Any, reading_project: Project, size: tuple[int, int]) -> None:
    # Code R001 and the long R009 as marketing (4), then the code view of marketing.
    press = ["4", *["down"] * 8, "4", "K"]
    assert snap_compare(app_for(reading_project), press=press, terminal_size=size)


def test_tables(snap_compare: Any, reading_project: Project) -> None:
    async def open_tables(pilot: Any) -> None:
        await pilot.press("d", "4", "down", "d", "down", "4", "T")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app_for(reading_project), run_before=open_tables, terminal_size=(120, 40))
