"""Backup, restore and integrity checks of a project.

A SQLite project is backed up with SQLite's online backup API (consistent while analysts keep
coding). Any project, SQLite or PostgreSQL, can also be written as a portable dump (gzipped
JSON lines, one row a line, table by table) and restored into an empty project of either
kind, which is also how a team moves from a SQLite file to a server.
"""

from __future__ import annotations

import gzip
import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, func, select, text
from sqlalchemy.orm import Session

from coder import __version__
from coder.errors import CoderError, InputError, ProjectError
from coder.progress import Progress
from coder.store import migrate
from coder.store.engine import create_private_file, sqlite_path
from coder.store.models import Base
from coder.store.project import Project

DUMP_FORMAT = "coder-dump"
DUMP_SUFFIXES = (".coderdump", ".jsonl.gz")


def is_dump(path: str | Path) -> bool:
    """Whether a backup file name means a portable dump (not a SQLite copy)."""
    return str(path).endswith(DUMP_SUFFIXES)


def backup(project: Project, out: str | Path, *, progress: Progress | None = None) -> str:
    """Write a backup of ``project`` to ``out``; returns the kind written ("sqlite" or "dump")."""
    out = Path(out)
    if out.exists():
        raise InputError("error.store.backup_exists", out=out)
    if project.path is not None and not is_dump(out):
        create_private_file(out)
        try:
            source = sqlite3.connect(project.path)
            target = sqlite3.connect(out)
            with target:
                source.backup(target, pages=256, progress=_sqlite_progress(progress))
            target.close()
            source.close()
        except sqlite3.Error as exc:
            out.unlink(missing_ok=True)
            raise CoderError("error.store.backup_failed", out=out, reason=exc) from None
        return "sqlite"
    if not is_dump(out):
        raise InputError("error.store.backup_dump_name", out=out)
    write_dump(project, out, progress=progress)
    return "dump"


def _sqlite_progress(progress: Progress | None) -> Any:
    if progress is None:
        return None

    def report(_status: int, remaining: int, total: int) -> None:
        progress("backup", total - remaining, total)

    return report


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    return value


def write_dump(project: Project, out: Path, *, progress: Progress | None = None) -> None:
    """Write every table of the project as gzipped JSON lines."""
    create_private_file(out)
    tables = Base.metadata.sorted_tables
    try:
        with project.session(write=False) as session, gzip.open(out, "wt", encoding="utf-8") as fh:
            revision = session.scalar(text("select version_num from alembic_version"))
            header = {"format": DUMP_FORMAT, "coder": __version__, "schema": revision}
            fh.write(json.dumps(header) + "\n")
            done = 0
            for table in tables:
                for row in session.execute(select(table)).mappings():
                    record = {"t": table.name, "r": {k: _encode(v) for k, v in row.items()}}
                    fh.write(json.dumps(record, ensure_ascii=False) + "\n")
                    done += 1
                    if progress and done % 5000 == 0:
                        progress("backup", done, None)
    except Exception:
        out.unlink(missing_ok=True)
        raise


def _decode_row(table_name: str, row: dict[str, Any]) -> dict[str, Any]:
    table = Base.metadata.tables[table_name]
    decoded: dict[str, Any] = {}
    for key, value in row.items():
        if key not in table.c:
            raise InputError("error.store.dump_column", table=table_name, column=key)
        if (
            isinstance(value, dict)
            and set(value) == {"$dt"}
            and isinstance(table.c[key].type, DateTime)
        ):
            value = datetime.fromisoformat(value["$dt"])
        decoded[key] = value
    return decoded


def restore(source: str | Path, db: str, *, progress: Progress | None = None) -> Project:
    """Restore a backup (SQLite copy or portable dump) into a new, empty project at ``db``."""
    source = Path(source)
    if not source.exists():
        raise InputError("error.store.no_backup", source=source)
    target_path = sqlite_path(db)
    if target_path is not None and target_path.exists() and target_path.stat().st_size > 0:
        raise InputError("error.store.restore_exists", db=db)
    rows = _read_dump(source) if is_dump(source) else _read_sqlite_backup(source)
    created_file = target_path is not None and not target_path.exists()
    project = Project.create(db)
    try:
        with project.session() as session:
            if _project_has_data(session):
                raise InputError("error.store.restore_not_empty", db=db)
            _insert_rows(session, rows, progress)
        _reset_sequences(project)
    except Exception:
        project.close()
        if created_file and target_path is not None:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{target_path}{suffix}").unlink(missing_ok=True)
        raise
    return project


def _read_dump(source: Path) -> list[tuple[str, dict[str, Any]]]:
    try:
        with gzip.open(source, "rt", encoding="utf-8") as fh:
            header = json.loads(fh.readline() or "{}")
            if header.get("format") != DUMP_FORMAT:
                raise InputError("error.store.not_a_dump", source=source)
            if header.get("schema") not in migrate.known_revisions():
                raise ProjectError(
                    "error.store.dump_newer", source=source, schema=header.get("schema")
                )
            rows = []
            for line_no, line in enumerate(fh, start=2):
                record = json.loads(line)
                if record.get("t") not in Base.metadata.tables:
                    raise InputError(
                        "error.store.dump_table", source=source, line=line_no, table=record.get("t")
                    )
                rows.append((record["t"], _decode_row(record["t"], record["r"])))
            return rows
    except (OSError, EOFError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError("error.store.dump_unreadable", source=source, reason=exc) from None


def _read_sqlite_backup(source: Path) -> list[tuple[str, dict[str, Any]]]:
    try:
        src = Project.open(str(source))
    except ProjectError as exc:
        raise InputError("error.store.not_a_backup", source=source, reason=exc) from None
    rows: list[tuple[str, dict[str, Any]]] = []
    with src.session(write=False) as session:
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)).mappings():
                rows.append((table.name, dict(row)))
    src.close()
    return rows


