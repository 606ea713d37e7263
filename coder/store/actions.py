"""Analyst actions on a project, each writing the append-only event log.

Each function works inside the caller's transaction (``with project.session() as s:``); the
TUI and the CLI open one transaction per action so that every action is committed at once.
Undo and redo (``coder.store.undo``) replay this log; they are events themselves, so the log
is never rewritten.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from coder.errors import NotFoundError
from coder.store.chunking import chunks
from coder.store.codings import add_coding, codes_of, remove_coding, review_of, set_done
from coder.store.models import (
    Answer,
    Base,
    CodebookRecord,
    Coder,
    CodeRecord,
    Coding,
    Event,
    Memo,
    Question,
    Review,
    utcnow,
)


def get_coder(
    session: Session, name: str, *, create: bool = True, consensus: bool = False
) -> Coder:
    """The coder called ``name``, created on first use (a new analyst needs no set-up)."""
    coder = session.scalar(select(Coder).where(Coder.name == name))
    if coder is None:
        if not create:
            raise NotFoundError("error.store.no_coder", name=name)
        coder = Coder(name=name, is_consensus=consensus)
        session.add(coder)
        session.flush()
    return coder


def get_answer(session: Session, answer_id: int) -> Answer:
    """The answer with this id, or NotFoundError."""
    answer = session.get(Answer, answer_id)
    if answer is None:
        raise NotFoundError("error.store.no_answer", answer_id=answer_id)
    return answer


def find_answer(session: Session, respondent_id: str, question_id: str) -> Answer | None:
    """The answer of a respondent to a question, or None."""
    return session.scalar(
        select(Answer).where(
            Answer.respondent_id == respondent_id, Answer.question_id == question_id
        )
    )


def code_by_key(session: Session, question_id: str, key: str) -> CodeRecord:
    """The code ``key`` of the question's codebook (any status), or NotFoundError."""
    code = session.scalar(
        select(CodeRecord)
        .join(CodebookRecord, CodeRecord.codebook_id == CodebookRecord.id)
        .where(CodebookRecord.question_id == question_id, CodeRecord.key == key)
    )
    if code is None:
        raise NotFoundError("error.store.no_code_key", question_id=question_id, key=key)
    return code


def log_event(
    session: Session,
    actor: str,
    kind: str,
    payload: dict[str, Any] | None = None,
    *,
    question_id: str | None = None,
    answer_id: int | None = None,
    undoes: int | None = None,
) -> Event:
    """Append one event to the log."""
    event = Event(
        actor=actor,
        kind=kind,
        payload=payload or {},
        question_id=question_id,
        answer_id=answer_id,
        undoes=undoes,
        at=utcnow(),
    )
    session.add(event)
    session.flush()
    return event


def _coder_id(session: Session, name: str) -> int:
    """The id of coder ``name``, created on first use (one cheap query on the hot path)."""
    coder_id = session.scalar(select(Coder.id).where(Coder.name == name))
    return coder_id if coder_id is not None else get_coder(session, name).id


def _mark_done_fast(session: Session, answer_id: int, coder_id: int) -> bool:
    """Mark an answer coded by a coder with plain statements; returns whether it already was."""
    was = session.scalar(
        select(Review.done).where(Review.answer_id == answer_id, Review.coder_id == coder_id)
    )
    if was is None:
        session.execute(
            insert(Review).values(
                answer_id=answer_id,
                coder_id=coder_id,
                done=True,
                starred=False,
                updated_at=utcnow(),
            )
        )
        return False
    if not was:
        session.execute(
            update(Review)
            .where(Review.answer_id == answer_id, Review.coder_id == coder_id)
            .values(done=True, updated_at=utcnow())
        )
    return bool(was)


