"""Confidence, auto-coding and its undo, unknown coders, and one training path for CLI and TUI."""

from __future__ import annotations

import json
import random

import pytest

from coder.codebook.model import Codebook
from coder.store import codebooks
from coder.store.actions import code_by_key, mark_done, set_codes, toggle_code
from coder.store.models import Answer, Coding, Event, Question, Respondent, Review
from coder.store.project import Project
from coder.store.suggest import auto_coded_answers

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


def _project(
    db: str, codebook: Codebook, rows: list[tuple[str, str, set[str]]], coded: int
) -> None:
    """Q1 with ``rows`` (text, language, codes) as its answers, the first ``coded`` coded by
    anna (an empty set: marked coded, no code)."""
    with Project.create(db) as project:
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
            for i, (_t, _lang, labels) in enumerate(rows[:coded]):
                if labels:
                    set_codes(s, ids[f"R{i:03d}"], "anna", [code_by_key(s, "Q1", k).id for k in sorted(labels)])  # fmt: skip
                else:
                    mark_done(s, ids[f"R{i:03d}"], "anna")


@pytest.fixture
def auto_db(any_db: str, codebook: Codebook) -> str:
    """Question Q1 with 180 clearly separable answers, the first 150 coded by anna (auto-coding
    needs 150 coded answers)."""
    rows = _answers(60)
    _project(any_db, codebook, rows, 150)
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


NON_ANSWERS = ["-", "eos", "Ingen aning", "no idea", "en vet", "?", "ei mitään", "n/a"]


def _silent_project(db: str, codebook: Codebook, coded: int, silent_code: str | None) -> str:
    """Q1 with 64 answers and 16 non-answers (every fifth answer), the first ``coded`` of them
    coded by anna; she leaves the non-answers without a code unless ``silent_code`` is given."""
    rows: list[tuple[str, str, set[str]]] = []
    answers = iter(_answers(22))
    silent = iter(NON_ANSWERS * 2)
    for i in range(80):
        if i % 5 == 4:
            rows.append((next(silent), "und", {silent_code} if silent_code else set()))
        else:
            rows.append(next(answers))
    _project(db, codebook, rows, coded)
    return db


def _auto(capsys: pytest.CaptureFixture[str], db: str, *extra: str) -> dict[str, object]:
    status, out, err = run_cli(
        capsys, "suggest", db, "--question", "Q1", "--coder", "anna", *extra, "--json"
    )
    assert status == 0, err
    doc: dict[str, object] = json.loads(out)
    return doc


def test_non_answers_are_auto_coded_no_code_as_the_coder_codes_them_and_taken_back(
    any_db: str, codebook: Codebook, capsys: pytest.CaptureFixture[str]
) -> None:
    """50 coded (too few for the model's levels), 10 of them non-answers left without a code:
    the 6 uncoded non-answers are marked coded with no code, in one run that is taken back,
    except the one the coder has changed since."""
    db = _silent_project(any_db, codebook, 50, None)
    suggestions = _auto(capsys, db)["suggestions"]
    assert isinstance(suggestions, list)
    silent = {item["respondent_id"]: item for item in suggestions if int(item["respondent_id"][1:]) % 5 == 4}  # fmt: skip
    assert len(silent) == 6
    assert all(item["predicted"] == [] and item["confidence"] == round(11 / 12, 4) for item in silent.values())  # fmt: skip

    report = _auto(capsys, db, "--auto-code", "--min-precision", "0.95")
    assert report["threshold"] is None  # the model's levels need 150 coded
    coded = report["coded"]
    assert isinstance(coded, list)
    assert {item["respondent_id"] for item in coded} == set(silent)
    assert all(item["codes"] == [] for item in coded)
    with Project.open(db) as project, project.session(write=False) as s:
        ids = {a.respondent_id: a.id for a in s.query(Answer)}
        silent_ids = {ids[rid] for rid in silent}
        assert not s.query(Coding).filter(Coding.answer_id.in_(silent_ids)).count()
        done = {r.answer_id for r in s.query(Review).filter_by(done=True)}
        assert silent_ids <= done
        assert auto_coded_answers(s, "Q1", "anna") == silent_ids
    # coded now: a second suggest leaves them out
    left = _auto(capsys, db)["suggestions"]
    assert isinstance(left, list) and not {item["respondent_id"] for item in left} & set(silent)

    # the coder gives one of them a code and confirms another one as "no code"
    changed, confirmed, *_ = sorted(silent)
    with Project.open(db) as project, project.session() as s:
        toggle_code(s, ids[changed], code_by_key(s, "Q1", "funding").id, "anna")
        mark_done(s, ids[confirmed], "anna")
    undo = _auto(capsys, db, "--undo-auto")
    assert undo["reverted"] == 4
    with Project.open(db) as project, project.session(write=False) as s:
        done = {r.answer_id for r in s.query(Review).filter_by(done=True)}
        assert silent_ids & done == {ids[changed], ids[confirmed]}
        assert [c.source for c in s.query(Coding).filter_by(answer_id=ids[changed])] == ["manual"]
        assert auto_coded_answers(s, "Q1", "anna") == set()


