"""A coding process for the crash test: codes answers one committed transaction at a time,
exactly as the TUI does, and reports each action after its commit.

Run in processes forked from a server that has imported coder already (multiprocessing's
forkserver), so a hundred kills cost seconds, not a Python start-up and imports each.
"""

from __future__ import annotations

import random
from multiprocessing.connection import Connection

import alembic.migration  # noqa: F401  (imported by Project.open: loaded once in the server)

from coder.store import actions, migrate
from coder.store.codebooks import active_codes
from coder.store.project import Project
from coder.store.queries import answer_index

PRELOAD = ["tests.store.coding_worker"]
"""What the fork server imports once, before any worker is forked."""

# Read the migration scripts here, once, so a forked worker opens the project at once.
migrate.known_revisions()
migrate.head_revision()


def code_answers(db: str, coder: str, count: int, seed: int, report: Connection) -> None:
    """Code ``count`` answers of Q1 in random order (``seed``); send b"ready" once the project
    is open, then b"done ANSWER CODE" after each commit: a message sent is an action reported."""
    rng = random.Random(seed)
    project = Project.open(db)
    with project.session(write=False) as s:
        answer_ids = [aid for aid, _rid, _lang in answer_index(s, "Q1")]
        code_ids = [c.id for c in active_codes(s, "Q1")]
    rng.shuffle(answer_ids)
    report.send_bytes(b"ready")
    for answer_id in answer_ids[:count]:
        code_id = rng.choice(code_ids)
        with project.session() as s:
            actions.toggle_code(s, answer_id, code_id, coder)
        report.send_bytes(f"done {answer_id} {code_id}".encode())
    project.close()
