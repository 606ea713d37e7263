"""The suggester's first fit runs apart from the screen: the analyst keeps coding meanwhile.

The learner here is a fake whose fit waits until the test lets it finish, so the fit lasts as
long as the test needs on any machine; the real fit's effect on key latency is the
benchmark's figure (bench/bench_tui.py). A key counts when its repaint (the app's repaint
listeners) comes before the fit is done. Keys are posted as an analyst types them, twenty a
second: ``pilot.press`` waits for the whole process to fall idle, which it never does while a
thread waits on the fit.
"""

from __future__ import annotations

import asyncio
import threading

import pytest
from sqlalchemy import select
from textual import events

from coder.store.actions import set_codes_many
from coder.store.models import Answer, CodeRecord, Respondent
from coder.store.project import Project
from coder.tui.app import CoderApp
from coder.tui.config import Config
from tests.tui.conftest import FakeLearners

pytestmark = pytest.mark.anyio

MORE = 60
"""Answers added to Q1 so that the cursor has room to move; the first CODED are coded."""
CODED = 30
KEYS = 20


def _add_answers(project: Project) -> None:
    keys = ["funding", "marketing", "unclear_definition"]
    with project.session() as s:
        code_ids = {key: cid for key, cid in s.execute(select(CodeRecord.key, CodeRecord.id))}
        answers = []
        for i in range(MORE):
            respondent = Respondent(id=f"T{i:05d}", position=100 + i)
            s.add(respondent)
            answers.append(
                Answer(
                    respondent_id=respondent.id,
                    question_id="Q1",
                    text=f"Answer {i} on {keys[i % 3].replace('_', ' ')}.",
                    language="en",
                    position=100 + i,
                )
            )
        s.add_all(answers)
        s.flush()
        set_codes_many(
            s, "anna", [(a.id, {code_ids[keys[i % 3]]}) for i, a in enumerate(answers[:CODED])]
        )


async def test_keys_are_handled_while_the_suggester_trains(coding_project: Project) -> None:
    _add_answers(coding_project)
    learners = FakeLearners(gate=threading.Event())
    fitting_at_repaint: list[bool] = []  # per move repainted: was the fit still running?

    def repainted(what: str) -> None:
        if what == "next":
            fitting_at_repaint.append(app.suggester_ready_at is None)

    app = CoderApp(
        coding_project, "anna", "Q1", config=Config(), learn=True, learner_factory=learners
    )
    app.repaint_listeners.append(repainted)
    async with app.run_test() as pilot:
        state = app.state
        assert state is not None
        await pilot.pause()
        for _ in range(KEYS):
            app.post_message(events.Key("down", None))
            await asyncio.sleep(0.05)
        for _ in range(200):  # let the last keys repaint
            if len(fitting_at_repaint) == KEYS:
                break
            await asyncio.sleep(0.05)
        # every key took effect and repainted while the fit was still running
        assert state.cursor == KEYS
        assert fitting_at_repaint == [True] * KEYS
        assert app.suggester_ready_at is None
        learners.gate.set()  # the fit ends
        for _ in range(200):
            if app.suggester_ready_at is not None:
                break
            await asyncio.sleep(0.05)
        assert app.suggester_ready_at is not None, "the suggester never finished training"
        assert app.suggester_trained_on == CODED
