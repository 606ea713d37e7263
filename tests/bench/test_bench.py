"""The benchmark's survey generator is realistic and deterministic, and `python -m bench` runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from bench.generate import QUESTIONS, build_project, generate, write_survey
from coder.store.models import Answer, Coder, Coding, RespondentAttribute, Review
from coder.store.project import Project

ROOT = Path(__file__).resolve().parents[2]


def test_same_seed_same_survey_other_seed_other_survey() -> None:
    first, again, other = generate(400, seed=3), generate(400, seed=3), generate(400, seed=4)
    assert first.respondents == again.respondents and first.codings == again.codings
    assert first.respondents != other.respondents
    assert first.answers == 400


def test_languages_coders_and_disagreement_are_realistic() -> None:
    survey = generate(3000, seed=1)
    shares = survey.summary()["languages"]
    assert 0.55 < shares["fi"] < 0.66 and 0.14 < shares["sv"] < 0.25 and 0.15 < shares["en"] < 0.26
    anna = {(r, q): c for r, q, c in survey.codings["anna"]}
    ben = {(r, q): c for r, q, c in survey.codings["ben"]}
    both = anna.keys() & ben.keys()
    same = sum(anna[k] == ben[k] for k in both) / len(both)
    assert len(both) > 600 and 0.6 < same < 0.95  # coders agree mostly, not always
    assert {q for _, q, _ in survey.codings["anna"]} == set(QUESTIONS)


def test_project_is_built_through_import_codebooks_and_import_codes(tmp_path: Path) -> None:
    survey = generate(300, seed=2)
    paths = write_survey(survey, tmp_path)
    db = str(tmp_path / "bench.sqlite")
    timings = build_project(db, paths)
    assert set(timings) == {"import_s", "codebooks_s", "import_codes_anna_s", "import_codes_ben_s"}
    project = Project.open(db)
    with project.session(write=False) as s:
        assert s.scalar(select(func.count()).select_from(Answer)) == 300
        assert s.scalar(select(func.count(func.distinct(RespondentAttribute.name)))) == 2
        reviewed = dict(
            s.execute(
                select(Coder.name, func.count())
                .join(Review, Review.coder_id == Coder.id)
                .group_by(Coder.name)
            ).all()
        )
        assert reviewed == {name: len(rows) for name, rows in survey.codings.items()}
        expected = sum(len(c.split(";")) for rows in survey.codings.values() for *_, c in rows if c)
        assert s.scalar(select(func.count()).select_from(Coding)) == expected
    project.close()


def test_quick_benchmark_of_one_area_prints_and_writes_figures(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--only", "agreement", "--out", str(out)],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "agreement: per-code metrics" in done.stdout and "< 2 s" in done.stdout
    results = json.loads(out.read_text(encoding="utf-8"))
    assert results["quick"] is True and results["machine"]["cores"] >= 1
    figures = results["areas"]["agreement"]["figures"]
    timed = figures[0]
    assert timed["unit"] == "s" and timed["value"] > 0 and timed["peak_mb"] > 10
    assert figures[1]["alternative_name"].startswith("krippendorff")
