"""The codebook editor driven by key presses on a real SQLite project, read back from the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import Static, TextArea

from coder.codebook.io import read_codebook
from coder.store import actions, codebooks
from coder.store.models import Answer, CodeRecord, CodeRevision, Coding
from coder.store.project import Project
from coder.tui.screens.codebook_edit import CodebookEditScreen
from tests.tui.conftest import FakeLearners, fill_code_form, type_text
from tests.tui.editor_seed import Host, seed

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    """Textual runs on asyncio."""
    return "asyncio"


def _app(project: Project, lang: str = "en") -> Host:
    return Host(lambda: CodebookEditScreen(project, "Q1", "lead", lang=lang))


def _code(project: Project, key: str) -> CodeRecord:
    with project.session(write=False) as s:
        return actions.code_by_key(s, "Q1", key)


def _active_keys(project: Project) -> list[str]:
    with project.session(write=False) as s:
        return [c.key for c in codebooks.active_codes(s, "Q1")]


def _status(app: Host) -> str:
    return str(app.screen.query_one("#cb-status", Static).render())


async def _clear_and_type(pilot: Pilot[Any], text: str) -> None:
    await pilot.press("home", "ctrl+k", *text)


async def _go_to(pilot: Pilot[Any], line: int) -> None:
    await pilot.press("home", *(["down"] * line))


async def test_add_code_with_label(db_path: str) -> None:
    project = seed(db_path)
    app = _app(project)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        await fill_code_form(pilot, "res.time", "Tidsbrist", "Lack of time")
        await pilot.pause()
        assert "res.time" in _status(app)
    code = _code(project, "res.time")
    assert code.labels == {"sv": "Tidsbrist", "en": "Lack of time"}
    assert code.status == "active" and code.parent_id is None
    assert _active_keys(project)[-1] == "res.time"


async def test_rename_shortcut_and_definition_in_swedish(db_path: str) -> None:
    project = seed(db_path)
    app = _app(project, lang="sv")
    async with app.run_test(size=(100, 30)) as pilot:
        # rename: new id and Swedish label (the form's second field)
        await pilot.press("r")
        await _clear_and_type(pilot, "resources")
        await pilot.press("tab")
        await _clear_and_type(pilot, "Brist")
        await pilot.press("enter")
        await pilot.pause()
        # shortcut
        await pilot.press("k")
        await _clear_and_type(pilot, "z")
        await pilot.press("enter")
        await pilot.pause()
        # definition and examples (Ctrl+S saves the form)
        await pilot.press("e")
        assert isinstance(app.focused, TextArea)
        app.focused.text = ""
        await type_text(pilot, "Brist på folk.")
        await pilot.press("tab")
        await type_text(pilot, "få lärare")
        await pilot.press("enter")
        await type_text(pilot, "ingen tid")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Resurser" not in str(app.screen.query_one("#cb-detail", Static).render())
    code = _code(project, "resources")
    assert code.labels["sv"] == "Brist" and code.labels["en"] == "Resources"
    assert code.shortcut == "z"
    assert code.definition == {
        "en": "Lack of staff, time or money.",
        "sv": "Brist på folk.",
    }
    assert code.examples["sv"] == ["få lärare", "ingen tid"]
    with project.session(write=False) as s:
        changes = [r.change for r in codebooks.code_history(s, code.id)]
        kept = s.scalar(select(Coding.id).where(Coding.code_id == code.id))
    assert changes == ["create", "rename", "edit", "edit"]
    assert kept is not None, "a rename keeps the code's codings"


async def test_move_under_top_level_and_reorder(db_path: str) -> None:
    project = seed(db_path)
    app = _app(project)
    async with app.run_test(size=(100, 30)) as pilot:
        await _go_to(pilot, 2)  # adm.rules, under adm
        await pilot.press("m")
        await pilot.press("enter")  # first choice: top level
        await pilot.pause()
        assert _code(project, "adm.rules").parent_id is None
        assert _active_keys(project) == ["res", "adm", "adm.rules"]
        await _go_to(pilot, 0)  # res
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert _active_keys(project) == ["adm", "res", "adm.rules"]
        await pilot.press("left_square_bracket")
        await pilot.pause()
    assert _active_keys(project) == ["res", "adm", "adm.rules"]


async def test_merge_moves_codings_and_keeps_history(db_path: str) -> None:
    project = seed(db_path)
    rules = _code(project, "adm.rules")
    app = _app(project)
    async with app.run_test(size=(100, 30)) as pilot:
        await _go_to(pilot, 2)  # adm.rules
        await pilot.press("g")
        await pilot.press("down", "enter")  # choices: res, adm -> adm
        await pilot.pause()
        await pilot.press("y")  # merge asks first
        await pilot.pause()
        assert "adm.rules" in _status(app) and "adm" in _status(app)
    adm = _code(project, "adm")
    with project.session(write=False) as s:
        merged = s.get(CodeRecord, rules.id)
        assert merged is not None
        assert merged.status == "merged" and merged.merged_into_id == adm.id
        assert s.scalar(select(Coding.id).where(Coding.code_id == rules.id)) is None
        answers_on_adm = set(
            s.scalars(
                select(Answer.respondent_id)
                .join(Coding, Coding.answer_id == Answer.id)
                .where(Coding.code_id == adm.id)
            )
        )
        changes = [
            r.change
            for r in s.scalars(select(CodeRevision).where(CodeRevision.code_id == rules.id))
        ]
    assert answers_on_adm == {"R02", "R06", "R03", "R05"}  # R03 and R05 came with the merge
    assert changes[-1] == "merge"
    assert "adm.rules" not in _active_keys(project)


def _reconciling(project: Project) -> Project:
    """Open reconciliation of Q1: coding is no longer blind, a split steps through everyone's."""
    from coder.agreement.reconcile import open_reconciliation

    with project.session() as s:
        open_reconciliation(s, "Q1")
    return project


