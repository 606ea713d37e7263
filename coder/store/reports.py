"""Read queries for the exports (theme tables, code matrices, quotes tables).

The export package computes reports from what these return and speaks no SQL itself.
Everything here reads; nothing writes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import String, cast, exists, func, null, select
from sqlalchemy.orm import Session

from coder.codebook.model import pick
from coder.store.chunking import chunks
from coder.store.codebooks import active_codes, get_codebook_record
from coder.store.models import (
    Answer,
    CodebookRecord,
    Coder,
    CodeRecord,
    Coding,
    Memo,
    Question,
    RespondentAttribute,
    Review,
)
from coder.store.queries import require_question
from coder.store.rows import plain_rows


@dataclass(frozen=True)
class ReportCode:
    """An active code as a report shows it (plain data, no database row)."""

    id: int
    key: str
    parent_id: int | None
    labels: dict[str, str]
    codable: bool

    def label(self, lang: str) -> str:
        """The label in ``lang``, falling back to another language, then the key."""
        return pick(self.labels, lang, self.key)


def report_codes(session: Session, question_id: str) -> list[ReportCode]:
    """The question's active codes in codebook order (sub-codes right after their parent)."""
    return [
        ReportCode(c.id, c.key, c.parent_id, dict(c.labels or {}), bool(c.codable))
        for c in active_codes(session, question_id)
    ]


@dataclass(frozen=True)
class CodebookHeading:
    """What a report's heading says about a question and its codebook."""

    question_title: str | None
    name: str
    title: dict[str, str]
    question_text: dict[str, str]


def codebook_heading(session: Session, question_id: str) -> CodebookHeading | None:
    """The heading of the question's codebook (None when it has none; NotFoundError naming
    the questions there are when there is no such question)."""
    question = require_question(session, question_id)
    book = get_codebook_record(session, question_id)
    if book is None:
        return None
    return CodebookHeading(
        question.title, book.name, dict(book.title or {}), dict(book.question_text or {})
    )


def question_title(session: Session, question_id: str) -> str | None:
    """The question's title (NotFoundError naming the questions there are when none)."""
    return require_question(session, question_id).title


def question_ids(session: Session, *, with_codebook: bool = False) -> list[str]:
    """The questions in survey order (only those with a codebook, if asked)."""
    query = select(Question.id).order_by(Question.position, Question.id)
    if with_codebook:
        query = query.where(exists().where(CodebookRecord.question_id == Question.id))
    return list(session.scalars(query))


def coder_names(session: Session) -> list[str]:
    """Every coder's name, in order."""
    return list(session.scalars(select(Coder.name).order_by(Coder.name)))


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


def attribute_names(session: Session, question_id: str | None = None) -> list[str]:
    """The respondent attributes present (among the question's respondents, if given)."""
    names = select(RespondentAttribute.name).distinct()
    if question_id is None:
        return sorted(session.scalars(names))
    held = RespondentAttribute.__table__.alias("held")
    known = names.subquery()
    query = select(known.c.name).where(
        exists()
        .where(Answer.question_id == question_id)
        .where(held.c.respondent_id == Answer.respondent_id, held.c.name == known.c.name)
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
    """A coder's codings of one question added up (no row per answer reaches Python).

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


def _codes_given(coder_id: int | None) -> Any:
    """Per answer (correlated with ``Answer``): the ids of the codes the coder gave it, as
    one comma-separated string (NULL when none; a code's segments repeat its id)."""
    return (
        select(func.aggregate_strings(cast(Coding.code_id, String), ","))
        .where(Coding.answer_id == Answer.id, Coding.coder_id == coder_id)
        .scalar_subquery()
    )


def code_counts(
    session: Session,
    question_id: str,
    coder_name: str,
    code_ids: Sequence[int],
    subtrees: Mapping[int, Sequence[int]],
    attribute: str | None = None,
) -> CodeCounts:
    """Count the coder's codings of ``code_ids`` (the active codes) per code and per group of
    ``attribute``; ``subtrees`` maps a parent code to itself and its descendants.

    The database reduces the question's answers to their distinct (group, done, codes
    given) combinations, a few thousand at most however many answers there are, and every
    figure is added up from those: one query, one index lookup per answer."""
    counts = CodeCounts()
    coder_id = session.scalar(select(Coder.id).where(Coder.name == coder_name))
    group: Any = null()
    query = select(Answer.id).where(Answer.question_id == question_id)
    if attribute is not None:
        grouping = RespondentAttribute.__table__.alias("grouping")
        query = query.outerjoin(
            grouping,
            (grouping.c.respondent_id == Answer.respondent_id) & (grouping.c.name == attribute),
        )
        group = grouping.c.value
    query = query.outerjoin(Review, (Review.answer_id == Answer.id) & (Review.coder_id == coder_id))
    per_answer = query.with_only_columns(
        group.label("grp"), Review.done.label("done"), _codes_given(coder_id).label("given")
    ).subquery()
    combinations = select(
        per_answer.c.grp, per_answer.c.done, per_answer.c.given, func.count()
    ).group_by(per_answer.c.grp, per_answer.c.done, per_answer.c.given)
    counted = frozenset(code_ids)
    below = {parent: frozenset(ids) for parent, ids in subtrees.items()}
    answers = 0
    for raw, done, given, n in session.execute(combinations):
        answers += n
        key = raw if attribute is not None else None
        codes = given_code_ids(given)
        counts.answers[key] += n
        if done or codes:
            counts.coded[key] += n
        mine = codes & counted
        if not mine:
            continue
        counts.with_code[key] += n
        if len(mine) > 1:
            counts.several += n
        for code_id in mine:
            counts.per_code.setdefault(code_id, Counter())[key] += n
        for parent, ids in below.items():
            if mine & ids:
                counts.subtree[parent] = counts.subtree.get(parent, 0) + n
    if answers:
        for parent in below:
            counts.subtree.setdefault(parent, 0)
    return counts


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


def answer_table(
    session: Session,
    question_id: str,
    coder_name: str,
    attributes: Sequence[str],
    *,
    with_text: bool = False,
) -> list[tuple[Any, ...]]:
    """The question's answers in survey order, one flat tuple each: answer id, respondent
    id, whether the coder marked it done (None: no mark), the ids of the codes the coder gave
    it (comma-separated, a code's segments repeated; None when none), then text and language
    when ``with_text``, then the respondent's value of each attribute (None where the
    respondent has none). One query, however many answers."""
    coder_id = session.scalar(select(Coder.id).where(Coder.name == coder_name))
    columns: list[Any] = [Answer.id, Answer.respondent_id, Review.done, _codes_given(coder_id)]
    if with_text:
        columns += [Answer.text, Answer.language]
    query = select(*columns).outerjoin(
        Review, (Review.answer_id == Answer.id) & (Review.coder_id == coder_id)
    )
    for i, name in enumerate(attributes):
        alias = RespondentAttribute.__table__.alias(f"attribute_{i}")
        query = query.add_columns(alias.c.value).outerjoin(
            alias, (alias.c.respondent_id == Answer.respondent_id) & (alias.c.name == name)
        )
    query = query.where(Answer.question_id == question_id).order_by(Answer.position, Answer.id)
    return plain_rows(session, query)


def given_code_ids(given: str | None) -> frozenset[int]:
    """The code ids of ``answer_table``'s codes column."""
    return frozenset(map(int, given.split(","))) if given else frozenset()
