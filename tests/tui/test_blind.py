"""Roles, phases, the complete consensus and safe editing, driven through the real TUI (Pilot)
and the real command line on SQLite projects, each read back from the database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from coder.agreement.reconcile import open_reconciliation
from coder.store import actions, codebooks
from coder.store.models import Answer, Coder, CodeRecord, Coding, Event
from coder.store.project import Project
from coder.store.roles import set_role
from coder.tui.app import CoderApp
from coder.tui.config import Config
from coder.tui.screens.codebook_edit import CodebookEditScreen
from coder.tui.screens.reconcile import ReconcileScreen
from tests.cli_helpers import run_cli
from tests.tui.conftest import fill_code_form, type_text
from tests.tui.editor_seed import Host, seed

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    """Textual runs on asyncio."""
    return "asyncio"


def _with_lead(db_path: str, lead: str = "lead") -> Project:
    """The editor seed (anna and ben coded Q1 blind) with ``lead`` named project lead."""
    project = seed(db_path)
    with project.session() as s:
        set_role(s, lead, "lead")
    return project


def _coding_app(project: Project, coder: str) -> CoderApp:
    return CoderApp(project, coder, "Q1", config=Config(), learn=False)


def _status(app: Any, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def _code(project: Project, key: str) -> CodeRecord:
    with project.session(write=False) as s:
        return actions.code_by_key(s, "Q1", key)


def _codings(project: Project) -> set[tuple[str, str, str, str]]:
    """(respondent, coder, code key, source) of every coding."""
    with project.session(write=False) as s:
        rows = s.execute(
            select(Answer.respondent_id, Coder.name, CodeRecord.key, Coding.source)
            .join(Coding, Coding.answer_id == Answer.id)
            .join(Coder, Coding.coder_id == Coder.id)
            .join(CodeRecord, Coding.code_id == CodeRecord.id)
        )
        return {tuple(r) for r in rows}  # type: ignore[misc]


async def _ready(pilot: Pilot[Any]) -> None:
    for worker in list(pilot.app.workers):
        if worker.group == "reconcile-read":
            await worker.wait()
    await pilot.pause()


# --- roles on the command line -------------------------------------------------------------


def test_role_command_names_a_lead_and_status_shows_leads_and_phase(
    db_path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(db_path).close()
    code, out, _err = run_cli(capsys, "status", db_path, "--json")
    assert code == 0
    before = json.loads(out)
    assert before["leads"] == [] and before["questions"][0]["phase"] == "blind"
    code, out, _err = run_cli(capsys, "role", db_path, "anna", "lead")
    assert code == 0 and "anna is now a lead" in out
    code, _out, err = run_cli(capsys, "role", db_path, "anna", "boss")
    assert code == 2 and "boss" in err
    code, out, _err = run_cli(capsys, "status", db_path, "--json")
    assert json.loads(out)["leads"] == ["anna"]
    code, _out, err = run_cli(capsys, "role", db_path, "consensus", "lead")
    assert code == 0  # no consensus coder yet: an ordinary name
    code, _out, err = run_cli(capsys, "role", db_path, "consensus", "coder")
    code, out, _err = run_cli(capsys, "status", db_path, "--json")
    assert json.loads(out)["leads"] == ["anna"]
    code, out, _err = run_cli(capsys, "role", "--help")
    assert code == 0 and "lead" in out


def test_code_as_consensus_is_refused(db_path: str, capsys: pytest.CaptureFixture[str]) -> None:
    seed(db_path).close()
    code, _out, err = run_cli(capsys, "code", db_path, "--coder", "consensus")
    assert code == 1
    assert "reconciliation" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_a_configured_binding_on_a_code_key_is_refused_with_file_and_line(
    db_path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: Any
) -> None:
    seed(db_path).close()
    config = tmp_path / "config.toml"
    config.write_text('ui_lang = "en"\n\n[bindings]\nnext = "down"\nstar = "2"\n')
    monkeypatch.setenv("CODER_CONFIG", str(config))
    code, _out, err = run_cli(capsys, "code", db_path, "--coder", "anna")
    assert code == 1
    assert f"{config}:5" in err and "'adm'" in err and "star" in err


# --- reconciliation: only a lead ends blind coding ------------------------------------------


async def test_a_coder_cannot_end_blind_coding(db_path: str) -> None:
    project = _with_lead(db_path, "lead")
    app = _coding_app(project, "anna")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("R")
        await pilot.pause()
        assert not isinstance(app.screen, ReconcileScreen)
        assert type(app.screen).__name__ == "CodingScreen"
        shown = [str(n.message) for n in app._notifications]
        assert any("only a lead (lead)" in m for m in shown)
    with project.session(write=False) as s:
        from coder.store.roles import phase

        assert phase(s, "Q1") == "blind"


async def test_opening_enters_agreed_answers_and_completes_the_consensus(db_path: str) -> None:
    project = _with_lead(db_path, "lead")
    app = _coding_app(project, "lead")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("R")
        await pilot.pause()
        await pilot.press("y")
        await _ready(pilot)
        assert "entered the consensus" in _status(app, "#rc-status")
        # the three disagreements, all taken from anna (coder A)
        await pilot.press("a", "a", "a")
        await pilot.pause()
        queue = _status(app, "#rc-queue")
        assert "consensus is complete" in queue and "--coder consensus" in queue
    consensus = {(r, k, src) for r, c, k, src in _codings(project) if c == "consensus"}
    anna = {(r, k) for r, c, k, _src in _codings(project) if c == "anna"}
    assert {(r, k) for r, k, _src in consensus} == anna
    assert {r for r, _k, src in consensus if src == "agreed"} == {"R01", "R06"}
    with project.session(write=False) as s:
        kinds = [e.kind for e in s.scalars(select(Event).where(Event.actor == "lead"))]
        assert "consensus.agreed" in kinds and "reconciliation.open" in kinds
        decided_by = set(
            s.scalars(
                select(Coder.name)
                .join(Coding, Coding.decided_by_id == Coder.id)
                .join(Answer, Coding.answer_id == Answer.id)
            )
        )
        assert decided_by == {"lead"}
        from coder.store.roles import phase

        assert phase(s, "Q1") == "reconciling"


async def test_a_decision_carries_a_rationale_and_ctrl_z_undoes_it(db_path: str) -> None:
    project = seed(db_path)
    app = Host(lambda: ReconcileScreen(project, "Q1", "lead"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("y")
        await _ready(pilot)
        await pilot.press("r")
        await pilot.pause()
        await type_text(pilot, "anna read the rules")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("b")  # R02 -> ben {adm, res}
        await pilot.pause()
        assert "R03" in _status(app, "#rc-answer")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "undone" in _status(app, "#rc-status")
        assert "R02" in _status(app, "#rc-answer")
    assert not any(r == "R02" and c == "consensus" for r, c, _k, _s in _codings(project))
    with project.session(write=False) as s:
        decision = s.scalars(
            select(Event).where(Event.kind == "codes.set", Event.actor == "lead")
        ).one()
        assert decision.payload["rationale"] == "anna read the rules"
        assert decision.payload["coder"] == "consensus"
        assert s.scalar(select(Event.id).where(Event.undoes == decision.id)) is not None


async def test_retired_codes_are_never_offered_and_ticks_are_text(db_path: str) -> None:
    project = seed(db_path)
    with project.session() as s:
        codebooks.retire_code(s, _code(project, "adm.rules").id, actor="lead")
    app = Host(lambda: ReconcileScreen(project, "Q1", "lead"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("y")
        await _ready(pilot)
        # R03: anna {res, adm.rules (retired)}, ben {res}
        while "R03" not in _status(app, "#rc-answer"):
            await pilot.press("n")
        sides = " ".join(str(w.render()) for w in app.screen.query(".rc-side"))
        assert "retired" in sides
        await pilot.press("e")
        await pilot.pause()
        options = app.screen.query_one("#codes", OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert prompts == ["[x] Resources (res)", "[ ] Administration (adm)"]
        note = str(app.screen.query_one("#codes-note").render())
        assert "union" in note
        await pilot.press("down", "space")
        await pilot.pause()
        assert str(options.get_option_at_index(1).prompt) == "[x] Administration (adm)"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("a")  # anna's set: the retired code is left out, and said so
        await pilot.pause()
        assert "Left out (retired): adm.rules" in _status(app, "#rc-status")
    consensus = {(r, k) for r, c, k, _s in _codings(project) if c == "consensus"}
    assert ("R03", "res") in consensus and ("R03", "adm.rules") not in consensus


# --- blind: a coder sees only their own work ------------------------------------------------


async def test_while_blind_the_editor_counts_only_your_own(db_path: str) -> None:
    project = _with_lead(db_path)
    app = Host(lambda: CodebookEditScreen(project, "Q1", "ben"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CodebookEditScreen)
        counts = {row.key: row.count for row in screen.state.codes.values()}
        # ben alone: res on R01 R02 R03, adm on R02 R06, adm.rules on R05 (anna's not counted)
        assert counts == {"res": 3, "adm": 2, "adm.rules": 1}
        text = _status(app, "#cb-title") + _status(app, "#cb-detail")
        assert "your own" in text and "anna" not in text


async def test_while_blind_a_split_steps_only_through_your_answers(db_path: str) -> None:
    project = seed(db_path)  # no lead: ben may split, but sees only his answers
    app = Host(lambda: CodebookEditScreen(project, "Q1", "ben"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await type_text(pilot, "res.staff: Staff")
        await pilot.press("enter")
        await type_text(pilot, "res.money: Money")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "SplitQueueScreen"
        seen = []
        for _ in range(3):  # ben gave res to R01, R02, R03
            seen.append(_status(app, "#split-title") + _status(app, "#split-coders"))
            await pilot.press("1", "enter")
            await pilot.pause()
        assert type(app.screen).__name__ == "CodebookEditScreen"
    assert all("anna" not in s and "Coded by" not in s for s in seen)
    assert [s.split("·")[-1].split()[0] for s in seen] == ["R01", "R02", "R03"]
    staff = {(r, c) for r, c, k, _s in _codings(project) if k == "res.staff"}
    assert staff == {("R01", "ben"), ("R02", "ben"), ("R03", "ben")}
    assert ("R01", "anna", "res", "manual") in _codings(project)  # anna's stays


async def test_a_coder_may_add_and_reword_but_not_merge_and_the_lead_sees_it(
    db_path: str,
) -> None:
    project = _with_lead(db_path, "lead")
    app = Host(lambda: CodebookEditScreen(project, "Q1", "ben"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("g", "down", "enter")  # merge res into adm
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert "only a lead (lead) can merge codes that other coders have used" in _status(
            app, "#cb-status"
        )
        await pilot.press("x", "y")  # retire: refused too
        await pilot.pause()
        assert "only a lead (lead) can retire" in _status(app, "#cb-status")
        await pilot.press("a")
        await fill_code_form(pilot, "res.time", "Tidsbrist", "Lack of time")
        await pilot.pause()
    assert _code(project, "res").status == "active"
    assert _code(project, "res.time").status == "active"
    app = Host(lambda: CodebookEditScreen(project, "Q1", "lead"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "ben added res.time" in _status(app, "#cb-detail")


# --- safe editing ------------------------------------------------------------------------------


async def test_merge_asks_first_and_ctrl_z_restores_every_coding(db_path: str) -> None:
    project = seed(db_path)
    before = _codings(project)
    app = Host(lambda: CodebookEditScreen(project, "Q1", "lead"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("home", "down", "down")  # adm.rules
        await pilot.press("g", "down", "enter")  # into adm
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmForm"
        await pilot.press("n")  # declined: nothing changes
        await pilot.pause()
        assert _code(project, "adm.rules").status == "active"
        await pilot.press("g", "down", "enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert _code(project, "adm.rules").status == "merged"
        with project.session(write=False) as s:
            event = s.scalars(select(Event).where(Event.kind == "code.merge")).one()
            moved = {(c["answer_id"], c["coder_id"]) for c in event.payload["codings"]}
            assert len(moved) == 2  # anna on R03, ben on R05
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "undone" in _status(app, "#cb-status")
    assert _code(project, "adm.rules").status == "active"
    assert {(r, c, k) for r, c, k, _s in _codings(project)} == {(r, c, k) for r, c, k, _s in before}


async def test_a_shortcut_that_a_command_uses_is_refused_with_its_name(db_path: str) -> None:
    project = seed(db_path)
    app = Host(lambda: CodebookEditScreen(project, "Q1", "lead"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for key, command in (("A", "Accept"), ("R", "reconcil"), ("/", "Search")):
            await pilot.press("k")
            await pilot.pause()
            await pilot.press("ctrl+a", "ctrl+k", key, "enter")
            await pilot.pause()
            status = _status(app, "#cb-status")
            assert "coding screen's key" in status and command.lower() in status.lower()
    assert _code(project, "res").shortcut == "1"


async def test_an_answer_whose_codes_were_all_retired_shows_as_such(db_path: str) -> None:
    project = seed(db_path)
    with project.session() as s:
        codebooks.retire_code(s, _code(project, "adm").id, actor="lead")
    app = _coding_app(project, "anna")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        state = app.state
        assert state is not None
        r02 = state.ids[1]  # anna: adm only
        state.go_to(r02)
        app.screen.show_current()  # type: ignore[attr-defined]
        await pilot.pause()
        shown = str(app.screen.query_one("#answer-text").render())
        assert "only retired codes: Administration" in shown


async def test_coding_screen_marks_disagreements_on_return_from_reconciliation(
    db_path: str,
) -> None:
    from coder.tui.widgets.answer_list import AnswerList

    project = seed(db_path)
    app = _coding_app(project, "anna")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        state = app.state
        assert state is not None
        assert state.disagreements == set()
        await pilot.press("R")
        await pilot.pause()
        await pilot.press("y")
        await _ready(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert {state.respondents[state.pos_of[a]] for a in state.disagreements} == {
            "R02",
            "R03",
            "R05",
        }
        line = app.screen.query_one(AnswerList).render_line(1)  # R02
        assert line.text.startswith("≠")


async def test_a_memo_written_in_another_session_appears(db_path: str) -> None:
    project = seed(db_path)
    app = _coding_app(project, "anna")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        state = app.state
        assert state is not None
        first = state.current_id
        assert first is not None
        other = Project.open(db_path)  # the same analyst in another terminal
        with other.session() as s:
            actions.set_memo(s, "anna", "answer", str(first), "ask about staffing")
        other.close()
        app.screen.poll_codebook()  # type: ignore[attr-defined]
        await pilot.pause()
        assert "ask about staffing" in str(app.screen.query_one("#answer-text").render())


def test_open_reconciliation_refuses_a_coder(db_path: str) -> None:
    from coder.store.roles import RoleError

    project = _with_lead(db_path, "anna")
    with pytest.raises(RoleError, match=r"only a lead \(anna\)"), project.session() as s:
        open_reconciliation(s, "Q1", "ben")
