"""Counts behind the coding screen's tables, added up in SQL: code co-occurrence and codes by a
respondent attribute.

The exports (``coder.export``) build the same numbers from a whole-question code matrix and
the theme table, which also read quotes, memos and every answer's attributes; the screen needs
only the counts, so it asks for them here and no row per answer reaches Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import distinct, func, select, union
from sqlalchemy.orm import Session, aliased

from coder.store.models import Answer, Coder, Coding, RespondentAttribute, Review


@dataclass
class CodePairs:
    """Answers per pair of codes given by one coder: ``pairs[(a, b)]`` answers have both code
    a and code b (``a == b``: the answers with code a)."""

    pairs: dict[tuple[int, int], int] = field(default_factory=dict)
    coded: int = 0
    """Answers the coder has coded (marked done or given any code)."""


@dataclass
class ValueCounts:
    """Answers per value of a respondent attribute (None: the respondent has no value), in
    all and per code given by one coder."""

    answers: dict[str | None, int] = field(default_factory=dict)
    per_code: dict[int, dict[str | None, int]] = field(default_factory=dict)


def _coder_id(session: Session, coder_name: str) -> int | None:
    return session.scalar(select(Coder.id).where(Coder.name == coder_name))


def code_pairs(session: Session, question_id: str, coder_name: str) -> CodePairs:
    """Co-occurrence of the coder's codes on the question's answers, by a self-join on the
    codings (several segments of one code on one answer count once)."""
    coder_id = _coder_id(session, coder_name)
    if coder_id is None:
        return CodePairs()
    first, second = aliased(Coding), aliased(Coding)
    rows = session.execute(
        select(first.code_id, second.code_id, func.count(distinct(first.answer_id)))
        .join(
            second,
            (second.answer_id == first.answer_id) & (second.coder_id == first.coder_id),
        )
        .join(Answer, Answer.id == first.answer_id)
        .where(first.coder_id == coder_id, Answer.question_id == question_id)
        .group_by(first.code_id, second.code_id)
    )
    found = CodePairs(pairs={(a, b): n for a, b, n in rows})
    coded = union(
        select(Coding.answer_id)
        .join(Answer, Answer.id == Coding.answer_id)
        .where(Coding.coder_id == coder_id, Answer.question_id == question_id),
        select(Review.answer_id)
        .join(Answer, Answer.id == Review.answer_id)
        .where(
            Review.coder_id == coder_id,
            Review.done.is_(True),
            Answer.question_id == question_id,
        ),
    ).subquery()
    found.coded = session.scalar(select(func.count()).select_from(coded)) or 0
    return found


def code_counts_by_value(
    session: Session, question_id: str, coder_name: str, attribute: str
) -> ValueCounts:
    """The question's answers per value of ``attribute``, and the answers the coder gave each
    code per value: two GROUP BY queries."""
    grouping = aliased(RespondentAttribute)
    joined = (grouping.respondent_id == Answer.respondent_id) & (grouping.name == attribute)
    counts = ValueCounts(
        answers={
            value: n
            for value, n in session.execute(
                select(grouping.value, func.count())
                .select_from(Answer)
                .outerjoin(grouping, joined)
                .where(Answer.question_id == question_id)
                .group_by(grouping.value)
            )
        }
    )
    coder_id = _coder_id(session, coder_name)
    if coder_id is None:
        return counts
    rows = session.execute(
        select(Coding.code_id, grouping.value, func.count(distinct(Coding.answer_id)))
        .join(Answer, Answer.id == Coding.answer_id)
        .outerjoin(grouping, joined)
        .where(Coding.coder_id == coder_id, Answer.question_id == question_id)
        .group_by(Coding.code_id, grouping.value)
    )
    for code_id, value, n in rows:
        counts.per_code.setdefault(code_id, {})[value] = n
    return counts
