"""Suggester quality on analyst-style codebooks, against plain TF-IDF + logistic regression.

For each question of a set (see bench/_data.py: ``heldout/dev`` to tune on, ``heldout/test``
and ``old/test`` to report, ``old/dev``; the old sets' codebook with its keyword lists
removed) and each seed, the answers are shuffled (languages mixed, as in a survey); the first
N (25, 50, 100, 200) are "coded", the rest are scored, with every answer of the question as
the corpus. Prints, averaged over questions and seeds: micro-F1 of the predicted sets, top-3
recall (share of true codes among the three best suggestions), both per language, the share
of exactly right sets, and the share of the scored answers that ``--auto-code
--min-precision 0.9`` would code with how often those sets were exactly right (non-answers
coded "no code" as auto-coding does: when the coded part's non-answers say so); then the
spread over seeds (each seed's mean over the questions) of top-3 recall, micro-F1 and the
auto-coding figures, the noise a change has to beat.

    .venv/bin/python bench/bench_suggest_quality.py --set heldout/dev [--seeds 2] [--json]
        [--param name=value ...]   (Suggester keyword arguments, for trying a change)
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._data import Question, load_questions  # noqa: E402
from coder.suggest import Suggester  # noqa: E402
from coder.suggest.confidence import NonAnswers, non_answers, with_non_answers  # noqa: E402
from coder.suggest.evaluate import micro_f1, top_k_recall  # noqa: E402

SIZES = (25, 50, 100, 200)
LANGS = ("fi", "sv", "en")
SPREAD = ("top3", "f1")
"""Figures whose spread over seeds is given too (each seed's mean over the questions): a
change is a gain when it moves the mean by more than seeds move it."""
AUTO_LEVELS = {"auto": 0.9, "auto95": 0.95}
"""Precision levels asked of auto-coding, by the prefix of their figures."""


def baseline_scores(
    train: list[dict[str, Any]], test: list[dict[str, Any]], codes: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Plain word TF-IDF + one-vs-rest logistic regression (balanced classes, so that the 0.5
    cut-off assigns codes at all with this little data): probabilities and predictions."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer(sublinear_tf=True)
    X = vec.fit_transform([r["text"] for r in train])
    Xt = vec.transform([r["text"] for r in test])
    proba = np.zeros((len(test), len(codes)))
    for j, code in enumerate(codes):
        y = np.array([code in r["codes"] for r in train], dtype=int)
        if y.min() == y.max():
            proba[:, j] = float(y[0])
            continue
        proba[:, j] = LogisticRegression(class_weight="balanced").fit(X, y).predict_proba(Xt)[:, 1]
    return proba, proba >= 0.5


def _measure(
    P: np.ndarray, pred: np.ndarray, truth: np.ndarray, langs: list[str]
) -> dict[str, float]:
    out: dict[str, float] = {
        "f1": micro_f1(pred, truth),
        "top3": top_k_recall(P, truth, 3),
        "exact": float((pred == truth).all(axis=1).mean()),
    }
    for lang in LANGS:
        mask = np.array([x == lang for x in langs])
        if mask.any():
            out[f"f1_{lang}"] = micro_f1(pred[mask], truth[mask])
            out[f"top3_{lang}"] = top_k_recall(P[mask], truth[mask], 3)
    return out


def evaluate_question(
    question: Question, n: int, seed: int, params: dict[str, Any]
) -> dict[str, dict[str, float]]:
    """Suggester and baseline figures for one question, N coded, one seed."""
    rows, codes = question.rows, question.codes
    order = np.random.default_rng(seed).permutation(len(rows))
    train = [rows[i] for i in order[:n]]
    test = [rows[i] for i in order[n:]]
    truth = np.array([[c in r["codes"] for c in codes] for r in test])
    start = time.process_time()
    s = Suggester(question.codebook, code_ids=codes, **params).fit(
        [r["text"] for r in train],
        [r["lang"] for r in train],
        [r["codes"] for r in train],
        corpus=([r["text"] for r in rows], [r["lang"] for r in rows]),
    )
    fit_cpu = time.process_time() - start
    texts, langs = [r["text"] for r in test], [r["lang"] for r in test]
    columns = [s.code_ids_.index(c) for c in codes]
    full = s.predict_proba(texts, langs)
    assigned_full = s.decision_.apply(full)
    proba, assigned = full[:, columns], assigned_full[:, columns]
    result = {"suggester": {**_measure(proba, assigned, truth, langs), "fit_cpu_s": fit_cpu}}
    exact = (assigned == truth).all(axis=1)
    rule = NonAnswers.of([r["text"] for r in train], [r["codes"] for r in train])
    silent = non_answers(texts)
    for prefix, level in AUTO_LEVELS.items():
        chosen, empty = with_non_answers(s.auto_selected(texts, langs, level), silent, rule, level)
        right = np.where(empty, ~truth.any(axis=1), exact)
        result["suggester"][f"{prefix}_share"] = float(chosen.mean())
        result["suggester"][f"{prefix}_precision"] = (
            float(right[chosen].mean()) if chosen.any() else float("nan")
        )
    base_proba, base_pred = baseline_scores(train, test, codes)
    result["baseline"] = _measure(base_proba, base_pred, truth, langs)
    return result


def evaluate(
    seeds: int,
    which: str = "heldout/dev",
    params: dict[str, Any] | None = None,
    sizes: tuple[int, ...] = SIZES,
) -> dict[str, Any]:
    """Figures per number of coded answers, averaged over the set's questions and seeds."""
    params = params or {}
    questions = load_questions(which)
    results: dict[str, Any] = {}
    for n in sizes:
        acc: dict[str, dict[str, list[float]]] = {}
        by_seed: dict[str, dict[int, list[float]]] = {}
        for question in questions:
            if n >= len(question.rows) - 20:
                continue
            for seed in range(seeds):
                for model, figures in evaluate_question(question, n, seed, params).items():
                    slot = acc.setdefault(model, {})
                    for key, value in figures.items():
                        slot.setdefault(key, []).append(value)
                        if model == "suggester" and (
                            key in SPREAD or key.startswith(tuple(AUTO_LEVELS))
                        ):
                            by_seed.setdefault(key, {}).setdefault(seed, []).append(value)
        if acc:
            results[str(n)] = {
                model: {k: round(_mean(v), 3) for k, v in slot.items()}
                for model, slot in acc.items()
            }
            # each seed's mean over the questions: the spread a change has to beat
            for key, seeds_values in by_seed.items():
                means = [m for m in (_mean(v) for v in seeds_values.values()) if not np.isnan(m)]
                if means:
                    results[str(n)]["suggester"][f"{key}_seeds"] = [
                        round(min(means), 3),
                        round(max(means), 3),
                    ]
    return results


def _mean(values: list[float]) -> float:
    """Mean of the values that are numbers (NaN when none is: nothing was auto-coded)."""
    kept = [v for v in values if not np.isnan(v)]
    return float(np.mean(kept)) if kept else float("nan")


def _number(value: float) -> float | None:
    """The value, or None where it is NaN (nothing was auto-coded)."""
    return None if np.isnan(value) else value


def _param(text: str) -> tuple[str, Any]:
    name, _, value = text.partition("=")
    try:
        return name, ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return name, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", dest="which", default="heldout/dev",
                        choices=("heldout/dev", "heldout/test", "old/dev", "old/test"))  # fmt: skip
    parser.add_argument("--seeds", type=int, default=2)
    parser.add_argument("--param", action="append", default=[], type=_param)
    parser.add_argument("--sizes", type=lambda v: tuple(int(x) for x in v.split(",")),
                        default=SIZES, help="numbers of coded answers, e.g. 100,200")  # fmt: skip
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    start = time.perf_counter()
    results = evaluate(args.seeds, args.which, dict(args.param), args.sizes)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    cols = ["f1", "top3", "exact", *(f"f1_{lang}" for lang in LANGS), "top3_fi", "top3_en"]
    print(f"{'coded':>5} {'model':<10} " + " ".join(f"{c:>8}" for c in cols)
          + f" {'auto@.9':>8} {'its prec':>8} {'auto@.95':>8} {'its prec':>8}")  # fmt: skip
    for n, by in results.items():
        for model in ("suggester", "baseline"):
            row = by[model]
            cells = " ".join(f"{row.get(c, float('nan')):>8.3f}" for c in cols)
            auto = "".join(
                f" {row[f'{prefix}_share']:>8.3f} {row[f'{prefix}_precision']:>8.3f}"
                for prefix in AUTO_LEVELS
                if f"{prefix}_share" in row
            )
            print(f"{n:>5} {model:<10} {cells}{auto}")
    for n, by in results.items():
        row = by["suggester"]
        quality = ", ".join(f"{key} {row[f'{key}_seeds'][0]:.3f}-{row[f'{key}_seeds'][1]:.3f}" for key in SPREAD)  # fmt: skip
        print(f"{n:>5} coded, suggester, each seed's mean over the questions: {quality}")
        spread = [
            f"{prefix} share {by['suggester'][key][0]:.3f}-{by['suggester'][key][1]:.3f}"
            + (
                f" exact {by['suggester'][f'{prefix}_precision_seeds'][0]:.3f}-"
                f"{by['suggester'][f'{prefix}_precision_seeds'][1]:.3f}"
                if f"{prefix}_precision_seeds" in by["suggester"]
                else ""
            )
            for prefix in AUTO_LEVELS
            if (key := f"{prefix}_share_seeds") in by["suggester"]
        ]
        if spread:
            print(f"{n:>5} across seeds (min-max of each seed's mean): " + "; ".join(spread))
    fits = ", ".join(f"{n}: {by['suggester']['fit_cpu_s']:.2f} s" for n, by in results.items())
    print(f"fit CPU time per question (the first fit of a question featurises its corpus): {fits}")
    print(f"({args.which}, {args.seeds} seeds, params {dict(args.param)}, "
          f"{time.perf_counter() - start:.0f} s)")  # fmt: skip