def _project_has_data(session: Session) -> bool:
    for table in Base.metadata.sorted_tables:
        if table.name == "settings":
            continue
        if session.scalar(select(func.count()).select_from(table)):
            return True
    return False


def _insert_rows(
    session: Session, rows: list[tuple[str, dict[str, Any]]], progress: Progress | None
) -> None:
    by_table: dict[str, list[dict[str, Any]]] = {}
    for name, row in rows:
        by_table.setdefault(name, []).append(row)
    # settings: the target already has its own creation record; keep the backup's values.
    session.execute(Base.metadata.tables["settings"].delete())
    done = 0
    for table in Base.metadata.sorted_tables:
        batch = by_table.get(table.name, [])
        if table.name == "codes" and batch:
            # codes refer to codes (parent, merged into): insert without those links, then set them.
            links = [(r["id"], r.get("parent_id"), r.get("merged_into_id")) for r in batch]
            session.execute(
                table.insert(), [{**r, "parent_id": None, "merged_into_id": None} for r in batch]
            )
            for code_id, parent_id, merged_id in links:
                if parent_id is not None or merged_id is not None:
                    session.execute(
                        table.update()
                        .where(table.c.id == code_id)
                        .values(parent_id=parent_id, merged_into_id=merged_id)
                    )
        elif batch:
            for start in range(0, len(batch), 2000):
                session.execute(table.insert(), batch[start : start + 2000])
        done += len(batch)
        if progress:
            progress("restore", done, len(rows))


def _reset_sequences(project: Project) -> None:
    """After inserting explicit ids, move PostgreSQL's sequences past them."""
    if project.dialect != "postgresql":
        return
    with project.session() as session:
        for table in Base.metadata.sorted_tables:
            pk = list(table.primary_key.columns)
            if len(pk) == 1 and pk[0].autoincrement is True and pk[0].type.python_type is int:
                session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), "
                        f"COALESCE((SELECT MAX({pk[0].name}) FROM {table.name}), 0) + 1, false)"
                    )
                )


@dataclass
class Finding:
    """One thing `coder check` found: ``level`` is "error" or "warning"."""

    level: str
    message: str


def check(project: Project) -> list[Finding]:
    """Verify the project's integrity; an empty list means all is well."""
    findings: list[Finding] = []
    with project.session(write=False) as session:
        if project.dialect == "sqlite":
            result = [row[0] for row in session.execute(text("PRAGMA integrity_check"))]
            if result != ["ok"]:
                findings += [
                    Finding("error", f"SQLite integrity check: {line}") for line in result[:20]
                ]
            for table, rowid, parent, _fk in session.execute(text("PRAGMA foreign_key_check")):
                findings.append(
                    Finding("error", f"{table} row {rowid} refers to a missing {parent} row")
                )
        revision = session.scalar(text("select version_num from alembic_version"))
        if revision != migrate.head_revision():
            findings.append(
                Finding("error", f"schema is at {revision}, expected {migrate.head_revision()}")
            )
        orphan_queries = {
            "codings whose answer is missing": "select count(*) from codings c left join answers a on a.id = c.answer_id where a.id is null",
            "codings whose code is missing": "select count(*) from codings c left join codes k on k.id = c.code_id where k.id is null",
            "codings whose coder is missing": "select count(*) from codings c left join coders p on p.id = c.coder_id where p.id is null",
            "answers whose respondent is missing": "select count(*) from answers a left join respondents r on r.id = a.respondent_id where r.id is null",
            "answers whose question is missing": "select count(*) from answers a left join questions q on q.id = a.question_id where q.id is null",
            "codings on a code of another question's codebook": (
                "select count(*) from codings c join answers a on a.id = c.answer_id join codes k on k.id = c.code_id "
                "join codebooks b on b.id = k.codebook_id where b.question_id <> a.question_id"
            ),
            "duplicate codings": (
                "select count(*) from (select answer_id, code_id, coder_id from codings "
                "group by answer_id, code_id, coder_id, start_offset, end_offset "
                "having count(*) > 1) d"
            ),
        }
        for what, sql in orphan_queries.items():
            count = session.scalar(text(sql)) or 0
            if count:
                findings.append(Finding("error", f"{count} {what}"))
        retired = session.execute(
            text(
                "select k.key, k.status, count(*) from codings c join codes k on k.id = c.code_id "
                "where k.status <> 'active' group by k.key, k.status order by k.key"
            )
        ).all()
        for key, code_status, count in retired:
            findings.append(
                Finding(
                    "warning",
                    f"{count} codings use code {key!r}, which is {code_status} in the current codebook version",
                )
            )
    return findings
