"""`coder redact`: personal details leave the stored answers, the audit trail stays, and the
removed text is nowhere: not in the answers, not in the event log, not in the SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from coder.store.models import Answer, Event, Question, Respondent
from coder.store.project import Project
from coder.store.redact import redact_answers
from tests.cli_helpers import run_cli

TEXTS = {
    "R1": "Ring mig på 040 123 4567 eller skriv till anna.virtanen@utu.fi om kursen.",
    "R2": "Se https://www.abo.fi/kurser och fråga Pekka Nieminen, han vet.",
    "R3": "Soita +358 40 765 4321 tai Åsa Öberg, 070-123 45 67, www.utu.fi/fi",
    "R4": "Resurserna räcker inte; 2020-2025 hade vi 300 studenter på 5-15 sp.",
}
SECRETS = [
    "040 123 4567",
    "anna.virtanen@utu.fi",
    "https://www.abo.fi/kurser",
    "Pekka Nieminen",
    "+358 40 765 4321",
    "Åsa Öberg",
    "070-123 45 67",
    "www.utu.fi",
]
NAMES = ["Pekka Nieminen", "Åsa Öberg"]


def _fill(project: Project) -> None:
    with project.session() as session:
        session.add_all([Question(id="Q1", title="Q1"), Question(id="Q2", title="Q2")])
        session.add_all(Respondent(id=rid, position=n) for n, rid in enumerate(TEXTS))
        session.flush()
        session.add_all(
            Answer(respondent_id=rid, question_id="Q1", text=text, language="sv", position=n)
            for n, (rid, text) in enumerate(TEXTS.items())
        )
        session.add(
            Answer(respondent_id="R1", question_id="Q2", text="Mail me: x@y.fi", position=9)
        )


@pytest.fixture
def filled(any_db: str) -> str:
    project = Project.create(any_db)
    try:
        _fill(project)
    finally:
        project.close()
    return any_db


def _texts(db: str) -> dict[tuple[str, str], str]:
    with Project.open(db) as project, project.session(write=False) as session:
        rows = session.execute(select(Answer.respondent_id, Answer.question_id, Answer.text))
        return {(rid, qid): text for rid, qid, text in rows}


def _events(db: str) -> list[Event]:
    with Project.open(db) as project, project.session(write=False) as session:
        return list(session.scalars(select(Event).order_by(Event.id)))


def test_redaction_removes_every_kind_and_logs_counts_never_text(filled: str) -> None:
    with Project.open(filled) as project:
        result = redact_answers(project, NAMES, actor="lead")
    texts = _texts(filled)
    assert texts[("R1", "Q1")] == "Ring mig på [phone] eller skriv till [e-mail] om kursen."
    assert texts[("R2", "Q1")] == "Se [URL] och fråga [name], han vet."
    assert texts[("R3", "Q1")] == "Soita [phone] tai [name], [phone], [URL]"
    assert texts[("R4", "Q1")] == TEXTS["R4"]  # years, ranges and counts are not phone numbers
    assert texts[("R1", "Q2")] == "Mail me: [e-mail]"
    assert result.answers_scanned == 5
    assert result.answers_touched == 4
    assert result.removed == {"email": 2, "phone": 3, "url": 2, "name": 2}
    events = _events(filled)
    per_answer = [e for e in events if e.kind == "answer.redact"]
    assert len(per_answer) == 4
    assert all(e.actor == "lead" and e.answer_id is not None for e in per_answer)
    by_answer = {e.answer_id: e.payload["removed"] for e in per_answer}
    r3 = next(a for a in result.answers if a.respondent_id == "R3")
    assert by_answer[r3.answer_id] == {"phone": 2, "name": 1, "url": 1}
    summary = [e for e in events if e.kind == "redact"]
    assert len(summary) == 1 and summary[0].payload["answers"] == 4
    logged = json.dumps([e.payload for e in events], ensure_ascii=False)
    for secret in [*SECRETS, "x@y.fi"]:
        assert secret not in logged


def test_dry_run_and_a_second_run_change_nothing(filled: str) -> None:
    with Project.open(filled) as project:
        dry = redact_answers(project, NAMES, actor="lead", dry_run=True)
    assert dry.answers_touched == 4
    assert _texts(filled)[("R1", "Q1")] == TEXTS["R1"]
    assert not [e for e in _events(filled) if "redact" in e.kind]
    with Project.open(filled) as project:
        redact_answers(project, NAMES, actor="lead")
        again = redact_answers(project, NAMES, actor="lead")
    assert again.answers_touched == 0
    assert len([e for e in _events(filled) if e.kind == "redact"]) == 1


def test_one_question_only(filled: str) -> None:
    with Project.open(filled) as project:
        result = redact_answers(project, (), actor="lead", question_id="Q2")
    assert result.answers_scanned == 1 and result.removed["email"] == 1
    assert _texts(filled)[("R1", "Q1")] == TEXTS["R1"]


def test_the_sqlite_file_keeps_no_trace_of_removed_text(tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite"
    project = Project.create(str(db))
    _fill(project)
    redact_answers(project, NAMES, actor="lead")
    project.close()
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("p.sqlite"))
    for secret in SECRETS:
        assert secret.encode() not in stored, secret


def test_cli_prints_what_was_removed(
    filled: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = tmp_path / "names.txt"
    names.write_text("# colleagues\nPekka Nieminen\n\nÅsa Öberg\n", encoding="utf-8")
    status, out, err = run_cli(capsys, "redact", filled, "--names", str(names), "--dry-run")
    assert status == 0, err
    assert "R1 Q1: 1 e-mail address, 1 phone number" in out
    assert "R3 Q1: 2 phone numbers, 1 URL, 1 name" in out
    assert (
        "would redact 4 of 5 answers: 2 e-mail addresses, 3 phone numbers, 2 URLs, 2 names" in out
    )
    assert _texts(filled)[("R1", "Q1")] == TEXTS["R1"]
    status, out, err = run_cli(
        capsys, "redact", filled, "--names", str(names), "--coder", "lead", "--json"
    )
    assert status == 0, err
    document = json.loads(out)
    assert document["answers_touched"] == 4 and document["dry_run"] is False
    assert document["removed"] == {"email": 2, "phone": 3, "url": 2, "name": 2}
    assert {a["respondent_id"] for a in document["answers"]} == {"R1", "R2", "R3"}
    assert all(e.actor == "lead" for e in _events(filled) if "redact" in e.kind)


def test_cli_refuses_bad_input_and_changes_nothing(
    filled: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "names.txt"
    bad.write_bytes("Åsa Öberg\n".encode("cp1252"))
    empty = tmp_path / "empty.txt"
    empty.write_text("# nobody\n\n", encoding="utf-8")
    cases = [
        (["--names", str(tmp_path / "missing.txt")], "cannot read the names file"),
        (["--names", str(bad)], "the names file is not UTF-8 text"),
        (["--names", str(empty)], "the names file lists no names"),
        (["--question", "Q404"], "no question 'Q404'"),
    ]
    for args, message in cases:
        status, out, err = run_cli(capsys, "redact", filled, *args)
        assert status == 1 and message in err and out == ""
    status, _out, err = run_cli(capsys, "redact", str(tmp_path / "nothing.sqlite"))
    assert status == 1 and "no such project" in err
    assert _texts(filled)[("R1", "Q1")] == TEXTS["R1"]
