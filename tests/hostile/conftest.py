"""A coded project to throw hostile files at, and a fingerprint of everything it stores."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import sys
from pathlib import Path
from types import ModuleType

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
    """Table name -> hash of its sorted rows: equal before and after means nothing changed."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        prints = {}
        for table in tables:
            rows = sorted(repr(row) for row in conn.execute(f'SELECT * FROM "{table}"'))
            prints[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
        return prints
    finally:
        conn.close()


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with question Q1, 20 answers (R00000..R00019), a codebook and one coding."""
    path = tmp_path_factory.mktemp("seed") / "seed.sqlite"
    project = Project.create(str(path))
    try:
        answer_ids = seed_project(project)
        from coder.store.actions import code_by_key, toggle_code

        with project.session() as session:
            toggle_code(session, answer_ids[1], code_by_key(session, "Q1", "admin").id, "anna")
    finally:
        project.close()
    return path


@pytest.fixture
def hostile_db(seeded_db: Path, tmp_path: Path) -> Path:
    """A private copy of the seeded project for one test."""
    copy = tmp_path / "project.sqlite"
    shutil.copyfile(seeded_db, copy)
    return copy
