"""A project built only through the command line, as a script following CONTRACT.md would.

Answers in sv/fi/en (one long answer, near-duplicates), a codebook with shortcuts, two coders
who disagree on some answers and a lead. Real-world files are read from
``../shared/real-world/`` beside the clone; tests that need them skip when it is absent.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.cli_helpers import run_cli

ROOT = Path(__file__).resolve().parents[2]
REAL_WORLD = ROOT.parent / "shared" / "real-world"
# The REFI-QDA schemas (the standard's files, kept in the tests' data beside the fixtures)
PROJECT_XSD = ROOT / "tests" / "data" / "export" / "Project.xsd"
CODEBOOK_XSD = ROOT / "tests" / "data" / "codebook" / "Codebook.xsd"

LONG = " ".join(
    f"Mening {i}: vi saknar tid och resurser för att planera nya kurser." for i in range(80)
)
ANSWERS = [
    ("R01", "Vi har för lite personal och tid för att utveckla kurserna."),
    ("R02", "Hallinnollinen työ vie liikaa aikaa eikä rahoitusta ole."),
    ("R03", "Funding is lacking and the rules are unclear to everyone."),
    ("R04", "Bra samarbete, inga större problem med det här."),
    ("R05", "Resursseja ei ole tarpeeksi ja säännöt muuttuvat koko ajan."),
    ("R06", "Too many meetings and reporting duties every single week."),
    ("R07", LONG),
    ("R08", "Not enough time to plan the courses."),
    ("R09", "not enough time to plan the courses!"),
    ("R10", "Not enough time to plan the course."),
    ("R11", "NOT ENOUGH TIME TO PLAN THE COURSES."),
]
ANNA = {"R01": "res", "R02": "adm", "R03": "res;rules", "R04": "", "R05": "res", "R06": "adm"}
BEN = {"R01": "res", "R02": "adm;res", "R03": "res", "R04": "", "R05": "rules", "R06": "adm"}
DISAGREED = ["R02", "R03", "R05"]
CODEBOOK = """codebook: challenges
title: {sv: Utmaningar, fi: Haasteet, en: Challenges}
codes:
  - id: res
    label: {sv: Resurser, fi: Resurssit, en: Resources}
    shortcut: "1"
  - id: adm
    label: {sv: Administration, fi: Hallinto, en: Administration}
    shortcut: "2"
  - id: rules
    label: {sv: Regler, fi: Säännöt, en: Rules}
    shortcut: "3"
"""


@dataclass
class Built:
    """Where the project is and the files it was made from."""

    db: str
    folder: Path


def cli_ok(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Run `coder ARGS`; it must succeed; its stdout."""
    status, out, err = run_cli(capsys, *args)
    assert status == 0, (args, err)
    return out


def cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    """Run `coder ARGS --json`: exit 0 and exactly one JSON document on stdout."""
    return json.loads(cli_ok(capsys, *args, "--json"))


def build(
    folder: Path,
    capsys: pytest.CaptureFixture[str],
    lead: str | None = "lena",
    db: str | None = None,
) -> Built:
    """The project in ``db`` (default: a SQLite file in ``folder``), made with the CLI."""
    db = db or str(folder / "survey.sqlite")
    answers = folder / "answers.csv"
    answers.write_text(
        "id,question,text,university\n"
        + "".join(
            f'{rid},Q1,"{text}",{"ÅA" if int(rid[1:]) % 2 else "HY"}\n' for rid, text in ANSWERS
        ),
        encoding="utf-8",
    )
    book = folder / "challenges.yaml"
    book.write_text(CODEBOOK, encoding="utf-8")
    steps: list[tuple[str, ...]] = [
        ("init", db),
        (
            "import", db, str(answers), "--id", "id", "--question-col", "question",
            "--text", "text", "--attr", "university",
        ),
        ("codebook", "add", db, str(book), "--question", "Q1"),
    ]  # fmt: skip
    for name, given in (("anna", ANNA), ("ben", BEN)):
        path = folder / f"{name}.csv"
        path.write_text(
            "respondent_id,question,codes\n"
            + "".join(f"{rid},Q1,{codes}\n" for rid, codes in given.items()),
            encoding="utf-8",
        )
        steps.append(("import-codes", db, str(path), "--coder", name))
    if lead:
        steps.append(("role", db, lead, "lead"))
    for step in steps:
        cli_ok(capsys, *step)
    return Built(db, folder)


@pytest.fixture
def built(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Built:
    """The project with lena as lead, anna and ben as coders (blind)."""
    return build(tmp_path, capsys)


@pytest.fixture
def built_any(tmp_path: Path, capsys: pytest.CaptureFixture[str], any_db: str) -> Built:
    """The same project on SQLite and, in a second run, on PostgreSQL (CODER_TEST_PG_URL)."""
    return build(tmp_path, capsys, db=any_db)


def real_world(*parts: str) -> Path:
    """A file under ../shared/real-world/; skips the test when it is not there."""
    path = REAL_WORLD.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{'/'.join(parts)} is not beside the clone (../shared/real-world/)")
    return path


def codes_by_respondent(db: str, question: str, coder: str) -> dict[str, set[str]]:
    """Respondent -> code keys that ``coder`` gave on ``question`` (an empty set: coded with
    no code), read from the project file."""
    from sqlalchemy import select

    from coder.store.models import Answer
    from coder.store.project import Project
    from coder.store.queries import codings_by_answer

    project = Project.open(db)
    try:
        with project.session(write=False) as s:
            respondent = dict(
                s.execute(
                    select(Answer.id, Answer.respondent_id).where(Answer.question_id == question)
                ).all()
            )
            found = codings_by_answer(s, question, coder)
            return {respondent[a]: set(keys) for a, keys in found.items()}
    finally:
        project.close()
