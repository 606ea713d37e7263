"""The benchmark's survey generator is realistic and deterministic, and `python -m bench` runs.

Both are run as a user runs them, through their command lines (`python -m bench.generate`,
`python -m bench`): the tests import no benchmark code.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from coder.store.models import Answer, Coder, Coding, RespondentAttribute, Review
from coder.store.project import Project

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
QUESTIONS = {"microcredential_challenges", "good_practices", "cl_offering", "customer_orientation"}
"""The four questions of the generated survey: the demo's, whose shipped codebooks it uses."""


def _generate(out: Path, answers: int, seed: int, *options: str) -> dict[str, Any]:
    """Run `python -m bench.generate` into ``out``; its summary (JSON on stdout)."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.generate", str(out), "--answers", str(answers)]
        + ["--seed", str(seed), *options],
        capture_output=True, text=True, cwd=ROOT, env=ENV, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    summary: dict[str, Any] = json.loads(done.stdout)
    return summary


def _codings(folder: Path, coder: str) -> dict[tuple[str, str], str]:
    """(respondent, question) -> codes, from the coder's codings file."""
    with (folder / f"codings_{coder}.csv").open(encoding="utf-8", newline="") as fh:
        return {(row["respondent_id"], row["question"]): row["codes"] for row in csv.DictReader(fh)}


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.csv"))}


def test_same_seed_same_survey_other_seed_other_survey(tmp_path: Path) -> None:
    first = _generate(tmp_path / "first", 400, 3)
    again = _generate(tmp_path / "again", 400, 3)
    _generate(tmp_path / "other", 400, 4)
    assert _files(tmp_path / "first") == _files(tmp_path / "again")
    assert set(_files(tmp_path / "first")) == {"survey.csv", "codings_anna.csv", "codings_ben.csv"}
    first_survey = (tmp_path / "first" / "survey.csv").read_bytes()
    assert first_survey != (tmp_path / "other" / "survey.csv").read_bytes()
    assert first["answers"] == again["answers"] == 400


def test_languages_coders_and_disagreement_are_realistic(tmp_path: Path) -> None:
    shares = _generate(tmp_path, 3000, 1)["languages"]
    assert 0.55 < shares["fi"] < 0.66 and 0.14 < shares["sv"] < 0.25 and 0.15 < shares["en"] < 0.26
    anna, ben = _codings(tmp_path, "anna"), _codings(tmp_path, "ben")
    both = anna.keys() & ben.keys()
    same = sum(anna[k] == ben[k] for k in both) / len(both)
    assert len(both) > 600 and 0.6 < same < 0.95  # coders agree mostly, not always
    assert {q for _, q in anna} == QUESTIONS


def test_project_is_built_through_import_codebooks_and_import_codes(tmp_path: Path) -> None:
    db = tmp_path / "bench.sqlite"
    summary = _generate(tmp_path, 300, 2, "--db", str(db))
    assert set(summary["build"]) == {
        "import_s",
        "codebooks_s",
        "import_codes_anna_s",
        "import_codes_ben_s",
    }
    codings = {coder: _codings(tmp_path, coder) for coder in ("anna", "ben")}
    project = Project.open(str(db))
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
        assert reviewed == {name: len(rows) for name, rows in codings.items()}
        expected = sum(len(c.split(";")) for rows in codings.values() for c in rows.values() if c)
        assert s.scalar(select(func.count()).select_from(Coding)) == expected
    project.close()


def test_quick_benchmark_of_one_area_prints_and_writes_figures(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--only", "agreement", "--out", str(out)],
        capture_output=True, text=True, cwd=ROOT, env=ENV, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "agreement: per-code metrics" in done.stdout and "< 2 s" in done.stdout
    results = json.loads(out.read_text(encoding="utf-8"))
    assert results["quick"] is True and results["machine"]["cores"] >= 1
    figures = results["areas"]["agreement"]["figures"]
    timed = figures[0]
    assert timed["unit"] == "s" and timed["value"] > 0 and timed["peak_mb"] > 10
    assert figures[1]["alternative_name"].startswith("krippendorff")
