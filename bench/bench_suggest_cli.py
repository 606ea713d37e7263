"""`coder suggest` and `coder evaluate` as an analyst runs them: wall time and peak memory.

Builds projects with the command line itself (answers synthesised from the labelled set, see
bench/bench_suggest_speed.py; the shipped challenges codebook; one coder's codings), then runs
each command in a fresh interpreter and reads its wall time and peak RSS. The lemma cache is
warmed first (one decode per user and package version, as after the first run on a machine).
Targets (issue 15): a 30-answer project <= 2 s and <= 300 MB; 100,000 answers <= 10 s;
`coder evaluate` on 7,500 coded answers <= 30 s; the TUI's suggester process <= 300 MB (its
first fit on the large project, as the coding screen starts it: see :func:`tui_process`).

    .venv/bin/python bench/bench_suggest_cli.py [--answers 100000] [--evaluate 7500]
    .venv/bin/python bench/bench_suggest_cli.py --tui-process PROJECT   # that figure alone
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._data import CODEBOOK  # noqa: E402
from bench.bench_suggest_speed import synthesise  # noqa: E402

QUESTION = "Q1"


def build(folder: Path, n_answers: int, n_coded: int) -> Path:
    """A project with ``n_answers`` answers of one question, ``n_coded`` coded by "anna"."""
    from bench import run_command

    texts, langs, labels = synthesise(n_answers)
    db = folder / f"p{n_answers}.db"
    answers, codings = folder / f"a{n_answers}.csv", folder / f"c{n_answers}.csv"
    with answers.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["respondent", "question", "text", "lang"])
        out.writerows([f"R{i}", QUESTION, t, lang] for i, (t, lang) in enumerate(zip(texts, langs, strict=True)))  # fmt: skip
    with codings.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["respondent_id", "question", "codes"])
        out.writerows([f"R{i}", QUESTION, ";".join(sorted(labels[i]))] for i in range(n_coded))
    run_command(["coder", "init", str(db)])
    run_command(["coder", "import", str(db), str(answers), "--id", "respondent",
                 "--question-col", "question", "--text", "text", "--language-col", "lang"])  # fmt: skip
    run_command(["coder", "codebook", "add", str(db), str(CODEBOOK), "--question", QUESTION])
    run_command(["coder", "import-codes", str(db), str(codings), "--coder", "anna"])
    return db


def baseline(answers: Path, codings: Path, top: int = 3) -> None:
    """The TF-IDF baseline as a command: word TF-IDF (fitted on every answer) and one
    logistic regression per code (balanced classes) on the coded answers, the ``top`` codes
    of each uncoded answer printed as JSON. No codebook, lemmas, explanations or confidence:
    what the suggester's extra work is measured against."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    with answers.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    with codings.open(encoding="utf-8", newline="") as fh:
        coded = {r["respondent_id"]: set(filter(None, r["codes"].split(";"))) for r in csv.DictReader(fh)}  # fmt: skip
    X = TfidfVectorizer(sublinear_tf=True).fit_transform([r["text"] for r in rows])
    train = [i for i, r in enumerate(rows) if r["respondent"] in coded]
    todo = [i for i, r in enumerate(rows) if r["respondent"] not in coded]
    codes = sorted({c for labels in coded.values() for c in labels})
    proba = np.zeros((len(todo), len(codes)))
    for j, code in enumerate(codes):
        y = np.array([code in coded[rows[i]["respondent"]] for i in train], dtype=int)
        if y.min() == y.max():
            proba[:, j] = float(y[0])
            continue
        model = LogisticRegression(class_weight="balanced").fit(X[train], y)
        proba[:, j] = model.predict_proba(X[todo])[:, 1]
    best = np.argsort(-proba, axis=1)[:, :top]
    print(json.dumps([
        {"respondent_id": rows[i]["respondent"],
         "codes": [{"code": codes[j], "score": round(float(proba[n, j]), 4)} for j in best[n]]}
        for n, i in enumerate(todo)
    ]))  # fmt: skip


