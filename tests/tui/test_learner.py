"""The TUI's real learner (a suggester in a child process) on a small project: the one test
that fits for real (train, score, informative order); the screens' tests use the fake learner
of conftest.py."""

from __future__ import annotations

from sqlalchemy import select

from coder.store.actions import set_codes_many
from coder.store.models import Answer, CodeRecord
from coder.store.project import Project
from coder.tui.learning import Learner


def test_the_learner_trains_on_coded_answers_and_scores_as_screen_rows(
    coding_project: Project,
) -> None:
    with coding_project.session() as s:
        code_ids = {key: cid for key, cid in s.execute(select(CodeRecord.key, CodeRecord.id))}
        by_respondent = {
            rid: aid for rid, aid in s.execute(select(Answer.respondent_id, Answer.id))
        }
        coded = {"R002": "funding", "R007": "funding", "R004": "marketing", "R008": "marketing"}
        set_codes_many(s, "anna", [(by_respondent[r], {code_ids[key]}) for r, key in coded.items()])
    rows = [(by_respondent[r], "en", [key]) for r, key in coded.items()]
    learner = Learner(coding_project, "Q1", "anna")
    try:
        assert learner.train(rows) == len(rows)
        scored = learner.score(
            ["Funding is short again.", "Marketing is weak."], ["en", "en"], code_ids
        )
        uncoded = ["Nobody agrees on the definition.", "Det saknas tid.", "En osaa sanoa."]
        order = learner.order(uncoded, ["en", "sv", "fi"])
    finally:
        learner.close()
    assert len(scored) == 2
    valid = set(code_ids.values())
    for row in scored:
        assert row, "no suggestion for an answer"
        assert all(s.code_id in valid and 0 < s.score <= 1 for s in row)
    assert scored[0][0].code_id == code_ids["funding"]
    assert sorted(order) == [0, 1, 2]  # the informative order: each answer once
    assert learner.remote is None  # the child process was stopped
