"""Bootstrap confidence intervals for Krippendorff's alpha.

Alpha has no simple closed-form standard error for any number of coders with missing data, so
its interval comes from resampling units (the pairable ones) with replacement, as in Zapf et
al. (2016) and Hayes & Krippendorff (2007, who resample pairable values instead). Units that
share the same row of the count matrix contribute the same coincidences, so the data are
collapsed to distinct row patterns and each replicate is a multinomial draw of pattern counts:
for presence/absence codes there are only a handful of patterns, which makes 1,000 replicates
on 100,000 answers cost milliseconds.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from coder.agreement.alpha import alpha_from_coincidences, delta2
from coder.agreement.estimate import ALPHA_RELIABLE, ALPHA_TENTATIVE, Estimate

_MATRIX_BUDGET = 4_000_000  # floats in the patterns x values^2 table before looping instead
_CHUNK = 100  # fewest replicates per vectorised batch


def _replicate_alphas(
    weights: NDArray[np.float64],
    patterns: NDArray[np.float64],
    values: NDArray[Any],
    level: str,
) -> NDArray[np.float64]:
    """Alpha for each row of `weights` (how often each unit pattern is drawn)."""
    v = patterns.shape[1]
    mp = patterns.sum(axis=1)
    scaled = patterns / (mp - 1)[:, None]
    out = np.full(weights.shape[0], np.nan)
    if patterns.shape[0] * v * v <= _MATRIX_BUDGET:
        contrib = scaled[:, :, None] * patterns[:, None, :]
        contrib[:, np.arange(v), np.arange(v)] -= scaled
        o_all = (weights @ contrib.reshape(len(patterns), v * v)).reshape(-1, v, v)
    else:
        o_all = None
    if level != "ordinal" and o_all is not None:
        n_c = o_all.sum(axis=2)
        n = n_c.sum(axis=1)
        d = delta2(values, n_c[0], level)  # type: ignore[arg-type]  # fixed for nominal, interval and ratio
        d_o = (o_all * d).sum(axis=(1, 2))
        d_e = np.einsum("bi,ij,bj->b", n_c, d, n_c)
        ok = d_e > 1e-12 * np.maximum(1.0, n * n)
        out[ok] = 1.0 - (n[ok] - 1) * d_o[ok] / d_e[ok]
        return out
    for i, w in enumerate(weights):
        if o_all is not None:
            o = o_all[i]
        else:
            o = (scaled * w[:, None]).T @ patterns
            o[np.diag_indices_from(o)] -= (scaled * w[:, None]).sum(axis=0)
        a = alpha_from_coincidences(o, values, level)  # type: ignore[arg-type]
        if a is not None:
            out[i] = a
    return out


def _patterns(rows: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Distinct rows of a count matrix and how often each occurs (fast path: integer keys)."""
    base = int(rows.max()) + 1 if rows.size else 1
    if rows.shape[1] * np.log2(base) < 62:
        weights = base ** np.arange(rows.shape[1], dtype=np.int64)
        keys = rows.astype(np.int64) @ weights
        uniq, first, freq = np.unique(keys, return_index=True, return_counts=True)
        return rows[first], freq
    patterns, freq = np.unique(rows, axis=0, return_counts=True)
    return patterns, freq


def bootstrap_alpha(
    n_mat: NDArray[np.float64],
    values: NDArray[Any],
    level: str,
    value: float,
    n_boot: int,
    seed: int,
    ci_level: float,
    extra: dict[str, Any],
    weights: NDArray[np.float64] | None = None,
) -> Estimate:
    """Percentile interval, bootstrap SE and the chance that alpha falls below .667 / .800.

    With `weights`, the rows of `n_mat` are already distinct patterns and weights their counts.
    """
    m = n_mat.sum(axis=1)
    pair = (m >= 2) & (weights > 0 if weights is not None else True)
    if weights is None:
        patterns, freq = _patterns(n_mat[pair])
    else:
        patterns, freq = n_mat[pair], np.rint(weights[pair]).astype(np.int64)
    n_units = int(freq.sum())
    rng = np.random.default_rng(seed)
    probs = freq / n_units
    alphas = []
    v = patterns.shape[1]
    chunk = max(_CHUNK, min(n_boot, _MATRIX_BUDGET // max(1, len(patterns) * v * v)))
    for start in range(0, n_boot, chunk):
        size = min(chunk, n_boot - start)
        weights = rng.multinomial(n_units, probs, size=size).astype(np.float64)
        alphas.append(_replicate_alphas(weights, patterns, values, level))
    return summarise_draws(value, np.concatenate(alphas), ci_level, extra)


def summarise_draws(
    value: float, draws: NDArray[np.float64], ci_level: float, extra: dict[str, Any]
) -> Estimate:
    """Percentile interval, SE and P(alpha < .667 / .800) from bootstrap replicates (NaN = undefined)."""
    n_boot = len(draws)
    good = draws[np.isfinite(draws)]
    extra = dict(extra, bootstrap_replicates=n_boot)
    if good.size < max(10, n_boot // 2):
        note = (
            f"bootstrap interval not given: alpha was undefined in "
            f"{n_boot - good.size} of {n_boot} resamples"
        )
        return Estimate(value, note=note, extra=extra)
    tail = (1 - ci_level) / 2
    lo, hi = np.quantile(good, [tail, 1 - tail])
    extra["p_below_0.667"] = float((good < ALPHA_TENTATIVE).mean())
    extra["p_below_0.800"] = float((good < ALPHA_RELIABLE).mean())
    if good.size < n_boot:
        extra["bootstrap_undefined"] = int(n_boot - good.size)
    se = float(good.std(ddof=1)) if good.size > 1 else None
    return Estimate(value, se, float(lo), min(1.0, float(hi)), "bootstrap", extra=extra)