def toggle_code(
    session: Session,
    answer_id: int,
    code_id: int,
    coder_name: str,
    *,
    source: str = "manual",
    score: float | None = None,
) -> bool:
    """Toggle a code on an answer for a coder; returns True if the code is now on.

    Coding an answer also marks it as coded by that coder; taking its last code off makes it
    not coded again (``mark_done`` records "coded, no code applies"). This is the TUI's hot path (one
    keypress, one transaction), so it uses a handful of plain statements and no ORM flush.
    """
    question_id = session.scalar(select(Answer.question_id).where(Answer.id == answer_id))
    if question_id is None:
        raise NotFoundError("error.store.no_answer", answer_id=answer_id)
    if session.scalar(select(CodeRecord.id).where(CodeRecord.id == code_id)) is None:
        raise NotFoundError("error.store.no_code", code_id=code_id)
    coder_id = _coder_id(session, coder_name)
    was_done = _mark_done_fast(session, answer_id, coder_id)
    removed = session.execute(
        delete(Coding).where(
            Coding.answer_id == answer_id, Coding.code_id == code_id, Coding.coder_id == coder_id
        )
    ).rowcount  # type: ignore[attr-defined]
    done = True
    if removed:
        kind, now_on = "coding.remove", False
        if (
            session.scalar(
                select(Coding.id)
                .where(Coding.answer_id == answer_id, Coding.coder_id == coder_id)
                .limit(1)
            )
            is None
        ):  # its last code gone: the answer is not coded any more
            done = False
            session.execute(
                update(Review)
                .where(Review.answer_id == answer_id, Review.coder_id == coder_id)
                .values(done=False, updated_at=utcnow())
            )
    else:
        session.execute(
            insert(Coding).values(
                answer_id=answer_id,
                code_id=code_id,
                coder_id=coder_id,
                source=source,
                score=score,
                created_at=utcnow(),
            )
        )
        kind, now_on = "coding.add", True
    session.execute(
        insert(Event).values(
            actor=coder_name,
            kind=kind,
            payload={
                "code_id": code_id,
                "source": source,
                "score": score,
                "was_done": was_done,
                "done": done,
            },
            question_id=question_id,
            answer_id=answer_id,
            at=utcnow(),
        )
    )
    return now_on


def set_codes(
    session: Session,
    answer_id: int,
    coder_name: str,
    code_ids: Iterable[int],
    *,
    source: str = "manual",
    scores: dict[int, float] | None = None,
    decided_by: str | None = None,
    consensus: bool = False,
    rationale: str | None = None,
) -> tuple[set[int], set[int]]:
    """Make a coder's codes on an answer exactly ``code_ids`` (and mark it coded).

    Used for accepting suggestions, importing codings and reconciling (``decided_by`` the
    person deciding, ``rationale`` their short reason, both logged); returns (added, removed).
    """
    answer = get_answer(session, answer_id)
    coder = get_coder(session, coder_name, consensus=consensus)
    decider = get_coder(session, decided_by) if decided_by else None
    wanted = set(code_ids)
    before = codes_of(session, answer.id, coder.id)
    was_done = set_done(session, answer.id, coder.id)
    added, removed = wanted - before, before - wanted
    for code_id in sorted(removed):
        remove_coding(session, answer.id, code_id, coder.id)
    for code_id in sorted(added):
        score = (scores or {}).get(code_id)
        add_coding(session, answer, code_id, coder, source, score, decider)
    log_event(
        session,
        decided_by or coder_name,
        "codes.set",
        {
            "coder": coder_name,
            "before": sorted(before),
            "after": sorted(wanted),
            "source": source,
            "was_done": was_done,
            "scores": {str(k): v for k, v in (scores or {}).items()},
            **({"decided": True} if decider is not None else {}),
            **({"rationale": rationale} if rationale else {}),
        },
        question_id=answer.question_id,
        answer_id=answer.id,
    )
    return added, removed


