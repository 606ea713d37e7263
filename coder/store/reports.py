"""Read queries for the exports (theme tables, code matrices, quotes tables).

The export package computes reports from what these return and speaks no SQL itself.
Everything here reads; nothing writes.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from coder.store.chunking import chunks
from coder.store.models import (
    Answer,
    CodebookRecord,
    Coder,
    CodeRecord,
    Coding,
    Memo,
    RespondentAttribute,
    Review,
)


def question_coders(session: Session, question_id: str) -> list[tuple[str, bool]]:
    """(name, is consensus) of everyone who coded or reviewed an answer of the question,
    by name."""
    return [
        (name, bool(is_consensus))
        for name, is_consensus in session.execute(
            select(Coder.name, Coder.is_consensus)
            .where(
                Coder.id.in_(
                    select(Review.coder_id)
                    .join(Answer, Review.answer_id == Answer.id)
                    .where(Answer.question_id == question_id)
                    .union(
                        select(Coding.coder_id)
                        .join(Answer, Coding.answer_id == Answer.id)
                        .where(Answer.question_id == question_id)
                    )
                )
            )
            .order_by(Coder.name)
        )
    ]


def coder_is_consensus(session: Session, name: str) -> bool | None:
    """Whether the coder named ``name`` is a consensus coder (None: no such coder)."""
    found = session.execute(select(Coder.is_consensus).where(Coder.name == name)).first()
    return None if found is None else bool(found[0])


def question_answer_ids(session: Session, question_id: str) -> list[int]:
    """The ids of a question's answers, in survey order."""
    return list(
        session.scalars(
            select(Answer.id)
            .where(Answer.question_id == question_id)
            .order_by(Answer.position, Answer.id)
        )
    )


def answer_respondents(session: Session, question_id: str) -> list[tuple[int, str]]:
    """(answer id, respondent id) of a question's answers in survey order (no texts)."""
    return [
        (aid, rid)
        for aid, rid in session.execute(
            select(Answer.id, Answer.respondent_id)
            .where(Answer.question_id == question_id)
            .order_by(Answer.position, Answer.id)
        )
    ]


def answers_with_text(session: Session, question_id: str) -> list[tuple[int, str, str, str]]:
    """(answer id, respondent id, text, language) of a question's answers in survey order."""
    return [
        (aid, rid, text, language)
        for aid, rid, text, language in session.execute(
            select(Answer.id, Answer.respondent_id, Answer.text, Answer.language)
            .where(Answer.question_id == question_id)
            .order_by(Answer.position, Answer.id)
        )
    ]


def answers_by_id(session: Session, answer_ids: list[int]) -> dict[int, tuple[str, str, str]]:
    """Answer id -> (respondent id, text, language) for the given answers."""
    found: dict[int, tuple[str, str, str]] = {}
    for chunk in chunks(answer_ids):
        for aid, rid, text, language in session.execute(
            select(Answer.id, Answer.respondent_id, Answer.text, Answer.language).where(
                Answer.id.in_(chunk)
            )
        ):
            found[aid] = (rid, text, language)
    return found


def answer_attribute(session: Session, question_id: str, attribute: str) -> dict[int, str]:
    """Answer id -> its respondent's value of ``attribute`` (answers whose respondent has it)."""
    return {
        aid: value
        for aid, value in session.execute(
            select(Answer.id, RespondentAttribute.value)
            .join(RespondentAttribute, RespondentAttribute.respondent_id == Answer.respondent_id)
            .where(Answer.question_id == question_id, RespondentAttribute.name == attribute)
        )
    }


def attribute_names(session: Session, question_id: str | None = None) -> list[str]:
    """The respondent attributes present (among the question's respondents, if given)."""
    query = select(RespondentAttribute.name).distinct()
    if question_id is not None:
        query = query.where(
            RespondentAttribute.respondent_id.in_(
                select(Answer.respondent_id).where(Answer.question_id == question_id)
            )
        )
    return sorted(session.scalars(query))


def code_memos(session: Session, target_keys: list[str]) -> list[tuple[str, str, str]]:
    """(target key, text, coder name) of the memos on the given codes, by coder name."""
    if not target_keys:
        return []
    return [
        (key, text, name)
        for key, text, name in session.execute(
            select(Memo.target_key, Memo.text, Coder.name)
            .join(Coder, Memo.coder_id == Coder.id)
            .where(Memo.target_type == "code", Memo.target_key.in_(target_keys))
            .order_by(Coder.name)
        )
    ]


def starred_by(session: Session, question_id: str, coder_name: str | None = None) -> set[int]:
    """Answers of the question starred as quotes: by ``coder_name``, or by anyone (None)."""
    query = (
        select(Review.answer_id)
        .join(Answer, Review.answer_id == Answer.id)
        .where(Answer.question_id == question_id, Review.starred.is_(True))
    )
    if coder_name is not None:
        query = query.join(Coder, Review.coder_id == Coder.id).where(Coder.name == coder_name)
    return set(session.scalars(query))


def code_labels(session: Session, question_id: str, lang: str = "en") -> dict[str, str]:
    """Code id -> label in ``lang`` of every code of the question's codebook (retired ones
    too: agreement and evaluation tables may still name them)."""
    return {
        code.key: code.label(lang)
        for code in session.scalars(
            select(CodeRecord)
            .join(CodebookRecord, CodeRecord.codebook_id == CodebookRecord.id)
            .where(CodebookRecord.question_id == question_id)
        )
    }
