"""Several analysts coding one project at once, and coding processes killed mid-work.

Real processes on a real SQLite file (WAL) and a real PostgreSQL server: every action a
process reported as done must be in the database exactly once. One writer count per backend
here; `bench/bench_concurrency.py` runs 1, 2, 4 and 8 writers on both with the same check.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import shutil
import signal
import tempfile
import time
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from coder.store.maintenance import check
from coder.store.models import Coder, Coding
from coder.store.project import Project
from tests.conftest import _pg_database
from tests.factories import seed_project
from tests.store import coding_worker

SHM = Path("/dev/shm")


@pytest.fixture
def fast_dir(tmp_path: Path) -> Iterator[Path]:
    """A folder in memory where there is one: these tests check locking and what a killed
    process leaves behind, not the disk's fsync speed, which would make them take minutes."""
    if not (SHM.is_dir() and os.access(SHM, os.W_OK)):
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(prefix="coder-test-", dir=SHM))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def shared_db(request: pytest.FixtureRequest, fast_dir: Path) -> Iterator[str]:
    """A project location on SQLite (in memory-backed storage) and on PostgreSQL."""
    if request.param == "sqlite":
        yield str(fast_dir / "project.sqlite")
    else:
        yield from _pg_database()


ANSWERS = 300
"""Answers of Q1; each writer codes ACTIONS of them in an order of its own, so writers meet on
the same answers."""
ACTIONS = 50
"""Actions per writer: the writers start together at a barrier, so each one's commits interleave
with all the others' from the first (the coder rows included); more actions repeat the same
interleavings. Enough to catch a real fault: with SQLite writers opening deferred instead of
immediate transactions, this test fails on "database is locked" every time."""
WRITERS = {"sqlite": 8, "postgresql": 4}
"""Writers at once: SQLite serialises writers on one lock, so it gets the most; PostgreSQL locks
rows, and each of its writers costs a server connection."""


def _context() -> Any:
    """Processes forked from a server that has imported coder (no start-up cost per writer)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(coding_worker.PRELOAD)
    return context


def _start(db: str, coder: str, count: int, seed: int, start: Any = None) -> tuple[Any, Connection]:
    """A coding process and its report pipe; with ``start`` (a barrier) it codes when all do."""
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    proc = context.Process(
        target=coding_worker.code_answers, args=(db, coder, count, seed, sender, start)
    )
    proc.start()
    sender.close()  # the child holds the only writer: its end is the end of the pipe
    return proc, receiver


def _read_to_end(receiver: Connection) -> list[str]:
    """Every whole message until the writer is gone (one cut by a kill is not reported)."""
    messages = []
    while True:
        try:
            messages.append(receiver.recv_bytes().decode())
        except EOFError:
            receiver.close()
            return messages


def _reported(messages: list[str]) -> set[tuple[int, int]]:
    done = set()
    for message in messages:
        parts = message.split()
        if len(parts) == 3 and parts[0] == "done":
            done.add((int(parts[1]), int(parts[2])))
    return done


@pytest.mark.slow
def test_parallel_coders_lose_and_double_nothing(shared_db: str) -> None:
    backend = "postgresql" if shared_db.startswith("postgresql") else "sqlite"
    writers = WRITERS[backend]
    project = Project.create(shared_db)
    seed_project(project, ANSWERS)
    start = _context().Barrier(writers)
    started = [_start(shared_db, f"coder{i}", ACTIONS, i, start) for i in range(writers)]
    reported: dict[str, set[tuple[int, int]]] = {}
    for i, (proc, receiver) in enumerate(started):
        reported[f"coder{i}"] = _reported(_read_to_end(receiver))
        proc.join(timeout=600)
        assert proc.exitcode == 0, f"coder{i} failed (its traceback is on stderr)"
    with project.session(write=False) as s:
        for name, actions_done in reported.items():
            assert len(actions_done) == ACTIONS
            rows = s.execute(
                select(Coding.answer_id, Coding.code_id)
                .join(Coder, Coder.id == Coding.coder_id)
                .where(Coder.name == name)
            ).all()
            assert len(rows) == len(set(rows)) == ACTIONS  # none doubled
            assert set(map(tuple, rows)) == actions_done  # none lost
        assert s.scalar(select(func.count()).select_from(Coding)) == writers * ACTIONS
    assert [f for f in check(project) if f.level == "error"] == []
    project.close()


KILLS = 100
"""Processes killed, each at a random moment of its run."""


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_no_reported_action(fast_dir: Path) -> None:
    db = str(fast_dir / "p.sqlite")
    project = Project.create(db)
    seed_project(project, ANSWERS)
    project.close()
    rng = random.Random(7)
    killed_while_coding = 0
    for round_no in range(KILLS):
        proc, receiver = _start(db, f"killed{round_no}", ANSWERS, seed=round_no)
        # One reader for the pipe: whole messages, each "done" sent after its commit.
        assert receiver.recv_bytes() == b"ready"
        # An action takes milliseconds: any moment in the first few dozen lands at a random
        # point of one (before, inside or after its commit), as well as a later moment would.
        time.sleep(rng.uniform(0.0, 0.05))
        proc.kill()
        reported = _reported(_read_to_end(receiver))
        proc.join(timeout=30)
        assert proc.exitcode == -signal.SIGKILL
        with Project.open(db) as p, p.session(write=False) as s:
            stored = set(
                map(
                    tuple,
                    s.execute(
                        select(Coding.answer_id, Coding.code_id)
                        .join(Coder, Coder.id == Coding.coder_id)
                        .where(Coder.name == f"killed{round_no}")
                    ).all(),
                )
            )
        # Every reported action is stored; at most one more (committed, killed before printing).
        assert reported <= stored, f"round {round_no}: lost {reported - stored}"
        assert len(stored - reported) <= 1
        killed_while_coding += bool(reported)
    assert killed_while_coding > 0  # the kills came while the processes were coding
    with Project.open(db) as p:
        assert [f for f in check(p) if f.level == "error"] == []
