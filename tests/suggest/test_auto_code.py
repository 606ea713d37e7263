"""Confidence, auto-coding and its undo, unknown coders, and one training path for CLI and TUI."""

from __future__ import annotations

import json
import random

import pytest

from coder.codebook.model import Codebook
from coder.store import codebooks
from coder.store.actions import code_by_key, set_codes
from coder.store.models import Answer, Coding, Event, Question, Respondent, Review
from coder.store.project import Project

from ..cli_helpers import run_cli

WORDS = {
    "funding": ["budget", "grant", "money", "salary", "costs"],
    "bureaucracy": ["forms", "committee", "approval", "paperwork", "rules"],
    "marketing": ["newsletter", "website", "advertising", "visibility", "audience"],
}
FILLER = ["honestly", "this year", "in our unit", "as always", "for teachers", "again"]


def _answers(n_per_code: int, seed: int = 0) -> list[tuple[str, str, set[str]]]:
    rng = random.Random(seed)
    rows: list[tuple[str, str, set[str]]] = []
    for i in range(n_per_code):
        for code, words in WORDS.items():
            picked = rng.sample(words, 2)
            text = f"The {picked[0]} and the {picked[1]} {rng.choice(FILLER)} ({i})"
            rows.append((text, "en", {code}))
    return rows


@pytest.fixture
def auto_db(any_db: str, codebook: Codebook) -> str:
    """Question Q1 with 180 clearly separable answers, the first 150 coded by anna (auto-coding
    needs 150 coded answers)."""
    rows = _answers(60)
    with Project.create(any_db) as project:
        with project.session() as s:
            s.add(Question(id="Q1", title="Challenges"))
            s.add_all(Respondent(id=f"R{i:03d}", position=i) for i in range(len(rows)))
            s.flush()
            s.add_all(
                Answer(respondent_id=f"R{i:03d}", question_id="Q1", text=t, language=lang, position=i)
                for i, (t, lang, _codes) in enumerate(rows)
            )  # fmt: skip
            s.flush()
            codebooks.attach_codebook(s, "Q1", codebook, actor="lead")
        with project.session() as s:
            ids = {a.respondent_id: a.id for a in s.query(Answer)}
            for i, (_t, _lang, labels) in enumerate(rows[:150]):
                keys = [code_by_key(s, "Q1", k).id for k in sorted(labels)]
                set_codes(s, ids[f"R{i:03d}"], "anna", keys)
    return any_db


