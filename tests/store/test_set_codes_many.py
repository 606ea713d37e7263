"""set_codes_many (the bulk path of `coder import-codes`) leaves exactly what set_codes does."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from coder.store import actions, undo
from coder.store.codebooks import active_codes
from coder.store.models import Coding, Event, Review
from coder.store.project import Project
from tests.factories import seed_project


def _state(project: Project) -> dict[str, Any]:
    with project.session(write=False) as s:
        return {
            "codings": sorted(s.execute(select(Coding.answer_id, Coding.code_id, Coding.source))),
            "reviews": sorted(s.execute(select(Review.answer_id, Review.done))),
            "events": [
                (e.actor, e.kind, e.answer_id, e.question_id, e.payload)
                for e in s.scalars(
                    select(Event).where(Event.kind == "codes.set").order_by(Event.id)
                )
            ],
        }


def _apply(project: Project, bulk: bool) -> tuple[list[int], list[int]]:
    """Pre-code three answers one by one, then set codes on five; return answer and code ids."""
    answers = seed_project(project, 6)
    with project.session() as s:
        codes = [c.id for c in active_codes(s, "Q1")]
        actions.toggle_code(s, answers[0], codes[0], "anna")
        actions.toggle_code(s, answers[1], codes[1], "anna")
        actions.mark_done(s, answers[2], "anna", done=False)
    items = [
        (answers[0], {codes[0], codes[2]}),  # keeps one, adds one
        (answers[1], set()),  # removes its code: seen, no code
        (answers[2], {codes[3]}),  # had a review that was not done
        (answers[3], {codes[1], codes[4]}),
        (answers[4], set()),
    ]
    with project.session() as s:
        if bulk:
            result = actions.set_codes_many(s, "anna", items)
        else:
            result = [actions.set_codes(s, a, "anna", ids, source="import") for a, ids in items]
    assert result[0] == ({codes[2]}, set()) and result[1] == (set(), {codes[1]})
    return answers, codes


def test_bulk_equals_one_by_one(tmp_path) -> None:  # type: ignore[no-untyped-def]
    one = Project.create(str(tmp_path / "one.sqlite"))
    bulk = Project.create(str(tmp_path / "bulk.sqlite"))
    _apply(one, bulk=False)
    _apply(bulk, bulk=True)
    assert _state(bulk) == _state(one)
    assert len(_state(bulk)["events"]) == 5


def test_bulk_import_undoes_answer_by_answer(any_db: str) -> None:
    project = Project.create(any_db)
    answers, codes = _apply(project, bulk=True)
    with project.session() as s:
        undo.undo(s, "anna")  # the last answer: back to not reviewed
        undo.undo(s, "anna")  # answers[3]: its two codes go
        assert actions.codes_of(s, answers[3], actions.get_coder(s, "anna").id) == set()
        assert actions.codes_of(s, answers[0], actions.get_coder(s, "anna").id) == {
            codes[0],
            codes[2],
        }
        undo.redo(s, "anna")
        assert actions.codes_of(s, answers[3], actions.get_coder(s, "anna").id) == {
            codes[1],
            codes[4],
        }
    project.close()
