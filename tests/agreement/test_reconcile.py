"""Reconciliation on a real SQLite project: consensus coder, who decided, the event log."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from coder.agreement import reconcile
from coder.errors import ConflictError, InputError, NotFoundError
from coder.store import actions
from coder.store.models import Coder, Coding, Event
from coder.store.project import Project
from coder.store.queries import codings_by_answer
from tests.agreement.test_cli import run


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
