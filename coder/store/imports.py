"""What a survey import and a coding import read and write: questions, respondents and their
attributes, answers, and the answer and code ids a coding file names.

Kept with the store so that `coder.ingest` only reads files, detects languages and decides
what changes; everything here runs inside the caller's one transaction. Answers and
respondents are written with the driver's ``executemany`` (100,000 answers in seconds).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Table, func, select, update
from sqlalchemy.orm import Session

from coder.progress import Progress
from coder.store.chunking import chunks
from coder.store.models import (
    Answer,
    Base,
    CodebookRecord,
    CodeRecord,
    Question,
    Respondent,
    RespondentAttribute,
    utcnow,
)

_WRITE_CHUNK = 5000  # rows per executemany (and per progress report)


StoredAnswer = tuple[int, str, str, str]
"""An answer already in the project, as a re-import compares it: id, text, language and
language source (a plain tuple: a re-import builds one per stored answer)."""


class NewAnswer(NamedTuple):
    respondent_id: str
    question_id: str
    text: str
    language: str
    language_source: str
    position: int  # the answer's row in its file


class ChangedAnswer(NamedTuple):
    id: int
    text: str
    language: str
    language_source: str


def id_length_limits() -> dict[str, int | None]:
    """The longest question id, respondent id and attribute name the schema stores."""
    return {
        "question id": getattr(Question.__table__.c.id.type, "length", None),
        "respondent id": getattr(Respondent.__table__.c.id.type, "length", None),
        "attribute name": getattr(RespondentAttribute.__table__.c.name.type, "length", None),
    }


def stored_answers(
    session: Session, question_ids: list[str]
) -> dict[tuple[str, str], StoredAnswer]:
    """The answers to these questions, by (respondent id, question id)."""
    found: dict[tuple[str, str], StoredAnswer] = {}
    for chunk in chunks(question_ids):
        rows = session.execute(
            select(
                Answer.respondent_id,
                Answer.question_id,
                Answer.id,
                Answer.text,
                Answer.language,
                Answer.language_source,
            ).where(Answer.question_id.in_(chunk))
        )
        for rid, qid, aid, text, lang, source in rows:
            found[(rid, qid)] = (aid, text, lang, source)
    return found


def add_questions(
    session: Session, titles: Mapping[str, str], explicit: Set[str]
) -> tuple[int, list[str]]:
    """Add the questions not yet in the project, after the last one; an existing question
    keeps its title unless it is in ``explicit`` (given with `--title`).

    Returns how many were added and the ids whose stored title differs and was kept.
    """
    known = {q.id: q for q in session.scalars(select(Question))}
    position = max((q.position for q in known.values()), default=0)
    added, kept = 0, []
    for qid, title in titles.items():
        question = known.get(qid)
        if question is None:
            position += 1
            session.add(Question(id=qid, title=title, position=position))
            added += 1
        elif qid in explicit:
            question.title = title
        elif question.title != title:
            kept.append(qid)
    session.flush()
    return added, kept


def add_respondents(session: Session, respondents: Mapping[str, Mapping[str, str]]) -> int:
    """Add the respondents not yet in the project (in the given order, after the last one)
    and set their attributes (name -> value; a changed value replaces the stored one).

    Returns how many respondents were added.
    """
    known = set(session.scalars(select(Respondent.id)))
    position = session.scalar(select(func.max(Respondent.position))) or 0
    new: list[tuple[str, int]] = []
    for rid in respondents:
        if rid not in known:
            position += 1
            new.append((rid, position))
    _bulk_insert(session, Respondent, ("id", "position"), new, {"created_at": utcnow()})
    names = sorted({name for attrs in respondents.values() for name in attrs})
    if not names:
        return len(new)
    old: dict[tuple[str, str], str] = {}
    for chunk in chunks(names):
        rows = session.execute(
            select(
                RespondentAttribute.respondent_id,
                RespondentAttribute.name,
                RespondentAttribute.value,
            ).where(RespondentAttribute.name.in_(chunk))
        )
        old.update({(rid, name): value for rid, name, value in rows})
    inserts: list[tuple[str, str, str]] = []
    updates: list[dict[str, Any]] = []
    for rid, attrs in respondents.items():
        for name, value in attrs.items():
            before = old.get((rid, name))
            if before is None:
                inserts.append((rid, name, value))
            elif before != value:
                updates.append({"respondent_id": rid, "name": name, "value": value})
    _bulk_insert(session, RespondentAttribute, ("respondent_id", "name", "value"), inserts)
    if updates:
        session.execute(update(RespondentAttribute), updates)
    return len(new)


def store_answers(
    session: Session,
    new: list[NewAnswer],
    changed: list[ChangedAnswer],
    source_file: str,
    progress: Progress | None = None,
) -> datetime:
    """Insert new answers and update changed ones, all stamped with the file and one time.

    Returns that time.
    """
    now = utcnow()
    _bulk_insert(
        session,
        Answer,
        NewAnswer._fields,
        new,
        {"source_file": source_file, "imported_at": now},
        progress,
    )
    if changed:
        session.execute(
            update(Answer),
            [{**a._asdict(), "source_file": source_file, "imported_at": now} for a in changed],
        )
    return now


def known_question_ids(session: Session, question_ids: list[str]) -> set[str]:
    """Those of the ids that name a question of the project."""
    found: set[str] = set()
    for chunk in chunks(question_ids):
        found.update(session.scalars(select(Question.id).where(Question.id.in_(chunk))))
    return found


def known_respondent_ids(session: Session, respondent_ids: list[str]) -> set[str]:
    """Those of the ids that name a respondent of the project."""
    found: set[str] = set()
    for chunk in chunks(respondent_ids):
        found.update(session.scalars(select(Respondent.id).where(Respondent.id.in_(chunk))))
    return found


def answer_ids_by_key(session: Session, question_ids: list[str]) -> dict[tuple[str, str], int]:
    """Answer id by (respondent id, question id), for these questions."""
    found: dict[tuple[str, str], int] = {}
    for chunk in chunks(question_ids):
        rows = session.execute(
            select(Answer.respondent_id, Answer.question_id, Answer.id).where(
                Answer.question_id.in_(chunk)
            )
        )
        found.update(((rid, qid), aid) for rid, qid, aid in rows)
    return found


def codes_by_key(
    session: Session, question_ids: list[str]
) -> dict[tuple[str, str], tuple[int, str, bool]]:
    """(code id, status, codable) by (question id, code key) for the codebooks of these
    questions; codable is False for a grouping node, which no answer may be given."""
    found: dict[tuple[str, str], tuple[int, str, bool]] = {}
    for chunk in chunks(question_ids):
        rows = session.execute(
            select(
                CodebookRecord.question_id,
                CodeRecord.key,
                CodeRecord.id,
                CodeRecord.status,
                CodeRecord.codable,
            )
            .join(CodeRecord, CodeRecord.codebook_id == CodebookRecord.id)
            .where(CodebookRecord.question_id.in_(chunk))
        )
        found.update(
            ((qid, key), (cid, status, bool(codable))) for qid, key, cid, status, codable in rows
        )
    return found


def _bulk_insert(
    session: Session,
    model: type[Base],
    names: tuple[str, ...],
    rows: Sequence[tuple[Any, ...]],
    constants: dict[str, Any] | None = None,
    progress: Progress | None = None,
) -> None:
    """Insert many rows (values in the order of ``names``) through the driver's executemany.

    SQLAlchemy's per-row parameter handling costs more than SQLite's own work for 100,000
    answers; here each column's bind processor (DateTime on SQLite) is looked up once, and
    values shared by every row (``constants``) are processed once.
    """
    if not rows:
        return
    table: Table = Base.metadata.tables[model.__tablename__]
    conn = session.connection()
    dialect = conn.dialect

    def bind(name: str) -> Any:
        # the dialect's own type (SQLite's DATETIME writes a string); the generic type has
        # no processor, and sqlite3 would then adapt the same datetime once per row
        return table.c[name].type.dialect_impl(dialect).bind_processor(dialect)

    shared = {k: (v if bind(k) is None else bind(k)(v)) for k, v in (constants or {}).items()}
    tail = tuple(shared.values())
    processors = [bind(name) for name in names]
    columns = [*names, *shared]
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    quote = dialect.identifier_preparer.quote
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join([marker] * len(columns))})"
    )
    plain = all(proc is None for proc in processors)
    done = 0
    for start in range(0, len(rows), _WRITE_CHUNK):
        batch = rows[start : start + _WRITE_CHUNK]
        if plain:
            values = [(*row, *tail) for row in batch] if tail else list(batch)
        else:
            values = [
                (
                    *(
                        value if proc is None else proc(value)
                        for value, proc in zip(row, processors, strict=True)
                    ),
                    *tail,
                )
                for row in batch
            ]
        conn.exec_driver_sql(sql, values)
        done += len(batch)
        if progress:
            progress("writing answers", done, len(rows))
