"""Queries and commands behind the coding screen's views: code view, memo list, group coding,
filters over coding sources, and the per-user TUI state (language, queue order, position).

The TUI calls these instead of touching the ORM itself, so SQL stays in ``coder.store``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from coder.errors import NotFoundError
from coder.store.actions import get_coder, log_event
from coder.store.codebooks import get_codebook_record
from coder.store.codings import add_coding, codes_of, set_done
from coder.store.models import (
    Answer,
    Coder,
    Coding,
    Event,
    Memo,
    Question,
    Review,
    TuiPosition,
    TuiPreference,
    utcnow,
)
from coder.store.queries import attributes_of, questions

_IN_CHUNK = 900


@dataclass
class CodedAnswer:
    """An answer as the code view shows it: full text, attributes and the coder's codes."""

    id: int
    respondent_id: str
    language: str
    text: str
    position: int
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass
class MemoItem:
    """One memo of a coder, on an answer or a code."""

    target_type: str
    target_key: str
    text: str


def question_title(session: Session, question_id: str) -> str:
    """The question's title ('' when the question or its title is missing)."""
    question = session.get(Question, question_id)
    return question.title if question is not None and question.title else ""


def default_question(session: Session) -> str:
    """The first question that has a codebook, else the first question."""
    found = questions(session)
    if not found:
        raise NotFoundError("error.store.no_questions")
    for question in found:
        if get_codebook_record(session, question.id) is not None:
            return question.id
    return found[0].id


def answer_state(session: Session, answer_id: int, coder_name: str) -> tuple[set[int], bool, bool]:
    """(codes, done, starred) of one coder on one answer: re-read after undo or redo."""
    coder = get_coder(session, coder_name)
    session.flush()
    codes = codes_of(session, answer_id, coder.id)
    review = session.get(Review, (answer_id, coder.id))
    done = bool(review.done) if review is not None else False
    starred = bool(review.starred) if review is not None else False
    return codes, done, starred


def _coded_with(question_id: str, code_id: int, coder_id: int) -> Select[int, str, str, str, int]:
    """The question's answers that coder ``coder_id`` gave ``code_id`` (once each)."""
    return (
        select(Answer.id, Answer.respondent_id, Answer.language, Answer.text, Answer.position)
        .where(
            Answer.question_id == question_id,
            Answer.id.in_(
                select(Coding.answer_id).where(
                    Coding.code_id == code_id, Coding.coder_id == coder_id
                )
            ),
        )
        .order_by(Answer.position, Answer.id)
    )


def count_answers_with_code(
    session: Session, question_id: str, code_id: int, coder_name: str
) -> int:
    """How many of the question's answers ``coder_name`` coded with ``code_id``."""
    coder_id = session.scalar(select(Coder.id).where(Coder.name == coder_name))
    if coder_id is None:
        return 0
    found = _coded_with(question_id, code_id, coder_id).order_by(None).subquery()
    return session.scalar(select(func.count()).select_from(found)) or 0


def answers_with_code(
    session: Session,
    question_id: str,
    code_id: int,
    coder_name: str,
    *,
    offset: int = 0,
    limit: int | None = None,
) -> list[CodedAnswer]:
    """The answers of the question that ``coder_name`` coded with ``code_id``, in survey order,
    with full text and the respondent's attributes (two queries); ``offset`` and ``limit``
    give one page of them."""
    coder_id = session.scalar(select(Coder.id).where(Coder.name == coder_name))
    if coder_id is None:
        return []
    query = _coded_with(question_id, code_id, coder_id).offset(offset).limit(limit)
    found = [
        CodedAnswer(aid, rid, lang, text or "", pos)
        for aid, rid, lang, text, pos in session.execute(query)
    ]
    if found:
        attributes = attributes_of(session, sorted({a.respondent_id for a in found}))
        for answer in found:
            answer.attributes = attributes.get(answer.respondent_id, {})
    return found


def memos_of(session: Session, coder_name: str) -> list[MemoItem]:
    """Every memo the coder wrote (answers and codes), newest first."""
    rows = session.execute(
        select(Memo.target_type, Memo.target_key, Memo.text)
        .join(Coder, Memo.coder_id == Coder.id)
        .where(Coder.name == coder_name)
        .order_by(Memo.updated_at.desc(), Memo.id.desc())
    )
    return [MemoItem(kind, key, text) for kind, key, text in rows if (text or "").strip()]


