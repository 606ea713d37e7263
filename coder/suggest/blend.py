"""How far to trust the learned model against the codebook: stacking on out-of-fold scores.

Before a code has examples only the codebook speaks for it; with many examples the model
should. Rather than fix that trade-off, :class:`Blender` learns it: a small logistic
regression over each (answer, code) pair's model score, codebook score, the code's number of
examples, its base rate and how both scores stand against the answer's best code (most answers
carry one theme), fitted on scores the model gave to answers it had not seen (out-of-fold). Until there is enough data for that, it falls back to a fixed convex blend:
weight = positives / (positives + prior_strength).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.special import expit, logit

FloatArray = NDArray[np.float64]
MIN_ROWS = 20
"""Coded answers needed before the blend is learned rather than fixed."""


class Blender:
    """Combine model and codebook scores into one calibrated probability per code."""

    def __init__(self, prior_strength: float = 4.0, C: float = 1.0) -> None:
        self.prior_strength = prior_strength
        self.C = C
        self.coef_: FloatArray | None = None
        self.intercept_: float = 0.0

    def _weights(self, positives: FloatArray) -> FloatArray:
        weights: FloatArray = positives / (positives + self.prior_strength)
        return weights

    def _features(
        self, model: FloatArray, cold: FloatArray, positives: FloatArray, n_coded: int
    ) -> FloatArray:
        w = np.broadcast_to(self._weights(positives), model.shape)
        m = logit(np.clip(model, 1e-4, 1 - 1e-4))
        prior = np.broadcast_to(np.log((positives + 1.0) / (n_coded + 2.0)), model.shape)
        columns = [m, w * m, cold, (1 - w) * cold, prior]
        # most answers carry one theme: how a code stands against the answer's best code
        columns += [m - m.max(axis=1, keepdims=True), cold - cold.max(axis=1, keepdims=True)]
        return np.stack(columns, axis=-1).reshape(-1, len(columns))

    def fit(
        self, model: FloatArray, cold: FloatArray, Y: NDArray[Any], positives: FloatArray
    ) -> Blender:
        """Learn the blend from out-of-fold ``model`` scores, ``cold`` scores and truth ``Y``."""
        Y = np.asarray(Y).astype(int)
        self.n_coded_ = len(Y)
        if len(Y) < MIN_ROWS or Y.min() == Y.max():
            self.coef_ = None
            return self
        from sklearn.linear_model import LogisticRegression  # lazy

        features = self._features(model, cold, positives, len(Y))
        lr = LogisticRegression(C=self.C, solver="newton-cholesky", max_iter=500)
        lr.fit(features, Y.reshape(-1))
        self.coef_ = lr.coef_[0]
        self.intercept_ = float(lr.intercept_[0])
        return self

    def blend(self, model: FloatArray, cold: FloatArray, positives: FloatArray) -> FloatArray:
        """The blended score of each (answer, code), in [0, 1]."""
        if self.coef_ is None:
            w = self._weights(positives)
            out: FloatArray = w * model + (1.0 - w) * cold
            return out
        n_coded = getattr(self, "n_coded_", 0)
        z = self._features(model, cold, positives, n_coded) @ self.coef_ + self.intercept_
        blended: FloatArray = expit(z).reshape(model.shape)
        return blended

    def weight(self, positives: FloatArray) -> FloatArray:
        """Roughly how much of each code's score comes from the model (for explanations)."""
        return self._weights(positives)
