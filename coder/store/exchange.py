"""What a REFI-QDA export reads besides answers and codings: reviews, memos, coders.

Kept with the store so the exporter speaks no SQL; each reads one question set in one pass.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from coder.store.chunking import chunks
from coder.store.models import Answer, Coder, Memo, Review


def reviews_of(session: Session, question_ids: list[str]) -> list[tuple[int, str, bool, bool]]:
    """(answer id, coder name, done, starred) of every review on the questions' answers."""
    found: list[tuple[int, str, bool, bool]] = []
    for chunk in chunks(question_ids):
        rows = session.execute(
            select(Review.answer_id, Coder.name, Review.done, Review.starred)
            .join(Answer, Review.answer_id == Answer.id)
            .join(Coder, Review.coder_id == Coder.id)
            .where(Answer.question_id.in_(chunk))
            .order_by(Review.answer_id, Coder.name)
        )
        found += [(a, n, bool(d), bool(s)) for a, n, d, s in rows]
    return found


def memos_all(session: Session) -> list[tuple[str, str, str, str]]:
    """(coder name, target type, target key, text) of every memo, in a stable order."""
    rows = session.execute(
        select(Coder.name, Memo.target_type, Memo.target_key, Memo.text)
        .join(Coder, Memo.coder_id == Coder.id)
        .order_by(Memo.target_type, Memo.target_key, Coder.name)
    )
    return [(c, t, k, x) for c, t, k, x in rows if x.strip()]


def consensus_coders(session: Session) -> set[str]:
    """Names of the consensus coders."""
    return set(session.scalars(select(Coder.name).where(Coder.is_consensus.is_(True))))
