"""How codes are used: the counts and the answer lists the codebook editor needs.

Kept apart from ``queries`` because only codebook maintenance (counts beside each code,
stepping through a code's answers when splitting it) asks these questions.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coder.store.models import Answer, Coder, Coding


def code_answer_counts(session: Session, question_id: str) -> dict[int, int]:
    """Code id -> how many answers of the question carry it (by any coder)."""
    rows = session.execute(
        select(Coding.code_id, func.count(func.distinct(Coding.answer_id)))
        .join(Answer, Coding.answer_id == Answer.id)
        .where(Answer.question_id == question_id)
        .group_by(Coding.code_id)
    )
    return {code_id: count for code_id, count in rows}


def answers_with_code(session: Session, code_id: int) -> list[tuple[int, list[str]]]:
    """(answer id, names of the coders who gave it ``code_id``) in survey order (for splits)."""
    rows = session.execute(
        select(Answer.id, Coder.name)
        .join(Coding, Coding.answer_id == Answer.id)
        .join(Coder, Coding.coder_id == Coder.id)
        .where(Coding.code_id == code_id)
        .order_by(Answer.position, Answer.id, Coder.name)
    )
    result: dict[int, list[str]] = {}
    for answer_id, name in rows:
        result.setdefault(answer_id, []).append(name)
    return list(result.items())
