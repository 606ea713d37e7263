"""Agreement coefficients on reliability data, vectorised with numpy.

Reliability data is a units x coders table; a missing cell means that coder did not code that
unit. Everything here works on the *count matrix* N (units x categories: how many coders put
unit u in category c), which is what the chance-corrected coefficients need, and which makes
per-code presence/absence (two categories) cheap for 100,000 answers.

Missing data follow the literature: a unit coded by one coder only is not pairable. It does
not count towards observed agreement (percent agreement, Fleiss, AC1, Brennan-Prediger,
alpha); Gwet's category shares (pi_k) and the sample size n of his variance formulas do
include every unit with at least one rating, as in his irrCAC package.

Sources: Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability"; Fleiss (1971);
Cohen (1960) with the large-sample variance of Fleiss, Cohen & Everitt (1969); Gwet (2008,
2014) and the irrCAC R package for AC1, Brennan-Prediger and the linearised standard errors.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from coder.agreement.alpha import LEVELS, Level, alpha_from_coincidences, coincidences
from coder.agreement.bootstrap import bootstrap_alpha
from coder.agreement.estimate import Estimate, finite, t_interval, undefined
from coder.errors import InputError

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

NO_PAIRS = "undefined: no unit was coded by two or more coders, so nothing can be compared"
NO_VARIATION = (
    "undefined: every coder gave every unit the same value, so chance agreement is 1 "
    "and the coefficient is 0/0 (see Gwet's AC1, which stays defined)"
)
_EPS = 1e-12


# --------------------------------------------------------------------------- input
def _is_missing(x: Any) -> bool:
    if x is None:
        return True
    if isinstance(x, float) and math.isnan(x):
        return True
    return isinstance(x, str) and x.strip() == ""


def encode(
    data: Sequence[Sequence[Any]] | NDArray[Any], *, numeric: bool = False
) -> tuple[IntArray, NDArray[Any]]:
    """Turn a units x coders table into category indices (-1 = missing) and sorted values.

    With `numeric`, every value must be a number (ordinal, interval and ratio data).
    """
    arr = np.asarray(data, dtype=object)
    if arr.ndim != 2:
        raise InputError("error.agreement.shape", shape=arr.shape)
    flat = arr.ravel()
    present = np.array([not _is_missing(x) for x in flat], dtype=bool)
    raw = flat[present]
    if numeric:
        nums = []
        for pos, x in zip(np.flatnonzero(present), raw, strict=True):
            try:
                nums.append(float(x))
            except (TypeError, ValueError):
                unit, coder = divmod(int(pos), arr.shape[1])
                raise InputError(
                    "error.agreement.not_a_number", value=x, unit=unit + 1, coder=coder + 1
                ) from None
        vals = np.asarray(nums, dtype=np.float64)
    else:
        vals = np.asarray([_canonical(x) for x in raw], dtype=object)
    values, inverse = np.unique(vals, return_inverse=True) if vals.size else (vals, vals)
    idx = np.full(flat.shape, -1, dtype=np.int64)
    idx[present] = np.asarray(inverse, dtype=np.int64)
    return idx.reshape(arr.shape), values


def _canonical(x: Any) -> Any:
    """Nominal values compare as text, but 1 and 1.0 (and '1') are the same category."""
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    return str(x).strip()


def counts(idx: IntArray, n_values: int) -> FloatArray:
    """Count matrix N (units x values) from category indices (units x coders, -1 missing)."""
    units = idx.shape[0]
    unit_of = np.repeat(np.arange(units, dtype=np.int64), idx.shape[1])
    flat = idx.ravel()
    ok = flat >= 0
    n = np.bincount(unit_of[ok] * n_values + flat[ok], minlength=units * n_values)
    return n.reshape(units, n_values).astype(np.float64)


# ------------------------------------------------------------- Gwet-style (irrCAC)
class _Parts:
    """The pieces shared by percent agreement, Fleiss' kappa, AC1 and Brennan-Prediger.

    `weights` (optional) says how many units each row of N stands for, so that data
    compressed to distinct rows (see `compress`) give exactly the same figures.
    """

    def __init__(self, n_mat: FloatArray, weights: FloatArray | None = None) -> None:
        ri = n_mat.sum(axis=1)
        w = np.ones(len(n_mat)) if weights is None else np.asarray(weights, dtype=np.float64)
        keep = (ri >= 1) & (w > 0)  # units nobody coded carry no information (irrCAC drops them)
        self.N, self.ri, self.w = n_mat[keep], ri[keep], w[keep]
        self.n = float(self.w.sum())
        self.two = self.ri >= 2
        self.n2 = float(self.w[self.two].sum())
        sum_q = (self.N * (self.N - 1)).sum(axis=1)
        den = self.ri * (self.ri - 1)
        den[den == 0] = -1.0  # sum_q is 0 there: the unit adds nothing to agreement
        self.pa_ivec = sum_q / den
        self.pa = float((self.w * self.pa_ivec)[self.two].sum() / self.n2) if self.n2 else math.nan
        ri_safe = np.where(self.ri > 0, self.ri, 1.0)
        shares = self.N / ri_safe[:, None]
        self.pi = (self.w @ shares) / self.n if self.n else self.N.sum(axis=0)

    def categories(self, q: int | None) -> int:
        """The number of possible categories: as given, else the ones observed."""
        return q if q is not None else int((self.N.sum(axis=0) > 0).sum())

    def finish(
        self, coef: float, ivec: FloatArray, level: float, extra: dict[str, Any]
    ) -> Estimate:
        """Gwet's linearised variance: sum((c_i - c)^2) / (n (n-1)), t interval on n-1 df."""
        value = finite(coef)
        if value is None:
            return undefined(NO_VARIATION)
        if self.n < 2:
            return Estimate(value, note="one unit only: no standard error", extra=extra)
        se = math.sqrt(float(self.w @ (ivec - coef) ** 2) / (self.n * (self.n - 1)))
        lo, hi = t_interval(value, se, int(round(self.n)), level)
        return Estimate(value, se, lo, hi, "gwet", extra=extra)


