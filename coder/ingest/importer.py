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
from typing import Any

from coder.errors import Message
from coder.ingest.language import detect_languages
from coder.ingest.shape import ImportOptions, Survey, read_survey
from coder.progress import Progress
from coder.store.actions import log_event
from coder.store.imports import (
    ChangedAnswer,
    NewAnswer,
    StoredAnswer,
    add_questions,
    add_respondents,
    store_answers,
    stored_answers,
)
from coder.store.project import Project, Session


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
    skipped_columns: dict[str, Message] = field(default_factory=dict)  # column -> why not
    skipped_rows: list[int] = field(default_factory=list)  # header rows among the data
    titles_kept: list[str] = field(default_factory=list)  # questions whose title stayed
    warnings: list[str | Message] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The result as JSON-ready data: warnings and reasons in English."""
        data = asdict(self)
        data["warnings"] = [str(w) for w in self.warnings]
        data["skipped_columns"] = {name: str(why) for name, why in self.skipped_columns.items()}
        return data


_Existing = dict[tuple[str, str], StoredAnswer]


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


def _plan_answers(
    survey: Survey, existing: _Existing, languages: dict[str, str], result: ImportResult
) -> tuple[list[NewAnswer], list[ChangedAnswer]]:
    """The answers to insert and to update; counts the unchanged ones and the languages."""
    inserts: list[NewAnswer] = []
    updates: list[ChangedAnswer] = []
    counts: Counter[str] = Counter()
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
            inserts.append(NewAnswer(a.respondent_id, a.question_id, a.text, lang, source, a.row))
        elif old[1:] != (a.text, lang, source):
            updates.append(ChangedAnswer(old[0], a.text, lang, source))
        else:
            result.answers_unchanged += 1
    result.languages = dict(sorted(counts.items()))
    return inserts, updates


def write_questions(session: Session, survey: Survey, result: ImportResult) -> None:
    """Add new questions; an existing question keeps its title.

    A re-import whose column heading changed (a reworded export, another layout of the same
    tool) must not rename a question the analysts know; only a title given explicitly
    (`--title QID=TEXT`) replaces it.
    """
    added, kept = add_questions(session, survey.questions, survey.explicit_titles)
    result.questions_added += added
    result.titles_kept += kept


def write_respondents(session: Session, survey: Survey, result: ImportResult) -> None:
    """Add new respondents and set their attributes."""
    result.respondents_added = add_respondents(session, survey.respondents)


def write_answers(
    session: Session,
    survey: Survey,
    languages: dict[str, str],
    result: ImportResult,
    progress: Progress | None,
) -> None:
    """Add new answers and update changed ones; ``languages`` holds detected languages by
    text (texts missing from it are detected here)."""
    existing = stored_answers(session, list(survey.questions))
    missing = [t for t in _texts_to_detect(survey, existing) if t not in languages]
    if missing:  # written by someone else since the detection pass
        languages.update(zip(missing, detect_languages(missing), strict=True))
    inserts, updates = _plan_answers(survey, existing, languages, result)
    store_answers(session, inserts, updates, survey.source, progress)
    result.answers_added, result.answers_updated = len(inserts), len(updates)


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
        wanted = _texts_to_detect(survey, stored_answers(session, list(survey.questions)))
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
