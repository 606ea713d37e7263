"""A realistic synthetic survey of any size, and a project built from it the way a user would.

The answers come from the demo's sentence bank (`coder/demo/phrases.yaml`) through the demo's
`Composer`, so every answer has a known true code set in the shipped codebooks' ids. Default:
100,000 answers to four questions, Finnish/Swedish/English about 60/20/20 as at Finnish
universities (Åbo Akademi and Hanken mostly Swedish), two respondent attributes (university,
staff_group) and two coders, anna and ben, whose codings carry the demo's realistic slips
(a missed second code, a neighbouring code, the parent instead of the sub-code, an extra
code). Everything is deterministic from the seed.

`write_survey` writes the CSV files a user would import; `build_project` runs the real
import, `codebook add` and `import-codes` code paths on them and says how long each took.

    .venv/bin/python -m bench.generate OUT_DIR [--answers N] [--seed S] [--db DB]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from coder.demo.generate import GROUPS, Composer, _slip

ROOT = Path(__file__).resolve().parent.parent
BANK = ROOT / "coder" / "demo" / "phrases.yaml"
CODEBOOKS = ROOT / "codebooks"
QUESTIONS = ("microcredential_challenges", "good_practices", "cl_offering", "customer_orientation")
CODERS = ("anna", "ben")
SURVEY_FILE = "survey.csv"

# name, share of respondents, share of teaching/research staff, languages (fi, sv, en)
UNIVERSITIES: tuple[tuple[str, float, float, tuple[float, float, float]], ...] = (
    ("Helsingin yliopisto", 0.22, 0.30, (0.62, 0.18, 0.20)),
    ("Tampereen yliopisto", 0.16, 0.33, (0.75, 0.02, 0.23)),
    ("Turun yliopisto", 0.14, 0.35, (0.75, 0.05, 0.20)),
    ("Oulun yliopisto", 0.13, 0.33, (0.77, 0.02, 0.21)),
    ("Åbo Akademi", 0.12, 0.22, (0.08, 0.84, 0.08)),
    ("Lapin yliopisto", 0.10, 0.45, (0.80, 0.02, 0.18)),
    ("Aalto-yliopisto", 0.10, 0.30, (0.55, 0.07, 0.38)),
    ("Svenska handelshögskolan", 0.03, 0.34, (0.05, 0.75, 0.20)),
)
LANGS = ("fi", "sv", "en")
# Who coded an answer: (both coders, anna only, ben only); the rest is not coded yet.
CODED_SHARES = (0.30, 0.15, 0.05)


@dataclass
class SyntheticSurvey:
    """The generated survey in memory: rows for the CSV, true languages, true codes, codings."""

    respondents: list[dict[str, str]] = field(default_factory=list)
    languages: dict[tuple[str, str], str] = field(default_factory=dict)
    truth: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    codings: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)

    @property
    def answers(self) -> int:
        return len(self.languages)

    def summary(self) -> dict[str, Any]:
        """Counts a reader checks the data by: answers, languages, coded answers per coder."""
        langs = Counter(self.languages.values())
        return {
            "respondents": len(self.respondents),
            "answers": self.answers,
            "languages": {k: round(langs[k] / max(1, self.answers), 3) for k in LANGS},
            "coded": {name: len(rows) for name, rows in self.codings.items()},
        }


def load_bank() -> dict[str, Any]:
    """The demo's sentence bank (questions, codes, sentences per language)."""
    bank: dict[str, Any] = yaml.safe_load(BANK.read_text(encoding="utf-8"))
    return bank


def generate(
    answers: int = 100_000, seed: int = 7, questions: tuple[str, ...] = QUESTIONS
) -> SyntheticSurvey:
    """Respondents answering ``questions`` until ``answers`` answers exist, and two coders' codes."""
    bank = load_bank()
    specs = {q["id"]: q for q in bank["questions"]}
    unknown = [q for q in questions if q not in specs]
    if unknown:
        raise ValueError(f"no such question in {BANK.name}: {', '.join(unknown)}")
    rng = random.Random(seed)
    composer = Composer(bank, rng)
    survey = SyntheticSurvey(codings={name: [] for name in CODERS})
    weights = [u[1] for u in UNIVERSITIES]
    n = 0
    while survey.answers < answers:
        name, _, teaching, mix = rng.choices(UNIVERSITIES, weights=weights)[0]
        group = GROUPS[0] if rng.random() < teaching else GROUPS[1]
        lang = rng.choices(LANGS, weights=mix)[0]
        rid = f"R{n:06d}"
        n += 1
        row = {"respondent": rid, "university": name, "staff_group": group}
        for qid in questions:
            spec = specs[qid]
            if survey.answers >= answers or rng.random() >= spec["rate"][GROUPS.index(group)]:
                row[qid] = ""
                continue
            text, codes = composer.answer(spec, group, lang)
            row[qid] = text
            survey.languages[(rid, qid)] = lang
            survey.truth[(rid, qid)] = codes
            _code(rng, survey, rid, qid, codes, list(spec["codes"]))
        survey.respondents.append(row)
    return survey


