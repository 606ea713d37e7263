"""Read queries for the exports (theme tables, code matrices, quotes tables).

The export package computes reports from what these return and speaks no SQL itself.
Everything here reads; nothing writes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Integer,
    Select,
    case,
    cast,
    distinct,
    func,
    literal,
    null,
    select,
    union_all,
)
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


@dataclass
class CodeCounts:
    """A coder's codings of one question added up in SQL (no row per answer reaches Python).

    Group keys are the raw attribute values (None: the respondent has no such attribute);
    with no attribute asked for, every count is under the key None.
    """

    answers: Counter[str | None] = field(default_factory=Counter)
    """Answers to the question, per group."""
    coded: Counter[str | None] = field(default_factory=Counter)
    """Answers the coder has coded (marked done or given any code), per group."""
    with_code: Counter[str | None] = field(default_factory=Counter)
    """Answers given at least one of the counted codes, per group."""
    several: int = 0
    """Answers given two or more of the counted codes."""
    per_code: dict[int, Counter[str | None]] = field(default_factory=dict)
    """Code id -> answers given that code, per group."""
    subtree: dict[int, int] = field(default_factory=dict)
    """Code id -> answers given the code or any code below it (for codes with sub-codes)."""


def code_counts(
    session: Session,
    question_id: str,
    coder_name: str,
    code_ids: Sequence[int],
    subtrees: Mapping[int, Sequence[int]],
    attribute: str | None = None,
) -> CodeCounts:
    """Count the coder's codings of ``code_ids`` (the active codes) per code and per group of
    ``attribute``; ``subtrees`` maps a parent code to itself and its descendants."""
    counts = CodeCounts()
    coder_id = session.scalar(select(Coder.id).where(Coder.name == coder_name))
    group = _group_column(attribute)

    def grouped(query: Select[Any], answer_id: Any | None) -> Select[Any]:
        """``query`` over the question's answers (joined through ``answer_id`` unless it
        selects from the answers already), with each answer's group beside it."""
        if answer_id is not None:
            query = query.join(Answer, Answer.id == answer_id)
        if group is not None:
            query = query.outerjoin(
                group,
                (group.c.respondent_id == Answer.respondent_id) & (group.c.name == attribute),
            )
        return query.where(Answer.question_id == question_id)

    # without an attribute, group by a column that is constant under the WHERE clause
    value = group.c.value if group is not None else Answer.question_id
    figures = (grouped, value, group is not None)
    _answer_figures(session, question_id, coder_id, code_ids, subtrees, figures, counts)
    if coder_id is None:
        return counts
    mine = Coding.coder_id == coder_id
    counted = Coding.code_id.in_(list(code_ids))
    answers = func.count(distinct(Coding.answer_id))  # a code's segments in one answer: once
    query = grouped(
        select(Coding.code_id, value, answers).select_from(Coding), Coding.answer_id
    ).where(mine, counted)
    for code_id, raw, n in session.execute(query.group_by(Coding.code_id, value)):
        counts.per_code.setdefault(code_id, Counter())[raw if group is not None else None] += n
    return counts


def _answer_figures(
    session: Session,
    question_id: str,
    coder_id: int | None,
    code_ids: Sequence[int],
    subtrees: Mapping[int, Sequence[int]],
    figures: tuple[Any, Any, bool],
    counts: CodeCounts,
) -> None:
    """Fill in the per-answer figures in one pass over the question's answers, the coder's
    done marks and codings: answers, coded, with a counted code, with several, and per parent
    code the answers given a code of its subtree (each answer once). ``figures`` is (the
    function that joins the question's answers and their groups, the group column, whether
    there are groups)."""
    grouped, value, keyed = figures
    counted = Coding.code_id.in_(list(code_ids))
    mine = Coding.coder_id == (coder_id if coder_id is not None else -1)
    # one row per answer, done mark and coding; ``counted`` holds the code id of a coding of
    # a counted code (NULL otherwise), so that segments of one code count once
    marks = union_all(
        select(
            Answer.id.label("answer_id"),
            literal(0).label("coded"),
            cast(null(), Integer).label("counted"),
        ).where(Answer.question_id == question_id),
        select(Review.answer_id, literal(1), cast(null(), Integer)).where(
            Review.coder_id == (coder_id if coder_id is not None else -1),
            Review.done.is_(True),
        ),
        select(Coding.answer_id, literal(1), case((counted, Coding.code_id))).where(mine),
    ).subquery()
    parents = list(subtrees)
    per_answer = (
        select(
            marks.c.answer_id,
            func.max(marks.c.coded).label("coded"),
            func.count(distinct(marks.c.counted)).label("n"),
            *(
                func.max(case((marks.c.counted.in_(list(subtrees[p])), 1), else_=0)).label(
                    f"below_{i}"
                )
                for i, p in enumerate(parents)
            ),
        )
        .group_by(marks.c.answer_id)
        .subquery()
    )
    columns = [
        value,
        func.count(),
        func.sum(per_answer.c.coded),
        func.sum(case((per_answer.c.n > 0, 1), else_=0)),
        func.sum(case((per_answer.c.n > 1, 1), else_=0)),
        *(func.sum(per_answer.c[f"below_{i}"]) for i in range(len(parents))),
    ]
    query = grouped(select(*columns).select_from(per_answer), per_answer.c.answer_id)
    for raw, n, coded, some, more, *below in session.execute(query.group_by(value)):
        key = raw if keyed else None
        counts.answers[key] += n
        counts.coded[key] += int(coded or 0)
        counts.with_code[key] += int(some or 0)
        counts.several += int(more or 0)
        for parent, m in zip(parents, below, strict=True):
            counts.subtree[parent] = counts.subtree.get(parent, 0) + int(m or 0)


