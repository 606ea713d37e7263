"""Agreement and reconciliation driven by key presses on a real SQLite project, read back."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from coder.agreement.collect import load_table
from coder.agreement.reconcile import is_reconciliation_open
from coder.agreement.report import agreement_report
from coder.store.models import Answer, Coder, CodeRecord, Coding
from coder.store.project import Project
from coder.tui.screens.reconcile import ReconcileScreen
from tests.tui.conftest import FakeLearners
from tests.tui.editor_seed import Host, seed

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    """Textual runs on asyncio."""
    return "asyncio"


def _app(project: Project, **kwargs: Any) -> Host:
    return Host(lambda: ReconcileScreen(project, "Q1", "lead", **kwargs))


async def _ready(pilot: Pilot[Any]) -> None:
    """Wait until the screen has read the codings (it reads in a thread) and shown them."""
    for worker in list(pilot.app.workers):
        if worker.group == "reconcile-read":
            await worker.wait()
    await pilot.pause()


async def _open(pilot: Pilot[Any]) -> None:
    """Confirm opening reconciliation (asked once per question)."""
    await pilot.pause()
    assert type(pilot.app.screen).__name__ == "ConfirmForm"
    await pilot.press("y")
    await _ready(pilot)


def _text(app: Host, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def _consensus(project: Project) -> dict[str, tuple[set[str], set[str]]]:
    """Respondent -> (consensus code keys, names of who decided)."""
    with project.session(write=False) as s:
        decider = s.scalars(select(Coder)).all()
        names = {c.id: c.name for c in decider}
        rows = s.execute(
            select(Answer.respondent_id, CodeRecord.key, Coding.decided_by_id)
            .join(Coding, Coding.answer_id == Answer.id)
            .join(CodeRecord, Coding.code_id == CodeRecord.id)
            .join(Coder, Coding.coder_id == Coder.id)
            .where(Coder.name == "consensus", Coder.is_consensus.is_(True))
        )
        out: dict[str, tuple[set[str], set[str]]] = {}
        for respondent, key, decided_by in rows:
            keys, who = out.setdefault(respondent, (set(), set()))
            keys.add(key)
            who.add(names.get(decided_by, "?"))
        return out


async def test_opening_shows_agreement_and_lifts_blindness(db_path: str) -> None:
    project = seed(db_path)
    with project.session(write=False) as s:
        assert not is_reconciliation_open(s, "Q1")
        expected = agreement_report(load_table(s, "Q1", ["anna", "ben"]), n_boot=0, details=False)
    app = _app(project)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot)
        table = app.screen.query_one("#rc-codes", DataTable)
        rows = {table.get_row_at(i)[-1]: table.get_row_at(i) for i in range(table.row_count)}
        assert set(rows) == {"res", "adm", "adm.rules"}
        res = expected["per_code"]["res"]
        assert rows["res"][0] == "Resources"
        assert rows["res"][1] == f"{res['percent_agreement']:.0%}"
        assert rows["res"][2] == f"{res['cohen_kappa']:.2f}"
        assert rows["res"][3] == f"{res['krippendorff_alpha']:.2f}"
        assert "anna" in _text(app, "#rc-title") and "ben" in _text(app, "#rc-title")
        # the coders first: at 80 columns a long question id cuts the title's end
        assert _text(app, "#rc-title").startswith("anna vs ben · question Q1")
        assert "Disagreements: 3" in _text(app, "#rc-queue")
        assert "R02" in _text(app, "#rc-answer")
    with project.session(write=False) as s:
        assert is_reconciliation_open(s, "Q1")


async def test_take_a_take_b_union_and_edit_store_the_consensus(db_path: str) -> None:
    project = seed(db_path)
    app = _app(project)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot)
        await pilot.press("a")  # R02: anna {adm}
        await pilot.press("b")  # R03: ben {res}
        await pilot.press("u")  # R05: anna {res} + ben {adm.rules}
        await pilot.pause()
        assert "reconciled: 3" in _text(app, "#rc-queue")
        # nothing left open: the queue stays on R05; edit it by hand from the decision
        assert "R05" in _text(app, "#rc-answer")
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("down", "space", "ctrl+s")  # tick adm (res, adm.rules stay)
        await pilot.pause()
        assert "Administration" in _text(app, "#rc-status")
    decided = _consensus(project)
    assert decided == {
        "R01": ({"res"}, {"lead"}),  # agreed: entered when reconciliation opened
        "R06": ({"adm"}, {"lead"}),
        "R02": ({"adm"}, {"lead"}),
        "R03": ({"res"}, {"lead"}),
        "R05": ({"res", "adm", "adm.rules"}, {"lead"}),
    }
    with project.session(write=False) as s:
        coder = s.scalar(select(Coder).where(Coder.name == "consensus"))
        assert coder is not None and coder.is_consensus


async def test_queue_moves_and_remembers_decisions(db_path: str) -> None:
    project = seed(db_path)
    app = _app(project)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot)
        await pilot.press("n")
        assert "R03" in _text(app, "#rc-answer")
        await pilot.press("n", "n")  # wraps around
        assert "R02" in _text(app, "#rc-answer")
        await pilot.press("b")  # decides R02, goes to the next open one
        assert "R03" in _text(app, "#rc-answer")
    # reopened (no question asked now), it starts on the first undecided answer
    app = _app(project)
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(pilot)
        assert "R03" in _text(app, "#rc-answer")
        assert "reconciled: 1" in _text(app, "#rc-queue")
        await pilot.press("p")
        sides = [str(w.render()) for w in app.screen.query(".rc-consensus")]
        assert "Administration" in sides[0] and "Resources" in sides[0]


async def test_choosing_coders_needs_two(db_path: str) -> None:
    project = seed(db_path)
    with project.session() as s:
        from coder.store import actions

        first = s.scalar(select(Answer.id).where(Answer.respondent_id == "R01"))
        assert first is not None
        actions.mark_done(s, first, "cecilia")
    app = _app(project, coders=["anna", "ben"])
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot)
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("space", "ctrl+s")  # untick anna: one coder left
        await pilot.pause()
        assert "exactly two" in _text(app, "#rc-status")
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("down", "down", "space", "ctrl+s")  # add cecilia
        await _ready(pilot)
        assert "cecilia" in _text(app, "#rc-title")
        table = app.screen.query_one("#rc-codes", DataTable)
        assert table.row_count == 3


async def test_declining_keeps_coding_blind(db_path: str) -> None:
    project = seed(db_path)
    app = _app(project)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert not isinstance(app.screen, ReconcileScreen)
    with project.session(write=False) as s:
        assert not is_reconciliation_open(s, "Q1")


async def test_without_two_coders_says_so(db_path: str) -> None:
    project = seed(db_path, codings=False)
    app = _app(project)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "needs two coders" in _text(app, "#rc-status")
        await pilot.press("a")  # nothing to decide: no error, nothing stored
    assert _consensus(project) == {}


async def test_the_decider_cannot_be_the_consensus_coder(db_path: str) -> None:
    project = seed(db_path)
    app = Host(lambda: ReconcileScreen(project, "Q1", "consensus"))
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert "person deciding" in _text(app, "#rc-status")
    assert _consensus(project) == {}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot(snap_compare: Any, db_path: str, size: tuple[int, int]) -> None:
    project = seed(db_path)
    assert snap_compare(_app(project), terminal_size=size, run_before=_open)


def test_snapshot_of_the_question_before_opening(snap_compare: Any, db_path: str) -> None:
    project = seed(db_path)
    assert snap_compare(_app(project), terminal_size=(80, 24))


def test_snapshot_after_a_decision(snap_compare: Any, db_path: str) -> None:
    project = seed(db_path)

    async def decide(pilot: Pilot[Any]) -> None:
        await _open(pilot)
        await pilot.press("u", "p")
        await pilot.pause()

    assert snap_compare(_app(project), terminal_size=(80, 24), run_before=decide)


async def test_the_coding_app_opens_it_with_its_key(db_path: str) -> None:
    from coder.tui.app import CoderApp
    from coder.tui.config import Config

    project = seed(db_path)
    app = CoderApp(project, "lead", "Q1", config=Config(), learner_factory=FakeLearners())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("R")
        await _open(pilot)
        assert isinstance(app.screen, ReconcileScreen)
        await pilot.press("a", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, ReconcileScreen)
    assert _consensus(project) == {
        "R01": ({"res"}, {"lead"}),
        "R02": ({"adm"}, {"lead"}),
        "R06": ({"adm"}, {"lead"}),
    }
