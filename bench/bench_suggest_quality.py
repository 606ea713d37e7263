"""Suggester quality on the labelled multilingual sets, against plain TF-IDF + LogReg.

For each seed a set's answers are shuffled (languages mixed, as in a survey); the first N
(25, 50, 100, 200) are "coded", the rest are scored. Prints micro-F1 (predicted sets) and
top-3 recall (share of true codes among the three best suggestions), overall and per
language, averaged over seeds, for the suggester and the baseline in the same run.

Two sets (see bench/_data.py): ``test`` (320 answers, the figures we report) and ``dev``
(180 answers, written apart from it, for trying changes without looking at the test set).

    .venv/bin/python bench/bench_suggest_quality.py [--set test|dev] [--seeds 5] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._data import load_answers, load_codebook  # noqa: E402
from coder.suggest import Suggester  # noqa: E402
from coder.suggest.evaluate import micro_f1, top_k_recall  # noqa: E402

SIZES = (25, 50, 100, 200)
LANGS = ("fi", "sv", "en")


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


def evaluate(seeds: int, which: str = "test") -> dict[str, Any]:
    rows = load_answers(which)
    codebook, codes = load_codebook()
    results: dict[str, Any] = {}
    for n in (size for size in SIZES if size < len(rows)):
        acc: dict[str, dict[str, list[float]]] = {}
        for seed in range(seeds):
            order = np.random.default_rng(seed).permutation(len(rows))
            train = [rows[i] for i in order[:n]]
            test = [rows[i] for i in order[n:]]
            truth = np.array([[c in r["codes"] for c in codes] for r in test])
            s = Suggester(codebook, code_ids=codes).fit(
                [r["text"] for r in train],
                [r["lang"] for r in train],
                [r["codes"] for r in train],
                corpus=([r["text"] for r in rows], [r["lang"] for r in rows]),
            )
            texts, langs = [r["text"] for r in test], [r["lang"] for r in test]
            proba = s.predict_proba(texts, langs)[:, [s.code_ids_.index(c) for c in codes]]
            columns = [s.code_ids_.index(c) for c in codes]
            assigned = s.decision_.apply(s.predict_proba(texts, langs))[:, columns]
            base_proba, base_pred = baseline_scores(train, test, codes)
            for model, (P, pred) in {
                "suggester": (proba, assigned),
                "baseline": (base_proba, base_pred),
            }.items():
                for lang in ("all", *LANGS):
                    mask = np.array([lang in ("all", r["lang"]) for r in test])
                    slot = acc.setdefault(f"{model}/{lang}", {"f1": [], "top3": []})
                    slot["f1"].append(micro_f1(pred[mask], truth[mask]))
                    slot["top3"].append(top_k_recall(P[mask], truth[mask], 3))
        results[str(n)] = {
            key: {metric: round(float(np.mean(vals)), 3) for metric, vals in slot.items()}
            for key, slot in acc.items()
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", dest="which", choices=("test", "dev"), default="test")
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    start = time.perf_counter()
    results = evaluate(args.seeds, args.which)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(
        f"{'coded':>5} {'model':<10} "
        + " ".join(f"{lang + ' F1':>8} {lang + ' top3':>9}" for lang in ("all", *LANGS))
    )
    for n, by in results.items():
        for model in ("suggester", "baseline"):
            cells = " ".join(
                f"{by[f'{model}/{lang}']['f1']:>8.3f} {by[f'{model}/{lang}']['top3']:>9.3f}"
                for lang in ("all", *LANGS)
            )
            print(f"{n:>5} {model:<10} {cells}")
    print(f"({args.which} set, {args.seeds} seeds, {time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()


def run(quick: bool) -> list[dict[str, object]]:
    """Figures for `python -m bench`: quality after 100 coded answers, beside the baseline."""
    from bench import figure, isolated

    seeds = 1 if quick else 5
    results, peak = isolated(evaluate, seeds)
    at = results["100"]

    def gap(model: str) -> float:
        """How far Finnish F1 is from English F1, either way ("within 0.05")."""
        return abs(at[f"{model}/en"]["f1"] - at[f"{model}/fi"]["f1"])

    base = "TF-IDF + logistic regression"
    note = f"100 coded of {len(load_answers())} labelled answers, {seeds} seed(s)"
    dev, _ = isolated(evaluate, seeds, "dev")
    dev_at = dev["100"]
    dev_note = f"development set: 100 coded of {len(load_answers('dev'))}, {seeds} seed(s)"
    return [
        figure("suggest: top-3 recall at 100 coded", at["suggester/all"]["top3"], "", at_least=0.9,
               alternative=at["baseline/all"]["top3"], alternative_name=base, peak_mb=peak, note=note),
        figure("suggest: micro-F1 at 100 coded", at["suggester/all"]["f1"], "", at_least=0.7,
               alternative=at["baseline/all"]["f1"], alternative_name=base),
        figure("suggest: F1 gap, English vs Finnish", gap("suggester"), "", below=0.05,
               alternative=gap("baseline"), alternative_name=base),
        figure("suggest: top-3 recall at 100 coded (dev set)", dev_at["suggester/all"]["top3"], "",
               at_least=0.9, alternative=dev_at["baseline/all"]["top3"], alternative_name=base,
               note=dev_note),
        figure("suggest: micro-F1 at 100 coded (dev set)", dev_at["suggester/all"]["f1"], "",
               at_least=0.7, alternative=dev_at["baseline/all"]["f1"], alternative_name=base),
    ]  # fmt: skip
