"""How fast the reconciliation screen opens and decides on a large project.

Builds a project of N answers (default 100,000) where anna and ben have both coded 30% of
them and differ on about 15% of those, then times: reading the agreement report and the
disagreement queue (what the screen does when it opens), the screen's start to first paint in
a headless app (the codings are read in a thread, so it paints before they arrive), the time
until the report and queue are shown, and the key 'a' (take A's codes) from key event to
repaint.

    .venv/bin/python -m bench.bench_reconcile [--answers N] [--presses K]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.bench_tui import generate, percentile


def add_second_coder(db: str, disagree: float = 0.15, seed: int = 11) -> None:
    """Give ben the same answers as anna, with a different code on ``disagree`` of them."""
    from sqlalchemy import insert, select

    from coder.store.codebooks import active_codes
    from coder.store.models import Coder, Coding, Review
    from coder.store.project import Project

    rng = random.Random(seed)
    project = Project.open(db)
    with project.session() as s:
        anna = s.scalar(select(Coder.id).where(Coder.name == "anna"))
        codes = [c.id for c in active_codes(s, "Q1") if c.codable]
        ben = Coder(name="ben")
        s.add(ben)
        s.flush()
        rows = s.execute(
            select(Coding.answer_id, Coding.code_id).where(Coding.coder_id == anna)
        ).all()
        s.execute(
            insert(Review),
            [{"answer_id": a, "coder_id": ben.id, "done": True, "starred": False} for a, _ in rows],
        )
        s.execute(
            insert(Coding),
            [
                {
                    "answer_id": a,
                    "code_id": rng.choice(codes) if rng.random() < disagree else c,
                    "coder_id": ben.id,
                    "source": "manual",
                }
                for a, c in rows
            ],
        )
        from coder.agreement.reconcile import open_reconciliation

        open_reconciliation(s, "Q1")
    project.close()


def time_read(db: str) -> tuple[float, int]:
    """Seconds to read the report and the queue, and the queue's length."""
    from coder.agreement.reconcile import read_reconciliation
    from coder.store.project import Project

    project = Project.open(db)
    start = time.perf_counter()
    with project.session(write=False) as s:
        data = read_reconciliation(s, "Q1", ["anna", "ben"], "en", "consensus")
    took = time.perf_counter() - start
    project.close()
    return took, len(data.items)


async def time_screen(db: str, presses: int) -> dict[str, Any]:
    """Start to first paint of the screen, and 'a' from key event to repaint (seconds)."""
    from textual import events
    from textual.app import App

    from coder.store.project import Project
    from coder.tui.screens.reconcile import ReconcileScreen

    project = Project.open(db)
    marks: dict[str, Any] = {"key": 0.0, "times": [], "painted": None, "shown": None}

    class Timed(ReconcileScreen):
        def on_mount(self) -> None:
            super().on_mount()
            self.call_after_refresh(lambda: marks.__setitem__("painted", time.perf_counter()))

        def render_all(self) -> None:
            super().render_all()
            if marks["shown"] is None and self.data.report:
                self.call_after_refresh(lambda: marks.__setitem__("shown", time.perf_counter()))

        def decide(self, **kwargs: Any) -> None:
            super().decide(**kwargs)
            self.call_after_refresh(
                lambda: marks["times"].append(time.perf_counter() - marks["key"])
            )

    class Bench(App[None]):
        def on_mount(self) -> None:
            self.push_screen(Timed(project, "Q1", "lead"))

    def hook(message: object) -> None:
        if isinstance(message, events.Key):
            marks["key"] = time.perf_counter()

    app = Bench()
    start = time.perf_counter()
    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        while marks["shown"] is None:
            await asyncio.sleep(0.005)
        first_paint = marks["painted"] - start
        shown = marks["shown"] - start
        for _ in range(presses):
            await pilot.press("a")
    project.close()
    return {"first_paint_s": first_paint, "shown_s": shown, "take_a_s": marks["times"]}


def _measure(answers: int, presses: int) -> dict[str, Any]:
    """Build the project and take every figure (run in a child process by `run`)."""
    with tempfile.TemporaryDirectory(prefix="bench_reconcile_") as tmp:
        db = str(Path(tmp) / "reconcile.sqlite")
        generate(db, answers)
        add_second_coder(db)
        read_s, queue = time_read(db)
        result = asyncio.run(time_screen(db, presses))
    return {"read_s": read_s, "queue": queue, **result}


def run(quick: bool) -> list[dict[str, object]]:
    """Figures for `python -m bench`: open the reconciliation screen, decide with one key."""
    from bench import figure, isolated

    answers, presses = (5_000, 20) if quick else (100_000, 50)
    result, peak = isolated(_measure, answers, presses)
    takes = [t * 1000 for t in result["take_a_s"]]
    size = f"{answers:,} answers, queue of {result['queue']:,}"
    return [
        figure("reconcile: read report and queue", result["read_s"], "s", peak_mb=peak, note=size),
        figure("reconcile: start to first paint", result["first_paint_s"], "s", below=1.5),
        figure("reconcile: start to report and queue shown", result["shown_s"], "s"),
        figure("reconcile: 'a' key to repaint p50", percentile(takes, 0.5), "ms"),
        figure("reconcile: 'a' key to repaint p95", percentile(takes, 0.95), "ms", below=50.0),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--presses", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_reconcile_") as tmp:
        db = str(Path(tmp) / "reconcile.sqlite")
        generate(db, args.answers)
        add_second_coder(db)
        read_s, queue = time_read(db)
        result = asyncio.run(time_screen(db, args.presses))
    takes = [t * 1000 for t in result["take_a_s"]]
    print(
        f"answers: {args.answers:,}; coded by both: {int(args.answers * 0.3):,}; queue: {queue:,}"
    )
    print(f"read report and queue: {read_s:.2f} s")
    print(f"screen start to first paint: {result['first_paint_s']:.2f} s")
    print(f"screen start to report and queue shown: {result['shown_s']:.2f} s")
    print(
        f"'a' key to repaint over {len(takes)} presses: p50 {percentile(takes, 0.5):.1f} ms, "
        f"p95 {percentile(takes, 0.95):.1f} ms"
    )


if __name__ == "__main__":
    main()