def test_non_answers_are_not_auto_coded_empty_when_the_coder_gives_them_a_code(
    db_path: str, codebook: Codebook, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _silent_project(db_path, codebook, 50, "marketing")
    report = _auto(capsys, db, "--auto-code", "--min-precision", "0.9")
    assert report["coded"] == [] and report["event"] is None
    suggestions = _auto(capsys, db)["suggestions"]
    assert isinstance(suggestions, list)
    assert all(item["confidence"] != round(11 / 12, 4) for item in suggestions)


def test_too_few_coded_non_answers_for_the_precision_asked(
    db_path: str, codebook: Codebook, capsys: pytest.CaptureFixture[str]
) -> None:
    """4 non-answers coded, all without a code: enough for 90 % (the interval's lower end
    0.94), not for 95 % (0.94 < 0.95)."""
    db = _silent_project(db_path, codebook, 20, None)
    assert _auto(capsys, db, "--auto-code", "--min-precision", "0.95")["coded"] == []
    status, out, err = run_cli(
        capsys, "suggest", db, "--question", "Q1", "--coder", "anna", "--auto-code",
        "--min-precision", "0.9",
    )  # fmt: skip
    assert status == 0, err
    assert len(out.strip().splitlines()) == 12
    assert "12 non-answers marked coded with no code" in err and "nothing auto-coded" not in err
    assert "auto-coding of answers with codes starts at 150 coded answers; anna has coded 20" in err


def test_auto_code_before_enough_coded_answers_says_how_many_it_needs(
    db_path: str,
    codebook: Codebook,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Too few coded answers for the model's levels: the analyst is told the number needed
    and the number coded, not that no level was found; in her language too."""
    db = _silent_project(db_path, codebook, 50, "marketing")
    report = _auto(capsys, db, "--auto-code", "--min-precision", "0.9")
    assert (report["threshold"], report["trained_on"], report["needs_coded"]) == (None, 50, 150)
    for locale, said in (
        ("C", "auto-coding of answers with codes starts at 150 coded answers; anna has coded 50"),
        (
            "sv_FI.UTF-8",
            "autokodning av svar med koder börjar vid 150 kodade svar; anna har kodat 50",
        ),
    ):
        monkeypatch.setenv("LC_ALL", locale)
        status, out, err = run_cli(
            capsys, "suggest", db, "--question", "Q1", "--coder", "anna",
            "--auto-code", "--min-precision", "0.9",
        )  # fmt: skip
        assert (status, out) == (0, "")
        assert said in err
        assert "no confidence level" not in err and "ingen konfidensnivå" not in err


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_non_answers_auto_coded_from_the_coding_screen_are_listed_for_review(
    db_path: str, codebook: Codebook, anyio_backend: str
) -> None:
    """ctrl+o, 2 marks the uncoded non-answers coded with no code (the screen says so) and
    the auto-coded filter lists them, though they carry no coding."""
    import asyncio

    from textual import events

    from coder.tui.app import CoderApp
    from coder.tui.config import Config
    from coder.tui.screens.auto_code import AutoCodeScreen

    db = _silent_project(db_path, codebook, 50, None)
    with Project.open(db) as project:
        app = CoderApp(project, "anna", "Q1", config=Config(), learn=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("ctrl+o")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, AutoCodeScreen)
            await pilot.press("2")
            for _ in range(1200):
                await asyncio.sleep(0.1)
                if not screen.busy:
                    break
            said = " ".join(str(screen.query_one("#auto-result").render()).split())
            assert "6 non-answers marked coded with no code" in said
            assert "starts at 150 coded answers; you have coded 50" in said
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("F")
            app.post_message(events.Paste("auto-coded"))
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            state = app.state
            assert state is not None
            shown = [state.respondents[p] for p in state.view]
            assert shown == [f"R{i:03d}" for i in range(54, 80, 5)]