def add_agreed_consensus(
    session: Session,
    question_id: str,
    consensus_name: str,
    decided_by: str,
    items: Sequence[tuple[int, set[int]]],
    coders: Sequence[str],
) -> int:
    """Enter agreed answers into the consensus at once (provenance ``agreed``, who, when).

    ``items``: (answer id, code ids) of answers with no consensus yet. A few set-wise
    statements, so opening reconciliation on 100,000 answers takes no longer than reading
    them; one ``consensus.agreed`` event lists the answers (not undoable one by one: they are
    what the coders gave alike). Returns how many answers entered.
    """
    if not items:
        return 0
    consensus_id = get_coder(session, consensus_name, consensus=True).id
    decider_id = get_coder(session, decided_by).id
    now = utcnow()
    ids = [answer_id for answer_id, _codes in items]
    reviewed: set[int] = set()
    for chunk in chunks(ids):
        reviewed.update(
            session.scalars(
                select(Review.answer_id).where(
                    Review.coder_id == consensus_id, Review.answer_id.in_(chunk)
                )
            )
        )
    _mark_done_many(session, consensus_id, ids, reviewed, now)
    rows = [
        {"answer_id": answer_id, "code_id": code_id, "coder_id": consensus_id, "source": "agreed",
         "score": None, "decided_by_id": decider_id, "created_at": now}
        for answer_id, codes in items
        for code_id in sorted(codes)
    ]  # fmt: skip
    if rows:
        session.execute(insert(Base.metadata.tables[Coding.__tablename__]), rows)
    log_event(
        session,
        decided_by,
        "consensus.agreed",
        {"consensus": consensus_name, "coders": list(coders), "answers": ids},
        question_id=question_id,
    )
    return len(items)


def set_codes_many(
    session: Session,
    coder_name: str,
    items: Sequence[tuple[int, set[int]]],
    *,
    source: str = "import",
) -> list[tuple[set[int], set[int]]]:
    """`set_codes` for many answers at once, with a few set-wise statements per call.

    Writes the same codings, reviews and ``codes.set`` events (so undo works the same) as
    calling `set_codes` per answer, which takes minutes for tens of thousands of imported
    answers. The answers must exist; returns (added, removed) per item.
    """
    coder_id = get_coder(session, coder_name).id
    ids = [answer_id for answer_id, _ in items]
    questions: dict[int, str] = {}
    before: dict[int, set[int]] = {i: set() for i in ids}
    reviewed: dict[int, bool] = {}
    for chunk in chunks(ids):
        rows = session.execute(select(Answer.id, Answer.question_id).where(Answer.id.in_(chunk)))
        questions.update((answer_id, question_id) for answer_id, question_id in rows)
        for answer_id, code_id in session.execute(
            select(Coding.answer_id, Coding.code_id).where(
                Coding.coder_id == coder_id, Coding.answer_id.in_(chunk)
            )
        ):
            before[answer_id].add(code_id)
        reviews = session.execute(
            select(Review.answer_id, Review.done).where(
                Review.coder_id == coder_id, Review.answer_id.in_(chunk)
            )
        )
        reviewed.update((answer_id, done) for answer_id, done in reviews)
    missing = [i for i in ids if i not in questions]
    if missing:
        raise NotFoundError("error.store.no_answer", answer_id=missing[0])
    now = utcnow()
    results, adds, removes, events = [], [], [], []
    for answer_id, wanted in items:
        added, removed = wanted - before[answer_id], before[answer_id] - wanted
        results.append((added, removed))
        removes += [{"a": answer_id, "c": code_id} for code_id in sorted(removed)]
        adds += [
            {"answer_id": answer_id, "code_id": code_id, "coder_id": coder_id, "source": source,
             "score": None, "decided_by_id": None, "created_at": now}
            for code_id in sorted(added)
        ]  # fmt: skip
        payload = {"coder": coder_name, "before": sorted(before[answer_id]),
                   "after": sorted(wanted), "source": source,
                   "was_done": bool(reviewed.get(answer_id, False)), "scores": {}}  # fmt: skip
        events.append(
            {"actor": coder_name, "kind": "codes.set", "payload": payload, "question_id": questions[answer_id],
             "answer_id": answer_id, "undoes": None, "at": now}
        )  # fmt: skip
    _mark_done_many(session, coder_id, ids, reviewed, now)
    codings = Base.metadata.tables[Coding.__tablename__]
    if removes:
        session.execute(
            delete(codings).where(
                codings.c.answer_id == bindparam("a"),
                codings.c.code_id == bindparam("c"),
                codings.c.coder_id == coder_id,
            ),
            removes,
        )
    if adds:
        session.execute(insert(codings), adds)
    if events:
        session.execute(insert(Base.metadata.tables[Event.__tablename__]), events)
    return results


