"""A small coded survey project for the export tests, built through the real store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from coder.codebook.model import Code, Codebook
from coder.store import actions, codebooks
from coder.store.models import Answer, Question, Respondent, RespondentAttribute
from coder.store.project import Project

DATA = Path(__file__).resolve().parent.parent / "data"
PROJECT_XSD = DATA / "export" / "Project.xsd"
CODEBOOK_XSD = DATA / "codebook" / "Codebook.xsd"

FORMULA = '=HYPERLINK("http://evil.example","click")'
PERSONAL = "Ring me on +358 40 123 4567 or write to anna.k@abo.fi, says Anna Virtanen"
MARKUP = "<script>alert('x')</script> & more"

# university of each respondent: 14 + 12 shown, 3 and 1 (no value) suppressed at min_group 5
UNIVERSITIES = ["Åbo Akademi"] * 14 + ["Helsinki"] * 12 + ["Lapland"] * 3 + [""]


def codebook() -> Codebook:
    """A nested codebook: resources (time, money), admin, definition."""

    def code(key: str, en: str, sv: str, fi: str, children: list[Code] | None = None) -> Code:
        return Code(
            id=key,
            labels={"en": en, "sv": sv, "fi": fi},
            definition={"en": f"Answers about {en.lower()}.", "sv": f"Svar om {sv.lower()}."},
            examples={"en": [f"An example of {en.lower()}"]},
            children=children or [],
        )

    return Codebook(
        id="challenges",
        title={"en": "Challenges", "sv": "Utmaningar", "fi": "Haasteet"},
        question={"en": "What are the challenges?", "sv": "Vilka är utmaningarna?"},
        codes=[
            code(
                "resources",
                "Resources",
                "Resurser",
                "Resurssit",
                [
                    code("resources.time", "Time", "Tid", "Aika"),
                    code("resources.money", "Money", "Pengar", "Raha"),
                ],
            ),
            code("admin", "Administration", "Administration", "Hallinto"),
            code("definition", "Unclear definition", "Oklar definition", "Epäselvä määritelmä"),
        ],
    )


def anna_codes(i: int) -> set[str] | None:
    """What anna gives answer i (None: not coded yet)."""
    if i >= 27:
        return None
    return [
        {"resources.time"},
        {"admin", "definition"},
        set(),
        {"resources", "resources.money"},
    ][i % 4]


def text_of(i: int) -> str:
    return {0: FORMULA, 1: PERSONAL, 5: MARKUP, 9: "-5 points @SUM(A1)"}.get(
        i, f"Answer {i}: time and money are short, administration is heavy"
    )


def build(project: Project) -> None:
    """Fill ``project``: 30 answers to Q1, a nested codebook, coders anna and ben."""
    with project.session() as s:
        s.add(Question(id="Q1", title="Challenges", position=1))
        s.add(Question(id="Q2", title="Anything else?", position=2))
        for i, university in enumerate(UNIVERSITIES):
            rid = f"R{i:03d}"
            s.add(Respondent(id=rid, position=i))
            s.flush()
            if university:
                s.add(RespondentAttribute(respondent_id=rid, name="university", value=university))
            s.add(
                RespondentAttribute(
                    respondent_id=rid, name="role", value="teaching" if i % 3 == 0 else "other"
                )
            )
            s.add(
                Answer(
                    respondent_id=rid,
                    question_id="Q1",
                    text=text_of(i),
                    language="fi" if i % 5 == 0 else "en",
                    position=i,
                )
            )
            if i < 4:
                s.add(Answer(respondent_id=rid, question_id="Q2", text=f"Other {i}", position=i))
        s.flush()
        codebooks.attach_codebook(s, "Q1", codebook(), actor="lead")
    with project.session() as s:
        ids = {
            a.respondent_id: a.id for a in s.query(Answer).filter(Answer.question_id == "Q1").all()
        }
        keys = {c.key: c.id for c in codebooks.active_codes(s, "Q1")}
        for i in range(len(UNIVERSITIES)):
            aid = ids[f"R{i:03d}"]
            given = anna_codes(i)
            if given is not None:
                actions.set_codes(s, aid, "anna", [keys[k] for k in given])
            if i < 10:
                actions.set_codes(s, aid, "ben", [keys["admin"]] if i % 2 else [])
        actions.set_star(s, ids["R001"], "anna", True)
        actions.set_star(s, ids["R003"], "anna", True)
        actions.set_memo(  # keyed by the code's record id, as the TUI and the exports key it
            s,
            "anna",
            "code",
            str(keys["admin"]),
            "- Forms and approvals take long\n- Roles are unclear",
        )


@pytest.fixture
def coded(project: Project) -> Iterator[Project]:
    """The coded survey project on SQLite."""
    build(project)
    yield project


@pytest.fixture
def coded_any(any_db: str) -> Iterator[Project]:
    """The coded survey project on SQLite and PostgreSQL."""
    project = Project.create(any_db)
    try:
        build(project)
        yield project
    finally:
        project.close()
