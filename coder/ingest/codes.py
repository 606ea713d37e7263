"""Import coding done elsewhere: CSV `respondent_id,question,codes` (codes joined by `;`).

Every row is checked before anything is written, so an unknown respondent, question or code
leaves the project untouched. An empty `codes` cell means the coder saw the answer and gave
it no code. Re-importing sets the coder's codes on each answer to exactly what the file says.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from coder.errors import InputError, Message
from coder.ingest.table import Table, read_table
from coder.progress import Progress
from coder.store.actions import set_codes_many
from coder.store.imports import (
    answer_ids_by_key,
    codes_by_key,
    known_question_ids,
    known_respondent_ids,
)
from coder.store.project import Project, Session

COLUMNS = ("respondent_id", "question", "codes")
_WRITE_CHUNK = 5000  # answers per set-wise write (and per progress report)


@dataclass
class CodesResult:
    """What `coder import-codes` did."""

    file: str
    coder: str
    rows: int
    answers: int = 0
    uncoded: int = 0
    codings_added: int = 0
    codings_removed: int = 0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class _Row:
    row: int
    respondent_id: str
    question_id: str
    keys: tuple[str, ...]


def _parse(table: Table) -> list[_Row]:
    rid_i, q_i, c_i = (table.column(name) for name in COLUMNS)
    rows: list[_Row] = []
    seen: dict[tuple[str, str], int] = {}
    for n, cells in enumerate(table.rows):
        row_no = table.row_number(n)
        if not any(c.strip() for c in cells):
            continue
        rid, qid = cells[rid_i].strip(), cells[q_i].strip()
        for value, name in ((rid, "respondent_id"), (qid, "question")):
            if not value:
                raise InputError(
                    "error.ingest.empty_column", file=table.name, row=row_no, column=name
                )
        if (rid, qid) in seen:
            raise InputError(
                "error.ingest.codes_twice",
                file=table.name,
                row=row_no,
                respondent=rid,
                question=qid,
                first=seen[(rid, qid)],
            )
        seen[(rid, qid)] = row_no
        keys = tuple(dict.fromkeys(k.strip() for k in cells[c_i].split(";") if k.strip()))
        rows.append(_Row(row_no, rid, qid, keys))
    return rows


def _resolve(session: Session, name: str, rows: list[_Row]) -> list[tuple[int, set[int]]]:
    """Answer id and code ids for every row; the first unknown thing is an error."""
    qids = sorted({r.question_id for r in rows})
    questions = known_question_ids(session, qids)
    respondents = known_respondent_ids(session, sorted({r.respondent_id for r in rows}))
    answers = answer_ids_by_key(session, qids)
    codes = codes_by_key(session, qids)
    with_book = {qid for qid, _ in codes}
    resolved: list[tuple[int, set[int]]] = []
    for r in rows:
        where = Message("error.ingest.at_row", file=name, row=r.row)
        if r.question_id not in questions:
            raise InputError("error.ingest.unknown_question", where=where, question=r.question_id)
        if r.respondent_id not in respondents:
            raise InputError(
                "error.ingest.unknown_respondent", where=where, respondent=r.respondent_id
            )
        aid = answers.get((r.respondent_id, r.question_id))
        if aid is None:
            raise InputError(
                "error.ingest.no_answer",
                where=where,
                respondent=r.respondent_id,
                question=r.question_id,
            )
        if r.keys and r.question_id not in with_book:
            raise InputError("error.ingest.no_codebook", where=where, question=r.question_id)
        ids: set[int] = set()
        for key in r.keys:
            found = codes.get((r.question_id, key))
            if found is None:
                raise InputError(
                    "error.ingest.unknown_code", where=where, code=key, question=r.question_id
                )
            if found[1] != "active":
                raise InputError(
                    "error.ingest.code_merged"
                    if found[1] == "merged"
                    else "error.ingest.code_retired",
                    where=where,
                    code=key,
                )
            if not found[2]:
                raise InputError("error.ingest.code_group", where=where, code=key)
            ids.add(found[0])
        resolved.append((aid, ids))
    return resolved


def import_codes(
    project: Project, path: Path, coder: str, *, progress: Progress | None = None
) -> CodesResult:
    """Check every row, then set the coder's codes on each answer in one transaction."""
    if not coder.strip():
        raise InputError("error.ingest.coder_empty")
    table = read_table(path)
    rows = _parse(table)
    result = CodesResult(file=table.name, coder=coder, rows=len(rows))
    with project.session() as session:
        resolved = _resolve(session, table.name, rows)
        for start in range(0, len(resolved), _WRITE_CHUNK):
            chunk = resolved[start : start + _WRITE_CHUNK]
            for added, removed in set_codes_many(session, coder, chunk, source="import"):
                result.codings_added += len(added)
                result.codings_removed += len(removed)
            if progress:
                progress("importing codes", start + len(chunk), len(resolved))
        result.uncoded = sum(not ids for _, ids in resolved)
        result.answers = len(resolved)
    return result