def _mark_done_many(
    session: Session, coder_id: int, ids: Sequence[int], reviewed: Iterable[int], now: Any
) -> None:
    """Mark answers done for a coder in two statements (``reviewed``: those with a review)."""
    review_table = Base.metadata.tables[Review.__tablename__]
    had = set(reviewed)
    new_reviews = [
        {"answer_id": i, "coder_id": coder_id, "done": True, "starred": False, "updated_at": now}
        for i in ids
        if i not in had
    ]
    if new_reviews:
        session.execute(insert(review_table), new_reviews)
    if had:
        session.execute(
            update(review_table)
            .where(review_table.c.answer_id == bindparam("a"), review_table.c.coder_id == coder_id)
            .values(done=True, updated_at=now),
            [{"a": i} for i in sorted(had)],
        )


def _set_review_flag(
    session: Session, answer_id: int, coder_name: str, flag: str, value: bool
) -> None:
    """Set a coder's ``done`` or ``starred`` flag on an answer and log it (undoable)."""
    answer = get_answer(session, answer_id)
    coder = get_coder(session, coder_name)
    review = review_of(session, answer.id, coder.id)
    was = bool(getattr(review, flag))
    setattr(review, flag, value)
    review.updated_at = utcnow()
    log_event(
        session,
        coder_name,
        "review.done" if flag == "done" else "review.star",
        {"before": was, "after": value},
        question_id=answer.question_id,
        answer_id=answer.id,
    )


def mark_done(session: Session, answer_id: int, coder_name: str, done: bool = True) -> None:
    """Record that a coder has (or has not) finished an answer, even with no code on it."""
    _set_review_flag(session, answer_id, coder_name, "done", done)


def set_star(session: Session, answer_id: int, coder_name: str, starred: bool) -> None:
    """Star (or unstar) an answer as a quote for the theme table."""
    _set_review_flag(session, answer_id, coder_name, "starred", starred)


def set_memo(
    session: Session, coder_name: str, target_type: str, target_key: str, text: str
) -> Memo | None:
    """Write (or with empty text, delete) a coder's memo on an answer, code or question.

    An answer or a code is named by its record id (``str(code.id)``, as the TUI and the
    REFI-QDA exchange key them), a question by its id; a target the project does not hold is
    refused, naming the value, so a memo never lands where no screen or export finds it.
    """
    _require_memo_target(session, target_type, target_key)
    coder = get_coder(session, coder_name)
    memo = session.scalar(
        select(Memo).where(
            Memo.coder_id == coder.id,
            Memo.target_type == target_type,
            Memo.target_key == target_key,
        )
    )
    before = memo.text if memo else ""
    if text.strip():
        if memo is None:
            memo = Memo(
                coder_id=coder.id, target_type=target_type, target_key=target_key, text=text
            )
            session.add(memo)
        else:
            memo.text = text
            memo.updated_at = utcnow()
    elif memo is not None:
        session.delete(memo)
        memo = None
    log_event(
        session,
        coder_name,
        "memo.set",
        {"target_type": target_type, "target_key": target_key, "before": before, "after": text},
    )
    session.flush()
    return memo


_MEMO_TARGETS: dict[str, type[Answer] | type[CodeRecord] | type[Question]] = {
    "answer": Answer,
    "code": CodeRecord,
    "question": Question,
}


def _require_memo_target(session: Session, target_type: str, target_key: str) -> None:
    """Refuse a memo on an answer, code or question the project does not hold."""
    model = _MEMO_TARGETS.get(target_type)
    if model is None:  # a programming error: the callers name one of the three
        raise ValueError(f"not a memo target: {target_type!r}")
    key: str | int | None = target_key
    if model is not Question:
        key = int(target_key) if target_key.isdecimal() and target_key.isascii() else None
    if key is None or session.get(model, key) is None:
        if model is Answer:
            raise NotFoundError("error.store.memo_no_answer", key=target_key)
        if model is CodeRecord:
            raise NotFoundError("error.store.memo_no_code", key=target_key)
        raise NotFoundError("error.store.memo_no_question", key=target_key)


def get_memo(session: Session, coder_name: str, target_type: str, target_key: str) -> str:
    """A coder's memo text on a target ('' if none)."""
    return (
        session.scalar(
            select(Memo.text)
            .join(Coder, Memo.coder_id == Coder.id)
            .where(
                Coder.name == coder_name,
                Memo.target_type == target_type,
                Memo.target_key == target_key,
            )
        )
        or ""
    )
