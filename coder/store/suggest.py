"""What the suggester reads from a project and what auto-coding writes to it.

Auto-coding stores each code with source ``auto`` and the answer's confidence as its score,
marks the answer coded, and logs the whole run as one ``codes.auto`` event, so that a run can
be listed for review and taken back as a whole (:func:`undo_auto_run`). An answer given no
code (a non-answer) is only marked coded: the run's event is what says it was auto-coded.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from coder.codebook.model import Codebook
from coder.errors import NotFoundError
from coder.store.actions import get_coder, log_event
from coder.store.browse import answers_coded_by_source
from coder.store.codebooks import active_codes, require_codebook, to_model
from coder.store.models import Answer, Base, Coder, Coding, Event, Review, utcnow
from coder.store.queries import codings_by_answer, require_question

AUTO_SOURCE = "auto"
AUTO_EVENT = "codes.auto"
AUTO_UNDO_EVENT = "codes.auto.undo"


def require_coder(session: Session, name: str) -> Coder:
    """The coder called ``name``; NotFoundError naming the coders there are if the project has
    none of that name (nothing is created)."""
    coder = session.scalar(select(Coder).where(Coder.name == name))
    if coder is None:
        known = ", ".join(session.scalars(select(Coder.name).order_by(Coder.name)))
        raise (
            NotFoundError("error.store.no_coder_known", name=name, known=known)
            if known
            else NotFoundError("error.store.no_coder_none", name=name)
        )
    return coder


def question_answers(session: Session, question_id: str) -> list[tuple[int, str, str, str]]:
    """(answer id, respondent id, text, language) of a question's answers in survey order."""
    rows = session.execute(
        select(Answer.id, Answer.respondent_id, Answer.text, Answer.language)
        .where(Answer.question_id == question_id)
        .order_by(Answer.position, Answer.id)
    )
    return [(aid, rid, text or "", lang or "und") for aid, rid, text, lang in rows]


def suggester_question(
    session: Session, question_id: str, coder: str, known_coder: bool = True
) -> tuple[Codebook, list[tuple[int, str, str, str]], dict[int, set[str]]]:
    """What the suggester learns from for one coder and question: the active codebook, the
    answers (:func:`question_answers`) and answer id -> the code keys the coder gave, codes
    no longer active (retired) left out; an empty set is "coded, no code applies".

    NotFoundError for an unknown question, a question without a codebook, or (when
    ``known_coder``) a coder the project has never seen.
    """
    require_question(session, question_id)
    require_codebook(session, question_id)
    if known_coder:
        require_coder(session, coder)
    codebook = to_model(session, question_id)
    active = {code.id for code in codebook.all_codes()}
    coded = {
        aid: {key for key in keys if key in active}
        for aid, keys in codings_by_answer(session, question_id, coder).items()
    }
    return codebook, question_answers(session, question_id), coded


def coding_sources(session: Session, question_id: str, coder: str) -> dict[str, int]:
    """How many of the coder's codings on the question came from each source."""
    rows = session.execute(
        select(Coding.source, func.count())
        .join(Answer, Coding.answer_id == Answer.id)
        .join(Coder, Coding.coder_id == Coder.id)
        .where(Answer.question_id == question_id, Coder.name == coder)
        .group_by(Coding.source)
    ).all()
    return {str(source): int(count) for source, count in rows}


def code_ids_by_key(session: Session, question_id: str) -> dict[str, int]:
    """Code key -> code record id of the question's active codebook codes."""
    return {code.key: code.id for code in active_codes(session, question_id)}


def _reviews(session: Session, question_id: str, coder_id: int) -> dict[int, bool]:
    """Answer id -> done, for the coder's reviews of the question's answers."""
    rows = session.execute(
        select(Review.answer_id, Review.done)
        .join(Answer, Review.answer_id == Answer.id)
        .where(Answer.question_id == question_id, Review.coder_id == coder_id)
    )
    return {int(a): bool(done) for a, done in rows}


def _coded(session: Session, question_id: str, coder_id: int) -> set[int]:
    rows = session.scalars(
        select(Coding.answer_id)
        .join(Answer, Coding.answer_id == Answer.id)
        .where(Answer.question_id == question_id, Coding.coder_id == coder_id)
    )
    return {int(a) for a in rows}


