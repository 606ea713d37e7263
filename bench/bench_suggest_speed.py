"""Suggester speed: retraining after one more coded answer, one suggestion, 100,000 suggestions.

Answers are synthesised from the labelled set (bench/data/): two to four sentences of one
language joined, with a running number so that every text is distinct (nothing is served from
the cache by accident). Targets (issue 4): retrain with 2,000 coded < 200 ms; suggestions for
the current answer < 10 ms; for 100,000 answers < 10 s.

    .venv/bin/python bench/bench_suggest_speed.py [--answers 100000] [--coded 2000] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._data import load_answers, load_codebook  # noqa: E402
from coder.suggest import Suggester  # noqa: E402
from coder.text import default_processor, warm_up  # noqa: E402


def synthesise(n: int, seed: int = 0) -> tuple[list[str], list[str], list[set[str]]]:
    """``n`` distinct answers made of 1-3 labelled sentences of one language, with labels."""
    rows = load_answers()
    by_lang: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_lang.setdefault(row["lang"], []).append(row)
    langs_cycle = list(by_lang)
    rng = np.random.default_rng(seed)
    texts, langs, labels = [], [], []
    for i in range(n):
        lang = langs_cycle[int(rng.integers(len(langs_cycle)))]
        pool = by_lang[lang]
        picks = [pool[int(k)] for k in rng.integers(len(pool), size=int(rng.integers(1, 4)))]
        texts.append(" ".join(p["text"] for p in picks) + f" ({i})")
        langs.append(lang)
        labels.append({c for p in picks for c in p["codes"]})
    return texts, langs, labels


def timed(fn: Any) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def measure(n_answers: int, n_coded: int) -> dict[str, float]:
    codebook, codes = load_codebook()
    texts, langs, labels = synthesise(n_answers + 50)
    extra = (texts[n_answers:], langs[n_answers:], labels[n_answers:])
    texts, langs, labels = texts[:n_answers], langs[:n_answers], labels[:n_answers]
    figures: dict[str, float] = {}
    figures["load_tables_s"] = timed(warm_up)
    processor = default_processor()
    figures["process_all_s"] = timed(lambda: processor.process_many(texts, langs))
    suggester = Suggester(codebook, code_ids=codes)
    figures["full_fit_s"] = timed(
        lambda: suggester.fit(
            texts[:n_coded], langs[:n_coded], labels[:n_coded], corpus=(texts, langs)
        )
    )
    retrain = []
    for i in range(10):
        retrain.append(timed(lambda i=i: suggester.add(extra[0][i], extra[1][i], extra[2][i])))
    figures["retrain_one_more_median_ms"] = 1000 * statistics.median(retrain)
    figures["retrain_one_more_max_ms"] = 1000 * max(retrain)
    fresh = extra[0][10:50], extra[1][10:50]
    single = [
        timed(lambda t=t, lang=lang: suggester.suggest(t, lang, k=3))
        for t, lang in zip(*fresh, strict=True)
    ]
    figures["suggest_one_new_text_median_ms"] = 1000 * statistics.median(single)
    again = [
        timed(lambda t=t, lang=lang: suggester.suggest(t, lang, k=3))
        for t, lang in zip(*fresh, strict=True)
    ]
    figures["suggest_one_cached_text_median_ms"] = 1000 * statistics.median(again)
    figures[f"suggest_{n_answers}_s"] = timed(
        lambda: suggester.suggest_many(texts, langs, k=3, explain=False)
    )
    return {key: round(value, 3) for key, value in figures.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--coded", type=int, default=2_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    figures = measure(args.answers, args.coded)
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"{args.answers} answers, {args.coded} coded")
    for key, value in figures.items():
        print(f"  {key:<36} {value:>10.3f}")


if __name__ == "__main__":
    main()


def run(quick: bool) -> list[dict[str, object]]:
    """Figures for `python -m bench`: retrain, one suggestion, all suggestions (issue 4)."""
    from bench import figure, isolated

    answers = 10_000 if quick else 100_000
    got, peak = isolated(measure, answers, 2_000)
    return [
        figure("suggest: retrain after one more (2,000 coded), median", got["retrain_one_more_median_ms"],
               "ms", below=200.0, peak_mb=peak, note=f"max {got['retrain_one_more_max_ms']:.0f} ms; "
               f"full fit {got['full_fit_s']:.1f} s"),
        figure("suggest: one new answer, median", got["suggest_one_new_text_median_ms"], "ms", below=10.0),
        figure(f"suggest: all {answers:,} answers", got[f"suggest_{answers}_s"], "s",
               below=10.0 * answers / 100_000),
    ]  # fmt: skip
