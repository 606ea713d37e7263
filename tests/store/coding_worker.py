"""A coding process for the concurrency and crash tests: codes answers one committed
transaction at a time, exactly as the TUI does, and reports each action after its commit.

Run in processes forked from a server that has imported coder already (multiprocessing's
forkserver), so a hundred kills cost seconds, not a Python start-up and imports each.
"""

from __future__ import annotations

import random
import tempfile
from multiprocessing.connection import Connection
from pathlib import Path
from threading import Barrier

import alembic.migration  # noqa: F401  (imported by Project.open: loaded once in the server)

from coder.store import actions, migrate
from coder.store.codebooks import active_codes
from coder.store.project import Project
from coder.store.queries import answer_index
from tests.factories import seed_project

PRELOAD = ["tests.store.coding_worker"]
"""What the fork server imports once, before any worker is forked."""


def _open_and_read(db: str) -> tuple[Project, list[int], list[int]]:
    """The project, its Q1 answer ids and Q1's active code ids."""
    project = Project.open(db)
    with project.session(write=False) as s:
        answer_ids = [aid for aid, _rid, _lang in answer_index(s, "Q1")]
        code_ids = [c.id for c in active_codes(s, "Q1")]
    return project, answer_ids, code_ids


def _warm_up() -> None:
    """Open a throwaway project once in the server, so that what every first open pays (the
    migration scripts read, the ORM mappers set up, the SQLite driver loaded) is paid here and
    a forked worker starts coding at once."""
    migrate.known_revisions()
    migrate.head_revision()
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "warm-up.sqlite")
        with Project.create(db) as project:
            seed_project(project, 1)
        project, _answers, _codes = _open_and_read(db)
        project.close()


_warm_up()


def code_answers(
    db: str,
    coder: str,
    count: int,
    seed: int,
    report: Connection,
    start: Barrier | None = None,
) -> None:
    """Code ``count`` answers of Q1 in random order (``seed``); send b"ready" once the project
    is open, then b"done ANSWER CODE" after each commit: a message sent is an action reported.

    With ``start``, wait there after "ready" until every other writer is ready too, so that
    the writers' transactions overlap from the first one (the coder rows included).
    """
    rng = random.Random(seed)
    project, answer_ids, code_ids = _open_and_read(db)
    rng.shuffle(answer_ids)
    report.send_bytes(b"ready")
    if start is not None:
        start.wait(timeout=120)
    for answer_id in answer_ids[:count]:
        code_id = rng.choice(code_ids)
        with project.session() as s:
            actions.toggle_code(s, answer_id, code_id, coder)
        report.send_bytes(f"done {answer_id} {code_id}".encode())
    project.close()
