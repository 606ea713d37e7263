"""How far to trust the suggester: metrics and cross-validated evaluation.

All functions work on plain arrays (scores and 0/1 truth, one column per code) so they serve
the CLI's ``coder evaluate``, the benchmark and the tests alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from coder.suggest.confidence import NonAnswers, non_answers, with_non_answers

if TYPE_CHECKING:
    from coder.suggest.suggester import Suggester


def micro_f1(pred: NDArray[Any], truth: NDArray[Any]) -> float:
    """Micro-averaged F1 of predicted code sets against the true ones (1.0 when neither side
    has any code: nothing to find and nothing wrongly found)."""
    from sklearn.metrics import f1_score  # lazy

    return float(
        f1_score(
            np.asarray(truth, dtype=bool),
            np.asarray(pred, dtype=bool),
            average="micro",
            zero_division=1.0,
        )
    )


def top_k_recall(scores: NDArray[Any], truth: NDArray[Any], k: int = 3) -> float:
    """Share of the true codes that are among each answer's ``k`` best-scored codes."""
    truth = np.asarray(truth, dtype=bool)
    if not truth.any():
        return 1.0
    top = np.argsort(-np.asarray(scores), axis=1, kind="stable")[:, :k]
    hit = np.zeros_like(truth)
    np.put_along_axis(hit, top, True, axis=1)
    return float((hit & truth).sum() / truth.sum())


def per_code_scores(pred: NDArray[Any], truth: NDArray[Any]) -> list[dict[str, float]]:
    """Precision, recall, F1 and support of each code (column)."""
    from sklearn.metrics import precision_recall_fscore_support  # lazy

    precision, recall, f1, support = precision_recall_fscore_support(
        np.asarray(truth, dtype=bool), np.asarray(pred, dtype=bool), average=None, zero_division=0.0
    )
    return [
        {"precision": round(float(p), 4), "recall": round(float(r), 4), "f1": round(float(f), 4),
         "support": int(n)}
        for p, r, f, n in zip(precision, recall, f1, support, strict=True)
    ]  # fmt: skip


AUTO_LEVELS = (0.9, 0.95)
"""Precision levels at which the evaluation reports how many answers could be auto-coded."""


def cross_validate(
    texts: Sequence[str],
    langs: Sequence[str],
    label_sets: Sequence[Iterable[str]],
    make_suggester: Callable[[], Suggester],
    folds: int = 5,
    curve: Sequence[int] = (10, 25, 50, 100, 200, 400),
    corpus: tuple[Sequence[str], Sequence[str]] | None = None,
    seed: int = 0,
    k: int = 3,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Cross-validated quality of suggesters built by ``make_suggester`` on coded answers.

    Every answer is scored once by a suggester that did not see it. Returns micro precision,
    recall and F1, top-``k`` recall, per-code precision/recall/F1, a learning curve (the same
    folds, training on only the first N answers of each training part), and per level of
    :data:`AUTO_LEVELS` the share of answers the suggester would auto-code (confidence at or
    above the level its own cross-validation estimated, and non-answers as "no code" where the
    training part's non-answers say so) and how often those sets were exactly right. One suggester is refitted fold after fold, so the corpus's features and codebook
    scores are computed once. ``progress(done, total)`` is called after each fit.
    """
    from sklearn.model_selection import KFold  # lazy

    n = len(texts)
    sets = [set(labels) for labels in label_sets]
    if folds < 2 or n < 2 * folds:
        raise ValueError(f"{n} coded answers are too few for {folds}-fold cross-validation")
    suggester = make_suggester()
    codes = list(suggester.code_ids_)
    codes += sorted({c for labels in sets for c in labels} - set(codes))
    column = {code: j for j, code in enumerate(codes)}
    truth = np.array([[c in labels for c in codes] for labels in sets], dtype=bool)
    splits = list(KFold(folds, shuffle=True, random_state=seed).split(np.arange(n)))
    order = np.random.default_rng(seed + 1).permutation(n)
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    max_train = n - int(np.ceil(n / folds))
    sizes = sorted({s for s in curve if s < max_train} | {max_train})
    curve_out: list[dict[str, Any]] = []
    P = np.zeros(truth.shape)
    A = np.zeros(truth.shape, dtype=bool)
    conf = np.zeros(n)
    auto = {level: np.zeros(n, dtype=bool) for level in AUTO_LEVELS}
    auto_empty = {level: np.zeros(n, dtype=bool) for level in AUTO_LEVELS}
    silent = non_answers(texts)
    done = 0
    for size in sizes:
        P_size = np.zeros(truth.shape)
        A_size = np.zeros(truth.shape, dtype=bool)
        for train_part, test in splits:
            train = train_part[np.argsort(rank[train_part], kind="stable")][:size]
            suggester.fit(
                [texts[i] for i in train],
                [langs[i] for i in train],
                [sets[i] for i in train],
                corpus=corpus,
            )
            test_texts, test_langs = [texts[i] for i in test], [langs[i] for i in test]
            proba, assigned, confidence = suggester.decide(test_texts, test_langs)
            cols = np.array([column[c] for c in suggester.code_ids_], dtype=np.int64)
            P_size[np.ix_(test, cols)] = proba
            A_size[np.ix_(test, cols)] = assigned
            if size == max_train:
                conf[test] = confidence
                rule = NonAnswers.of([texts[i] for i in train], [sets[i] for i in train])
                for level in AUTO_LEVELS:
                    threshold = suggester.auto_threshold(level)
                    picked = np.zeros(len(test), dtype=bool)
                    if threshold is not None:
                        picked = (confidence >= threshold) & assigned.any(axis=1)
                    auto[level][test], auto_empty[level][test] = with_non_answers(
                        picked, silent[test], rule, level
                    )
            done += 1
            if progress is not None:
                progress(done, len(sizes) * len(splits))
        curve_out.append(
            {
                "trained_on": size,
                "micro_f1": round(micro_f1(A_size, truth), 4),
                f"top{k}_recall": round(top_k_recall(P_size, truth, k), 4),
            }
        )
        P, A = P_size, A_size
    tp = float((A & truth).sum())
    exact = (truth == A).all(axis=1)
    no_code = ~truth.any(axis=1)
    auto_exact = {level: np.where(auto_empty[level], no_code, exact) for level in AUTO_LEVELS}
    return {
        "answers": n,
        "folds": folds,
        "micro": {
            "precision": round(tp / float(A.sum()), 4) if A.sum() else 0.0,
            "recall": round(tp / float(truth.sum()), 4) if truth.sum() else 0.0,
            "f1": round(micro_f1(A, truth), 4),
        },
        f"top{k}_recall": round(top_k_recall(P, truth, k), 4),
        "exact_set_accuracy": round(float(exact.mean()), 4),
        "auto_code": {
            f"{level:.2f}": {
                "share": round(float(chosen.mean()), 4),
                "precision": (
                    round(float(auto_exact[level][chosen].mean()), 4) if chosen.any() else None
                ),
            }
            for level, chosen in auto.items()
        },
        "per_code": dict(zip(codes, per_code_scores(A, truth), strict=True)),
        "learning_curve": curve_out,
    }
