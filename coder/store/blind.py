"""Queries that keep blind coding blind and show the consensus one answer at a time.

While a question is blind the codebook editor counts only the editing coder's own codings;
the reconciliation screen reads one answer's consensus after an undo rather than the whole
question's.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coder.store.models import Answer, CodebookRecord, Coder, CodeRecord, Coding, Memo, Review


def own_code_counts(session: Session, question_id: str, coder_name: str) -> dict[int, int]:
    """Code id -> how many answers of the question ``coder_name`` gave it."""
    rows = session.execute(
        select(Coding.code_id, func.count(func.distinct(Coding.answer_id)))
        .join(Answer, Coding.answer_id == Answer.id)
        .join(Coder, Coding.coder_id == Coder.id)
        .where(Answer.question_id == question_id, Coder.name == coder_name)
        .group_by(Coding.code_id)
    )
    return {code_id: count for code_id, count in rows}


def consensus_keys(session: Session, answer_id: int, consensus: str) -> list[str] | None:
    """The consensus code keys of one answer, or None when none was entered."""
    coder_id = session.scalar(select(Coder.id).where(Coder.name == consensus))
    if coder_id is None:
        return None
    keys = sorted(
        session.scalars(
            select(CodeRecord.key)
            .join(Coding, Coding.code_id == CodeRecord.id)
            .where(Coding.answer_id == answer_id, Coding.coder_id == coder_id)
        )
    )
    done = session.scalar(
        select(Review.done).where(Review.answer_id == answer_id, Review.coder_id == coder_id)
    )
    return keys if keys or done else None


def inactive_codes(session: Session, question_id: str) -> dict[int, tuple[str, dict[str, str]]]:
    """Code id -> (key, labels) of the question's retired and merged codes."""
    rows = session.execute(
        select(CodeRecord.id, CodeRecord.key, CodeRecord.labels)
        .join(CodebookRecord, CodeRecord.codebook_id == CodebookRecord.id)
        .where(CodebookRecord.question_id == question_id, CodeRecord.status != "active")
    )
    return {code_id: (key, dict(labels or {})) for code_id, key, labels in rows}


def memo_stamp(session: Session, coder_name: str) -> tuple[int, str]:
    """(how many memos, when the latest changed) of a coder: a cheap poll for memos written
    in another session of the same coder."""

    count, latest = session.execute(
        select(func.count(Memo.id), func.max(Memo.updated_at))
        .join(Coder, Memo.coder_id == Coder.id)
        .where(Coder.name == coder_name)
    ).one()
    return int(count or 0), str(latest or "")
