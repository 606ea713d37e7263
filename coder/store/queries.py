"""Read-only queries shared by the CLI, the TUI, the suggester and the exports."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, Subquery, and_, func, or_, select
from sqlalchemy.orm import Session

from coder.errors import NotFoundError
from coder.store.chunking import chunks
from coder.store.models import (
    Answer,
    CodebookRecord,
    Coder,
    CodeRecord,
    Coding,
    Memo,
    Question,
    Respondent,
    RespondentAttribute,
    Review,
)
from coder.store.project import get_setting
from coder.store.rows import plain_rows


@dataclass
class AnswerView:
    """An answer with what the caller needs to show or export it."""

    id: int
    respondent_id: str
    question_id: str
    text: str
    language: str
    position: int
    attributes: dict[str, str] = field(default_factory=dict)


def require_question(session: Session, question_id: str) -> Question:
    """The question, or a NotFoundError naming it and the questions there are."""
    question = session.get(Question, question_id)
    if question is None:
        known = ", ".join(
            session.scalars(select(Question.id).order_by(Question.position, Question.id))
        )
        raise (
            NotFoundError("error.store.no_question_known", question_id=question_id, known=known)
            if known
            else NotFoundError("error.store.no_question", question_id=question_id)
        )
    return question


def questions(session: Session) -> list[Question]:
    """Every question in survey order."""
    return list(session.scalars(select(Question).order_by(Question.position, Question.id)))


def attributes_of(
    session: Session, respondent_ids: list[str] | None = None
) -> dict[str, dict[str, str]]:
    """Respondent id -> attribute name -> value (for the given respondents, or all)."""
    query = select(
        RespondentAttribute.respondent_id, RespondentAttribute.name, RespondentAttribute.value
    )
    result: dict[str, dict[str, str]] = defaultdict(dict)
    if respondent_ids is not None:
        for chunk in chunks(respondent_ids):
            for rid, name, value in session.execute(
                query.where(RespondentAttribute.respondent_id.in_(chunk))
            ):
                result[rid][name] = value
    else:  # every respondent: a hundred thousand respondents' rows, read in one call
        for rid, name, value in plain_rows(session, query):
            result[rid][name] = value
    return dict(result)


def answers(
    session: Session, question_id: str | None = None, *, with_attributes: bool = True
) -> list[AnswerView]:
    """Answers in survey order (question order, then import order)."""
    query = (
        select(
            Answer.id,
            Answer.respondent_id,
            Answer.question_id,
            Answer.text,
            Answer.language,
            Answer.position,
        )
        .join(Question, Answer.question_id == Question.id)
        .order_by(Question.position, Question.id, Answer.position, Answer.id)
    )
    if question_id is not None:
        require_question(session, question_id)
        query = query.where(Answer.question_id == question_id)
    views = [AnswerView(*row) for row in session.execute(query)]
    if with_attributes and views:
        attrs = (
            attributes_of(session)
            if question_id is None
            else attributes_of(session, sorted({v.respondent_id for v in views}))
        )
        for view in views:
            view.attributes = attrs.get(view.respondent_id, {})
    return views


def coded_answer_ids(session: Session, question_id: str, coder_name: str) -> set[int]:
    """Answers of a question that the coder has coded (marked done or given a code)."""
    coder_id = session.scalar(select(Coder.id).where(Coder.name == coder_name))
    if coder_id is None:
        return set()
    pairs = _coded_pairs()
    return set(
        session.scalars(
            select(pairs.c.answer_id)
            .join(Answer, Answer.id == pairs.c.answer_id)
            .where(pairs.c.coder_id == coder_id, Answer.question_id == question_id)
        )
    )


def _coded_pairs() -> Subquery:
    """(answer_id, coder_id) of every answer a coder has coded: marked done or given a code.

    The one definition of "coded"; ``_done_answers`` and the codings make up the same set.
    """
    return (
        select(Review.answer_id.label("answer_id"), Review.coder_id.label("coder_id"))
        .where(Review.done.is_(True))
        .union(select(Coding.answer_id, Coding.coder_id))
        .subquery()
    )


def _done_answers(coder_id: int, question_id: str) -> Select[int]:
    """The answers of a question that a coder marked done (coded, perhaps with no code)."""
    return (
        select(Review.answer_id)
        .join(Answer, Review.answer_id == Answer.id)
        .where(
            Review.coder_id == coder_id, Review.done.is_(True), Answer.question_id == question_id
        )
    )


def codings_by_answer(session: Session, question_id: str, coder_name: str) -> dict[int, set[str]]:
    """Answer id -> code keys a coder gave, for every answer the coder has coded (empty sets too)."""
    coder_id = session.scalar(select(Coder.id).where(Coder.name == coder_name))
    if coder_id is None:
        return {}
    conn = session.connection()  # Core rows: a 100,000-answer question reads 40 % faster
    done = conn.execute(_done_answers(coder_id, question_id))
    result: dict[int, set[str]] = {aid: set() for (aid,) in done}
    rows = conn.execute(
        select(Coding.answer_id, CodeRecord.key)
        .join(Answer, Coding.answer_id == Answer.id)
        .join(CodeRecord, Coding.code_id == CodeRecord.id)
        .where(Answer.question_id == question_id, Coding.coder_id == coder_id)
    )
    for answer_id, key in rows:
        result.setdefault(answer_id, set()).add(key)
    return result


def coders(session: Session) -> list[Coder]:
    """Every coder, by name."""
    return list(session.scalars(select(Coder).order_by(Coder.name)))


def is_consensus_coder(session: Session, name: str) -> bool:
    """Whether ``name`` is a consensus coder of the project (made by reconciliation)."""
    return bool(
        session.scalar(select(func.count()).where(Coder.name == name, Coder.is_consensus.is_(True)))
    )


def has_questions(session: Session) -> bool:
    """Whether the project holds any question (an empty project holds none)."""
    return session.scalar(select(Question.id).limit(1)) is not None


def status(session: Session) -> dict[str, Any]:
    """The project summary of `coder status --json`."""
    from coder.store.roles import leads, phase

    result: dict[str, Any] = {"questions": []}
    lang_rows = session.execute(
        select(Answer.question_id, Answer.language, func.count()).group_by(
            Answer.question_id, Answer.language
        )
    )
    languages: dict[str, dict[str, int]] = defaultdict(dict)
    for qid, lang, count in lang_rows:
        languages[qid][lang] = count
    resp_rows = session.execute(
        select(Answer.question_id, func.count(func.distinct(Answer.respondent_id))).group_by(
            Answer.question_id
        )
    )
    respondents: dict[str, int] = {qid: n for qid, n in resp_rows}
    code_counts: dict[str, int] = {
        qid: n
        for qid, n in session.execute(
            select(CodebookRecord.question_id, func.count(CodeRecord.id))
            .join(CodeRecord, CodeRecord.codebook_id == CodebookRecord.id)
            .where(CodeRecord.status == "active")
            .group_by(CodebookRecord.question_id)
        )
    }
    coded_pairs = _coded_pairs()
    coded_rows = session.execute(
        select(Answer.question_id, Coder.name, func.count())
        .select_from(coded_pairs)
        .join(Answer, Answer.id == coded_pairs.c.answer_id)
        .join(Coder, Coder.id == coded_pairs.c.coder_id)
        .group_by(Answer.question_id, Coder.name)
    )
    coded: dict[str, dict[str, dict[str, int]]] = defaultdict(dict)
    for qid, name, count in coded_rows:
        coded[qid][name] = {"coded": count}
    for question in questions(session):
        langs = languages.get(question.id, {})
        result["questions"].append(
            {
                "id": question.id,
                "title": question.title,
                "answers": sum(langs.values()),
                "respondents": respondents.get(question.id, 0),
                "languages": dict(sorted(langs.items(), key=lambda kv: (-kv[1], kv[0]))),
                "codes": code_counts.get(question.id, 0),
                "coders": dict(sorted(coded.get(question.id, {}).items())),
                "phase": phase(session, question.id),
            }
        )
    result["respondents"] = session.scalar(select(func.count()).select_from(Respondent)) or 0
    result["leads"] = leads(session)
    return result


def respondent_exists(session: Session, respondent_id: str) -> bool:
    """Whether the project holds this respondent."""
    return session.get(Respondent, respondent_id) is not None


def answer_ids_matching(
    session: Session, question_id: str, pairs: list[tuple[str, str]]
) -> dict[tuple[str, str], int]:
    """(respondent id, question id) -> answer id for the pairs that exist."""
    if not pairs:
        return {}
    found: dict[tuple[str, str], int] = {}
    for chunk in chunks(pairs, 400):  # two parameters per pair
        rows = session.execute(
            select(Answer.respondent_id, Answer.question_id, Answer.id).where(
                or_(*(and_(Answer.respondent_id == r, Answer.question_id == q) for r, q in chunk))
            )
        )
        for rid, qid, aid in rows:
            found[(rid, qid)] = aid
    return found


def get_answer_view(session: Session, answer_id: int) -> AnswerView:
    """One answer with its respondent's attributes."""
    answer = session.get(Answer, answer_id)
    if answer is None:
        raise NotFoundError("error.store.no_answer", answer_id=answer_id)
    view = AnswerView(
        answer.id,
        answer.respondent_id,
        answer.question_id,
        answer.text,
        answer.language,
        answer.position,
    )
    view.attributes = attributes_of(session, [answer.respondent_id]).get(answer.respondent_id, {})
    return view


