"""`coder suggest` and `coder evaluate` on a real SQLite project, as the contract says."""

from __future__ import annotations

import json

import pytest

from coder.codebook.model import Codebook
from coder.store import codebooks
from coder.store.actions import code_by_key, set_codes
from coder.store.models import Answer, Question, Respondent
from coder.store.project import Project
from coder.suggest.project import accept, acceptance_rate, load_question
from coder.suggest.suggester import CodeSuggestion

from ..cli_helpers import run_cli
from .conftest import SEPARABLE


@pytest.fixture
def coded_db(db_path: str, codebook: Codebook) -> str:
    """A project whose question Q1 has the separable answers, 10 of them coded by anna."""
    extra = [
        ("The grant ended and the budget is empty", "en"),
        ("Approval forms wait in committee for months", "en"),
        ("Markkinointiin ei ole panostettu", "fi"),
    ]
    rows = [(t, lang) for t, lang, _ in SEPARABLE] + extra
    with Project.create(db_path) as project:
        with project.session() as s:
            s.add(Question(id="Q1", title="Challenges"))
            s.add_all(Respondent(id=f"R{i:03d}", position=i) for i in range(len(rows)))
            s.flush()
            s.add_all(
                Answer(
                    respondent_id=f"R{i:03d}", question_id="Q1", text=t, language=lang, position=i
                )
                for i, (t, lang) in enumerate(rows)
            )
            s.flush()
            codebooks.attach_codebook(s, "Q1", codebook, actor="lead")
        with project.session() as s:
            ids = {a.respondent_id: a.id for a in s.query(Answer)}
            for i, (_t, _lang, labels) in enumerate(SEPARABLE[:-1]):
                if i % 4 == 3:
                    continue  # leave some separable answers uncoded too
                keys = [code_by_key(s, "Q1", k).id for k in sorted(labels)]
                set_codes(s, ids[f"R{i:03d}"], "anna", keys)
    return db_path


def test_suggest_json_follows_the_contract(
    coded_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run_cli(
        capsys, "suggest", coded_db, "--question", "Q1", "--coder", "anna", "--top", "2", "--json"
    )
    assert status == 0, err
    doc = json.loads(out)
    assert doc["question"] == "Q1" and doc["coder"] == "anna"
    assert doc["trained_on"] == 10
    by_rid = {item["respondent_id"]: item for item in doc["suggestions"]}
    assert len(by_rid) == len(SEPARABLE) + 3 - 10  # only answers anna has not coded
    assert "R000" not in by_rid
    item = by_rid["R014"]  # "The grant ended and the budget is empty"
    assert len(item["codes"]) == 2
    assert item["codes"][0]["code"] == "funding"
    assert item["codes"][0]["score"] >= item["codes"][1]["score"]
    assert all(0 <= c["score"] <= 1 for c in item["codes"])
    assert "funding" in item["predicted"]
    assert by_rid["R016"]["codes"][0]["code"] == "marketing"  # Finnish, from the codebook


def test_suggest_informative_order_and_text_output(
    coded_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run_cli(
        capsys, "suggest", coded_db, "--question", "Q1", "--coder", "anna", "--order", "informative"
    )
    assert status == 0
    lines = out.strip().splitlines()
    assert len(lines) == len(SEPARABLE) + 3 - 10
    assert {line.split("\t")[0] for line in lines} >= {"R014", "R015", "R016"}


def test_suggest_errors_name_the_problem(coded_db: str, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    status, out, err = run_cli(
        capsys, "suggest", coded_db, "--question", "Q9", "--coder", "anna", "--json"
    )
    assert status == 1 and out == "" and "Q9" in err
    status, _, err = run_cli(
        capsys, "suggest", str(tmp_path / "none.sqlite"), "--question", "Q1", "--coder", "a"
    )
    assert status == 1 and "Traceback" not in err


def test_evaluate_json(coded_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run_cli(
        capsys,
        "evaluate",
        coded_db,
        "--question",
        "Q1",
        "--coder",
        "anna",
        "--folds",
        "2",
        "--json",
    )
    assert status == 0, err
    doc = json.loads(out)
    assert doc["answers"] == 10 and doc["folds"] == 2
    assert set(doc["micro"]) == {"precision", "recall", "f1"}
    assert "top3_recall" in doc and doc["learning_curve"]
    assert set(doc["per_code"]) == {"funding", "bureaucracy", "marketing"}
    status, _, err = run_cli(
        capsys, "evaluate", coded_db, "--question", "Q1", "--coder", "bob", "--folds", "2"
    )
    assert status == 1 and "no coder named 'bob'" in err


def test_accepting_records_source_and_score(coded_db: str) -> None:
    with Project.open(coded_db) as project:
        with project.session() as s:
            aid = s.query(Answer).filter_by(respondent_id="R014").one().id
            accept(
                s,
                aid,
                "anna",
                "Q1",
                ["funding", "marketing"],
                [CodeSuggestion("funding", 0.87, ("grant",), True)],
            )
        with project.session(write=False) as s:
            from coder.store.models import Coding

            rows = {
                (c.code_id, c.source, c.score) for c in s.query(Coding).filter_by(answer_id=aid)
            }
            funding = code_by_key(s, "Q1", "funding").id
            marketing = code_by_key(s, "Q1", "marketing").id
            assert rows == {(funding, "suggestion", 0.87), (marketing, "manual", None)}
            rate = acceptance_rate(s, "Q1", "anna")
            assert rate is not None and 0 < rate < 1
            assert load_question(s, "Q1", "anna").coded[aid] == {"funding", "marketing"}
