"""A real SQLite project that two coders (and a third on some answers) have coded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from coder.store import actions
from coder.store.project import Project
from tests.factories import seed_project

# answer index -> codes per coder (absent coder: did not code it; [] coded, no code)
CODINGS: dict[int, dict[str, list[str]]] = {
    0: {"anna": ["resources"], "ben": ["resources"], "cleo": ["resources"]},
    1: {"anna": ["resources", "admin"], "ben": ["resources"], "cleo": ["admin"]},
    2: {"anna": ["admin"], "ben": ["definition"]},
    3: {"anna": [], "ben": []},
    4: {"anna": ["collaboration"], "ben": ["collaboration"], "cleo": ["collaboration"]},
    5: {"anna": ["admin"], "ben": ["admin"]},
    6: {"anna": ["resources"], "ben": ["resources", "definition"]},
    7: {"anna": ["definition"], "ben": ["definition"]},
    8: {"anna": ["resources"]},  # one coder only: not pairable
    9: {"ben": ["admin"]},
    10: {"anna": ["admin", "definition"], "ben": ["admin", "definition"]},
    11: {"anna": [], "ben": ["resources"]},
}


def code_answers(project: Project, answer_ids: list[int]) -> None:
    """Record CODINGS through the store's actions, as the TUI would."""
    with project.session(write=False) as s:
        key_to_id = {
            k: actions.code_by_key(s, "Q1", k).id
            for k in ("resources", "admin", "definition", "collaboration", "marketing")
        }
    for index, by_coder in CODINGS.items():
        for coder, keys in by_coder.items():
            with project.session() as s:
                actions.set_codes(s, answer_ids[index], coder, [key_to_id[k] for k in keys])


def _build(path: Path) -> str:
    project = Project.create(str(path))
    ids = seed_project(project, n_answers=20)
    code_answers(project, ids)
    project.close()
    return str(path)


@pytest.fixture(scope="module")
def coded_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A SQLite project with CODINGS recorded for Q1, shared by a module's read-only tests."""
    yield _build(tmp_path_factory.mktemp("agreement") / "coded.sqlite")


@pytest.fixture
def fresh_coded_db(tmp_path: Path) -> Iterator[str]:
    """The same project, new for each test that writes to it."""
    yield _build(tmp_path / "coded.sqlite")
