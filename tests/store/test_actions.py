"""Analyst actions: coding, undo/redo from the event log, versioned codebook edits."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from coder.codebook.model import Code, Codebook
from coder.errors import ConflictError, InputError
from coder.store import actions, codebooks, undo
from coder.store.models import Answer, CodeRevision, Coding, Event, Question, Respondent, Review
from coder.store.project import Project
from coder.store.queries import codings_by_answer, status


def _seed(project: Project) -> list[int]:
    with project.session() as s:
        s.add(Question(id="Q1", title="Challenges", position=0))
        for i in range(3):
            s.add(Respondent(id=f"R{i}", position=i))
        s.flush()
        answers = [
            Answer(
                respondent_id=f"R{i}",
                question_id="Q1",
                text=f"answer {i}",
                language="en",
                position=i,
            )
            for i in range(3)
        ]
        s.add_all(answers)
        s.flush()
        book = Codebook(
            id="cb",
            codes=[
                Code(
                    id="res",
                    labels={"en": "Resources", "sv": "Resurser", "fi": "Resurssit"},
                    shortcut="r",
                ),
                Code(
                    id="adm",
                    labels={"en": "Admin"},
                    shortcut="a",
                    children=[Code(id="adm.rules", labels={"en": "Rules"})],
                ),
            ],
        )
        codebooks.attach_codebook(s, "Q1", book, actor="lead", source="cb.yaml")
        return [a.id for a in answers]


def _code_id(project: Project, key: str) -> int:
    with project.session(write=False) as s:
        return actions.code_by_key(s, "Q1", key).id


def test_toggle_codes_and_status_counts_coded_answers(any_db: str) -> None:
    project = Project.create(any_db)
    ids = _seed(project)
    res = _code_id(project, "res")
    with project.session() as s:
        assert actions.toggle_code(s, ids[0], res, "anna") is True
    with project.session() as s:
        actions.mark_done(s, ids[1], "anna")  # seen, no code
    with project.session(write=False) as s:
        assert codings_by_answer(s, "Q1", "anna") == {ids[0]: {"res"}, ids[1]: set()}
        summary = status(s)
    assert summary["questions"][0]["coders"] == {"anna": {"coded": 2}}
    assert summary["questions"][0]["codes"] == 3
    with project.session() as s:
        assert actions.toggle_code(s, ids[0], res, "anna") is False
    with project.session(write=False) as s:
        assert s.scalar(select(func.count()).select_from(Coding)) == 0
        kinds = list(s.scalars(select(Event.kind).order_by(Event.id)))
    assert kinds[-3:] == ["coding.add", "review.done", "coding.remove"]
    with project.session(write=False) as s:  # its only code taken off: not coded any more
        assert codings_by_answer(s, "Q1", "anna") == {ids[1]: set()}
    with project.session() as s:
        undo.undo(s, "anna")
    with project.session(write=False) as s:
        assert codings_by_answer(s, "Q1", "anna") == {ids[0]: {"res"}, ids[1]: set()}
    with project.session() as s:
        undo.redo(s, "anna")
    with project.session(write=False) as s:
        assert codings_by_answer(s, "Q1", "anna") == {ids[1]: set()}
    project.close()


def test_undo_and_redo_across_answers_replay_the_event_log(project: Project) -> None:
    ids = _seed(project)
    res, adm = _code_id(project, "res"), _code_id(project, "adm")
    for answer_id, code_id in [(ids[0], res), (ids[1], adm), (ids[1], res)]:
        with project.session() as s:
            actions.toggle_code(s, answer_id, code_id, "anna")

    def current() -> dict[int, set[str]]:
        with project.session(write=False) as s:
            return {k: v for k, v in codings_by_answer(s, "Q1", "anna").items() if v}

    with project.session() as s:
        assert undo.undo(s, "anna") is not None
    assert current() == {ids[0]: {"res"}, ids[1]: {"adm"}}
    with project.session() as s:
        undo.undo(s, "anna")
    assert current() == {ids[0]: {"res"}}
    with project.session() as s:
        undo.redo(s, "anna")
    assert current() == {ids[0]: {"res"}, ids[1]: {"adm"}}
    # A new action clears the redo stack.
    with project.session() as s:
        actions.toggle_code(s, ids[2], adm, "anna")
        assert undo.redo(s, "anna") is None
    # Another coder's undo never touches anna's work.
    with project.session() as s:
        assert undo.undo(s, "ben") is None
    assert current() == {ids[0]: {"res"}, ids[1]: {"adm"}, ids[2]: {"adm"}}


def test_set_codes_records_suggestion_provenance_and_undoes(project: Project) -> None:
    ids = _seed(project)
    res, adm = _code_id(project, "res"), _code_id(project, "adm")
    with project.session() as s:
        actions.set_codes(
            s, ids[0], "anna", [res, adm], source="suggestion", scores={res: 0.9, adm: 0.7}
        )
    with project.session(write=False) as s:
        rows = {(c.code_id, c.source, c.score) for c in s.scalars(select(Coding))}
    assert rows == {(res, "suggestion", 0.9), (adm, "suggestion", 0.7)}
    with project.session() as s:
        undo.undo(s, "anna")
    with project.session(write=False) as s:
        assert s.scalar(select(func.count()).select_from(Coding)) == 0
        review = s.get(Review, (ids[0], actions.get_coder(s, "anna", create=False).id))
        assert review is not None and review.done is False


def test_reattaching_a_changed_codebook_versions_it(project: Project) -> None:
    _seed(project)
    changed = Codebook(
        id="cb", codes=[Code(id="res", labels={"en": "Lack of resources"}, shortcut="r")]
    )
    with project.session() as s:
        book = codebooks.attach_codebook(s, "Q1", changed, actor="lead")
        assert book.version == 2
        assert [c.key for c in codebooks.active_codes(s, "Q1")] == ["res"]
        res = actions.code_by_key(s, "Q1", "res")
        assert res.label("en") == "Lack of resources"
        assert actions.code_by_key(s, "Q1", "adm").status == "retired"
        changes = [r.change for r in codebooks.code_history(s, res.id)]
    assert changes == ["create", "update"]


def test_merge_moves_codings_and_keeps_history(project: Project) -> None:
    ids = _seed(project)
    res, adm = _code_id(project, "res"), _code_id(project, "adm")
    with project.session() as s:
        actions.toggle_code(s, ids[0], adm, "anna")
        actions.toggle_code(s, ids[1], adm, "anna")
        actions.toggle_code(s, ids[1], res, "anna")
    with project.session() as s:
        moved = codebooks.merge_codes(s, adm, res, actor="lead")
    assert moved == 1
    with project.session(write=False) as s:
        assert codings_by_answer(s, "Q1", "anna") == {ids[0]: {"res"}, ids[1]: {"res"}}
        assert actions.code_by_key(s, "Q1", "adm").status == "merged"
        assert (
            s.scalar(
                select(func.count()).select_from(CodeRevision).where(CodeRevision.code_id == adm)
            )
            == 2
        )
        # the sub-code now sits under the code it was merged into
        assert actions.code_by_key(s, "Q1", "adm.rules").parent_id == res


def test_stale_edit_is_a_visible_conflict(project: Project) -> None:
    _seed(project)
    res = _code_id(project, "res")
    with project.session() as s:
        revision = actions.code_by_key(s, "Q1", "res").revision
        codebooks.edit_code(
            s, res, actor="anna", expected_revision=revision, labels={"en": "Money"}
        )
    with pytest.raises(ConflictError, match="changed by someone else"), project.session() as s:
        codebooks.edit_code(s, res, actor="ben", expected_revision=revision, labels={"en": "Time"})
    with pytest.raises(InputError, match="shortcut 'r' is already used"), project.session() as s:
        codebooks.edit_code(s, _code_id(project, "adm"), actor="ben", shortcut="r")