# --- what the coding TUI loads once at start (ids and status, never every text) ------------

RECONCILIATION_SETTING = "reconciliation.open:{question}"
"""Project setting that, when "1", lets coders of a question see where they disagree."""


def answer_index(session: Session, question_id: str) -> list[tuple[int, str, str]]:
    """(answer id, respondent id, language) of a question's answers in survey order, no texts.

    Read through Core (plain tuples): the TUI loads this for 100,000 answers at start.
    """
    require_question(session, question_id)
    result = session.connection().execute(
        select(Answer.id, Answer.respondent_id, Answer.language)
        .where(Answer.question_id == question_id)
        .order_by(Answer.position, Answer.id)
    )
    # Plain int/str columns need no result processing: read the driver's tuples directly.
    rows = [(aid, rid, lang) for aid, rid, lang in result.cursor.fetchall()]
    result.close()
    return rows


def answer_texts(
    session: Session, answer_ids: list[int], limit: int | None = None
) -> dict[int, str]:
    """Answer id -> text (cut to ``limit`` characters) for the given answers."""
    column = Answer.text if limit is None else func.substr(Answer.text, 1, limit)
    result: dict[int, str] = {}
    for chunk in chunks(answer_ids):
        for aid, text in session.execute(select(Answer.id, column).where(Answer.id.in_(chunk))):
            result[aid] = text or ""
    return result


