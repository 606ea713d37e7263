"""Write a read survey into a project: idempotent, in one transaction, in bulk.

Respondent id + question id identify an answer: importing the same file twice changes
nothing, and a changed text updates its answer (and its language). Languages are detected
before the write transaction opens, so other analysts are not locked out while the detector
runs; only new or changed texts are detected.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, func, select, update
from sqlalchemy.orm import Session

from coder.ingest.language import Progress, detect_languages
from coder.ingest.shape import ImportOptions, Survey, read_survey
from coder.store.actions import log_event
from coder.store.chunking import chunks
from coder.store.models import Answer, Base, Question, Respondent, RespondentAttribute, utcnow

if TYPE_CHECKING:
    from coder.store.project import Project

_WRITE_CHUNK = 5000


@dataclass
class ImportResult:
    """What an import did; the CLI prints it (and `--json` emits it as is)."""

    file: str
    format: str
    encoding: str | None
    delimiter: str | None
    sheet: str | None
    rows: int
    questions: list[str]
    questions_added: int = 0
    respondents: int = 0
    respondents_added: int = 0
    answers: int = 0
    answers_added: int = 0
    answers_updated: int = 0
    answers_unchanged: int = 0
    blank: int = 0
    languages: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False
    layout: str = ""
    header_rows: int = 1
    id_column: str | None = None
    row_ids: bool = False  # respondent ids are row numbers (the export has no id column)
    text_columns: list[str] = field(default_factory=list)  # chosen from their content
    skipped_columns: dict[str, str] = field(default_factory=dict)  # column -> why not
    skipped_rows: list[int] = field(default_factory=list)  # header rows among the data
    titles_kept: list[str] = field(default_factory=list)  # questions whose title stayed
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


_Existing = dict[tuple[str, str], tuple[int, str, str, str]]  # -> id, text, language, source


def _bulk_insert(
    session: Session,
    model: type[Base],
    rows: list[dict[str, Any]],
    constants: dict[str, Any] | None = None,
    progress: Progress | None = None,
) -> None:
    """Insert many rows through the driver's executemany.

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

    names = list(rows[0])
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
            values = [(*(row[name] for name in names), *tail) for row in batch]
        else:
            values = [
                (
                    *(
                        row[name] if proc is None else proc(row[name])
                        for name, proc in zip(names, processors, strict=True)
                    ),
                    *tail,
                )
                for row in batch
            ]
        conn.exec_driver_sql(sql, values)
        done += len(batch)
        if progress:
            progress("writing answers", done, len(rows))


def _existing_answers(session: Session, question_ids: list[str]) -> _Existing:
    found: _Existing = {}
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


def _texts_to_detect(survey: Survey, existing: _Existing) -> list[str]:
    """Texts of answers that are new or changed and have no language from the file."""
    wanted: dict[str, None] = {}
    for a in survey.answers:
        if a.language is not None:
            continue
        old = existing.get((a.respondent_id, a.question_id))
        if old is None or old[1] != a.text:
            wanted[a.text] = None
    return list(wanted)


def write_questions(session: Session, survey: Survey, result: ImportResult) -> None:
    """Add new questions; an existing question keeps its title.

    A re-import whose column heading changed (a reworded export, another layout of the same
    tool) must not rename a question the analysts know; only a title given explicitly
    (`--title QID=TEXT`) replaces it.
    """
    known = {q.id: q for q in session.scalars(select(Question))}
    position = max((q.position for q in known.values()), default=0)
    for qid, title in survey.questions.items():
        question = known.get(qid)
        if question is None:
            position += 1
            session.add(Question(id=qid, title=title, position=position))
            result.questions_added += 1
        elif qid in survey.explicit_titles:
            question.title = title
        elif question.title != title:
            result.titles_kept.append(qid)
    session.flush()


