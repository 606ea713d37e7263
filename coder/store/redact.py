"""`coder redact`: e-mail addresses, phone numbers, URLs and listed names removed from answers.

Survey answers are confidential, and respondents sometimes sign with a name, a number or an
address. Redaction rewrites the stored texts in one transaction and leaves an audit trail in
the event log: who redacted, which answer, how many of which kind were removed; never the
removed text, not even hashed (a hash of a phone number is found by trying them all).
On SQLite the freed pages are zeroed and the write-ahead log emptied afterwards, so the old
texts do not linger in the file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, text, update

from coder.redaction import Redactor
from coder.store.actions import log_event
from coder.store.models import Answer

if TYPE_CHECKING:
    from coder.store.project import Project

KINDS = ("email", "phone", "url", "name")
"""What is removed, in the order reports list it."""


@dataclass
class RedactedAnswer:
    """One answer that held personal details, and how many of each kind."""

    answer_id: int
    respondent_id: str
    question: str
    removed: dict[str, int]


@dataclass
class RedactionResult:
    """What a redaction removed (or, in a dry run, would remove)."""

    answers_scanned: int = 0
    answers: list[RedactedAnswer] = field(default_factory=list)
    removed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    names_listed: int = 0
    dry_run: bool = False
    wal_cleared: bool | None = None
    """SQLite: whether the write-ahead log (holding the old texts) was emptied; None elsewhere."""

    @property
    def answers_touched(self) -> int:
        return len(self.answers)

    def to_json(self) -> dict[str, Any]:
        document = asdict(self)
        document["answers_touched"] = self.answers_touched
        return document


def redact_answers(
    project: Project,
    names: Iterable[str] = (),
    *,
    actor: str,
    dry_run: bool = False,
    question_id: str | None = None,
) -> RedactionResult:
    """Remove personal details from every stored answer (or one question's) in one transaction."""
    redactor = Redactor(names=list(names))
    result = RedactionResult(names_listed=len(tuple(redactor.names)), dry_run=dry_run)
    sqlite = project.dialect == "sqlite"
    with project.session(write=not dry_run) as session:
        if sqlite and not dry_run:  # zero the pages the old texts leave behind
            session.execute(text("PRAGMA secure_delete = ON"))
        query = select(Answer.id, Answer.respondent_id, Answer.question_id, Answer.text).order_by(
            Answer.question_id, Answer.position, Answer.id
        )
        if question_id is not None:
            query = query.where(Answer.question_id == question_id)
        updates: list[dict[str, Any]] = []
        totals: Counter[str] = Counter()
        for answer_id, respondent_id, qid, old in session.execute(query):
            result.answers_scanned += 1
            new, counts = redactor.counted(old)
            if not counts:
                continue
            totals.update(counts)
            updates.append({"id": answer_id, "text": new})
            result.answers.append(RedactedAnswer(answer_id, respondent_id, qid, counts))
        result.removed = {kind: totals.get(kind, 0) for kind in KINDS}
        if dry_run or not updates:
            return result
        session.execute(update(Answer), updates)
        for answer in result.answers:
            log_event(
                session,
                actor,
                "answer.redact",
                {"removed": answer.removed},
                question_id=answer.question,
                answer_id=answer.answer_id,
            )
        log_event(
            session,
            actor,
            "redact",
            {
                "answers": result.answers_touched,
                "removed": result.removed,
                "names_listed": result.names_listed,
                "question": question_id,
            },
            question_id=question_id,
        )
    if sqlite:
        result.wal_cleared = _clear_wal(project)
    return result


def _clear_wal(project: Project) -> bool:
    """Checkpoint and truncate SQLite's write-ahead log; False if a reader kept it busy."""
    raw = project.engine.raw_connection()
    try:
        busy, _frames, _done = raw.driver_connection.execute(  # type: ignore[union-attr]
            "PRAGMA wal_checkpoint(TRUNCATE)"
        ).fetchone()
        return not busy
    finally:
        raw.close()
