"""One coder's rows on one answer (codings and the review), changed without logging.

The building blocks of the logged actions (``coder.store.actions``), of undo and redo
(``coder.store.undo``) and of coding near-duplicates as one step (``coder.store.browse``):
each of those writes its own event, so these write none.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from coder.store.models import Answer, Coder, Coding, Review, utcnow


def review_of(session: Session, answer_id: int, coder_id: int) -> Review:
    """The coder's review row of an answer (done, starred), added when there is none."""
    review = session.get(Review, (answer_id, coder_id))
    if review is None:
        review = Review(answer_id=answer_id, coder_id=coder_id, done=False, starred=False)
        session.add(review)
    return review


def codes_of(session: Session, answer_id: int, coder_id: int) -> set[int]:
    """The code ids a coder has on an answer."""
    return set(
        session.scalars(
            select(Coding.code_id).where(Coding.answer_id == answer_id, Coding.coder_id == coder_id)
        )
    )


def add_coding(
    session: Session,
    answer: Answer,
    code_id: int,
    coder: Coder,
    source: str,
    score: float | None,
    decided_by: Coder | None = None,
) -> bool:
    """Give the answer the code (whole answer) unless the coder has it already; True if added."""
    exists = session.scalar(
        select(Coding.id).where(
            Coding.answer_id == answer.id, Coding.code_id == code_id, Coding.coder_id == coder.id
        )
    )
    if exists is not None:
        return False
    session.add(
        Coding(
            answer_id=answer.id,
            code_id=code_id,
            coder_id=coder.id,
            source=source,
            score=score,
            decided_by_id=decided_by.id if decided_by else None,
            created_at=utcnow(),
        )
    )
    return True


def remove_coding(session: Session, answer_id: int, code_id: int, coder_id: int) -> bool:
    """Take the code off the answer (every segment of it); True if it was there."""
    result = session.execute(
        delete(Coding).where(
            Coding.answer_id == answer_id, Coding.code_id == code_id, Coding.coder_id == coder_id
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def set_done(session: Session, answer_id: int, coder_id: int) -> bool:
    """Mark the answer as coded by the coder; returns whether it already was."""
    review = review_of(session, answer_id, coder_id)
    was = bool(review.done)
    review.done = True
    review.updated_at = utcnow()
    return was