def answers_coded_by_source(
    session: Session, question_id: str, coder_name: str, source: str
) -> set[int]:
    """Answers where the coder has at least one coding from ``source`` (e.g. ``auto``)."""
    return set(
        session.scalars(
            select(Coding.answer_id)
            .join(Coder, Coding.coder_id == Coder.id)
            .join(Answer, Coding.answer_id == Answer.id)
            .where(
                Coder.name == coder_name,
                Answer.question_id == question_id,
                Coding.source == source,
            )
            .distinct()
        )
    )


GROUP_EVENT = "codes.group"
"""The event of :func:`code_group`: one undo step that reverts every answer it coded."""


def code_group(
    session: Session,
    coder_name: str,
    source_answer_id: int,
    targets: Sequence[int],
    code_ids: set[int],
) -> list[tuple[int, set[int]]]:
    """Give each target answer the codes ``code_ids`` (added to what it has), as ONE event.

    Used for near-duplicates of ``source_answer_id``; returns (answer id, codes now) per
    target. Undo reverts the whole group at once (see ``coder.store.actions``).
    """
    coder = get_coder(session, coder_name)
    source = session.get(Answer, source_answer_id)
    if source is None:
        raise NotFoundError("error.store.no_answer", answer_id=source_answer_id)
    items = []
    result: list[tuple[int, set[int]]] = []
    for answer_id in targets:
        before = codes_of(session, answer_id, coder.id)
        after = before | set(code_ids)
        answer = session.get(Answer, answer_id)
        if answer is None:
            raise NotFoundError("error.store.no_answer", answer_id=answer_id)
        was_done = set_done(session, answer_id, coder.id)
        for code_id in sorted(after - before):
            add_coding(session, answer, code_id, coder, "group", None)
        items.append(
            {
                "answer_id": answer_id,
                "before": sorted(before),
                "after": sorted(after),
                "was_done": was_done,
                "source": "group",
            }
        )
        result.append((answer_id, after))
    log_event(
        session,
        coder_name,
        GROUP_EVENT,
        {"coder": coder_name, "codes": sorted(code_ids), "items": items, "source": "group"},
        question_id=source.question_id,
        answer_id=source_answer_id,
    )
    return result


def group_items(event: Event) -> list[int]:
    """The answers a group event touched (the TUI re-reads them after undo or redo)."""
    if event.kind != GROUP_EVENT:
        return []
    return [int(item["answer_id"]) for item in event.payload.get("items", [])]


# --- per-user TUI state --------------------------------------------------------------------


def tui_preferences(session: Session, coder_name: str) -> tuple[str | None, str | None]:
    """(UI language, queue order) the coder last chose inside the app (None: not chosen)."""
    row = session.execute(
        select(TuiPreference.ui_lang, TuiPreference.queue_order)
        .join(Coder, TuiPreference.coder_id == Coder.id)
        .where(Coder.name == coder_name)
    ).first()
    return (row[0], row[1]) if row is not None else (None, None)


def save_tui_preferences(
    session: Session, coder_name: str, *, ui_lang: str | None = None, queue_order: str | None = None
) -> None:
    """Remember the coder's UI language and/or queue order (None leaves one as it is)."""
    coder = get_coder(session, coder_name)
    row = session.get(TuiPreference, coder.id)
    if row is None:
        row = TuiPreference(coder_id=coder.id)
        session.add(row)
    if ui_lang is not None:
        row.ui_lang = ui_lang
    if queue_order is not None:
        row.queue_order = queue_order
    row.updated_at = utcnow()


def last_position(session: Session, coder_name: str, question_id: str) -> int | None:
    """The answer the coder was on when they last left the question, or None."""
    return session.scalar(
        select(TuiPosition.answer_id)
        .join(Coder, TuiPosition.coder_id == Coder.id)
        .where(Coder.name == coder_name, TuiPosition.question_id == question_id)
    )


def save_position(session: Session, coder_name: str, question_id: str, answer_id: int) -> None:
    """Remember where the coder is in the question."""
    coder = get_coder(session, coder_name)
    row = session.get(TuiPosition, (coder.id, question_id))
    if row is None:
        session.add(
            TuiPosition(
                coder_id=coder.id, question_id=question_id, answer_id=answer_id, updated_at=utcnow()
            )
        )
    else:
        row.answer_id = answer_id
        row.updated_at = utcnow()