if __name__ == "__main__":
    main()


def run(quick: bool) -> list[dict[str, object]]:
    """Figures for `python -m bench`: held-out test questions, labels-and-definitions codebooks."""
    from bench import figure, isolated

    seeds = 1 if quick else 3
    results, peak = isolated(evaluate, seeds, "heldout/test")
    at, at25 = results["100"], results["25"]
    sug, base = at["suggester"], at["baseline"]
    name = "TF-IDF + logistic regression"
    note = f"held-out test questions (3), 100 coded, {seeds} seed(s)"
    gap = abs(sug["f1_en"] - sug["f1_fi"])
    base_gap = abs(base["f1_en"] - base["f1_fi"])
    rows = [
        figure(
            "suggest: top-3 recall at 100 coded (held-out test)",
            sug["top3"],
            "",
            at_least=0.85,
            alternative=base["top3"],
            alternative_name=name,
            peak_mb=peak,
            note=note,
        ),
        figure(
            "suggest: micro-F1 at 100 coded (held-out test)",
            sug["f1"],
            "",
            at_least=0.65,
            alternative=base["f1"],
            alternative_name=name,
        ),
        figure(
            "suggest: F1 gap English vs Finnish at 100 coded",
            gap,
            "",
            below=0.05,
            alternative=base_gap,
            alternative_name=name,
        ),
        figure(
            "suggest: top-3 recall at 25 coded (held-out test)",
            at25["suggester"]["top3"],
            "",
            at_least=0.75,
            alternative=at25["baseline"]["top3"],
            alternative_name=name,
        ),
    ]
    for n in ("100", "200"):
        row = results[n]["suggester"]
        for prefix, level in AUTO_LEVELS.items():
            where = f"held-out test, {n} coded"
            rows += [
                figure(
                    f"suggest: share auto-coded at {level:.0%} ({where})",
                    row[f"{prefix}_share"],
                    "",
                    at_least=0.30 if level == 0.9 else None,
                ),
                figure(
                    f"suggest: exact sets among those auto-coded at {level:.0%} ({where})",
                    _number(row[f"{prefix}_precision"]),
                    "",
                    at_least=level,
                ),
            ]
    return rows
