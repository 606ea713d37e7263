"""Turning scores into the set of codes the suggester would assign on its own.

Most answers carry one theme, a few two or three. The rule: every code whose score reaches
its own threshold and a share ``ratio`` of the best code's score (a second theme must be
nearly as clear as the first), and in any case the best code if it reaches ``floor``.
Thresholds, floor and ratio are chosen to maximise F1 on out-of-fold scores, so they reflect
how this model scores on answers it did not train on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
GRID = np.round(np.linspace(0.05, 0.95, 37), 3)


@dataclass(frozen=True)
class Decision:
    """Per-code thresholds plus the floor above which the best code is always assigned."""

    thresholds: FloatArray
    floor: float = 1.01  # above any score: off
    ratio: float = 0.0
    """A code other than the best needs at least this share of the best code's score."""

    def apply(self, scores: FloatArray) -> NDArray[np.bool_]:
        """The 0/1 matrix of assigned codes for a (n_answers, n_codes) score matrix."""
        scores = np.asarray(scores)
        hits: NDArray[np.bool_] = scores >= self.thresholds
        if scores.size and self.ratio > 0:
            hits &= scores >= self.ratio * scores.max(axis=1, keepdims=True)
        if scores.size and self.floor <= 1.0:
            best = scores.argmax(axis=1)
            rows = np.arange(scores.shape[0])
            hits[rows, best] |= scores[rows, best] >= self.floor
        return hits


def _f1(pred: NDArray[np.bool_], truth: NDArray[np.bool_]) -> float:
    tp = float((pred & truth).sum())
    denom = float(pred.sum() + truth.sum())
    return 2 * tp / denom if denom else 0.0


def choose_decision(scores: FloatArray, Y: NDArray[Any], min_positives: int = 5) -> Decision:
    """The thresholds and floor that maximise micro-F1 on out-of-fold ``scores``.

    First one shared threshold and the floor (grid search); then codes with at least
    ``min_positives`` examples get their own threshold, halfway between their best and the
    shared one, since a handful of examples makes a code's own optimum noisy; last the ratio
    to the best code's score that any further code needs.
    """
    truth = np.asarray(Y).astype(bool)
    n_codes = scores.shape[1]
    best = (-1.0, 1.0, 1.01)
    for floor in (*GRID, 1.01):
        for t in GRID:
            if t < floor:
                continue  # the shared threshold below the floor makes the floor pointless
            f1 = _f1(Decision(np.full(n_codes, t), float(floor)).apply(scores), truth)
            if f1 > best[0]:
                best = (f1, float(t), float(floor))
    _, shared, floor = best
    thresholds = np.full(n_codes, shared)
    for j in range(n_codes):
        if truth[:, j].sum() < min_positives:
            continue
        own = max(GRID, key=lambda t: (_f1(scores[:, j] >= t, truth[:, j]), -abs(t - shared)))
        thresholds[j] = 0.5 * (float(own) + shared)
    ratios = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9)
    ratio = max(
        ratios, key=lambda r: (_f1(Decision(thresholds, floor, r).apply(scores), truth), -r)
    )
    return Decision(thresholds, floor, ratio)
