"""Engines for SQLite files and server URLs, with the settings a coding project needs.

SQLite gets WAL (readers never wait for the writer), foreign keys, a busy timeout, full
fsync on commit (a coding shown on screen survives a kill or a power cut) and a file readable
by its owner only. Writers take the lock at BEGIN (``BEGIN IMMEDIATE``) so two analysts on one
file queue up instead of failing half-way through a transaction.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from coder.errors import ProjectError

BUSY_TIMEOUT_MS = 30_000


def is_url(db: str) -> bool:
    """Whether ``db`` is an SQLAlchemy URL rather than a file path."""
    return "://" in db


def display_name(db: str) -> str:
    """``db`` as it may be shown in messages and logs: a server URL without its password."""
    if not is_url(db):
        return db
    try:
        return make_url(db).render_as_string(hide_password=True)
    except ArgumentError:
        return "<database URL>"


def sqlite_path(db: str) -> Path | None:
    """The file behind a SQLite DB argument, or None for a server URL or in-memory SQLite."""
    if not is_url(db):
        return Path(db)
    url = make_url(db)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database)
    return None


def create_private_file(path: Path) -> None:
    """Create an empty file readable and writable by its owner only (survey answers are confidential)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, stat.S_IRUSR | stat.S_IWUSR)
    os.close(fd)
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)


def _sqlite_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's events, not the driver, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        # Readers cannot write: query_only is set for every transaction, as pooled connections
        # serve readers and writers in turn.
        conn.exec_driver_sql(f"PRAGMA query_only = {1 if mode == 'DEFERRED' else 0}")
        conn.exec_driver_sql(f"BEGIN {mode}")

    @event.listens_for(engine, "checkin")
    def _on_checkin(dbapi_connection: Any, _record: Any) -> None:
        if dbapi_connection is not None:  # a raw connection checked out next may write
            dbapi_connection.execute("PRAGMA query_only = 0")

    return engine


SUPPORTED_BACKENDS = ("sqlite", "postgresql")
"""Database backends coder is tested on; any other URL is refused before connecting."""


def _holds_no_project(path: Path) -> bool:
    """Whether an existing SQLite file surely holds no project, read without writing to it.

    Opening it through the engine would switch it to WAL (writing its header) before the
    project check could refuse it; an empty file or another program's database must be left
    as it was. A file SQLite cannot read is left to the engine, which names the fault.
    """
    if path.stat().st_size == 0:
        return True
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        found = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()
    except sqlite3.Error:
        return False
    finally:
        conn.close()
    return found is None


def make_engine(db: str, *, create: bool = False) -> Engine:
    """An engine for ``db`` (a SQLite path or an SQLAlchemy URL).

    A SQLite file that does not exist is created (owner-only) only when ``create`` is true;
    otherwise it is a ProjectError, so a mistyped path never makes an empty project.
    """
    if not db.strip():
        raise ProjectError("error.store.no_db")
    path = sqlite_path(db)
    if path is not None:
        if not path.exists():
            if not create:
                raise ProjectError("error.store.no_project_file", db=db)
            create_private_file(path)
        elif path.is_dir():
            raise ProjectError("error.store.is_directory", db=db)
        elif not create and _holds_no_project(path):
            raise ProjectError("error.store.no_project", db=db)
        return _sqlite_engine(path)
    try:
        url = make_url(db)
    except ArgumentError:
        raise ProjectError("error.store.not_a_url", db=display_name(db)) from None
    backend = url.get_backend_name()
    if backend not in SUPPORTED_BACKENDS:
        raise ProjectError("error.store.backend", backend=backend)
    if url.drivername == "postgresql":  # SQLAlchemy's default is psycopg2; coder ships psycopg 3
        url = url.set(drivername="postgresql+psycopg")
    try:
        return create_engine(url, pool_pre_ping=True)
    except ModuleNotFoundError as exc:
        raise ProjectError("error.store.no_driver", db=display_name(db), driver=exc.name) from None
    except Exception as exc:  # bad URL parts, an unknown driver
        raise ProjectError("error.store.bad_url", db=display_name(db), reason=exc) from None


def read_only(engine: Engine) -> Engine:
    """A view of ``engine`` whose transactions cannot write.

    SQLite: begun deferred (no write lock, so readers never queue behind a writer) with
    ``query_only``; PostgreSQL: ``READ ONLY`` transactions.
    """
    if engine.dialect.name == "postgresql":
        return engine.execution_options(postgresql_readonly=True)
    return engine.execution_options(sqlite_begin="DEFERRED")
