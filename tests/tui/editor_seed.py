"""A small real project for the reconciliation and codebook-editor screen tests.

Two coders (anna, ben) have coded question Q1 blind; they agree on some answers and differ
on others, so both screens have something to show.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.screen import Screen

from coder.codebook.model import Code, Codebook
from coder.store import actions, codebooks
from coder.store.models import Answer, Question, Respondent
from coder.store.project import Project

TEXTS = [
    ("sv", "Vi har för lite personal och för lite tid för undervisning."),
    ("fi", "Hallinnollinen työ vie liikaa aikaa opetukselta."),
    ("en", "Funding for equipment is lacking and the rules are unclear."),
    ("sv", "Bra samarbete med arbetslivet, inga större problem."),
    ("fi", "Resursseja ei ole tarpeeksi ja säännöt muuttuvat jatkuvasti."),
    ("en", "Too many meetings and reporting duties."),
]

# answer position -> codes given by each coder
CODINGS: dict[str, dict[int, list[str]]] = {
    "anna": {0: ["res"], 1: ["adm"], 2: ["res", "adm.rules"], 3: [], 4: ["res"], 5: ["adm"]},
    "ben": {0: ["res"], 1: ["adm", "res"], 2: ["res"], 3: [], 4: ["adm.rules"], 5: ["adm"]},
}


def codebook() -> Codebook:
    """Three codes in a small tree, labelled in three languages."""
    return Codebook(
        id="challenges",
        title={"en": "Challenges"},
        codes=[
            Code(
                id="res",
                labels={"en": "Resources", "sv": "Resurser", "fi": "Resurssit"},
                definition={"en": "Lack of staff, time or money."},
                examples={"en": ["too little staff"]},
                shortcut="1",
            ),
            Code(
                id="adm",
                labels={"en": "Administration", "sv": "Administration", "fi": "Hallinto"},
                shortcut="2",
                children=[
                    Code(
                        id="adm.rules",
                        labels={"en": "Rules", "sv": "Regler", "fi": "Säännöt"},
                        shortcut="3",
                    )
                ],
            ),
        ],
    )


def seed(db_path: str, *, codings: bool = True) -> Project:
    """A project at ``db_path`` with Q1, six answers, the codebook and two coders' codings."""
    project = Project.create(db_path)
    with project.session() as s:
        s.add(Question(id="Q1", title="Challenges", position=0))
        for i in range(len(TEXTS)):
            s.add(Respondent(id=f"R{i + 1:02d}", position=i))
        s.flush()
        answers = [
            Answer(
                respondent_id=f"R{i + 1:02d}",
                question_id="Q1",
                text=text,
                language=lang,
                position=i,
            )
            for i, (lang, text) in enumerate(TEXTS)
        ]
        s.add_all(answers)
        s.flush()
        codebooks.attach_codebook(s, "Q1", codebook(), actor="lead", source="challenges.yaml")
        if codings:
            keys = {c.key: c.id for c in codebooks.active_codes(s, "Q1")}
            for coder, given in CODINGS.items():
                for position, codes in given.items():
                    actions.set_codes(s, answers[position].id, coder, [keys[k] for k in codes])
    return project


class Host(App[None]):
    """A minimal app that shows one screen, as the coding app would push it."""

    TITLE = "coder"

    def __init__(self, make: Any) -> None:
        super().__init__()
        self.make = make

    def on_mount(self) -> None:
        self.push_screen(self.make())

    @property
    def top(self) -> Screen[Any]:
        return self.screen
