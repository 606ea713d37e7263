"""Auto-coding in the store: runs with "no code" answers, their undo, and what review lists."""

from __future__ import annotations

from sqlalchemy import select

from coder.codebook.model import Code, Codebook
from coder.store import actions, codebooks
from coder.store.models import Answer, Coding, Event, Question, Respondent, Review
from coder.store.project import Project
from coder.store.suggest import auto_code, auto_coded_answers, undo_auto_run


def _seed(project: Project) -> tuple[list[int], dict[str, int]]:
    """Q1 with five answers and two codes; no coder has coded anything."""
    with project.session() as s:
        s.add(Question(id="Q1", title="Challenges", position=0))
        s.add_all(Respondent(id=f"R{i}", position=i) for i in range(5))
        s.flush()
        answers = [
            Answer(respondent_id=f"R{i}", question_id="Q1", text=t, language="en", position=i)
            for i, t in enumerate(["-", "no idea", "money", "forms and money", "eos"])
        ]
        s.add_all(answers)
        s.flush()
        book = Codebook(id="cb", codes=[Code(id="res", labels={"en": "Resources"}),
                                        Code(id="adm", labels={"en": "Admin"})])  # fmt: skip
        codebooks.attach_codebook(s, "Q1", book, actor="lead")
        codes = {key: actions.code_by_key(s, "Q1", key).id for key in ("res", "adm")}
        return [a.id for a in answers], codes


def _state(project: Project, answer_id: int) -> tuple[bool, list[tuple[int, str]]]:
    """(done, [(code id, source)]) of anna on the answer."""
    with project.session(write=False) as s:
        done = s.scalar(select(Review.done).where(Review.answer_id == answer_id))
        codings = s.execute(
            select(Coding.code_id, Coding.source).where(Coding.answer_id == answer_id)
        ).all()
        return bool(done), sorted((int(c), str(src)) for c, src in codings)


def test_a_run_with_no_code_answers_is_listed_and_taken_back_except_what_the_coder_changed(
    any_db: str,
) -> None:
    project = Project.create(any_db)
    answers, codes = _seed(project)
    dash, no_idea, money, both, eos = answers
    with project.session() as s:
        event = auto_code(
            s, "anna", "Q1",
            [(dash, [], 0.92), (no_idea, [], 0.92), (money, [codes["res"]], 0.95),
             (both, [codes["res"], codes["adm"]], 0.91), (eos, [], 0.92)],
            {"min_precision": 0.9},
        )  # fmt: skip
    assert event is not None
    assert _state(project, dash) == (True, [])
    assert _state(project, money) == (True, [(codes["res"], "auto")])
    with project.session(write=False) as s:
        assert auto_coded_answers(s, "Q1", "anna") == set(answers)
        run = s.get(Event, event)
        assert run is not None
        assert [item["codes"] for item in run.payload["answers"]] == [[], [], [codes["res"]], [codes["res"], codes["adm"]], []]  # fmt: skip
    # anna reviews: she codes "no idea" after all, confirms "eos" as no code, and takes one
    # of the two auto codes off the last answer (the other one is still from auto-coding)
    with project.session() as s:
        actions.toggle_code(s, no_idea, codes["adm"], "anna")
        actions.mark_done(s, eos, "anna")
        actions.toggle_code(s, both, codes["adm"], "anna")
    with project.session() as s:
        assert undo_auto_run(s, "anna", "Q1") == 2
    assert _state(project, dash) == (False, [])
    assert _state(project, money) == (False, [])
    assert _state(project, no_idea) == (True, [(codes["adm"], "manual")])
    assert _state(project, eos) == (True, [])
    assert _state(project, both) == (True, [(codes["res"], "auto")])
    with project.session(write=False) as s:
        # the run is taken back: its "no code" answers are not listed any more; the answer
        # that keeps an auto coding still is
        assert auto_coded_answers(s, "Q1", "anna") == {both}


def test_answers_the_coder_has_coded_are_left_alone(any_db: str) -> None:
    project = Project.create(any_db)
    answers, codes = _seed(project)
    with project.session() as s:
        actions.mark_done(s, answers[0], "anna")
        actions.toggle_code(s, answers[2], codes["adm"], "anna")
    with project.session() as s:
        assert auto_code(s, "anna", "Q1", [(answers[0], [], 0.9), (answers[2], [codes["res"]], 0.9)], {}) is None  # fmt: skip
    assert _state(project, answers[2]) == (True, [(codes["adm"], "manual")])