def write_respondents(session: Session, survey: Survey, result: ImportResult) -> None:
    known = set(session.scalars(select(Respondent.id)))
    position = session.scalar(select(func.max(Respondent.position))) or 0
    new: list[dict[str, Any]] = []
    for rid in survey.respondents:
        if rid not in known:
            position += 1
            new.append({"id": rid, "position": position})
    _bulk_insert(session, Respondent, new, {"created_at": utcnow()})
    result.respondents_added = len(new)
    names = sorted({name for attrs in survey.respondents.values() for name in attrs})
    if not names:
        return
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
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for rid, attrs in survey.respondents.items():
        for name, value in attrs.items():
            before = old.get((rid, name))
            row = {"respondent_id": rid, "name": name, "value": value}
            if before is None:
                inserts.append(row)
            elif before != value:
                updates.append(row)
    _bulk_insert(session, RespondentAttribute, inserts)
    if updates:
        session.execute(update(RespondentAttribute), updates)


def write_answers(
    session: Session,
    survey: Survey,
    languages: dict[str, str],
    result: ImportResult,
    progress: Progress | None,
) -> None:
    existing = _existing_answers(session, list(survey.questions))
    missing = [t for t in _texts_to_detect(survey, existing) if t not in languages]
    if missing:  # written by someone else since the detection pass
        languages.update(zip(missing, detect_languages(missing), strict=True))
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    counts: Counter[str] = Counter()
    now = utcnow()
    for a in survey.answers:
        old = existing.get((a.respondent_id, a.question_id))
        if a.language is not None:
            lang, source = a.language, "column"
        elif old is not None and old[1] == a.text:
            lang, source = old[2], old[3]  # keep a language given earlier or corrected by hand
        else:
            lang, source = languages[a.text], "detected"
        counts[lang] += 1
        if old is None:
            inserts.append(
                {
                    "respondent_id": a.respondent_id,
                    "question_id": a.question_id,
                    "text": a.text,
                    "language": lang,
                    "language_source": source,
                    "position": a.row,
                }
            )
        elif (old[1], old[2], old[3]) != (a.text, lang, source):
            updates.append(
                {
                    "id": old[0],
                    "text": a.text,
                    "language": lang,
                    "language_source": source,
                    "source_file": survey.source,
                    "imported_at": now,
                }
            )
        else:
            result.answers_unchanged += 1
    _bulk_insert(
        session, Answer, inserts, {"source_file": survey.source, "imported_at": now}, progress
    )
    if updates:
        session.execute(update(Answer), updates)
    result.answers_added, result.answers_updated = len(inserts), len(updates)
    result.languages = dict(sorted(counts.items()))


def import_survey(
    project: Project,
    path: Path,
    options: ImportOptions,
    *,
    progress: Progress | None = None,
    dry_run: bool = False,
    actor: str = "import",
) -> ImportResult:
    """Read, check and store a survey file in one transaction; returns what changed."""
    survey = read_survey(path, options)
    result = ImportResult(
        file=survey.source,
        format=survey.format,
        encoding=survey.encoding,
        delimiter=survey.delimiter,
        sheet=survey.sheet,
        rows=survey.rows,
        questions=list(survey.questions),
        respondents=len(survey.respondents),
        answers=len(survey.answers),
        blank=survey.blank,
        dry_run=dry_run,
        layout=survey.layout,
        header_rows=survey.header_rows,
        id_column=survey.id_column,
        row_ids=survey.row_ids,
        text_columns=survey.text_columns,
        skipped_columns=survey.skipped_columns,
        skipped_rows=survey.skipped_rows,
        warnings=list(survey.warnings),
    )
    with project.session(write=False) as session:
        wanted = _texts_to_detect(survey, _existing_answers(session, list(survey.questions)))
    languages = dict(zip(wanted, detect_languages(wanted, progress), strict=True))
    try:
        with project.session() as session:
            write_questions(session, survey, result)
            write_respondents(session, survey, result)
            write_answers(session, survey, languages, result, progress)
            if dry_run:
                raise _DryRun
            _log(session, actor, result)
    except _DryRun:
        pass  # the transaction was rolled back: nothing written
    return result


class _DryRun(Exception):
    """Raised to roll back a dry run's transaction."""


def _log(session: Session, actor: str, result: ImportResult) -> None:
    log_event(
        session,
        actor,
        "survey.import",
        {
            k: v
            for k, v in result.to_json().items()
            if k
            not in {
                "questions",
                "languages",
                "dry_run",
                "text_columns",
                "skipped_columns",
                "titles_kept",
            }
        },
    )