async def test_split_reassigns_answers_one_by_one(db_path: str) -> None:
    project = _reconciling(seed(db_path))
    res = _code(project, "res")
    app = _app(project)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s")
        await type_text(pilot, "res.staff: Staff")
        await pilot.press("enter")
        await type_text(pilot, "res.money: Money")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "SplitQueueScreen"
        # answer R01 (anna and ben): staff; R02 (ben): money; R03: both; R05 (anna): keep
        await pilot.press("enter")  # nothing chosen: refused, stays
        assert "at least one" in str(app.screen.query_one("#split-help", Static).render())
        await pilot.press("1", "enter", "2", "enter", "1", "2", "enter", "n")
        await pilot.pause()
        assert type(app.screen).__name__ == "CodebookEditScreen"
        assert "3" in _status(app)
    staff, money = _code(project, "res.staff"), _code(project, "res.money")
    with project.session(write=False) as s:

        def by(code_id: int) -> set[tuple[str, str]]:
            from coder.store.models import Coder

            rows = s.execute(
                select(Answer.respondent_id, Coder.name)
                .join(Coding, Coding.answer_id == Answer.id)
                .join(Coder, Coding.coder_id == Coder.id)
                .where(Coding.code_id == code_id)
            )
            return {(r, c) for r, c in rows}

        assert by(staff.id) == {("R01", "anna"), ("R01", "ben"), ("R03", "anna"), ("R03", "ben")}
        assert by(money.id) == {("R02", "ben"), ("R03", "anna"), ("R03", "ben")}
        assert by(res.id) == {("R05", "anna")}
        assert s.get(CodeRecord, res.id).status == "active"  # type: ignore[union-attr]
    assert staff.parent_id is None and staff.labels == {"en": "Staff"}


async def test_split_to_the_end_retires_the_old_code(db_path: str) -> None:
    project = _reconciling(seed(db_path))
    rules = _code(project, "adm.rules")
    app = _app(project)
    async with app.run_test(size=(100, 30)) as pilot:
        await _go_to(pilot, 2)
        await pilot.press("s")
        await type_text(pilot, "adm.law: Law")
        await pilot.press("enter")
        await type_text(pilot, "adm.policy: Policy")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("1", "enter", "2", "enter")
        await pilot.pause()
    assert _code(project, "adm.rules").status == "retired"
    assert _code(project, "adm.law").parent_id == _code(project, "adm").id
    with project.session(write=False) as s:
        assert s.scalar(select(Coding.id).where(Coding.code_id == rules.id)) is None


async def test_retire_after_confirmation(db_path: str) -> None:
    project = seed(db_path)
    app = _app(project)
    async with app.run_test(size=(100, 30)) as pilot:
        await _go_to(pilot, 0)
        await pilot.press("x", "n")  # declined
        await pilot.pause()
        assert _code(project, "res").status == "active"
        await pilot.press("x", "y")
        await pilot.pause()
    res = _code(project, "res")
    assert res.status == "retired"
    with project.session(write=False) as s:
        assert s.scalar(select(Coding.id).where(Coding.code_id == res.id)) is not None
    assert _active_keys(project) == ["adm", "adm.rules"]


