"""Shared fixtures: real SQLite projects in tmp_path and real PostgreSQL databases.

PostgreSQL tests use the server named by CODER_TEST_PG_URL (`.ci/run` starts one); each test
gets a database of its own, dropped afterwards. Without the variable they are skipped, except
under CI, where a missing server is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from coder.store.project import Project

PG_URL = os.environ.get("CODER_TEST_PG_URL", "")


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The command line speaks English in tests unless a test chooses a language: the locale
    and config file of the person running them count for nothing (coder.cli.messages)."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("CODER_CONFIG", str(tmp_path / "no-config.toml"))


def _pg_database() -> Iterator[str]:
    if not PG_URL:
        if os.environ.get("CI"):
            pytest.fail(
                "CODER_TEST_PG_URL is not set: CI must start PostgreSQL (.ci/start-postgres)"
            )
        pytest.skip("no PostgreSQL server (set CODER_TEST_PG_URL)")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"coder_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def pg_db() -> Iterator[str]:
    """The URL of a fresh, empty PostgreSQL database."""
    yield from _pg_database()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh project location on SQLite and, in a second run, on PostgreSQL."""
    if request.param == "sqlite":
        yield str(tmp_path / "project.sqlite")
    else:
        yield from _pg_database()


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    """Where a test's SQLite project lives."""
    return str(tmp_path / "project.sqlite")


@pytest.fixture
def project(db_path: str) -> Iterator[Project]:
    """A new, empty SQLite project."""
    p = Project.create(db_path)
    yield p
    p.close()