def my_codings(session: Session, question_id: str, coder_name: str) -> dict[int, set[int]]:
    """Answer id -> code ids a coder gave, for every answer the coder has coded (empty sets too).

    Two Core queries (answers marked done, codings): loaded once when the TUI starts.
    """
    coder_id = session.scalar(select(Coder.id).where(Coder.name == coder_name))
    if coder_id is None:
        return {}
    conn = session.connection()
    done = conn.execute(_done_answers(coder_id, question_id))
    result: dict[int, set[int]] = {aid: set() for (aid,) in done.cursor.fetchall()}
    done.close()
    rows = conn.execute(
        select(Coding.answer_id, Coding.code_id)
        .join(Answer, Coding.answer_id == Answer.id)
        .where(Answer.question_id == question_id, Coding.coder_id == coder_id)
    )
    pairs = rows.cursor.fetchall()  # plain ints: the driver's tuples, no row processing
    rows.close()
    for answer_id, code_id in pairs:
        codes = result.get(answer_id)
        if codes is None:
            result[answer_id] = {code_id}
        else:
            codes.add(code_id)
    return result


def starred_answer_ids(session: Session, question_id: str, coder_name: str) -> set[int]:
    """Answers of a question that the coder starred as quotes."""
    return set(
        session.scalars(
            select(Review.answer_id)
            .join(Answer, Review.answer_id == Answer.id)
            .join(Coder, Review.coder_id == Coder.id)
            .where(
                Coder.name == coder_name,
                Review.starred.is_(True),
                Answer.question_id == question_id,
            )
        )
    )


def memo_targets(session: Session, coder_name: str, target_type: str) -> set[str]:
    """Keys of the targets (answer ids, code ids...) a coder has written a memo on."""
    return set(
        session.scalars(
            select(Memo.target_key)
            .join(Coder, Memo.coder_id == Coder.id)
            .where(Coder.name == coder_name, Memo.target_type == target_type)
        )
    )


def codebook_version(session: Session, question_id: str) -> int:
    """The version of a question's codebook (0 without one): a cheap query to poll for edits."""
    return (
        session.scalar(
            select(CodebookRecord.version).where(CodebookRecord.question_id == question_id)
        )
        or 0
    )


def reconciliation_open(session: Session, question_id: str) -> bool:
    """Whether the project lead has opened reconciliation for the question (blind coding ends)."""
    return get_setting(session, RECONCILIATION_SETTING.format(question=question_id)) == "1"


def disagreements(session: Session, question_id: str, coder_name: str) -> set[int]:
    """Answers the coder coded whose code set differs from another (non-consensus) coder's.

    Only for use once reconciliation is open: before that, coding is blind.
    """
    sets: dict[str, dict[int, set[int]]] = {}
    for coder in coders(session):
        if not coder.is_consensus:
            sets[coder.name] = my_codings(session, question_id, coder.name)
    mine = sets.pop(coder_name, {})
    return {
        aid
        for aid, codes in mine.items()
        if any(aid in other and other[aid] != codes for other in sets.values())
    }


def attribute_values(session: Session, question_id: str) -> dict[str, dict[str, int]]:
    """Attribute name -> value -> number of the question's answers (for filter menus)."""
    result: dict[str, dict[str, int]] = defaultdict(dict)
    rows = session.execute(
        select(RespondentAttribute.name, RespondentAttribute.value, func.count())
        .join(Answer, Answer.respondent_id == RespondentAttribute.respondent_id)
        .where(Answer.question_id == question_id)
        .group_by(RespondentAttribute.name, RespondentAttribute.value)
    )
    for name, value, count in rows:
        result[name][value] = count
    return dict(result)


def respondents_with(session: Session, name: str, value: str) -> set[str]:
    """Respondents whose attribute ``name`` is ``value``."""
    return set(
        session.scalars(
            select(RespondentAttribute.respondent_id).where(
                RespondentAttribute.name == name, RespondentAttribute.value == value
            )
        )
    )
