"""Backup, restore (SQLite copy and portable dump, across backends) and `coder check`."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import func, select

from coder.errors import InputError
from coder.store import actions
from coder.store.maintenance import backup, check, restore
from coder.store.models import Coding, Event
from coder.store.project import Project
from coder.store.queries import codings_by_answer
from tests.factories import seed_project


def _coded_project(db: str) -> Project:
    project = Project.create(db)
    ids = seed_project(project, 10)
    with project.session() as s:
        code = actions.code_by_key(s, "Q1", "resources").id
        for answer_id in ids[:4]:
            actions.toggle_code(s, answer_id, code, "anna")
        actions.set_memo(s, "anna", "code", str(code), "Money and time are short.")
    return project


def _fingerprint(project: Project) -> tuple[dict[int, set[str]], int, int]:
    with project.session(write=False) as s:
        return (
            codings_by_answer(s, "Q1", "anna"),
            s.scalar(select(func.count()).select_from(Event)) or 0,
            s.scalar(select(func.count()).select_from(Coding)) or 0,
        )


def test_sqlite_backup_restores_everything(tmp_path: Path) -> None:
    project = _coded_project(str(tmp_path / "p.sqlite"))
    out = tmp_path / "backup.sqlite"
    assert backup(project, out) == "sqlite"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    restored = restore(out, str(tmp_path / "restored.sqlite"))
    assert _fingerprint(restored) == _fingerprint(project)
    with pytest.raises(InputError, match="already exists"):
        backup(project, out)


def test_dump_moves_a_project_from_postgresql_to_sqlite_and_back(
    pg_db: str, tmp_path: Path
) -> None:
    project = _coded_project(pg_db)
    dump = tmp_path / "team.coderdump"
    assert backup(project, dump) == "dump"
    local = restore(dump, str(tmp_path / "local.sqlite"))
    assert _fingerprint(local) == _fingerprint(project)
    # the restored project keeps working: new ids do not collide with restored ones
    with local.session() as s:
        actions.toggle_code(s, 1, actions.code_by_key(s, "Q1", "admin").id, "ben")
    assert check(local) == []


def test_restore_refuses_a_non_empty_target_and_bad_files(tmp_path: Path) -> None:
    project = _coded_project(str(tmp_path / "p.sqlite"))
    out = tmp_path / "b.coderdump"
    backup(project, out)
    with pytest.raises(InputError, match="already exists"):
        restore(out, str(tmp_path / "p.sqlite"))
    junk = tmp_path / "junk.coderdump"
    junk.write_bytes(b"not gzip at all")
    with pytest.raises(InputError, match="not a readable coder dump"):
        restore(junk, str(tmp_path / "new.sqlite"))
    assert not (tmp_path / "new.sqlite").exists()


def test_check_is_clean_then_reports_orphans_and_retired_codes(tmp_path: Path) -> None:
    db = str(tmp_path / "p.sqlite")
    project = _coded_project(db)
    assert check(project) == []
    from coder.codebook.model import Code, Codebook
    from coder.store.codebooks import attach_codebook

    with project.session() as s:  # a new codebook version without "resources"
        attach_codebook(
            s,
            "Q1",
            Codebook(id="test", codes=[Code(id="admin", labels={"en": "Admin"})]),
            actor="lead",
        )
    findings = check(project)
    assert [f.level for f in findings] == ["warning"]
    assert "'resources', which is retired" in findings[0].message
    project.close()
    raw = sqlite3.connect(db)
    raw.execute(
        "insert into codings (answer_id, code_id, coder_id, source, created_at) values (9999, 1, 1, 'manual', '2026-01-01')"
    )
    raw.commit()
    raw.close()
    errors = [f.message for f in check(Project.open(db)) if f.level == "error"]
    assert any("codings whose answer is missing" in e for e in errors)
