"""Krippendorff's alpha from a coincidence matrix: the arithmetic that the point estimate
(``metrics``) and its bootstrap (``bootstrap``) share, so neither imports the other back.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from coder.errors import InputError

Level = Literal["nominal", "ordinal", "interval", "ratio"]
LEVELS: tuple[Level, ...] = ("nominal", "ordinal", "interval", "ratio")

FloatArray = NDArray[np.float64]
_EPS = 1e-12


def coincidences(n_mat: FloatArray, weights: FloatArray | None = None) -> FloatArray:
    """Krippendorff's coincidence matrix o_ck from the pairable units of N."""
    m = n_mat.sum(axis=1)
    pair = m >= 2
    np_, mp = n_mat[pair], m[pair]
    w = 1.0 if weights is None else np.asarray(weights, dtype=np.float64)[pair]
    scaled = np_ * (w / (mp - 1))[:, None]
    o = scaled.T @ np_
    o[np.diag_indices_from(o)] -= scaled.sum(axis=0)
    return o


def delta2(values: NDArray[Any], n_c: FloatArray, level: Level) -> FloatArray:
    """Squared difference function delta^2_ck for the metric `level` (Krippendorff 2011)."""
    k = len(values)
    if level == "nominal":
        return 1.0 - np.eye(k)
    v = np.asarray(values, dtype=np.float64)
    if level == "interval":
        return (v[:, None] - v[None, :]) ** 2
    if level == "ratio":
        s = v[:, None] + v[None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            d = ((v[:, None] - v[None, :]) / s) ** 2
        return np.where(s == 0, 0.0, d)
    if level == "ordinal":
        cum = np.concatenate([[0.0], np.cumsum(n_c)])
        lo = np.minimum.outer(np.arange(k), np.arange(k))
        hi = np.maximum.outer(np.arange(k), np.arange(k))
        between = cum[hi + 1] - cum[lo]  # sum of n_g for g from c to k inclusive
        return (between - (n_c[:, None] + n_c[None, :]) / 2) ** 2
    raise InputError("error.agreement.level", level=level, levels=", ".join(LEVELS))


def alpha_from_coincidences(o: FloatArray, values: NDArray[Any], level: Level) -> float | None:
    """alpha = 1 - (n-1) sum o_ck d_ck / sum n_c n_k d_ck; None when undefined."""
    n_c = o.sum(axis=1)
    n = float(n_c.sum())
    if n < 2:
        return None
    d = delta2(values, n_c, level)
    d_e = float(n_c @ d @ n_c)
    if d_e <= _EPS * max(1.0, n * n):
        return None
    return 1.0 - (n - 1) * float((o * d).sum()) / d_e