def test_an_unknown_coder_is_an_error(auto_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run_cli(
        capsys, "suggest", auto_db, "--question", "Q1", "--coder", "nobody", "--json"
    )
    assert status == 1 and out == ""
    assert "nobody" in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_each_suggestion_carries_confidence_and_source(
    auto_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run_cli(
        capsys, "suggest", auto_db, "--question", "Q1", "--coder", "anna", "--json"
    )
    assert status == 0, err
    doc = json.loads(out)
    assert doc["confidence_calibrated"] is True
    assert len(doc["suggestions"]) == 30
    for item in doc["suggestions"]:
        assert 0.0 <= item["confidence"] <= 1.0
        assert all(c["source"] in ("codebook", "model") for c in item["codes"])
    # clear answers: the predicted set is the right one and the suggester is sure of it
    truth = {f"R{i:03d}": labels for i, (_t, _l, labels) in enumerate(_answers(60))}
    right = [set(item["predicted"]) == truth[item["respondent_id"]] for item in doc["suggestions"]]
    assert sum(right) >= 27
    assert sum(item["confidence"] for item in doc["suggestions"]) / 30 > 0.7


def test_auto_code_codes_confident_answers_in_one_undoable_run(
    auto_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run_cli(
        capsys, "suggest", auto_db, "--question", "Q1", "--coder", "anna", "--auto-code",
        "--min-precision", "0.9", "--json",
    )  # fmt: skip
    assert status == 0, err
    report = json.loads(out)
    coded = {item["respondent_id"]: item for item in report["coded"]}
    assert report["threshold"] is not None and len(coded) >= 15
    truth = {f"R{i:03d}": labels for i, (_t, _l, labels) in enumerate(_answers(60))}
    assert all(set(item["codes"]) == truth[rid] for rid, item in coded.items())
    with Project.open(auto_db) as project, project.session(write=False) as s:
        auto = s.query(Coding).filter_by(source="auto").all()
        assert {c.answer_id for c in auto} == {
            a.id for a in s.query(Answer).filter(Answer.respondent_id.in_(coded))
        }
        assert all(c.score is not None and c.score >= report["threshold"] for c in auto)
        runs = s.query(Event).filter_by(kind="codes.auto").all()
        assert len(runs) == 1 and len(runs[0].payload["answers"]) == len(coded)
    # the auto-coded answers now count as coded: a second suggest leaves them out
    status, out, _ = run_cli(capsys, "suggest", auto_db, "--question", "Q1", "--coder", "anna", "--json")  # fmt: skip
    assert not {item["respondent_id"] for item in json.loads(out)["suggestions"]} & set(coded)
    # the whole run is taken back at once
    status, out, err = run_cli(
        capsys, "suggest", auto_db, "--question", "Q1", "--coder", "anna", "--undo-auto", "--json"
    )
    assert status == 0, err and json.loads(out)["reverted"] == len(coded)
    with Project.open(auto_db) as project, project.session(write=False) as s:
        assert s.query(Coding).filter_by(source="auto").count() == 0
        done = s.query(Review).filter_by(done=True).count()
        assert done == 150
    status, _, err = run_cli(
        capsys, "suggest", auto_db, "--question", "Q1", "--coder", "anna", "--undo-auto"
    )
    assert status == 1 and "no auto-coding run" in err


def test_evaluate_reports_the_auto_codable_share(
    auto_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run_cli(
        capsys, "evaluate", auto_db, "--question", "Q1", "--coder", "anna", "--json"
    )
    assert status == 0, err
    doc = json.loads(out)
    assert set(doc["auto_code"]) == {"0.90", "0.95"}
    for row in doc["auto_code"].values():
        assert 0.0 <= row["share"] <= 1.0
    assert doc["auto_code"]["0.90"]["share"] >= doc["auto_code"]["0.95"]["share"]
    assert "cross-validation: 5/" in err or "cross-validating" in err  # progress on stderr


def test_tui_and_cli_train_on_the_same_data(
    auto_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The TUI's learner (a real child process) and `coder suggest` give an answer the same
    codes and scores: same coded answers, same corpus, same codebook."""
    from coder.tui.learning import Learner

    status, out, err = run_cli(
        capsys, "suggest", auto_db, "--question", "Q1", "--coder", "anna", "--json"
    )
    assert status == 0, err
    cli = {item["respondent_id"]: item for item in json.loads(out)["suggestions"]}
    with Project.open(auto_db) as project:
        with project.session(write=False) as s:
            rows = [(a.respondent_id, a.text, a.language) for a in s.query(Answer)]
            ids = {c.key: c.id for c in codebooks.active_codes(s, "Q1")}
        learner = Learner(project, "Q1", "anna")
        try:
            assert learner.train() == 150
            probe = [(rid, text, lang) for rid, text, lang in rows if rid in cli][:5]
            tui = learner.score([t for _r, t, _l in probe], [lang for _r, _t, lang in probe], ids)
        finally:
            learner.close()
    by_id = {v: k for k, v in ids.items()}
    for (rid, _t, _l), suggestions in zip(probe, tui, strict=True):
        expected = [(c["code"], c["score"]) for c in cli[rid]["codes"] if c["score"] > 0]
        assert [(by_id[s.code_id], s.score) for s in suggestions] == expected


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_auto_code_from_the_coding_screen_and_take_it_back(
    auto_db: str, anyio_backend: str
) -> None:
    """ctrl+o opens auto-coding; 2 codes at 90 %, u takes the run back (project read back)."""
    import asyncio

    from coder.tui.app import CoderApp
    from coder.tui.config import Config
    from coder.tui.screens.auto_code import AutoCodeScreen

    async def finished(screen: AutoCodeScreen) -> None:
        for _ in range(1200):
            await asyncio.sleep(0.1)
            if not screen.busy:
                return
        raise AssertionError("auto-coding did not finish")

    with Project.open(auto_db) as project:
        app = CoderApp(project, "anna", "Q1", config=Config(), learn=False)
        async with app.run_test() as pilot:
            await pilot.press("ctrl+o")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, AutoCodeScreen)
            await pilot.press("2")
            await finished(screen)
            with project.session(write=False) as s:
                assert s.query(Coding).filter_by(source="auto").count() >= 15
                assert s.query(Event).filter_by(kind="codes.auto").count() == 1
            await pilot.press("u")
            await finished(screen)
            with project.session(write=False) as s:
                assert s.query(Coding).filter_by(source="auto").count() == 0
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, AutoCodeScreen)
