"""Codings per second with N analysts coding one project at once, on SQLite and PostgreSQL,
and the check that no writer lost or doubled an action it reported.

Usage: python bench/bench_concurrency.py [--answers 2000] [--writers 1,2,4,8] [--pg URL]

Each writer is a real process coding ``--answers`` answers, one committed transaction per
action (as in the TUI); all start together once every one has opened the project. The PostgreSQL
run needs a server URL on which databases may be created (``--pg`` or CODER_TEST_PG_URL). Prints
one line per backend and N. This is the full matrix of `tests/store/test_concurrency.py`, which
runs one writer count per backend with fewer actions: a writer that failed, or an action
reported but not stored (or stored but not reported), stops the run with the writer's name.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.generate import make_project  # noqa: E402
from coder.store.project import Project  # noqa: E402
from coder.store.queries import my_codings  # noqa: E402

WORKER = ROOT / "bench" / "coding_worker.py"
QUESTION = "microcredential_challenges"  # the generated question coded as Q1


def _reported(output: str) -> set[tuple[int, int]]:
    """The (answer, code) pairs a writer printed as done."""
    pairs = set()
    for line in output.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "done":
            pairs.add((int(parts[1]), int(parts[2])))
    return pairs


def _check(db: str, reported: dict[str, set[tuple[int, int]]], answers: int) -> None:
    """Every writer's reported actions are stored, once each, and nothing else is."""
    with Project.open(db) as project, project.session(write=False) as s:
        for name, done in reported.items():
            stored = {
                (aid, code) for aid, codes in my_codings(s, "Q1", name).items() for code in codes
            }
            if len(done) != answers or stored != done:
                raise SystemExit(
                    f"{name}: reported {len(done)} of {answers} actions; "
                    f"{len(done - stored)} lost, {len(stored - done)} stored but not reported"
                )


def rate_of(db: str, writers: int, answers: int) -> float:
    """Codings per second for ``writers`` processes on a fresh project at ``db``, checked."""
    with tempfile.TemporaryDirectory() as folder:  # the synthetic survey's CSV
        make_project(db, Path(folder), answers, questions={QUESTION: "Q1"}, coders=())
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, str(WORKER), db, f"w{i}", str(answers), str(i)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for i in range(writers)
    ]
    for proc in procs:  # wait until every process has started and opened the project
        assert proc.stdout is not None
        if proc.stdout.readline().strip() != "ready":
            raise SystemExit(f"a writer did not start (exit code {proc.wait()})")
    start = time.perf_counter()
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.close()
    # The rest of each pipe through the same file object that read "ready" (one reader), all
    # pipes at once so that no writer waits on a full pipe.
    with ThreadPoolExecutor(writers) as pool:
        outputs = list(pool.map(lambda proc: proc.stdout.read(), procs))
    elapsed = time.perf_counter() - start
    for i, proc in enumerate(procs):
        if proc.wait() != 0:
            raise SystemExit(f"writer w{i} failed (exit code {proc.returncode}; see stderr)")
    reported = {f"w{i}": _reported(out) for i, out in enumerate(outputs)}
    _check(db, reported, answers)
    return sum(len(done) for done in reported.values()) / elapsed


def pg_database(server: str) -> tuple[str, str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"coder_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False), name


def drop(server: str, name: str) -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--answers", type=int, default=2000)
    parser.add_argument("--writers", default="1,2,4,8")
    parser.add_argument("--pg", default=os.environ.get("CODER_TEST_PG_URL", ""))
    args = parser.parse_args()
    counts = [int(n) for n in args.writers.split(",")]
    print(f"{'backend':<11}{'writers':>8}{'codings/s':>12}")
    for writers in counts:
        with tempfile.TemporaryDirectory() as tmp:
            rate = rate_of(str(Path(tmp) / "bench.sqlite"), writers, args.answers)
        print(f"{'sqlite':<11}{writers:>8}{rate:>12.0f}", flush=True)
    if not args.pg:
        print("postgresql: skipped (give --pg URL or set CODER_TEST_PG_URL)")
        return
    for writers in counts:
        url, name = pg_database(args.pg)
        try:
            rate = rate_of(url, writers, args.answers)
        finally:
            drop(args.pg, name)
        print(f"{'postgresql':<11}{writers:>8}{rate:>12.0f}", flush=True)


if __name__ == "__main__":
    main()


def run(quick: bool) -> list[dict[str, object]]:
    """Figures for `python -m bench`: codings/s for N writers on SQLite (and PostgreSQL)."""
    from bench import figure

    answers, counts = (200, (1, 2)) if quick else (2000, (1, 2, 4, 8))
    server = os.environ.get("CODER_TEST_PG_URL", "")
    rows = []
    for writers in counts:
        with tempfile.TemporaryDirectory() as tmp:
            value = rate_of(str(Path(tmp) / "bench.sqlite"), writers, answers)
        alt = None
        if server:
            url, name = pg_database(server)
            try:
                alt = rate_of(url, writers, answers)
            finally:
                drop(server, name)
        rows.append(
            figure(
                f"concurrency: codings/s, {writers} writer(s)",
                value,
                "codings/s",
                alternative=alt,
                alternative_name="PostgreSQL" if server else "PostgreSQL (not run: no server URL)",
                note=f"SQLite; {answers} codings per writer, one transaction each; none lost or doubled",
            )
        )
    return rows
