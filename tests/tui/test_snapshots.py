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
