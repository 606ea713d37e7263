"""Creating, opening and migrating projects on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from coder.errors import ProjectError
from coder.store import migrate
from coder.store.project import Project


def test_init_is_idempotent_and_migrates_from_empty(any_db: str) -> None:
    project = Project.create(any_db)
    with project.engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        assert migrate.current_revision(conn) == migrate.head_revision()
    assert {"questions", "respondents", "answers", "codes", "codings", "events", "memos"} <= tables
    project.close()
    again = Project.create(any_db)  # a second init changes nothing and does not fail
    with again.engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()
    again.close()


def test_open_refuses_missing_file_without_creating_it(tmp_path: Path) -> None:
    path = tmp_path / "typo.sqlite"
    with pytest.raises(ProjectError, match="no such project"):
        Project.open(str(path))
    assert not path.exists()


def test_open_refuses_a_database_that_is_not_a_project(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    sqlite3.connect(path).execute("create table t (x)").connection.commit()
    before = path.read_bytes()
    with pytest.raises(ProjectError, match="holds no coder project"):
        Project.open(str(path))
    # refused without a write: still in its own journal mode, no -wal/-shm beside it
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["other.sqlite"]
    with pytest.raises(ProjectError, match="other tables"):
        Project.create(str(path))


def test_open_refuses_an_empty_file_and_leaves_it_empty(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite"
    path.write_bytes(b"")
    with pytest.raises(ProjectError, match="holds no coder project"):
        Project.open(str(path))
    assert path.read_bytes() == b""
    Project.create(str(path)).close()  # `coder init` still makes a project there
    Project.open(str(path)).close()


def test_project_from_a_newer_coder_is_refused(db_path: str) -> None:
    Project.create(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute("update alembic_version set version_num = '9999_future'")
    conn.commit()
    conn.close()
    with pytest.raises(ProjectError, match="newer version of coder"):
        Project.open(db_path)


def test_sqlite_file_is_private_and_uses_wal(db_path: str) -> None:
    project = Project.create(db_path)
    mode = stat.S_IMODE(os.stat(db_path).st_mode)
    assert mode == 0o600
    with project.session() as session:
        assert session.execute(text("pragma journal_mode")).scalar() == "wal"
        assert session.execute(text("pragma foreign_keys")).scalar() == 1
        assert session.execute(text("pragma busy_timeout")).scalar() >= 1000
    project.close()


def test_failed_transaction_changes_nothing(project: Project) -> None:
    from coder.store.models import Question

    with pytest.raises(RuntimeError), project.session() as session:
        session.add(Question(id="Q1", title="x"))
        session.flush()
        raise RuntimeError("boom")
    with project.session(write=False) as session:
        assert session.get(Question, "Q1") is None


def test_a_read_session_cannot_write(any_db: str) -> None:
    from coder.errors import CoderError
    from coder.store.models import Question

    with Project.create(any_db) as project:
        with (
            pytest.raises(CoderError, match="read-only|readonly"),
            project.session(write=False) as session,
        ):
            session.add(Question(id="Q1", title="x"))
            session.flush()
        # the connection goes back to the pool writable: the next writer is not refused
        with project.session() as session:
            session.add(Question(id="Q2", title="y"))
        with project.session(write=False) as session:
            assert session.get(Question, "Q1") is None
            assert session.get(Question, "Q2") is not None