def _group_column(attribute: str | None) -> Any:
    """The respondent attributes table under its own name, when grouping by ``attribute``."""
    if attribute is None:
        return None
    return RespondentAttribute.__table__.alias("grouping")


def codes_of_answers(
    session: Session, coder_name: str, answer_ids: Sequence[int]
) -> dict[int, set[int]]:
    """Answer id -> the code ids the coder gave it, for the given (few) answers."""
    found: dict[int, set[int]] = {aid: set() for aid in answer_ids}
    for chunk in chunks(list(answer_ids)):
        for aid, code_id in session.execute(
            select(Coding.answer_id, Coding.code_id)
            .join(Coder, Coding.coder_id == Coder.id)
            .where(Coder.name == coder_name, Coding.answer_id.in_(chunk))
        ):
            found[aid].add(code_id)
    return found


def answer_rows(
    session: Session, question_id: str, attributes: Sequence[str], *, with_text: bool = False
) -> list[tuple[Any, ...]]:
    """The question's answers in survey order, one flat tuple each: answer id, respondent id,
    (text, language when ``with_text``), then the respondent's value of each attribute (None
    where the respondent has none). One query, however many answers."""
    columns: list[Any] = [Answer.id, Answer.respondent_id]
    if with_text:
        columns += [Answer.text, Answer.language]
    query = select(*columns)
    aliases = [
        RespondentAttribute.__table__.alias(f"attribute_{i}") for i in range(len(attributes))
    ]
    for alias, name in zip(aliases, attributes, strict=True):
        query = query.add_columns(alias.c.value).outerjoin(
            alias, (alias.c.respondent_id == Answer.respondent_id) & (alias.c.name == name)
        )
    query = query.where(Answer.question_id == question_id).order_by(Answer.position, Answer.id)
    result = session.connection().execute(query)
    rows = result.cursor.fetchall() if result.cursor is not None else []
    result.close()
    return [tuple(row) for row in rows]


def attribute_value_counts(session: Session, question_id: str) -> dict[tuple[str, str], int]:
    """(attribute, value) -> how many of the question's respondents hold that value."""
    return {
        (name, value): n
        for name, value, n in session.execute(
            select(RespondentAttribute.name, RespondentAttribute.value, func.count())
            .join(Answer, Answer.respondent_id == RespondentAttribute.respondent_id)
            .where(Answer.question_id == question_id)
            .group_by(RespondentAttribute.name, RespondentAttribute.value)
        )
    }


def coding_pairs(
    session: Session, question_id: str, coder_name: str
) -> tuple[list[tuple[int, int]], set[int]]:
    """(answer id, code id) of every coding the coder gave the question's answers, and the
    answers the coder has coded (marked done or given any code)."""
    coder_id = session.scalar(select(Coder.id).where(Coder.name == coder_name))
    if coder_id is None:
        return [], set()
    conn = session.connection()
    result = conn.execute(
        select(Coding.answer_id, Coding.code_id)
        .join(Answer, Answer.id == Coding.answer_id)
        .where(Answer.question_id == question_id, Coding.coder_id == coder_id)
    )
    pairs = [tuple(p) for p in result.cursor.fetchall()] if result.cursor is not None else []
    result.close()
    done = set(
        session.scalars(
            select(Review.answer_id)
            .join(Answer, Answer.id == Review.answer_id)
            .where(
                Answer.question_id == question_id,
                Review.coder_id == coder_id,
                Review.done.is_(True),
            )
        )
    )
    return pairs, done | {aid for aid, _code in pairs}  # type: ignore[misc]
