"""Codings per second with N analysts coding one project at once, on SQLite and PostgreSQL.

Usage: python bench/bench_concurrency.py [--answers 2000] [--writers 1,2,4,8] [--pg URL]

Each writer is a real process coding ``--answers`` answers, one committed transaction per
action (as in the TUI). The PostgreSQL run needs a server URL on which databases may be
created (``--pg`` or CODER_TEST_PG_URL). Prints one line per backend and N.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.generate import make_project  # noqa: E402

WORKER = ROOT / "bench" / "coding_worker.py"
QUESTION = "microcredential_challenges"  # the generated question coded as Q1


def rate_of(db: str, writers: int, answers: int) -> float:
    """Codings per second for ``writers`` processes on a fresh project at ``db``."""
    with tempfile.TemporaryDirectory() as folder:  # the synthetic survey's CSV
        make_project(db, Path(folder), answers, questions={QUESTION: "Q1"}, coders=())
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, str(WORKER), db, f"w{i}", str(answers), str(i)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for i in range(writers)
    ]
    for proc in procs:  # wait until every process has started and opened the project
        assert proc.stdout is not None
        proc.stdout.readline()
    start = time.perf_counter()
    done = 0
    for proc in procs:
        out, _ = proc.communicate()
        done += sum(1 for line in out.splitlines() if line.startswith("done"))
    return done / (time.perf_counter() - start)


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
                note=f"SQLite; {answers} codings per writer, one transaction each",
            )
        )
    return rows