def tui_process(db: Path, coder: str = "anna", explained: int = 30) -> dict[str, Any]:
    """The TUI's suggester process on ``db``: what the coding screen does (read the question
    here, fit :class:`coder.suggest.worker.SuggesterProcess` on ``training_inputs``, explain
    ``explained`` answers one by one, order the queue), then the child's peak memory (VmHWM)."""
    import time

    from bench import peak_rss_mb
    from coder.store.project import Project
    from coder.suggest.project import load_question, training_inputs
    from coder.suggest.worker import SuggesterProcess

    with Project.open(str(db)) as project, project.session(write=False) as session:
        data = load_question(session, QUESTION, coder, known_coder=False)
        inputs = training_inputs(data)
    todo = data.uncoded()
    texts, langs = [data.texts[i] for i in todo], [data.langs[i] for i in todo]
    start = time.perf_counter()
    with SuggesterProcess() as remote:
        remote.fit(
            inputs.codebook,
            inputs.texts,
            inputs.langs,
            inputs.labels,
            corpus=(inputs.corpus_texts, inputs.corpus_langs),
        )
        fitted = time.perf_counter() - start
        for text, lang in zip(texts[:explained], langs[:explained], strict=False):
            remote.suggest_many([text], [lang], k=3, explain=True)
        remote.order(texts, langs)
        peak = peak_rss_mb(remote.pid)
    return {"answers": len(data.texts), "coded": len(inputs.texts),
            "fit_seconds": round(fitted, 2), "peak_mb": round(peak, 1)}  # fmt: skip


def measure(n_large: int, n_evaluate: int) -> dict[str, Any]:
    from bench import run_command
    from coder.text import warm_up

    warm_up()
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="coder-bench-") as tmp:
        folder = Path(tmp)
        for name, n_answers, n_coded in (
            ("small", 30, 20),
            ("large", n_large, 200),
            ("evaluate", n_evaluate, n_evaluate),
        ):
            db = build(folder, n_answers, n_coded)
            verb = ["evaluate"] if name == "evaluate" else ["suggest"]
            cmd = ["coder", *verb, str(db), "--question", QUESTION, "--coder", "anna", "--json"]
            wall, cpu, _out, peak = run_command(cmd)
            figures[name] = {"answers": n_answers, "coded": n_coded, "seconds": round(wall, 2),
                             "cpu_seconds": round(cpu, 2), "peak_mb": round(peak, 1)}  # fmt: skip
            if name != "evaluate":  # the TF-IDF baseline on the same answers and codings
                base = [str(folder / f"{x}{n_answers}.csv") for x in "ac"]
                wall, cpu, _out, peak = run_command(["bench.bench_suggest_cli", "--baseline", *base])  # fmt: skip
                figures[f"{name}_baseline"] = {"seconds": round(wall, 2), "cpu_seconds": round(cpu, 2), "peak_mb": round(peak, 1)}  # fmt: skip
            if name == "large":
                figures["tui_process"] = tui_process(db)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--evaluate", type=int, default=7_500)
    parser.add_argument("--tui-process", metavar="PROJECT", type=Path)
    parser.add_argument("--baseline", nargs=2, metavar=("ANSWERS", "CODINGS"), type=Path)
    args = parser.parse_args()
    if args.baseline:
        baseline(*args.baseline)
        return
    if args.tui_process:
        print(f"tui_process {tui_process(args.tui_process)}")
        return
    for name, row in measure(args.answers, args.evaluate).items():
        print(f"{name:<9} {row}")


if __name__ == "__main__":
    main()


def run(quick: bool) -> list[dict[str, object]]:
    """Figures for `python -m bench`: the commands' wall time and peak memory (issue 15)."""
    from bench import figure

    large = 17_000 if quick else 100_000
    got = measure(large, 7_500)
    small, big, ev, tui = got["small"], got["large"], got["evaluate"], got["tui_process"]
    base_small, base_big = got["small_baseline"], got["large_baseline"]
    name = "word TF-IDF + logistic regression, no codebook"
    return [
        figure("coder suggest: 30 answers, 20 coded", small["seconds"], "s", below=2.0,
               peak_mb=small["peak_mb"], alternative=base_small["seconds"],
               alternative_name=f"{name} ({base_small['peak_mb']:.0f} MB, CPU {base_small['cpu_seconds']} s)",
               note=f"CPU {small['cpu_seconds']} s; target also <= 300 MB"),
        figure(f"coder suggest: {large:,} answers, 200 coded", big["seconds"], "s",
               below=10.0 * large / 100_000 if quick else 10.0, peak_mb=big["peak_mb"],
               alternative=base_big["seconds"],
               alternative_name=f"{name} ({base_big['peak_mb']:.0f} MB, CPU {base_big['cpu_seconds']} s)",
               note=f"CPU {big['cpu_seconds']} s"),
        figure("coder evaluate: 7,500 coded answers", ev["seconds"], "s", below=30.0,
               peak_mb=ev["peak_mb"], note=f"CPU {ev['cpu_seconds']} s"),
        figure(f"TUI suggester process: {large:,} answers, peak", tui["peak_mb"], "MB",
               below=300.0, note=f"first fit {tui['fit_seconds']} s"),
    ]  # fmt: skip