def _code(
    rng: random.Random,
    survey: SyntheticSurvey,
    rid: str,
    qid: str,
    truth: list[str],
    order: list[str],
) -> None:
    """Record what each coder who coded this answer gave it (the truth with their slips)."""
    draw = rng.random()
    both, anna_only, ben_only = CODED_SHARES
    if draw < both:
        who: tuple[str, ...] = CODERS
    elif draw < both + anna_only:
        who = ("anna",)
    elif draw < both + anna_only + ben_only:
        who = ("ben",)
    else:
        return
    for name in who:
        survey.codings[name].append((rid, qid, ";".join(_slip(rng, truth, order, name))))


def write_survey(
    survey: SyntheticSurvey, out: Path, questions: dict[str, str] | None = None
) -> dict[str, Path]:
    """Write ``survey.csv`` (one row per respondent) and ``codings_<coder>.csv``; return paths.

    ``questions`` maps the CSV's question columns to the question ids the codings name.
    """
    questions = questions or {q: q for q in QUESTIONS}
    out.mkdir(parents=True, exist_ok=True)
    paths = {"survey": out / SURVEY_FILE}
    with paths["survey"].open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, ["respondent", "university", "staff_group", *questions])
        writer.writeheader()
        writer.writerows(survey.respondents)
    for name, rows in survey.codings.items():
        paths[name] = out / f"codings_{name}.csv"
        with paths[name].open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["respondent_id", "question", "codes"])
            writer.writerows((rid, questions[col], codes) for rid, col, codes in rows)
    return paths


def import_options(questions: dict[str, str]) -> Any:
    """The `coder import` options for the survey CSV (column -> question id)."""
    from coder.ingest.shape import ImportOptions

    return ImportOptions(
        id_col="respondent",
        text=tuple(f"{col}={qid}" for col, qid in questions.items()),
        attrs=("university", "staff_group"),
    )


def build_project(
    db: str,
    paths: dict[str, Path],
    questions: dict[str, str] | None = None,
    coders: tuple[str, ...] = CODERS,
) -> dict[str, float]:
    """Create a project at ``db`` through the real import, codebook and import-codes code paths.

    ``questions`` maps the CSV's question columns to question ids (default: the same names);
    each gets the shipped codebook of its column's name. Returns seconds per stage.
    """
    from coder.codebook.io import read_codebook
    from coder.ingest.codes import import_codes
    from coder.ingest.importer import import_survey
    from coder.store.codebooks import attach_codebook
    from coder.store.project import Project

    questions = questions or {q: q for q in QUESTIONS}
    timings: dict[str, float] = {}
    project = Project.create(db)
    try:
        start = time.perf_counter()
        import_survey(project, paths["survey"], import_options(questions))
        timings["import_s"] = time.perf_counter() - start
        start = time.perf_counter()
        with project.session() as session:
            for col, qid in questions.items():
                book = read_codebook(CODEBOOKS / f"{col}.yaml")
                attach_codebook(session, qid, book, actor="bench", source=f"{col}.yaml")
        timings["codebooks_s"] = time.perf_counter() - start
        for name in coders:
            start = time.perf_counter()
            import_codes(project, paths[name], name)
            timings[f"import_codes_{name}_s"] = time.perf_counter() - start
    finally:
        project.close()
    return timings


def make_project(
    db: str,
    folder: Path,
    answers: int = 100_000,
    seed: int = 7,
    questions: dict[str, str] | None = None,
    coders: tuple[str, ...] = CODERS,
) -> tuple[SyntheticSurvey, dict[str, float]]:
    """Generate, write and build in one call (what the benchmarks use)."""
    questions = questions or {q: q for q in QUESTIONS}
    survey = generate(answers, seed, tuple(questions))
    paths = write_survey(survey, folder, questions)
    return survey, build_project(db, paths, questions, coders)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for survey.csv and codings_*.csv")
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", help="also build a project here (SQLite path or URL)")
    args = parser.parse_args()
    start = time.perf_counter()
    survey = generate(args.answers, args.seed)
    paths = write_survey(survey, args.out)
    info: dict[str, Any] = {**survey.summary(), "generate_s": round(time.perf_counter() - start, 2)}
    if args.db:
        info["build"] = {k: round(v, 2) for k, v in build_project(args.db, paths).items()}
    json.dump(info, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