def auto_code(
    session: Session,
    coder_name: str,
    question_id: str,
    items: Sequence[tuple[int, Sequence[int], float]],
    details: dict[str, Any],
) -> int | None:
    """Code answers (answer id, code ids, confidence) for a coder with source ``auto``; an
    answer with no code ids is marked "coded, no code applies".

    Answers the coder has already coded (or marked coded) are left alone. Returns the id of
    the run's one event (None when nothing was coded); ``details`` (the precision asked for,
    the threshold...) go into its payload.
    """
    coder = get_coder(session, coder_name)
    reviews = _reviews(session, question_id, coder.id)
    taken = {a for a, done in reviews.items() if done} | _coded(session, question_id, coder.id)
    todo = [(a, list(codes), conf) for a, codes, conf in items if a not in taken]
    if not todo:
        return None
    now = utcnow()
    codings = [
        {"answer_id": a, "code_id": c, "coder_id": coder.id, "source": AUTO_SOURCE,
         "score": conf, "created_at": now}
        for a, codes, conf in todo
        for c in codes
    ]  # fmt: skip
    if codings:
        session.execute(insert(Coding), codings)
    fresh = [a for a, _c, _s in todo if a not in reviews]
    if fresh:
        session.execute(
            insert(Review),
            [{"answer_id": a, "coder_id": coder.id, "done": True, "starred": False,
              "updated_at": now} for a in fresh],
        )  # fmt: skip
    stale = [{"a": a} for a, _c, _s in todo if a in reviews]
    if stale:
        reviews_table = Base.metadata.tables[Review.__tablename__]
        session.execute(
            update(reviews_table)
            .where(
                reviews_table.c.coder_id == coder.id, reviews_table.c.answer_id == bindparam("a")
            )
            .values(done=True, updated_at=now),
            stale,
        )
    payload = {
        **details,
        "coder": coder_name,
        "answers": [
            {"answer_id": a, "codes": codes, "confidence": conf} for a, codes, conf in todo
        ],
    }
    event = log_event(session, coder_name, AUTO_EVENT, payload, question_id=question_id)
    return int(event.id)


def last_auto_run(session: Session, coder_name: str, question_id: str) -> Event | None:
    """The coder's latest auto-coding run on the question that has not been taken back."""
    undone = select(Event.undoes).where(Event.kind == AUTO_UNDO_EVENT, Event.undoes.is_not(None))
    return session.scalar(
        select(Event)
        .where(
            Event.kind == AUTO_EVENT,
            Event.actor == coder_name,
            Event.question_id == question_id,
            Event.id.not_in(undone),
        )
        .order_by(Event.id.desc())
        .limit(1)
    )


def _changed_since(
    session: Session, coder: Coder, answer_ids: Sequence[int], since: int
) -> set[int]:
    """Which of ``answer_ids`` the coder has changed (coded, marked, decided) after event
    ``since``: an answer auto-coded with no code carries no coding whose source tells."""
    touched: set[int] = set()
    for begin in range(0, len(answer_ids), 500):
        chunk = answer_ids[begin : begin + 500]
        touched.update(
            int(a)
            for a in session.scalars(
                select(Event.answer_id).where(
                    Event.id > since,
                    Event.actor == coder.name,
                    Event.answer_id.in_(chunk),
                )
            )
            if a is not None
        )
    return touched


def undo_auto_run(session: Session, coder_name: str, question_id: str) -> int:
    """Take back the latest auto-coding run: its ``auto`` codings go and its answers are
    uncoded again, except where the coder has since changed them. Returns how many answers
    were reverted; NotFoundError if there is no run to take back."""
    run = last_auto_run(session, coder_name, question_id)
    if run is None:
        raise NotFoundError("error.store.no_auto_run", coder=coder_name, question_id=question_id)
    coder = get_coder(session, coder_name, create=False)
    items = [int(item["answer_id"]) for item in run.payload.get("answers", [])]
    touched = _changed_since(session, coder, items, run.id)
    reverted = 0
    for answer_id in items:
        sources = set(
            session.scalars(
                select(Coding.source).where(
                    Coding.answer_id == answer_id, Coding.coder_id == coder.id
                )
            )
        )
        if answer_id in touched or not sources <= {AUTO_SOURCE}:
            continue  # the coder has reviewed and changed it since: theirs now
        session.execute(
            delete(Coding).where(Coding.answer_id == answer_id, Coding.coder_id == coder.id)
        )
        session.execute(
            update(Review)
            .where(Review.answer_id == answer_id, Review.coder_id == coder.id)
            .values(done=False, updated_at=utcnow())
        )
        reverted += 1
    log_event(
        session,
        coder_name,
        AUTO_UNDO_EVENT,
        {"reverted": reverted},
        question_id=question_id,
        undoes=run.id,
    )
    return reverted


def auto_coded_answers(session: Session, question_id: str, coder_name: str) -> set[int]:
    """Ids of the question's answers the coder has from auto-coding, for review: those that
    carry an ``auto`` coding, and those a run that stands marked "no code" and that are still
    coded with none."""
    coded = answers_coded_by_source(session, question_id, coder_name, AUTO_SOURCE)
    coder = session.scalar(select(Coder).where(Coder.name == coder_name))
    if coder is None:
        return coded
    undone = select(Event.undoes).where(Event.kind == AUTO_UNDO_EVENT, Event.undoes.is_not(None))
    runs = session.scalars(
        select(Event.payload).where(
            Event.kind == AUTO_EVENT,
            Event.actor == coder_name,
            Event.question_id == question_id,
            Event.id.not_in(undone),
        )
    )
    empty = {int(item["answer_id"]) for payload in runs for item in payload.get("answers", [])
             if not item.get("codes")}  # fmt: skip
    if empty:
        done = {a for a, is_done in _reviews(session, question_id, coder.id).items() if is_done}
        empty = (empty & done) - _coded(session, question_id, coder.id)
    return coded | empty
