"""Time `coder import` of a 100,000-answer CSV with language detection (target: under 5 s).

Generates a wide survey CSV (25,000 respondents x 4 open questions, Finnish, Swedish and
English answers composed from phrase pools so that almost every text is distinct), then runs
the real command line twice: the first import and an idempotent re-import. Prints the
figures and how many detected languages match the generated ones.

    .venv/bin/python bench/bench_import.py [--respondents N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PHRASES: dict[str, tuple[list[str], list[str], list[str]]] = {
    "fi": (
        [
            "Mielestäni",
            "Meidän yksikössämme",
            "Käytännössä",
            "Valitettavasti",
            "Yleisesti ottaen",
            "Kokemukseni mukaan",
            "Tällä hetkellä",
        ],
        [
            "resurssit eivät riitä uusien kurssien suunnitteluun",
            "yhteistyö työelämän kanssa toimii hyvin",
            "mikrotutkinnon käsite on edelleen epäselvä",
            "opettajilla ei ole aikaa kehittää uusia toteutuksia",
            "markkinointi ei tavoita oikeaa kohderyhmää",
            "hallinnolliset prosessit ovat liian hitaita",
            "johdon tuki puuttuu lähes kokonaan",
            "opintohallinnon järjestelmät eivät tue lyhyitä kursseja",
            "tiedekuntien välinen yhteistyö on vähäistä",
        ],
        [
            "ja tämä pitäisi korjata pian.",
            "eikä tilanne ole parantunut.",
            "vaikka tarvetta olisi paljon.",
            "mikä näkyy myös opiskelijapalautteessa.",
            "joten tarvitaan lisää rahoitusta.",
            "ja sama ongelma on muillakin yliopistoilla.",
        ],
    ),
    "sv": (
        [
            "Enligt min mening",
            "På vår enhet",
            "I praktiken",
            "Tyvärr",
            "Generellt sett",
            "Min erfarenhet är att",
            "Just nu",
        ],
        [
            "räcker resurserna inte till för att planera nya kurser",
            "fungerar samarbetet med arbetslivet bra",
            "är begreppet mikrokvalifikation fortfarande oklart",
            "har lärarna ingen tid att utveckla nya format",
            "når marknadsföringen inte rätt målgrupp",
            "är de administrativa processerna alldeles för långsamma",
            "saknas stödet från ledningen nästan helt",
            "stöder studieadministrationens system inte korta kurser",
            "är samarbetet mellan fakulteterna obetydligt",
        ],
        [
            "och det borde åtgärdas snart.",
            "och situationen har inte blivit bättre.",
            "fast behovet är stort.",
            "vilket också syns i studenternas respons.",
            "så det behövs mer finansiering.",
            "och samma problem finns vid andra universitet.",
        ],
    ),
    "en": (
        [
            "In my opinion",
            "In our unit",
            "In practice",
            "Unfortunately",
            "Generally speaking",
            "In my experience",
            "At the moment",
        ],
        [
            "the resources are not enough to plan new courses",
            "the collaboration with working life works well",
            "the concept of a micro-credential is still unclear",
            "teachers have no time to develop new formats",
            "the marketing does not reach the right target group",
            "the administrative processes are far too slow",
            "the support from management is almost completely missing",
            "the student administration systems do not support short courses",
            "collaboration between faculties is minimal",
        ],
        [
            "and this should be fixed soon.",
            "and the situation has not improved.",
            "although the need is great.",
            "which also shows in the student feedback.",
            "so more funding is needed.",
            "and the same problem exists at other universities.",
        ],
    ),
}
SHORT = ["-", "ok", "Ei", "Nej", "No", "Ajanpuute", "Tidsbrist", "Lack of time", "n/a"]
UNIVERSITIES = ["Helsinki", "Åbo Akademi", "Aalto", "Oulu", "Tampere", "Jyväskylä", "Hanken"]
QUESTIONS = ["challenges", "good_practices", "offering", "customer_orientation"]


def answer(rng: random.Random, lang: str) -> str:
    """A survey answer of 1-3 composed sentences, sometimes with a respondent number in it."""
    openers, middles, endings = PHRASES[lang]
    sentences = [
        f"{rng.choice(openers)} {rng.choice(middles)} {rng.choice(endings)}"
        for _ in range(rng.choice((1, 1, 2, 3)))
    ]
    if rng.random() < 0.5:
        sentences.append(f"({rng.randint(1, 10**6)})")
    return " ".join(sentences)


def generate(path: Path, respondents: int, seed: int = 7) -> dict[tuple[str, str], str]:
    """Write the CSV; return the generated language of each (respondent, question)."""
    rng = random.Random(seed)
    truth: dict[tuple[str, str], str] = {}
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["respondent", "university", "staff_group", *QUESTIONS])
        for n in range(respondents):
            rid = f"R{n:06d}"
            lang = rng.choices(["fi", "sv", "en"], weights=[55, 25, 20])[0]
            texts = []
            for q in QUESTIONS:
                if rng.random() < 0.02:
                    texts.append(rng.choice(SHORT))
                else:
                    texts.append(answer(rng, lang))
                    truth[(rid, q)] = lang
            group = rng.choice(["teaching_research", "other_staff"])
            writer.writerow([rid, rng.choice(UNIVERSITIES), group, *texts])
    return truth


def timed(cmd: list[str]) -> tuple[float, float, str]:
    """Run a command; return wall seconds, CPU seconds (all its threads) and its stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{done.stderr}")
    return elapsed, cpu, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=25_000)
    parser.add_argument("--keep", type=Path, help="Write the CSV and project here and keep them.")
    args = parser.parse_args()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="coder-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    csv_path, db = workdir / "survey.csv", workdir / "bench.sqlite"
    db.unlink(missing_ok=True)
    truth = generate(csv_path, args.respondents)
    coder = [sys.executable, "-m", "coder"]
    timed([*coder, "init", str(db)])
    command = [
        *coder,
        "import",
        str(db),
        str(csv_path),
        "--id",
        "respondent",
        "--attr",
        "university",
        "--attr",
        "staff_group",
        *[arg for q in QUESTIONS for arg in ("--text", q)],
        "--json",
    ]
    load = os.getloadavg()[0]
    first, first_cpu, out = timed(command)
    result = json.loads(out)
    again, again_cpu, out2 = timed(command)
    second = json.loads(out2)
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT respondent_id, question_id, language FROM answers").fetchall()
    right = sum(1 for rid, q, lang in rows if truth.get((rid, q)) == lang)
    print(f"answers imported:        {result['answers']:,} ({result['blank']} blank skipped)")
    print(f"first import:            {first:.2f} s wall, {first_cpu:.2f} s CPU  (target < 5 s)")
    print(
        f"re-import (idempotent):  {again:.2f} s wall, {again_cpu:.2f} s CPU  "
        f"(unchanged {second['answers_unchanged']:,})"
    )
    print(
        f"load average before:     {load:.2f} on {os.cpu_count()} CPUs (others slow the wall time)"
    )
    print(f"languages:               {result['languages']}")
    print(f"language right (vs generated, long answers): {right / len(truth):.2%}")
    if not args.keep:
        csv_path.unlink()
        db.unlink()