async def test_export_to_yaml_reads_back(
    db_path: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = seed(db_path)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "challenges.yaml"  # the form offers the codebook's id as the file name
    app = _app(project)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        await fill_code_form(pilot, "other", "Övrigt", "Other")
        await pilot.pause()
        await pilot.press("w", "enter")
        await pilot.pause()
        assert "'other': label has no fi text" in _status(app)
        assert not out.exists(), "an export that could not be read back is refused"
        await _go_to(pilot, 3)
        await pilot.press("r", "tab", "tab")
        await type_text(pilot, "Muu")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("w", "enter")
        await pilot.pause()
        assert "challenges.yaml" in _status(app)
    book = read_codebook(out)
    assert [c.id for c in book.all_codes()] == ["res", "adm", "adm.rules", "other"]
    assert book.find("adm.rules") in book.find("adm").children  # type: ignore[union-attr]
    assert book.find("res").definition == {"en": "Lack of staff, time or money."}  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("lang", "one", "two"),
    [
        (
            "sv",
            "challenges.yaml: skrevs inte: kod 'other': etiketten saknar text på fi",
            "challenges.yaml: skrevs inte: kod 'other': etiketten saknar text på fi "
            "(och 1 problem till)",
        ),
        (
            "fi",
            "challenges.yaml: ei kirjoitettu: koodi 'other': nimeltä puuttuu teksti kielellä fi",
            "challenges.yaml: ei kirjoitettu: koodi 'other': nimeltä puuttuu teksti kielellä fi "
            "(ja 1 muu ongelma)",
        ),
    ],
)
async def test_a_refused_export_is_said_in_the_editors_language(
    lang: str, one: str, two: str, db_path: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first problem that would make the file unreadable, and how many more there are."""
    project = seed(db_path)
    monkeypatch.chdir(tmp_path)
    app = _app(project, lang=lang)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("a")
        await fill_code_form(pilot, "other", "Övrigt", "Other")
        await pilot.pause()
        await pilot.press("w", "enter")
        await pilot.pause()
        assert _status(app) == one
        await pilot.press("a")
        await fill_code_form(pilot, "zother", "Annat", "Else")
        await pilot.pause()
        await pilot.press("w", "enter")
        await pilot.pause()
        assert _status(app) == two
    assert not (tmp_path / "challenges.yaml").exists()


async def test_stale_edit_is_refused_with_a_clear_message(db_path: str) -> None:
    project = seed(db_path)
    app = _app(project)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        # someone else renames the code after the editor read it
        with project.session() as s:
            codebooks.edit_code(s, _code(project, "res").id, actor="ben", labels={"en": "Means"})
        await pilot.press("k")
        await _clear_and_type(pilot, "q")
        await pilot.press("enter")
        await pilot.pause()
        status = _status(app)
        assert "changed by someone else" in status
        assert "Means" in str(app.screen.query_one("#cb-detail", Static).render())
    assert _code(project, "res").shortcut == "1"


async def test_invalid_id_is_refused_in_the_form(db_path: str) -> None:
    project = seed(db_path)
    app = _app(project)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        await type_text(pilot, "Bad Id")
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "CodeForm"
        assert "Bad Id" in str(app.screen.query_one("#form-error", Static).render())
        await pilot.press("escape")
        await pilot.press("a")
        await type_text(pilot, "res")  # id already used
        await pilot.press("tab", "X", "enter")
        await pilot.pause()
        assert "already used" in _status(app)
    assert _active_keys(project) == ["res", "adm", "adm.rules"]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot(snap_compare: Any, db_path: str, size: tuple[int, int]) -> None:
    project = seed(db_path)
    assert snap_compare(_app(project), terminal_size=size)


def test_snapshot_split_queue(snap_compare: Any, db_path: str) -> None:
    project = _reconciling(seed(db_path))

    async def split(pilot: Pilot[Any]) -> None:
        await pilot.press("s")
        await type_text(pilot, "res.staff: Staff")
        await pilot.press("enter")
        await type_text(pilot, "res.money: Money")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("1")

    assert snap_compare(_app(project), terminal_size=(80, 24), run_before=split)


async def test_the_coding_app_opens_it_with_its_key(db_path: str) -> None:
    from coder.tui.app import CoderApp
    from coder.tui.config import Config

    project = seed(db_path)
    app = CoderApp(project, "lead", "Q1", config=Config(), learner_factory=FakeLearners())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("B")
        await pilot.pause()
        assert isinstance(app.screen, CodebookEditScreen)
        await pilot.press("x", "y", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, CodebookEditScreen)
    assert _code(project, "res").status == "retired"
