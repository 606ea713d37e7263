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

from coder.store.project import Project  # noqa: E402
from tests.factories import seed_project  # noqa: E402

WORKER = ROOT / "bench" / "coding_worker.py"


def run(db: str, writers: int, answers: int) -> float:
    """Codings per second for ``writers`` processes on a fresh project at ``db``."""
    project = Project.create(db)
    seed_project(project, answers)
    project.close()
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
            rate = run(str(Path(tmp) / "bench.sqlite"), writers, args.answers)
        print(f"{'sqlite':<11}{writers:>8}{rate:>12.0f}", flush=True)
    if not args.pg:
        print("postgresql: skipped (give --pg URL or set CODER_TEST_PG_URL)")
        return
    for writers in counts:
        url, name = pg_database(args.pg)
        try:
            rate = run(url, writers, args.answers)
        finally:
            drop(args.pg, name)
        print(f"{'postgresql':<11}{writers:>8}{rate:>12.0f}", flush=True)


if __name__ == "__main__":
    main()
