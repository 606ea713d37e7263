"""The learning part: one-vs-rest linear classifiers over answer features, with calibration.

:class:`LinearCodeModel` follows scikit-learn's conventions (``fit`` returns self, learned
attributes end in ``_``, ``predict``/``predict_proba``/``decision_function``) so another
multi-label model with the same methods can be dropped into :class:`coder.suggest.Suggester`.
X is a feature matrix (see :mod:`coder.suggest.features`), Y a 0/1 indicator matrix with one
column per code.

Why two solvers: liblinear's logistic regression is the better classifier on the rows of a
typical question (its coded answers plus the codebook's texts, about a thousand rows for a
shipped codebook), but a fit grows to seconds past a few thousand rows; from ``sgd_from`` rows
the heads of a full fit are SGD logistic regressions. Either way :meth:`LinearCodeModel.update`
starts from the previous coefficients, so one more coded answer costs a few gradient steps
on a small batch, not a fit; the background refit brings back the full solver's quality.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.special import expit

from coder.suggest.sklearn_import import pandas_left_out

with pandas_left_out():  # scikit-learn's start-up needs no pandas: see sklearn_import
    from sklearn.base import BaseEstimator

FloatArray = NDArray[np.float64]
_CONSTANT_LOGIT = 4.0
"""Decision value of a code that the training data has always (or never) seen."""


def platt(decisions: FloatArray, y: NDArray[Any]) -> tuple[float, float]:
    """Platt scaling: (a, b) so that sigmoid(a * d + b) fits the 0/1 labels ``y``.

    Newton's method on the one feature (``newton-cholesky``): lbfgs took 0.15 s a code on the
    unscaled decision values, most of ``coder evaluate``'s time.
    """
    from sklearn.linear_model import LogisticRegression  # lazy

    y = np.asarray(y).astype(int)
    if y.min() == y.max() or len(y) < 4:
        return 1.0, 0.0
    lr = LogisticRegression(C=1.0, solver="newton-cholesky")
    lr.fit(decisions.reshape(-1, 1), y)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


class LinearCodeModel(BaseEstimator):  # type: ignore[misc]
    """One-vs-rest logistic heads on sparse features, optionally Platt-calibrated per code.

    Parameters: ``C`` (liblinear inverse regularisation), ``alpha`` (SGD regularisation),
    ``sgd_from`` (row count from which a full fit uses SGD heads), ``epochs`` (SGD epochs for
    a full fit), ``refit_below`` (row count under which :meth:`update` refits instead of
    stepping), ``update_epochs``, ``update_rate`` and ``replay`` (gradient steps, their size
    and the replayed old rows of an :meth:`update`), ``calibrate_cv`` (folds used by
    :meth:`fit` to learn the calibration; 0 or 1 turns it off).
    """

    def __init__(
        self,
        C: float = 8.0,
        alpha: float = 2e-5,
        sgd_from: int = 3000,
        epochs: int = 15,
        refit_below: int = 500,
        update_epochs: int = 5,
        update_rate: float = 2.0,
        replay: int = 256,
        calibrate_cv: int = 3,
        random_state: int = 0,
    ) -> None:
        self.C = C
        self.alpha = alpha
        self.sgd_from = sgd_from
        self.epochs = epochs
        self.refit_below = refit_below
        self.update_epochs = update_epochs
        self.update_rate = update_rate
        self.replay = replay
        self.calibrate_cv = calibrate_cv
        self.random_state = random_state

    # -- fitting -------------------------------------------------------------------------
    def _sgd(self, epochs: int) -> Any:
        from sklearn.linear_model import SGDClassifier  # lazy

        return SGDClassifier(
            loss="log_loss",
            alpha=self.alpha,
            max_iter=epochs,
            tol=None,
            class_weight="balanced",
            learning_rate="optimal",
            random_state=self.random_state,
        )

    def _fit_head(self, X: Any, y: NDArray[Any], sgd: bool) -> Any:
        if sgd:
            return self._sgd(self.epochs).fit(X, y)
        from sklearn.linear_model import LogisticRegression  # lazy

        # dual liblinear: fast when features outnumber answers, as they do here; its default
        # 100 iterations stop short on inconsistent codings (and warn once per head)
        return LogisticRegression(
            solver="liblinear",
            dual=True,
            C=self.C,
            class_weight="balanced",
            max_iter=1000,
            random_state=self.random_state,  # liblinear shuffles: same data, same model
        ).fit(X, y)

    def _fit_heads(self, X: Any, Y: NDArray[Any]) -> tuple[FloatArray, FloatArray, list[Any]]:
        n_rows, n_features = X.shape
        n_codes = Y.shape[1]
        coef = np.zeros((n_codes, n_features))
        intercept = np.zeros(n_codes)
        heads: list[Any] = []
        sgd = n_rows >= self.sgd_from
        for j in range(n_codes):
            y = Y[:, j]
            positives = int(y.sum())
            if positives == 0 or positives == n_rows:
                intercept[j] = _CONSTANT_LOGIT if positives else -_CONSTANT_LOGIT
                heads.append(None)
                continue
            head = self._fit_head(X, y, sgd)
            coef[j] = head.coef_[0]
            intercept[j] = head.intercept_[0]
            heads.append(head)
        return coef, intercept, heads

    def fit(self, X: Any, Y: Any) -> LinearCodeModel:
        """Fit every head on (X, Y); with ``calibrate_cv`` >= 2 also learn the calibration.

        The out-of-fold calibrated probabilities are kept in ``oof_proba_`` so a caller can
        choose thresholds on scores the model did not train on.
        """
        Y = np.asarray(Y)
        if Y.ndim != 2 or X.shape[0] != Y.shape[0]:
            raise ValueError(f"X has {X.shape[0]} rows but Y has shape {Y.shape}")
        self.n_codes_ = Y.shape[1]
        self.n_features_in_ = X.shape[1]
        self.coef_, self.intercept_, _heads = self._fit_heads(X, Y)
        self.calibration_ = np.tile([1.0, 0.0], (self.n_codes_, 1))
        self.oof_proba_: FloatArray | None = None
        if self.calibrate_cv >= 2 and X.shape[0] >= 2 * self.calibrate_cv:
            oof = self._out_of_fold_decisions(X, Y)
            for j in range(self.n_codes_):
                self.calibration_[j] = platt(oof[:, j], Y[:, j])
            self.oof_proba_ = self._calibrated(oof)
        self.n_rows_ = X.shape[0]
        return self

    def _out_of_fold_decisions(self, X: Any, Y: NDArray[Any]) -> FloatArray:
        folds = np.arange(X.shape[0]) % self.calibrate_cv
        rng = np.random.default_rng(self.random_state)
        rng.shuffle(folds)
        oof = np.zeros(Y.shape, dtype=float)
        for k in range(self.calibrate_cv):
            test = folds == k
            coef, intercept, _heads = self._fit_heads(X[~test], Y[~test])
            oof[test] = X[test] @ coef.T + intercept
        return oof

    def update(self, X: Any, Y: Any, new_rows: Sequence[int] | None = None) -> LinearCodeModel:
        """Take in grown (X, Y) cheaply, keeping the calibration.

        From ``refit_below`` rows on, and given ``new_rows`` (indices of the rows added since
        the last fit), all heads take ``update_epochs`` mini-batch gradient steps of the
        logistic loss on the new rows plus a random replay of ``replay`` old ones, weighted so
        both classes count as in a balanced fit: a few milliseconds, where a refit costs up to
        seconds. A code seen for the first time gets a head of its own. Below ``refit_below``
        rows the heads are refitted (the full solver is fast there).
        """
        Y = np.asarray(Y)
        if not hasattr(self, "coef_") or Y.shape[1] != self.n_codes_:
            return self.fit(X, Y)
        n_rows = X.shape[0]
        if n_rows < self.refit_below or new_rows is None:
            self.coef_, self.intercept_, _heads = self._fit_heads(X, Y)
            self.n_rows_ = n_rows
            return self
        rng = np.random.default_rng(self.random_state + n_rows)
        new = np.asarray(list(new_rows), dtype=np.int64)
        old = np.setdiff1d(np.arange(n_rows), new)
        replay = rng.choice(old, size=min(self.replay, len(old)), replace=False)
        batch = np.concatenate([new, replay])
        Xb, Yb = X[batch], Y[batch].astype(float)
        positives = Y.sum(axis=0).astype(float)
        # new arrays, swapped in at the end: a reader in another thread never sees half a step
        coef, intercept = self.coef_.copy(), self.intercept_.copy()
        for j in np.flatnonzero((positives > 0) & (positives < n_rows)):
            if not coef[j].any():  # first example of a code: fit its head from scratch
                head = self._fit_head(X, Y[:, j], sgd=True)
                coef[j], intercept[j] = head.coef_[0], head.intercept_[0]
        constant = (positives == 0) | (positives == n_rows)
        coef[constant] = 0.0
        intercept[constant] = np.where(positives[constant] > 0, _CONSTANT_LOGIT, -_CONSTANT_LOGIT)
        pos_w = n_rows / (2.0 * np.maximum(positives, 1.0))
        neg_w = n_rows / (2.0 * np.maximum(n_rows - positives, 1.0))
        weights = np.where(Yb == 1, pos_w, neg_w)
        weights /= weights.mean()
        learnable = ~constant
        for _ in range(self.update_epochs):
            error = (expit(np.asarray(Xb @ coef.T) + intercept) - Yb) * weights
            error[:, constant] = 0.0
            grad = np.asarray(Xb.T @ error).T / len(batch)
            coef[learnable] -= self.update_rate * (grad[learnable] + self.alpha * coef[learnable])
            intercept[learnable] -= self.update_rate * error[:, learnable].mean(axis=0)
        self.coef_, self.intercept_ = coef, intercept
        self.n_rows_ = n_rows
        return self

    # -- prediction ----------------------------------------------------------------------
    def decision_function(self, X: Any) -> FloatArray:
        """Raw linear scores, one column per code."""
        out: FloatArray = np.asarray(X @ self.coef_.T) + self.intercept_
        return out

    def _calibrated(self, decisions: FloatArray) -> FloatArray:
        return expit(decisions * self.calibration_[:, 0] + self.calibration_[:, 1])

    def predict_proba(self, X: Any) -> FloatArray:
        """Calibrated probability that each code applies, shape (n_rows, n_codes)."""
        return self._calibrated(self.decision_function(X))

    def predict(self, X: Any, thresholds: FloatArray | float = 0.5) -> NDArray[np.bool_]:
        """The 0/1 indicator matrix of codes whose probability reaches the threshold."""
        result: NDArray[np.bool_] = self.predict_proba(X) >= thresholds
        return result
