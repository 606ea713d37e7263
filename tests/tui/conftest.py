"""A small real SQLite coding project: three languages, attributes, a codebook with a tree."""

from __future__ import annotations

import contextlib
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from coder.codebook.model import Code, Codebook
from coder.store.codebooks import attach_codebook
from coder.store.models import Answer, Question, Respondent, RespondentAttribute
from coder.store.project import Project
from coder.tui.suggestions import Suggestion

ANSWERS: list[tuple[str, str, str, dict[str, str]]] = [
    (
        "R001",
        "sv",
        "Det saknas resurser och tid för att utveckla kurserna.",
        {"university": "ÅA", "role": "teacher"},
    ),
    (
        "R002",
        "fi",
        "Rahoitus on epävarmaa ja työaikaa ei ole.",
        {"university": "HY", "role": "teacher"},
    ),
    (
        "R003",
        "en",
        "Nobody agrees on the definition of a micro-credential.",
        {"university": "HY", "role": "other_staff"},
    ),
    (
        "R004",
        "en",
        "Students do not know about them; marketing is weak.",
        {"university": "ÅA", "role": "other_staff"},
    ),
    (
        "R005",
        "sv",
        "Oklart begrepp, ingen samsyn om vad det är.",
        {"university": "ÅA", "role": "teacher"},
    ),
    ("R006", "fi", "En osaa sanoa.", {"university": "HY", "role": "teacher"}),
    (
        "R007",
        "en",
        "Funding is short and there is no time to plan.",
        {"university": "HY", "role": "teacher"},
    ),
    (
        "R008",
        "sv",
        "Marknadsföringen når inte arbetsgivarna.",
        {"university": "ÅA", "role": "other_staff"},
    ),
]


def small_codebook() -> Codebook:
    """Three top codes, one with two sub-codes; only some have their own shortcut."""
    return Codebook(
        id="challenges",
        title={"en": "Challenges", "sv": "Utmaningar", "fi": "Haasteet"},
        codes=[
            Code(
                id="unclear_definition",
                labels={
                    "en": "Unclear definition",
                    "sv": "Oklar definition",
                    "fi": "Epäselvä määritelmä",
                },
                definition={
                    "en": "Nobody knows what a micro-credential is.",
                    "sv": "Ingen vet vad en mikromerit är.",
                },
                keywords={
                    "en": ["definition", "agree"],
                    "sv": ["begrepp", "samsyn"],
                    "fi": ["määritelmä"],
                },
                shortcut="d",
            ),
            Code(
                id="lack_of_resources",
                labels={"en": "Lack of resources", "sv": "Resursbrist", "fi": "Resurssien puute"},
                definition={"en": "Time, money or staff are not enough."},
                keywords={"en": ["resource"], "sv": ["resurs"], "fi": ["resurss"]},
                children=[
                    Code(
                        id="working_time",
                        labels={"en": "Working time", "sv": "Arbetstid", "fi": "Työaika"},
                        keywords={"en": ["time"], "sv": ["tid"], "fi": ["työaika"]},
                    ),
                    Code(
                        id="funding",
                        labels={"en": "Funding", "sv": "Finansiering", "fi": "Rahoitus"},
                        keywords={"en": ["funding"], "sv": ["finansiering"], "fi": ["rahoitus"]},
                    ),
                ],
            ),
            Code(
                id="marketing",
                labels={"en": "Marketing", "sv": "Marknadsföring", "fi": "Markkinointi"},
                keywords={"en": ["marketing"], "sv": ["marknadsför"], "fi": ["markkinointi"]},
            ),
        ],
    )


def build_project(db: str) -> Project:
    """A project with question Q1, the answers above and the small codebook."""
    project = Project.create(db)
    with project.session() as s:
        s.add(Question(id="Q1", title="Challenges", position=0))
        for i, (rid, lang, text, attrs) in enumerate(ANSWERS):
            s.add(Respondent(id=rid, position=i))
            s.flush()
            for name, value in attrs.items():
                s.add(RespondentAttribute(respondent_id=rid, name=name, value=value))
            s.add(Answer(respondent_id=rid, question_id="Q1", text=text, language=lang, position=i))
        s.flush()
        attach_codebook(s, "Q1", small_codebook(), actor="lead")
    return project


