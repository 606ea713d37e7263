"""A coding process for the concurrency benchmark.

Usage: python bench/coding_worker.py DB CODER COUNT SEED

Opens the project, prints ``ready``, waits for a line on stdin (so that every writer starts at
once), then codes COUNT answers of question Q1 in random order (SEED), one committed
transaction per action exactly as the TUI does, and prints ``done ANSWER CODE`` after each
commit: a line printed is an action the process reported as done.
"""

from __future__ import annotations

import random
import sys

from coder.store import actions
from coder.store.codebooks import active_codes
from coder.store.project import Project
from coder.store.queries import answer_index


def main(db: str, coder: str, count: int, seed: int) -> None:
    rng = random.Random(seed)
    project = Project.open(db)
    with project.session(write=False) as s:
        answer_ids = [aid for aid, _rid, _lang in answer_index(s, "Q1")]
        code_ids = [c.id for c in active_codes(s, "Q1")]
    rng.shuffle(answer_ids)
    print("ready", flush=True)
    sys.stdin.readline()
    for answer_id in answer_ids[:count]:
        code_id = rng.choice(code_ids)
        with project.session() as s:
            actions.toggle_code(s, answer_id, code_id, coder)
        print(f"done {answer_id} {code_id}", flush=True)
    project.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
