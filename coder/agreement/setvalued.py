"""Krippendorff's alpha for set-valued (multi-label) codings, with MASI or Jaccard distance.

An answer coded with several codes gets a *set* from each coder. Alpha generalises to such
values by replacing delta^2 with a distance between sets (Krippendorff 2004; Passonneau 2006):

- Jaccard distance: 1 - |A & B| / |A | B|
- MASI (Passonneau 2006): 1 - J * M, where J is the Jaccard index and M is 1 when A = B,
  2/3 when one set contains the other, 1/3 when they overlap otherwise, 0 when disjoint.

Two empty sets are identical (distance 0): "coded, no code applies" agrees with itself.

Sets are held as a boolean membership matrix (units x coders x codes), so distances are
vectorised; the expected disagreement needs distances between all distinct sets that occur,
which are computed block by block.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from coder.agreement.bootstrap import summarise_draws
from coder.agreement.estimate import Estimate, undefined
from coder.agreement.metrics import NO_PAIRS, NO_VARIATION

Distance = Literal["masi", "jaccard"]
BoolArray = NDArray[np.bool_]
_BLOCK = 1024
_BOOT_MAX_VALUES = 1500  # beyond this many distinct sets the bootstrap would be too slow
MAX_VALUES = 5_000  # pairwise distances between more distinct sets than this are not computed
_MAX_SUBSETS = 4_000_000  # the subset route (below) when the sets' subsets number fewer


def _distance(
    inter: NDArray[np.float64],
    size_a: NDArray[np.float64],
    size_b: NDArray[np.float64],
    distance: Distance,
) -> NDArray[np.float64]:
    """Jaccard or MASI distance from intersection sizes and set sizes (broadcasting)."""
    union = size_a + size_b - inter
    with np.errstate(divide="ignore", invalid="ignore"):
        jac = np.where(union > 0, inter / union, 1.0)  # two empty sets are identical
    if distance == "jaccard":
        return np.asarray(1.0 - jac, dtype=np.float64)
    equal = (inter == size_a) & (inter == size_b)
    subset = (inter == size_a) | (inter == size_b)
    mono = np.where(equal, 1.0, np.where(subset, 2 / 3, np.where(inter > 0, 1 / 3, 0.0)))
    return np.asarray(1.0 - jac * mono, dtype=np.float64)


def set_distance_matrix(a: BoolArray, b: BoolArray, distance: Distance) -> NDArray[np.float64]:
    """Distances between every row-set of `a` and every row-set of `b` (rows: codes as bools)."""
    af, bf = a.astype(np.float64), b.astype(np.float64)
    return _distance(af @ bf.T, af.sum(axis=1)[:, None], bf.sum(axis=1)[None, :], distance)


def _pair_distance(a: BoolArray, b: BoolArray, distance: Distance) -> NDArray[np.float64]:
    """Row-wise distance between a[i] and b[i]."""
    inter = (a & b).sum(axis=1).astype(np.float64)
    return _distance(
        inter, a.sum(axis=1).astype(np.float64), b.sum(axis=1).astype(np.float64), distance
    )


def _dense_sum(sets: BoolArray, n_c: NDArray[np.float64], distance: Distance) -> float:
    """sum_vw n_v n_w d(v, w) from all pairwise distances, block by block."""
    total = 0.0
    for start in range(0, len(sets), _BLOCK):
        block = set_distance_matrix(sets[start : start + _BLOCK], sets, distance)
        total += float(n_c[start : start + _BLOCK] @ block @ n_c)
    return total


def _subset_sum(sets: BoolArray, counts: NDArray[np.int64], distance: Distance) -> float:
    """sum_vw n_v n_w d(v, w), exactly, without visiting every pair of sets.

    MASI and Jaccard depend only on |A|, |B| and |A & B| (A is inside B iff |A & B| = |A|).
    So the sum is sum over (a, b, i) of d(a, b, i) W(a, b, i), with W the weight of pairs
    of sizes a, b meeting in i codes. Since t^|A & B| = sum over S in A & B of (t-1)^|S|,
    W(., ., i) = sum_s C(s, i) (-1)^(s-i) F_s with F_s = sum over |S| = s of f(S) f(S)^T and
    f_a(S) the weight of the size-a sets that contain S: a sum over the subsets of each set,
    which is small when sets hold a few codes each (as codings do).
    """
    from math import comb

    sizes = sets.sum(axis=1)
    top = int(sizes.max()) if len(sizes) else 0
    keys: list[int] = []
    rows: list[int] = []
    weights: list[int] = []
    orders: list[int] = []
    for members, size, n_v in zip((np.flatnonzero(r) for r in sets), sizes, counts, strict=True):
        bits = [1 << int(c) for c in members]
        for mask in range(1 << int(size)):
            key = 0
            order = 0
            for j, bit in enumerate(bits):
                if mask >> j & 1:
                    key |= bit
                    order += 1
            keys.append(key)
            rows.append(int(size))
            weights.append(int(n_v))
            orders.append(order)
    key_array = np.asarray(keys, dtype=np.int64 if sets.shape[1] <= 62 else object)
    uniq, inv = np.unique(key_array, return_inverse=True)
    f = np.zeros((len(uniq), top + 1), dtype=np.int64)  # f[S, a]
    np.add.at(f, (inv.ravel(), np.asarray(rows)), np.asarray(weights, dtype=np.int64))
    order_of = np.zeros(len(uniq), dtype=np.int64)
    order_of[inv.ravel()] = np.asarray(orders)
    big_f = [f[order_of == s].T @ f[order_of == s] for s in range(top + 1)]  # F_s[a, b]
    total = 0.0
    a_idx, b_idx = np.meshgrid(np.arange(top + 1), np.arange(top + 1), indexing="ij")
    for i in range(top + 1):
        w = sum(comb(s, i) * (-1) ** (s - i) * big_f[s].astype(object) for s in range(i, top + 1))
        w = np.asarray(w, dtype=np.float64)
        d = _distance(
            np.full(w.shape, float(i)), a_idx.astype(np.float64), b_idx.astype(np.float64), distance
        )
        valid = (i <= a_idx) & (i <= b_idx)
        total += float((w * d)[valid].sum())
    return total


def expected_disagreement_sum(
    sets: BoolArray, n_c: NDArray[np.float64], distance: Distance
) -> float | None:
    """sum_vw n_v n_w d(v, w) over the distinct sets (None when too costly to compute)."""
    sizes = sets.sum(axis=1)
    if len(sets) <= 2 * _BLOCK:
        return _dense_sum(sets, n_c, distance)
    if int((2 ** sizes.astype(np.float64)).sum()) <= _MAX_SUBSETS:
        return _subset_sum(sets, np.rint(n_c).astype(np.int64), distance)
    if len(sets) <= MAX_VALUES:
        return _dense_sum(sets, n_c, distance)
    return None


def set_alpha(
    presence: BoolArray,
    coded: BoolArray,
    distance: Distance = "masi",
    *,
    n_boot: int = 0,
    seed: int = 0,
    ci_level: float = 0.95,
) -> Estimate:
    """Alpha over sets. presence: units x coders x codes; coded: units x coders (False = missing)."""
    m = coded.sum(axis=1)
    pair = m >= 2
    if not pair.any():
        return undefined(NO_PAIRS)
    pres, cod, mp = presence[pair], coded[pair], m[pair].astype(np.float64)
    units, coders, n_codes = pres.shape
    # observed disagreement per unit: sum over ordered coder pairs, divided by m_u - 1
    d_unit = np.zeros(units)
    for i in range(coders):
        for j in range(i + 1, coders):
            both = cod[:, i] & cod[:, j]
            d_unit[both] += 2 * _pair_distance(pres[both, i], pres[both, j], distance)
    d_unit /= mp - 1
    # distinct sets among pairable values, and how often each occurs in each unit
    flat = pres[cod]  # values x codes
    unit_of = np.nonzero(cod)[0]
    if n_codes <= 62:  # fast path: each set as one integer
        keys = flat.astype(np.int64) @ (np.int64(1) << np.arange(n_codes, dtype=np.int64))
        uniq_keys, value_of = np.unique(keys, return_inverse=True)
        sets = (uniq_keys[:, None] >> np.arange(n_codes, dtype=np.int64)[None, :]) & 1 > 0
    else:
        packed = np.packbits(flat, axis=1)
        uniq, value_of = np.unique(packed, axis=0, return_inverse=True)
        sets = np.unpackbits(uniq, axis=1, count=n_codes).astype(bool)
    value_of = value_of.ravel()
    n_c = np.bincount(value_of, minlength=len(sets)).astype(np.float64)
    n = float(n_c.sum())
    extra: dict[str, Any] = {"n_units": int(units), "n_values": int(n), "distinct_sets": len(sets)}
    d_e = expected_disagreement_sum(sets, n_c, distance)
    if d_e is None:
        note = (
            f"not computed: {len(sets):,} distinct code sets, some large; their pairwise "
            "distances would take too long. The per-code figures are unaffected."
        )
        return Estimate(None, note=note, extra=extra)
    d_e_sum = d_e
    if d_e_sum <= 1e-12:
        return Estimate(None, note=NO_VARIATION, extra=extra)
    value = 1.0 - (n - 1) * float(d_unit.sum()) / d_e_sum
    if n_boot <= 0:
        return Estimate(value, extra=extra)
    if len(sets) > _BOOT_MAX_VALUES:
        note = f"no bootstrap interval: {len(sets)} distinct code sets is too many to resample"
        return Estimate(value, note=note, extra=extra)
    return _bootstrap(
        d_unit, unit_of, value_of, sets, distance, value, n_boot, seed, ci_level, extra
    )


def _bootstrap(
    d_unit: NDArray[np.float64],
    unit_of: NDArray[np.intp],
    value_of: NDArray[np.intp],
    sets: BoolArray,
    distance: Distance,
    value: float,
    n_boot: int,
    seed: int,
    ci_level: float,
    extra: dict[str, Any],
) -> Estimate:
    """Resample units; recompute observed and expected disagreement per replicate."""
    units = len(d_unit)
    delta = set_distance_matrix(sets, sets, distance)
    rng = np.random.default_rng(seed)
    draws = np.full(n_boot, np.nan)
    for b in range(n_boot):
        w = np.bincount(rng.integers(0, units, units), minlength=units).astype(np.float64)
        n_c = np.bincount(value_of, weights=w[unit_of], minlength=len(sets))
        n = float(n_c.sum())
        d_e = float(n_c @ delta @ n_c)
        if d_e > 1e-12:
            draws[b] = 1 - (n - 1) * float(w @ d_unit) / d_e
    return summarise_draws(value, draws, ci_level, extra)


def sets_to_presence(
    table: Sequence[Sequence[frozenset[Hashable] | set[Hashable] | None]],
) -> tuple[BoolArray, BoolArray, list[Hashable]]:
    """units x coders table of sets (None = not coded) -> presence, coded, code list."""
    codes = sorted({c for row in table for s in row if s is not None for c in s}, key=str)
    pos = {c: i for i, c in enumerate(codes)}
    units, coders = len(table), max((len(r) for r in table), default=0)
    presence = np.zeros((units, coders, len(codes)), dtype=bool)
    coded = np.zeros((units, coders), dtype=bool)
    for u, row in enumerate(table):
        for c, s in enumerate(row):
            if s is None:
                continue
            coded[u, c] = True
            for code in s:
                presence[u, c, pos[code]] = True
    return presence, coded, codes