def compress(n_mat: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Distinct rows of N and how many units share each (every coefficient here is a sum over
    units of a function of the unit's row, so the figures are unchanged)."""
    patterns, freq = np.unique(n_mat, axis=0, return_counts=True)
    return patterns, freq.astype(np.float64)


def percent_agreement(
    n_mat: FloatArray, level: float = 0.95, weights: FloatArray | None = None
) -> Estimate:
    """Share of agreeing coder pairs within units coded by >= 2 coders (pairwise agreement)."""
    p = _Parts(n_mat, weights)
    if p.n2 == 0:
        return undefined(NO_PAIRS)
    ivec = p.pa_ivec * (p.n / p.n2)
    found = p.finish(p.pa, ivec, level, {"n_units": int(p.n2)})
    if found.ci_low is not None and found.ci_high is not None:
        # a share's interval stays within [0, 1]; the t interval alone can leave it on few units
        found = replace(found, ci_low=max(0.0, found.ci_low), ci_high=min(1.0, found.ci_high))
    return found


def _chance_corrected(p: _Parts, pe: float, pe_ivec: FloatArray | None, level: float) -> Estimate:
    if p.n2 == 0:
        return undefined(NO_PAIRS)
    extra = {"pa": p.pa, "pe": pe, "n_units": int(p.n2)}
    if 1 - pe < _EPS:
        return Estimate(None, note=NO_VARIATION, extra=extra)
    coef = (p.pa - pe) / (1 - pe)
    ivec = (p.n / p.n2) * (p.pa_ivec - pe * p.two) / (1 - pe)
    if pe_ivec is not None:
        ivec = ivec - 2 * (1 - coef) * (pe_ivec - pe) / (1 - pe)
    return p.finish(coef, ivec, level, extra)


def fleiss_kappa(
    n_mat: FloatArray, level: float = 0.95, weights: FloatArray | None = None
) -> Estimate:
    """Fleiss' (1971) kappa, generalised to missing ratings as in Gwet (2014) / irrCAC."""
    p = _Parts(n_mat, weights)
    pe = float((p.pi**2).sum())
    pe_ivec = (p.N @ p.pi) / p.ri
    return _chance_corrected(p, pe, pe_ivec, level)


def gwet_ac1(
    n_mat: FloatArray,
    q: int | None = None,
    level: float = 0.95,
    weights: FloatArray | None = None,
) -> Estimate:
    """Gwet's (2008) AC1; q is the number of possible categories (default: those observed)."""
    p = _Parts(n_mat, weights)
    q = p.categories(q)
    if q < 2:
        # one category only: chance agreement is taken as 0, so AC1 equals percent agreement
        pe, pe_ivec = 0.0, np.zeros(len(p.N))
    else:
        # categories nobody used have pi_k = 0 and add nothing to the sum
        pe = float((p.pi * (1 - p.pi)).sum() / (q - 1))
        pe_ivec = (p.N @ (1 - p.pi)) / p.ri / (q - 1)
    return _chance_corrected(p, pe, pe_ivec, level)


def brennan_prediger(
    n_mat: FloatArray,
    q: int | None = None,
    level: float = 0.95,
    weights: FloatArray | None = None,
) -> Estimate:
    """Brennan & Prediger's (1981) coefficient: chance agreement 1/q for q categories."""
    p = _Parts(n_mat, weights)
    q = p.categories(q)
    pe = 1.0 / q if q >= 2 else 0.0
    return _chance_corrected(p, pe, None, level)


# --------------------------------------------------------------------- Cohen's kappa
def cohen_kappa_table(
    table: FloatArray | Sequence[Sequence[float]], level: float = 0.95
) -> Estimate:
    """Cohen's (1960) kappa from a square contingency table (rows coder A, columns coder B).

    Standard error: the large-sample variance of Fleiss, Cohen & Everitt (1969), as in
    Gwet's kappa2.table.
    """
    t = np.asarray(table, dtype=np.float64)
    if t.ndim != 2 or t.shape[0] != t.shape[1]:
        raise InputError("error.agreement.square", shape=t.shape)
    n = float(t.sum())
    if n == 0:
        return undefined(NO_PAIRS)
    p = t / n
    rows, cols = p.sum(axis=1), p.sum(axis=0)
    pa = float(np.trace(p))
    pe = float(rows @ cols)
    extra = {"pa": pa, "pe": pe, "n_units": int(n)}
    if 1 - pe < _EPS:
        return Estimate(None, note=NO_VARIATION, extra=extra)
    kappa = (pa - pe) / (1 - pe)
    if n < 2:
        return Estimate(kappa, note="one unit only: no standard error", extra=extra)
    term = np.eye(len(p)) - (1 - kappa) * (cols[:, None] + rows[None, :])
    sum1 = float((p * term**2).sum())
    var = (sum1 - (pa - 2 * (1 - kappa) * pe) ** 2) / (n * (1 - pe) ** 2)
    se = math.sqrt(max(var, 0.0))
    lo, hi = t_interval(kappa, se, int(n), level)
    return Estimate(kappa, se, lo, hi, "gwet", extra=extra)


def cohen_kappa(idx: IntArray, n_values: int, level: float = 0.95) -> Estimate:
    """Cohen's kappa for two coders over the units both coded (category indices, -1 missing)."""
    if idx.shape[1] != 2:
        raise InputError("error.agreement.kappa_two", n=idx.shape[1])
    both = (idx >= 0).all(axis=1)
    a, b = idx[both, 0], idx[both, 1]
    table = np.bincount(a * n_values + b, minlength=n_values * n_values).reshape(n_values, n_values)
    return cohen_kappa_table(table.astype(np.float64), level)


# ------------------------------------------------------------- Krippendorff's alpha
def krippendorff_alpha_counts(
    n_mat: FloatArray,
    values: NDArray[Any],
    level: Level = "nominal",
    *,
    n_boot: int = 0,
    seed: int = 0,
    ci_level: float = 0.95,
    weights: FloatArray | None = None,
) -> Estimate:
    """Krippendorff's alpha from a count matrix, with an optional bootstrap interval."""
    m = n_mat.sum(axis=1)
    w = np.ones(len(n_mat)) if weights is None else np.asarray(weights, dtype=np.float64)
    pair = m >= 2
    n_pairable_units = int(round(float(w[pair].sum())))
    if n_pairable_units == 0:
        return undefined(NO_PAIRS)
    o = coincidences(n_mat, weights)
    value = alpha_from_coincidences(o, values, level)
    extra: dict[str, Any] = {
        "n_units": n_pairable_units,
        "n_values": int(round(float(w[pair] @ m[pair]))),
    }
    if value is None:
        return Estimate(None, note=NO_VARIATION, extra=extra)
    if n_boot <= 0:
        return Estimate(value, extra=extra)
    return bootstrap_alpha(n_mat, values, level, value, n_boot, seed, ci_level, extra, weights)


def krippendorff_alpha(
    data: Sequence[Sequence[Any]] | NDArray[Any],
    level: Level = "nominal",
    *,
    n_boot: int = 0,
    seed: int = 0,
) -> Estimate:
    """Krippendorff's alpha for a units x coders table (None/NaN/'' = missing)."""
    if level not in LEVELS:
        raise InputError("error.agreement.level", level=level, levels=", ".join(LEVELS))
    idx, values = encode(data, numeric=level != "nominal")
    return krippendorff_alpha_counts(
        counts(idx, len(values)), values, level, n_boot=n_boot, seed=seed
    )


def nominal_summary(
    data: Sequence[Sequence[Any]] | NDArray[Any],
    level: Level = "nominal",
    *,
    n_boot: int = 0,
    seed: int = 0,
) -> dict[str, Estimate]:
    """Every coefficient that applies to a units x coders table, keyed by its JSON name."""
    idx, values = encode(data, numeric=level != "nominal")
    n_mat = counts(idx, len(values))
    out: dict[str, Estimate] = {
        "krippendorff_alpha": krippendorff_alpha_counts(
            n_mat, values, level, n_boot=n_boot, seed=seed
        ),
        "percent_agreement": percent_agreement(n_mat),
    }
    if level == "nominal":
        out["fleiss_kappa"] = fleiss_kappa(n_mat)
        out["gwet_ac1"] = gwet_ac1(n_mat)
        out["brennan_prediger"] = brennan_prediger(n_mat)
        if idx.shape[1] == 2:
            out["cohen_kappa"] = cohen_kappa(idx, len(values))
    return out
