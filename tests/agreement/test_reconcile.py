"""Reconciliation on a real SQLite project: consensus coder, who decided, the event log."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from coder.agreement import reconcile
from coder.errors import ConflictError, InputError, NotFoundError
from coder.store import actions, codebooks
from coder.store.models import Answer, Coder, Coding, Event, Question
from coder.store.project import Project
from coder.store.queries import codings_by_answer
from tests.agreement.conftest import code_answers
from tests.agreement.test_cli import run
from tests.factories import seed_project


def answer_id(project: Project, index: int) -> int:
    with project.session(write=False) as s:
        found = actions.find_answer(s, f"R{index:05d}", "Q1")
        assert found is not None
        return found.id


def test_list_then_resolve_with_one_coders_codes(fresh_coded_db: str) -> None:
    with Project.open(fresh_coded_db) as p:
        with p.session(write=False) as s:
            items = reconcile.list_disagreements(s, "Q1", ["anna", "ben"])
        assert [d.respondent_id for d in items] == ["R00001", "R00002", "R00006", "R00011"]
        first = items[0]
        assert first.codes == {"anna": ["admin", "resources"], "ben": ["resources"]}
        assert first.consensus is None and first.text.startswith("Answer number 1")

        with p.session() as s:
            keys = reconcile.resolve(s, "Q1", first.answer_id, ["anna", "ben"], "lead", take="anna")
        assert keys == ["admin", "resources"]

        with p.session(write=False) as s:
            consensus = s.scalar(select(Coder).where(Coder.name == "consensus"))
            lead = s.scalar(select(Coder).where(Coder.name == "lead"))
            assert consensus is not None and consensus.is_consensus and lead is not None
            rows = s.scalars(select(Coding).where(Coding.coder_id == consensus.id)).all()
            assert {r.decided_by_id for r in rows} == {lead.id}
            assert {r.source for r in rows} == {"consensus"}
            event = s.scalars(select(Event).order_by(Event.id.desc())).first()
            assert event is not None and event.kind == "codes.set" and event.actor == "lead"
            assert event.payload["coder"] == "consensus"
            left = reconcile.list_disagreements(s, "Q1", ["anna", "ben"])
            everything = reconcile.list_disagreements(
                s, "Q1", ["anna", "ben"], include_resolved=True
            )
        assert len(left) == 3
        assert everything[-1].consensus == ["admin", "resources"]


def test_union_intersection_and_explicit_sets(fresh_coded_db: str) -> None:
    with Project.open(fresh_coded_db) as p:
        a6, a2, a11 = answer_id(p, 6), answer_id(p, 2), answer_id(p, 11)
        with p.session() as s:
            assert reconcile.resolve(s, "Q1", a6, ["anna", "ben"], "lead", take="union") == [
                "definition",
                "resources",
            ]
            assert (
                reconcile.resolve(s, "Q1", a2, ["anna", "ben"], "lead", take="intersection") == []
            )
            assert reconcile.resolve(s, "Q1", a11, ["anna", "ben"], "lead", codes=["admin"]) == [
                "admin"
            ]
        with p.session(write=False) as s:
            got = codings_by_answer(s, "Q1", "consensus")
        assert got == {a6: {"resources", "definition"}, a2: set(), a11: {"admin"}}


def test_unknown_code_changes_nothing(fresh_coded_db: str) -> None:
    with Project.open(fresh_coded_db) as p:
        aid = answer_id(p, 2)
        with pytest.raises(NotFoundError, match="nope"), p.session() as s:
            reconcile.resolve(s, "Q1", aid, ["anna", "ben"], "lead", codes=["admin", "nope"])
        with p.session(write=False) as s:
            assert s.scalar(select(Coder).where(Coder.name == "consensus")) is None
        with pytest.raises(InputError, match="has not coded"), p.session() as s:
            reconcile.resolve(s, "Q1", answer_id(p, 9), ["anna", "ben"], "lead", take="anna")


def test_accept_agreed_and_agreement_against_consensus(fresh_coded_db: str) -> None:
    with Project.open(fresh_coded_db) as p:
        with p.session() as s:
            assert reconcile.accept_agreed(s, "Q1", ["anna", "ben"], "lead") == 6
        with p.session() as s:  # idempotent
            assert reconcile.accept_agreed(s, "Q1", ["anna", "ben"], "lead") == 0
        with p.session() as s:
            for d in reconcile.list_disagreements(s, "Q1", ["anna", "ben"]):
                reconcile.resolve(s, "Q1", d.answer_id, ["anna", "ben"], "lead", take="ben")
        with p.session(write=False) as s:
            doc = reconcile.against_consensus(s, "Q1", ["anna", "ben"])
    ben, anna = doc["coders"]["ben"], doc["coders"]["anna"]
    assert ben["units"] == 10 and ben["percent_agreement"] == 1.0
    assert ben["krippendorff_alpha_masi"] == 1.0
    assert anna["percent_agreement"] == pytest.approx(0.6)
    assert anna["per_code"]["resources"]["cohen_kappa"] is not None


def test_an_analyst_cannot_be_the_consensus(fresh_coded_db: str) -> None:
    with (
        Project.open(fresh_coded_db) as p,
        pytest.raises(ConflictError, match="analyst"),
        p.session() as s,
    ):
        reconcile.resolve(
            s, "Q1", answer_id(p, 2), ["anna", "ben"], "lead", take="anna", consensus="cleo"
        )


def test_reconcile_commands(fresh_coded_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    db = fresh_coded_db
    status, out, err = run(
        capsys, "reconcile", "list", db, "--question", "Q1", "--coders", "anna,ben", "--json"
    )
    assert status == 0, err
    assert len(json.loads(out)["disagreements"]) == 4
    status, out, err = run(
        capsys,
        "reconcile",
        "agreed",
        db,
        "--question",
        "Q1",
        "--coders",
        "anna,ben",
        "--by",
        "lead",
        "--json",
    )
    assert status == 0 and json.loads(out)["settled"] == 6
    status, out, err = run(
        capsys, "reconcile", "resolve", db, "--question", "Q1", "--coders", "anna,ben",
        "--respondent", "R00002", "--codes", "admin;definition", "--by", "lead", "--json",
    )  # fmt: skip
    assert status == 0, err
    assert json.loads(out)["consensus"] == ["admin", "definition"]
    status, _, err = run(
        capsys, "reconcile", "resolve", db, "--question", "Q1", "--coders", "anna,ben",
        "--respondent", "R00099", "--take", "anna", "--by", "lead",
    )  # fmt: skip
    assert status == 1 and "R00099" in err
    status, out, _ = run(
        capsys, "reconcile", "report", db, "--question", "Q1", "--coders", "anna,ben", "--json"
    )
    assert status == 0 and json.loads(out)["coders"]["anna"]["units"] == 7
    status, out, _ = run(
        capsys,
        "agreement",
        db,
        "--question",
        "Q1",
        "--coders",
        "anna,ben",
        "--json",
        "--bootstrap",
        "0",
    )
    assert set(json.loads(out)["against_consensus"]) == {"anna", "ben"}


def events_of(project: Project) -> list[tuple[str, str]]:
    with project.session(write=False) as s:
        return [(e.kind, e.actor) for e in s.scalars(select(Event).order_by(Event.id))]


def test_reconciliation_reads_and_writes_alike_on_sqlite_and_postgresql(any_db: str) -> None:
    """Every read and write of reconciliation, each decision one transaction and one event;
    a refused decision changes nothing."""
    project = Project.create(any_db)
    try:
        ids = seed_project(project, n_answers=20)
        code_answers(project, ids)
        pair = ["anna", "ben"]
        with project.session(write=False) as s:
            assert reconcile.default_coders(s, "Q1") == ["anna", "ben"]
            assert not reconcile.is_reconciliation_open(s, "Q1")
        with project.session() as s:
            reconcile.open_reconciliation(s, "Q1", "lena")
        with project.session() as s:  # opening twice logs once
            reconcile.open_reconciliation(s, "Q1", "lena")
        with project.session() as s:
            assert reconcile.accept_agreed(s, "Q1", pair, "lena") == 6
        assert events_of(project)[-2:] == [
            ("reconciliation.open", "lena"),
            ("consensus.agreed", "lena"),
        ]
        before = events_of(project)
        # refused: an answer of another question, an analyst as consensus, a retired code
        with pytest.raises(NotFoundError, match="no answer with id 99999"), project.session() as s:
            reconcile.resolve(s, "Q1", 99999, pair, "lena", take="anna")
        with pytest.raises(ConflictError, match="analyst"), project.session() as s:
            reconcile.resolve(s, "Q1", ids[2], pair, "lena", take="anna", consensus="cleo")
        assert events_of(project) == before
        with project.session() as s:
            codebooks.retire_code(s, actions.code_by_key(s, "Q1", "definition").id, actor="lena")
        before = events_of(project)
        with pytest.raises(InputError, match="'definition' is retired"), project.session() as s:
            reconcile.resolve(s, "Q1", ids[2], pair, "lena", take="ben")
        assert events_of(project) == before
        with project.session(write=False) as s:
            data = reconcile.read_reconciliation(s, "Q1", pair, "en")
            assert [d.respondent_id for d in data.items] == ["R00001", "R00002", "R00006", "R00011"]
            assert data.agreed == 6 and "definition" not in data.labels
        with project.session() as s:
            assert reconcile.resolve(
                s, "Q1", ids[2], pair, "lena", codes=[" admin "], rationale=" both read it so "
            ) == ["admin"]
        kind, actor = events_of(project)[-1]
        assert (kind, actor) == ("codes.set", "lena") and len(events_of(project)) == len(before) + 1
        with project.session(write=False) as s:
            last = s.scalars(select(Event).order_by(Event.id.desc())).first()
            assert last is not None and last.payload["rationale"] == "both read it so"
        with project.session() as s:
            for item in reconcile.list_disagreements(s, "Q1", pair):
                reconcile.resolve(s, "Q1", item.answer_id, pair, "lena", take="anna")
        with project.session(write=False) as s:
            consensus = codings_by_answer(s, "Q1", "consensus")
            doc = reconcile.against_consensus(s, "Q1", pair)
            assert reconcile.list_disagreements(s, "Q1", pair) == []
        assert consensus[ids[1]] == {"resources", "admin"}
        assert consensus[ids[2]] == {"admin"} and consensus[ids[11]] == set()
        anna, ben = doc["coders"]["anna"], doc["coders"]["ben"]
        assert anna["units"] == ben["units"] == 10
        assert anna["percent_agreement"] == 1.0 and ben["percent_agreement"] == pytest.approx(0.6)
    finally:
        project.close()


def test_agreement_with_a_consensus_needs_one(fresh_coded_db: str) -> None:
    with Project.open(fresh_coded_db) as p, p.session(write=False) as s:
        with pytest.raises(NotFoundError, match="no consensus coder 'consensus'"):
            reconcile.against_consensus(s, "Q1", ["anna", "ben"])
        with pytest.raises(NotFoundError, match="no consensus coder 'anna'"):
            reconcile.against_consensus(s, "Q1", ["ben"], consensus="anna")


def test_an_answer_of_another_question_is_refused(fresh_coded_db: str) -> None:
    with Project.open(fresh_coded_db) as p:
        with p.session() as s:
            s.add(Question(id="Q2", title="Other", position=1))
            other = Answer(respondent_id="R00001", question_id="Q2", text="x", position=0)
            s.add(other)
            s.flush()
        with (
            pytest.raises(NotFoundError, match="belongs to question 'Q2', not 'Q1'"),
            p.session() as s,
        ):
            reconcile.resolve(s, "Q1", other.id, ["anna", "ben"], "lead", take="anna")
