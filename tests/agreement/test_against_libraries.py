"""Our coefficients agree with the well-kept libraries wherever those compute the same thing."""

from __future__ import annotations

import numpy as np
import pytest

from coder.agreement.metrics import (
    LEVELS,
    brennan_prediger,
    cohen_kappa,
    cohen_kappa_table,
    counts,
    encode,
    fleiss_kappa,
    krippendorff_alpha,
)
from coder.agreement.setvalued import set_alpha, sets_to_presence


def random_ratings(seed: int, units: int, coders: int, cats: int, missing: float) -> np.ndarray:
    """units x coders floats, NaN = missing; coders agree more often than chance."""
    rng = np.random.default_rng(seed)
    truth = rng.integers(1, cats + 1, units)
    noise = rng.integers(1, cats + 1, (units, coders))
    data = np.where(rng.random((units, coders)) < 0.7, truth[:, None], noise).astype(float)
    data[rng.random((units, coders)) < missing] = np.nan
    return data


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("level", LEVELS)
def test_alpha_matches_krippendorff_package(seed: int, level: str) -> None:
    import krippendorff

    data = random_ratings(seed, units=80, coders=4, cats=5, missing=0.25)
    ours = krippendorff_alpha(data, level).value  # type: ignore[arg-type]
    theirs = krippendorff.alpha(reliability_data=data.T, level_of_measurement=level)
    assert ours == pytest.approx(theirs, abs=1e-10)


@pytest.mark.parametrize("seed", [4, 5])
def test_cohen_kappa_matches_scikit_learn(seed: int) -> None:
    from sklearn.metrics import cohen_kappa_score

    data = random_ratings(seed, units=120, coders=2, cats=4, missing=0.0)
    idx, values = encode(data)
    ours = cohen_kappa(idx, len(values)).value
    assert ours == pytest.approx(cohen_kappa_score(data[:, 0], data[:, 1]), abs=1e-12)


def test_cohen_kappa_uses_only_units_both_coded() -> None:
    from sklearn.metrics import cohen_kappa_score

    data = random_ratings(6, units=120, coders=2, cats=3, missing=0.2)
    both = ~np.isnan(data).any(axis=1)
    idx, values = encode(data)
    ours = cohen_kappa(idx, len(values)).value
    assert ours == pytest.approx(cohen_kappa_score(data[both, 0], data[both, 1]), abs=1e-12)


def test_cohen_kappa_standard_error_matches_statsmodels() -> None:
    from statsmodels.stats.inter_rater import cohens_kappa

    table = np.array([[40, 4, 4, 17], [6, 25, 2, 13], [4, 1, 21, 12], [15, 5, 9, 45]])
    ours = cohen_kappa_table(table)
    theirs = cohens_kappa(table)
    assert ours.value == pytest.approx(theirs.kappa, abs=1e-12)
    assert ours.se == pytest.approx(theirs.std_kappa, abs=1e-12)


@pytest.mark.parametrize("seed", [7, 8])
def test_fleiss_and_brennan_prediger_match_statsmodels(seed: int) -> None:
    from statsmodels.stats.inter_rater import aggregate_raters
    from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss

    data = random_ratings(seed, units=60, coders=5, cats=4, missing=0.0)
    table, _cats = aggregate_raters(data)
    idx, values = encode(data)
    n_mat = counts(idx, len(values))
    assert fleiss_kappa(n_mat).value == pytest.approx(sm_fleiss(table), abs=1e-12)
    # Randolph's free-marginal kappa is Brennan-Prediger with q = categories used
    assert brennan_prediger(n_mat).value == pytest.approx(
        sm_fleiss(table, method="randolph"), abs=1e-12
    )


def _random_sets(seed: int) -> list[list[frozenset[str] | None]]:
    rng = np.random.default_rng(seed)
    codes = list("abcdef")
    table: list[list[frozenset[str] | None]] = []
    for _ in range(70):
        base = set(rng.choice(codes, size=int(rng.integers(0, 4)), replace=False))
        row: list[frozenset[str] | None] = []
        for _c in range(3):
            if rng.random() < 0.15:
                row.append(None)
                continue
            s = set(base)
            if rng.random() < 0.35:
                s ^= {str(rng.choice(codes))}
            row.append(frozenset(s))
        table.append(row)
    return table


@pytest.mark.parametrize("distance", ["masi", "jaccard"])
def test_set_valued_alpha_matches_nltk(distance: str) -> None:
    from nltk.metrics.agreement import AnnotationTask
    from nltk.metrics.distance import jaccard_distance, masi_distance

    table = _random_sets(9)
    fn = masi_distance if distance == "masi" else jaccard_distance

    def dist(a: frozenset[str], b: frozenset[str]) -> float:
        return 0.0 if not a and not b else float(fn(a, b))  # NLTK divides by |A u B|

    triples = [
        (str(c), str(u), s)
        for u, row in enumerate(table)
        for c, s in enumerate(row)
        if s is not None
    ]
    theirs = AnnotationTask(data=triples, distance=dist).alpha()
    presence, coded, _codes = sets_to_presence(table)
    ours = set_alpha(presence, coded, distance).value  # type: ignore[arg-type]
    assert ours == pytest.approx(theirs, abs=1e-12)


def test_masi_alpha_equals_nominal_alpha_when_every_set_has_one_code() -> None:
    """With single-code sets MASI is 0/1, so set alpha is plain nominal alpha."""
    data = random_ratings(10, units=50, coders=3, cats=4, missing=0.2)
    table = [[None if np.isnan(x) else frozenset({int(x)}) for x in row] for row in data]
    presence, coded, _ = sets_to_presence(table)
    assert set_alpha(presence, coded, "masi").value == pytest.approx(
        krippendorff_alpha(data).value, abs=1e-12
    )


@pytest.mark.parametrize("distance", ["masi", "jaccard"])
def test_subset_route_to_expected_disagreement_is_exact(distance: str) -> None:
    """Many distinct sets take the subset route; it must equal the all-pairs sum."""
    from coder.agreement.setvalued import _dense_sum, _subset_sum

    rng = np.random.default_rng(11)
    sets = np.unique(rng.random((2500, 14)) < 0.2, axis=0)
    weights = rng.integers(1, 40, len(sets))
    dense = _dense_sum(sets, weights.astype(float), distance)  # type: ignore[arg-type]
    assert _subset_sum(sets, weights, distance) == pytest.approx(dense, rel=1e-12)  # type: ignore[arg-type]
