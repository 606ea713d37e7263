"""The suggester's first fit runs apart from the screen: the analyst keeps coding meanwhile.

A key counts when its repaint (the app's repaint listeners) comes before the fit is done.
Keys are posted as an analyst types them, twenty a second: ``pilot.press`` waits for the
whole process to fall idle, which it never does while a thread waits on the fit, so it would
send a key every two seconds and say nothing about the screen.
"""

from __future__ import annotations

import asyncio
import time

import pytest
from sqlalchemy import select
from textual import events

from coder.store.actions import set_codes_many
from coder.store.models import Answer, CodeRecord, Respondent
from coder.store.project import Project
from coder.tui.app import CoderApp
from coder.tui.config import Config

pytestmark = pytest.mark.anyio

CODED = 2000
"""Enough coded answers that the first fit takes seconds (the TUI learns from at most 2,000)."""


def _add_coded_answers(project: Project) -> None:
    """CODED more answers to Q1, coded by anna: the training data of the first fit.

    Each joins two answers of the labelled benchmark set, so the fit sees a real vocabulary
    (a few repeated texts would fit in a blink); the code follows the first answer's theme.
    """
    from bench._data import load_answers

    bank = load_answers()
    themes = sorted({row["codes"][0] for row in bank})
    keys = ["funding", "marketing", "unclear_definition"]
    with project.session() as s:
        code_ids = {key: cid for key, cid in s.execute(select(CodeRecord.key, CodeRecord.id))}
        answers, labels = [], []
        for i in range(CODED):
            first, second = bank[i % len(bank)], bank[(7 * i + 3) % len(bank)]
            respondent = Respondent(id=f"T{i:05d}", position=100 + i)
            s.add(respondent)
            answers.append(
                Answer(
                    respondent_id=respondent.id,
                    question_id="Q1",
                    text=f"{first['text']} {second['text']}",
                    language=first["lang"],
                    position=100 + i,
                )
            )
            labels.append(keys[themes.index(first["codes"][0]) % len(keys)])
        s.add_all(answers)
        s.flush()
        set_codes_many(
            s, "anna", [(a.id, {code_ids[key]}) for a, key in zip(answers, labels, strict=True)]
        )


async def test_keys_are_handled_while_the_suggester_trains(coding_project: Project) -> None:
    _add_coded_answers(coding_project)
    fitting_at_repaint: list[bool] = []  # per move repainted: was the fit still running?

    def repainted(what: str) -> None:
        if what == "next":
            fitting_at_repaint.append(app.suggester_ready_at is None)

    app = CoderApp(coding_project, "anna", "Q1", config=Config(), learn=True)
    app.repaint_listeners.append(repainted)
    async with app.run_test() as pilot:
        state = app.state
        assert state is not None
        await pilot.pause()
        deadline = time.monotonic() + 180
        sent = 0
        while app.suggester_ready_at is None and time.monotonic() < deadline:
            app.post_message(events.Key("down", None))
            sent += 1
            await asyncio.sleep(0.05)
        await pilot.pause()
        assert state.cursor == sent  # every key took effect
        assert app.suggester_ready_at is not None, "the suggester never finished training"
        assert app.suggester_trained_on == CODED
    during = sum(fitting_at_repaint)
    # keys were handled and repainted while the model was still fitting: the screen did not
    # wait for the fit (how fast it stays is bench/bench_tui.py's figure, not a test's)
    assert during >= 3, f"only {during} keys were repainted before the fit ended"
