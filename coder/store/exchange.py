"""What a REFI-QDA export reads besides answers and codings: reviews, memos, coders.

Kept with the store so the exporter speaks no SQL; each reads one question set in one pass.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from coder.store.chunking import chunks
from coder.store.models import Answer, Coder, Memo, Review, utcnow
from coder.store.rows import plain_rows


def answers_to_export(
    session: Session, question_ids: list[str]
) -> list[tuple[int, str, str, str, str]]:
    """(answer id, question id, respondent id, text, language) of the questions' answers,
    question by question as given, each in survey order.

    Read through the session's Core connection: at survey scale the ORM's row handling for
    a hundred thousand answers costs more than the query."""
    found: list[tuple[int, str, str, str, str]] = []
    for qid in question_ids:
        found += plain_rows(
            session,
            select(
                Answer.id, Answer.question_id, Answer.respondent_id, Answer.text, Answer.language
            )
            .where(Answer.question_id == qid)
            .order_by(Answer.position, Answer.id),
        )
    return found


def reviews_of(session: Session, question_ids: list[str]) -> list[tuple[int, str, bool, bool]]:
    """(answer id, coder name, done, starred) of every review on the questions' answers."""
    found: list[tuple[int, str, bool, bool]] = []
    for chunk in chunks(question_ids):
        rows = plain_rows(
            session,
            select(Review.answer_id, Coder.name, Review.done, Review.starred)
            .join(Answer, Review.answer_id == Answer.id)
            .join(Coder, Review.coder_id == Coder.id)
            .where(Answer.question_id.in_(chunk))
            .order_by(Review.answer_id, Coder.name),
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


def mark_done_many(session: Session, pairs: set[tuple[int, int]]) -> int:
    """Mark each (answer id, coder id) coded, in bulk; returns how many were not yet."""
    return _flag_many(session, pairs, "done")


def star_many(session: Session, pairs: set[tuple[int, int]]) -> int:
    """Star each (answer id, coder id) as a quote, in bulk; returns how many were not yet."""
    return _flag_many(session, pairs, "starred")


def _flag_many(session: Session, pairs: set[tuple[int, int]], flag: str) -> int:
    """Set a review flag (``done`` or ``starred``) on many (answer, coder) pairs at once."""
    from sqlalchemy import insert, update

    if not pairs:
        return 0
    answer_ids = sorted({a for a, _c in pairs})
    known: dict[tuple[int, int], bool] = {}
    column = getattr(Review, flag)
    for chunk in chunks(answer_ids):
        rows = session.execute(
            select(Review.answer_id, Review.coder_id, column).where(Review.answer_id.in_(chunk))
        )
        known.update({(a, c): bool(v) for a, c, v in rows})
    now = utcnow()
    new = [
        {
            "answer_id": a,
            "coder_id": c,
            "done": flag == "done",
            "starred": flag == "starred",
            "updated_at": now,
        }
        for a, c in sorted(pairs)
        if (a, c) not in known
    ]
    if new:
        session.execute(insert(Review), new)
    unset = [(a, c) for a, c in sorted(pairs) if known.get((a, c)) is False]
    for a, c in unset:
        session.execute(
            update(Review)
            .where(Review.answer_id == a, Review.coder_id == c)
            .values({flag: True, "updated_at": now})
        )
    return len(new) + len(unset)
