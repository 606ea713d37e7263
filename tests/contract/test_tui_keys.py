"""CONTRACT.md, `coder code`: the keys outside checks rely on, in every UI language and at the
two terminal sizes checks use (80x24, 120x40), on a project made through the command line.

A code's shortcut toggles it; `V` reads the whole answer (PageDown/PageUp scroll, Escape
closes); `G` gives the answer's codes to its near-duplicates; `R` opens agreement and
reconciliation (`y` confirms, `a`/`b`/`u`/`e` decide and move on, Escape goes back);
`ctrl+q` quits; below 80x24 the screen names the size it needs.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from coder.store.project import Project
from coder.store.roles import phase
from coder.tui.app import CoderApp
from coder.tui.config import Config
from coder.tui.screens.coding import CodingScreen
from coder.tui.screens.reader import ReaderScreen
from coder.tui.screens.reconcile import ReconcileScreen
from coder.tui.screens.size_notice import SizeNotice
from tests.cli_helpers import run_cli

from .conftest import ANNA, BEN, Built, codes_by_respondent

pytestmark = pytest.mark.anyio

LANGS = ["sv", "fi", "en"]
SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def anyio_backend() -> str:
    """Textual runs on asyncio."""
    return "asyncio"


def codes_of(db: str, coder: str) -> dict[str, set[str]]:
    return codes_by_respondent(db, "Q1", coder)


async def go_to(app: CoderApp, pilot: Pilot[Any], respondent: str) -> None:
    """Move the coding screen to one respondent's answer (navigation is not in the contract)."""
    state = app.state
    assert state is not None and isinstance(app.screen, CodingScreen)
    state.go_to(state.ids[state.respondents.index(respondent)])
    app.screen.after_view_change("test")
    await pilot.pause()


async def settle(app: CoderApp, pilot: Pilot[Any]) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
async def test_contract_keys_work_in_every_language_and_size(
    built: Built, lang: str, size: tuple[int, int]
) -> None:
    project = Project.open(built.db)
    app = CoderApp(project, "lena", "Q1", lang, Config(), learn=False)
    try:
        async with app.run_test(size=size) as pilot:
            await settle(app, pilot)
            assert isinstance(app.screen, CodingScreen)
            # a code's shortcut toggles it, saved at once
            await go_to(app, pilot, "R04")
            await pilot.press("1")
            await pilot.pause()
            assert codes_of(built.db, "lena").get("R04") == {"res"}
            await pilot.press("1")
            await pilot.pause()
            assert not codes_of(built.db, "lena").get("R04")
            # V reads the whole long answer; PageDown/PageUp scroll; Escape closes
            await go_to(app, pilot, "R07")
            await pilot.press("V")
            await pilot.pause()
            assert isinstance(app.screen, ReaderScreen)
            scroller = app.screen.query_one("#reader")
            assert scroller.max_scroll_y > 0 and scroller.scroll_y == 0
            await pilot.press("pagedown")
            await pilot.pause()
            down = scroller.scroll_y
            assert down > 0
            await pilot.press("pageup")
            await pilot.pause()
            assert scroller.scroll_y < down
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, CodingScreen)
            # G gives the current answer's codes to its near-duplicates
            await go_to(app, pilot, "R08")
            await settle(app, pilot)
            await pilot.press("2")
            await pilot.press("G")
            await pilot.pause()
            mine = codes_of(built.db, "lena")
            assert {r: mine.get(r) for r in ("R08", "R09", "R10", "R11")} == dict.fromkeys(
                ("R08", "R09", "R10", "R11"), {"adm"}
            )
            assert not mine.get("R06")  # not a near-duplicate
            # R opens agreement and reconciliation; y confirms ending blind coding
            await pilot.press("R")
            await pilot.pause()
            await pilot.press("y")
            await settle(app, pilot)
            assert isinstance(app.screen, ReconcileScreen)
            with project.session(write=False) as s:
                assert phase(s, "Q1") == "reconciling"  # what `coder status` reports
            # a / b / u decide the current disagreement and move on (R02, R03, R05)
            await pilot.press("a")
            await pilot.pause()
            await pilot.press("b")
            await pilot.pause()
            await pilot.press("u")
            await pilot.pause()
            consensus = codes_of(built.db, "consensus")
            assert consensus["R02"] == set(ANNA["R02"].split(";"))
            assert consensus["R03"] == set(BEN["R03"].split(";"))
            assert consensus["R05"] == {"res", "rules"}
            # e opens an editor on the current decision; Escape leaves it unchanged
            await pilot.press("e")
            await pilot.pause()
            assert not isinstance(app.screen, ReconcileScreen)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, ReconcileScreen)
            # Escape goes back to coding
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, CodingScreen)
            await pilot.press("ctrl+q")
            await pilot.pause()
            assert not app.is_running
    finally:
        project.close()


@pytest.mark.parametrize("lang", LANGS)
async def test_below_80x24_the_screen_names_the_size_it_needs(built: Built, lang: str) -> None:
    project = Project.open(built.db)
    app = CoderApp(project, "anna", "Q1", lang, Config(), learn=False)
    try:
        async with app.run_test(size=(79, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, SizeNotice)
            notice = str(app.screen.query_one("#size-notice").content)
            assert "80" in notice and "24" in notice and "79" in notice
            await pilot.resize_terminal(80, 23)
            await pilot.pause()
            assert isinstance(app.screen, SizeNotice)
            await pilot.resize_terminal(80, 24)
            await pilot.pause()
            assert isinstance(app.screen, CodingScreen)
    finally:
        project.close()


async def test_a_coder_cannot_open_reconciliation_while_a_lead_exists(built: Built) -> None:
    project = Project.open(built.db)
    app = CoderApp(project, "ben", "Q1", "en", Config(), learn=False)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            await pilot.press("R")
            await pilot.pause()
            await pilot.press("y")
            await settle(app, pilot)
            assert not isinstance(app.screen, ReconcileScreen)
    finally:
        project.close()
    assert codes_of(built.db, "consensus") == {}


def test_code_as_consensus_is_refused(built: Built, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run_cli(capsys, "code", built.db, "--coder", "consensus")
    assert status == 1 and out == "" and "Traceback" not in err and "consensus" in err
