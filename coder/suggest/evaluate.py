"""How far to trust the suggester: metrics and cross-validated evaluation.

All functions work on plain arrays (scores and 0/1 truth, one column per code) so they serve
the CLI's ``coder evaluate``, the benchmark and the tests alike.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray


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
