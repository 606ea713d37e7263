"""A small real SQLite coding project: three languages, attributes, a codebook with a tree."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from coder.codebook.model import Code, Codebook
from coder.store.codebooks import attach_codebook
from coder.store.models import Answer, Question, Respondent, RespondentAttribute
from coder.store.project import Project

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
