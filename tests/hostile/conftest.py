"""A coded project to throw hostile files at, and a fingerprint of everything it stores."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from coder.store.project import Project
from tests.factories import seed_project

CORPUS = Path(__file__).parents[1] / "data" / "hostile"


def load_generator() -> ModuleType:
    """tests/data/hostile/make_corpus.py, which writes the corpus and builds its big files."""
    if "make_corpus" not in sys.modules:
        import importlib.util

        spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["make_corpus"] = module
        spec.loader.exec_module(module)
    return sys.modules["make_corpus"]


def fingerprint(db: str | Path) -> dict[str, str]:
    """Table name -> hash of its sorted rows: equal before and after means nothing changed.

    ``db`` is a SQLite file or a database URL; every table is read, not only coder's.
    """
    if "://" not in str(db):
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            names = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            return {
                name: _digest(conn.execute(f'SELECT * FROM "{name}"'))
                for (name,) in names.fetchall()
            }
        finally:
            conn.close()
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(str(db))
    try:
        with engine.connect() as conn:
            return {
                name: _digest(conn.execute(text(f'SELECT * FROM "{name}"')))
                for name in inspect(conn).get_table_names()
            }
    finally:
        engine.dispose()


def _digest(rows: Iterable[Any]) -> str:
    return hashlib.sha256("\n".join(sorted(repr(tuple(row)) for row in rows)).encode()).hexdigest()


def seed(db: str) -> None:
    """Question Q1, 20 answers (R00000..R00019), a five-code codebook and one coding."""
    project = Project.create(db)
    try:
        answer_ids = seed_project(project)
        from coder.store.actions import code_by_key, toggle_code

        with project.session() as session:
            toggle_code(session, answer_ids[1], code_by_key(session, "Q1", "admin").id, "anna")
    finally:
        project.close()


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seeded SQLite project (see ``seed``), copied by the tests that need one."""
    path = tmp_path_factory.mktemp("seed") / "seed.sqlite"
    seed(str(path))
    return path


@pytest.fixture(scope="session")
def seeded_pg() -> Iterator[str]:
    """One seeded PostgreSQL project shared by a session: a refused file changes nothing."""
    from tests.conftest import _pg_database

    for url in _pg_database():
        seed(url)
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def hostile_db(request: pytest.FixtureRequest, seeded_db: Path, tmp_path: Path) -> str:
    """A seeded project: a private SQLite copy, or the session's PostgreSQL database."""
    if request.param == "postgresql":
        return str(request.getfixturevalue("seeded_pg"))
    copy = tmp_path / "project.sqlite"
    shutil.copyfile(seeded_db, copy)
    return str(copy)