if __name__ == "__main__":
    main()


# --- entry for `python -m bench`: coder import vs pandas read_csv + lingua on the same CSV ---


def _pandas_lingua(csv_path: str) -> tuple[float, dict[tuple[str, str], str]]:
    """What a user would write: read with pandas, detect each answer's language with lingua."""
    import pandas as pd
    from lingua import Language, LanguageDetectorBuilder

    start = time.perf_counter()
    frame = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    long = frame.melt(id_vars=["respondent"], value_vars=QUESTIONS, var_name="q", value_name="text")
    long = long[long["text"].str.strip() != ""]
    detector = LanguageDetectorBuilder.from_languages(
        Language.FINNISH, Language.SWEDISH, Language.ENGLISH
    ).build()
    found = detector.detect_languages_in_parallel_of(long["text"].tolist())
    langs = ["und" if x is None else x.iso_code_639_1.name.lower() for x in found]
    elapsed = time.perf_counter() - start
    return elapsed, dict(zip(zip(long["respondent"], long["q"], strict=True), langs, strict=True))


def run(quick: bool) -> list[dict[str, object]]:
    """Figures: first import and idempotent re-import of the CSV, beside pandas + lingua."""
    from bench import figure, isolated, run_command

    respondents = 2_500 if quick else 25_000
    with tempfile.TemporaryDirectory(prefix="coder-bench-") as tmp:
        csv_path, db = Path(tmp) / "survey.csv", Path(tmp) / "bench.sqlite"
        truth = generate(csv_path, respondents)
        run_command(["coder", "init", str(db)])
        command = ["coder", "import", str(db), str(csv_path), "--id", "respondent"]
        command += ["--attr", "university", "--attr", "staff_group"]
        command += [arg for q in QUESTIONS for arg in ("--text", q)] + ["--json"]
        first, first_cpu, out, peak = run_command(command)
        again, _, _, peak_again = run_command(command)
        (alt, alt_langs), alt_peak = isolated(_pandas_lingua, str(csv_path))
        with sqlite3.connect(db) as conn:
            rows = conn.execute("SELECT respondent_id, question_id, language FROM answers")
            ours = {(rid, q): lang for rid, q, lang in rows}
    answers = json.loads(out)["answers"]
    right = sum(ours.get(key) == lang for key, lang in truth.items()) / len(truth)
    alt_right = sum(alt_langs.get(key) == lang for key, lang in truth.items()) / len(truth)
    return [
        figure(
            "import: CSV with language detection",
            first,
            "s",
            below=5.0,
            alternative=alt,
            alternative_name=f"pandas read_csv + lingua ({alt_peak:.0f} MB)",
            peak_mb=peak,
            note=f"{answers:,} answers; {first_cpu:.1f} s CPU",
        ),
        figure("import: idempotent re-import", again, "s", below=10.0, peak_mb=peak_again),
        figure(
            "import: language right (composed answers)",
            right * 100,
            "%",
            at_least=97.0,
            alternative=alt_right * 100,
            alternative_name="lingua, 3 languages, default settings",
        ),
    ]
