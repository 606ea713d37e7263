"""Small builders of real projects for tests (bulk inserts through the store's models)."""

from __future__ import annotations

from coder.codebook.model import Code, Codebook
from coder.store import codebooks
from coder.store.models import Answer, Question, Respondent, RespondentAttribute
from coder.store.project import Project

CODE_KEYS = ("resources", "admin", "definition", "collaboration", "marketing")


def seed_project(project: Project, n_answers: int = 20, question_id: str = "Q1") -> list[int]:
    """Fill a project with one question, ``n_answers`` answers and a five-code codebook."""
    with project.session() as s:
        s.add(Question(id=question_id, title="Challenges", position=0))
        s.add_all(Respondent(id=f"R{i:05d}", position=i) for i in range(n_answers))
        s.flush()
        s.add_all(
            RespondentAttribute(
                respondent_id=f"R{i:05d}",
                name="staff_group",
                value=("teaching" if i % 2 else "other"),
            )
            for i in range(n_answers)
        )
        s.add_all(
            Answer(
                respondent_id=f"R{i:05d}",
                question_id=question_id,
                text=f"Answer number {i} about resources and administration",
                language="en",
                position=i,
            )
            for i in range(n_answers)
        )
        s.flush()
        book = Codebook(
            id="test",
            codes=[
                Code(id=key, labels={"en": key.title(), "sv": key, "fi": key}, shortcut=key[0])
                for key in CODE_KEYS
            ],
        )
        codebooks.attach_codebook(s, question_id, book, actor="lead")
    with project.session(write=False) as s:
        from sqlalchemy import select

        return list(
            s.scalars(
                select(Answer.id).where(Answer.question_id == question_id).order_by(Answer.position)
            )
        )
