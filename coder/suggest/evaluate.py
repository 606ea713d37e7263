"""How far to trust the suggester: metrics and cross-validated evaluation.

All functions work on plain arrays (scores and 0/1 truth, one column per code) so they serve
the CLI's ``coder evaluate``, the benchmark and the tests alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    from coder.suggest.suggester import Suggester


def micro_f1(pred: NDArray[Any], truth: NDArray[Any]) -> float:
    """Micro-averaged F1 of predicted code sets against the true ones."""
    pred, truth = np.asarray(pred, dtype=bool), np.asarray(truth, dtype=bool)
    tp = float((pred & truth).sum())
    denom = float(pred.sum() + truth.sum())
    return 2 * tp / denom if denom else 1.0


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
    pred, truth = np.asarray(pred, dtype=bool), np.asarray(truth, dtype=bool)
    out: list[dict[str, float]] = []
    for j in range(truth.shape[1]):
        tp = float((pred[:, j] & truth[:, j]).sum())
        predicted, actual = float(pred[:, j].sum()), float(truth[:, j].sum())
        precision = tp / predicted if predicted else 0.0
        recall = tp / actual if actual else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out.append(
            {
                "precision": round(precision, 4),
                "recall": round(recall, 4),
                "f1": round(f1, 4),
                "support": int(actual),
            }
        )
    return out


def _folds(n: int, k: int, seed: int) -> NDArray[np.int64]:
    folds = np.arange(n) % k
    np.random.default_rng(seed).shuffle(folds)
    return folds


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
) -> dict[str, Any]:
    """Cross-validated quality of suggesters built by ``make_suggester`` on coded answers.

    Every answer is scored once by a suggester that did not see it. Returns micro precision,
    recall and F1, top-``k`` recall, per-code precision/recall/F1, and a learning curve
    (the same folds, training on only the first N answers of each training part).
    """
    n = len(texts)
    sets = [set(labels) for labels in label_sets]
    if folds < 2 or n < 2 * folds:
        raise ValueError(f"{n} coded answers are too few for {folds}-fold cross-validation")
    codes = list(make_suggester().code_ids_)
    codes += sorted({c for labels in sets for c in labels} - set(codes))
    column = {code: j for j, code in enumerate(codes)}
    truth = np.array([[c in labels for c in codes] for labels in sets], dtype=bool)
    fold_of = _folds(n, folds, seed)
    order = np.random.default_rng(seed + 1).permutation(n)
    max_train = n - int(np.ceil(n / folds))
    sizes = sorted({s for s in curve if s < max_train} | {max_train})
    curve_out: list[dict[str, Any]] = []
    P = np.zeros(truth.shape)
    A = np.zeros(truth.shape, dtype=bool)
    for size in sizes:
        P_size = np.zeros(truth.shape)
        A_size = np.zeros(truth.shape, dtype=bool)
        for f in range(folds):
            train = [int(i) for i in order if fold_of[i] != f][:size]
            test = np.flatnonzero(fold_of == f)
            suggester = make_suggester().fit(
                [texts[i] for i in train],
                [langs[i] for i in train],
                [sets[i] for i in train],
                corpus=corpus,
            )
            proba = suggester.predict_proba(
                [texts[int(i)] for i in test], [langs[int(i)] for i in test]
            )
            assigned = suggester.decision_.apply(proba)
            cols = np.array([column[c] for c in suggester.code_ids_], dtype=np.int64)
            P_size[np.ix_(test, cols)] = proba
            A_size[np.ix_(test, cols)] = assigned
        curve_out.append(
            {
                "trained_on": size,
                "micro_f1": round(micro_f1(A_size, truth), 4),
                f"top{k}_recall": round(top_k_recall(P_size, truth, k), 4),
            }
        )
        P, A = P_size, A_size
    tp = float((A & truth).sum())
    return {
        "answers": n,
        "folds": folds,
        "micro": {
            "precision": round(tp / float(A.sum()), 4) if A.sum() else 0.0,
            "recall": round(tp / float(truth.sum()), 4) if truth.sum() else 0.0,
            "f1": round(micro_f1(A, truth), 4),
        },
        f"top{k}_recall": round(top_k_recall(P, truth, k), 4),
        "per_code": dict(zip(codes, per_code_scores(A, truth), strict=True)),
        "learning_curve": curve_out,
    }