@pytest.fixture(autouse=True)
def _no_user_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read the developer's own config file."""
    monkeypatch.setenv("CODER_CONFIG", str(tmp_path / "no-config.toml"))


@pytest.fixture
def coding_project(db_path: str) -> Iterator[Project]:
    """The small coding project, open."""
    project = build_project(db_path)
    yield project
    project.close()


@pytest.fixture
def anyio_backend() -> str:
    """Textual runs on asyncio."""
    return "asyncio"


# -- driving the app without fixed sleeps ------------------------------------------------------
async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Give the focused field ``text`` as one paste: it ends with the same text as typed key by
    key, but ``pilot.press`` waits for the whole process to fall idle after every key (tenths
    of a second a character on a busy machine)."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def fill_code_form(pilot: Pilot[Any], code_id: str, sv_label: str, en_label: str) -> None:
    """Fill the codebook editor's new-code form (id, Swedish label, Finnish left empty,
    English label) and press Enter."""
    await type_text(pilot, code_id)
    await pilot.press("tab")
    await type_text(pilot, sv_label)
    await pilot.press("tab", "tab")
    await type_text(pilot, en_label)
    await pilot.press("enter")


async def screen_work_done(pilot: Pilot[Any]) -> None:
    """Wait until the workers of the screen on top (a search, the command palette's matches)
    have finished, and the app has shown what they found."""
    screen = pilot.app.screen
    for worker in list(pilot.app.workers):
        if worker.node is screen:
            with contextlib.suppress(WorkerCancelled):  # replaced by a newer search
                await worker.wait()
    await pilot.pause()


# -- a learner that fits in no time (the seam: CoderApp(learner_factory=...)) ------------------
class FakeLearner:
    """Implements what the coding screen asks of a learner, deterministically and at once.

    It suggests, for every answer, the codes it has learned most often (ties by key), each as
    predicted, and orders answers last first. With a ``gate`` its first fit waits until the test opens the gate, so a test can
    hold the fit open for as long as it needs, on any machine.
    """

    def __init__(self, gate: threading.Event | None = None) -> None:
        self.gate = gate
        self.trained: list[tuple[int, str, list[str]]] = []
        self.learned: list[tuple[str, str, list[str]]] = []
        self.counts: Counter[str] = Counter()
        self.ordered: list[str] = []
        self.closed = False

    def train(self, coded: list[tuple[int, str, list[str]]]) -> int:
        if self.gate is not None and not self.gate.wait(timeout=120):
            raise RuntimeError("the test never opened the gate")
        self.trained = list(coded)
        for _aid, _lang, keys in coded:
            self.counts.update(keys)
        return len(coded)

    def learn(self, text: str, lang: str, labels: list[str]) -> None:
        self.learned.append((text, lang, list(labels)))
        self.counts.update(labels)

    def score(
        self, texts: list[str], langs: list[str], code_ids: dict[str, int], k: int = 3
    ) -> list[list[Suggestion]]:
        total = sum(self.counts.values())
        ranked = sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
        row = [
            Suggestion(code_ids[key], count / total, [f"learned {count}x"], predicted=True)
            for key, count in ranked
            if key in code_ids
        ]
        return [list(row) for _ in texts]

    def order(self, texts: list[str], langs: list[str]) -> list[int]:
        """The informative order: last answer first, an order unlike the survey's, so a test
        can tell that the screen's order came from the learner."""
        self.ordered = list(texts)
        return list(reversed(range(len(texts))))

    def close(self) -> None:
        self.closed = True


@dataclass
class FakeLearners:
    """A learner factory for CoderApp that keeps the learners it made."""

    gate: threading.Event | None = None
    made: list[FakeLearner] = field(default_factory=list)

    def __call__(self, project: Project, question_id: str, coder: str) -> FakeLearner:
        learner = FakeLearner(self.gate)
        self.made.append(learner)
        return learner


@pytest.fixture
def fake_learners() -> FakeLearners:
    """Pass as ``learner_factory`` to run the TUI's suggester path without a real fit."""
    return FakeLearners()
