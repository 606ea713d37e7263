"""Published worked examples, reproduced to the precision their sources print.

Each test names its source. Values are compared after rounding to the printed digits.
"""

from __future__ import annotations

import numpy as np
import pytest

from coder.agreement.metrics import (
    brennan_prediger,
    cohen_kappa_table,
    counts,
    encode,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    nominal_summary,
    percent_agreement,
)

# Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability", section C: four observers,
# twelve units, missing values (None). The same data are Gwet's `cac.raw4raters` (irrCAC) /
# Gwet (2014) Handbook of Inter-Rater Reliability, 4th ed., p. 120. Rows are units.
KRIPPENDORFF_C = [
    [1, 1, None, 1],
    [2, 2, 3, 2],
    [3, 3, 3, 3],
    [3, 3, 3, 3],
    [2, 2, 2, 2],
    [1, 2, 3, 4],
    [4, 4, 4, 4],
    [1, 1, 2, 1],
    [2, 2, 2, 2],
    [None, 5, 5, 5],
    [None, None, 1, 1],
    [None, None, 3, None],
]


def table_to_pairs(table: list[list[int]]) -> list[list[int]]:
    """Expand a two-coder contingency table into one row per unit."""
    rows: list[list[int]] = []
    for i, row in enumerate(table):
        for j, count in enumerate(row):
            rows += [[i, j]] * count
    return rows


def r3(x: float | None) -> float:
    assert x is not None
    return round(x, 3)


@pytest.mark.parametrize(
    ("level", "expected"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_krippendorff_2011_four_coders_missing_values_all_levels(
    level: str, expected: float
) -> None:
    """Krippendorff (2011), section C: alpha = .743 / .815 / .849 / .797."""
    assert r3(krippendorff_alpha(KRIPPENDORFF_C, level).value) == expected  # type: ignore[arg-type]


def test_krippendorff_2011_unit_coded_once_is_not_pairable() -> None:
    """Krippendorff (2011), section C: unit 12 has one value; n = 40 pairable values."""
    est = krippendorff_alpha(KRIPPENDORFF_C, "nominal")
    assert est.extra["n_values"] == 40
    assert est.extra["n_units"] == 11


def test_krippendorff_2011_binary_two_observers() -> None:
    """Krippendorff (2011), section A: binary data, two observers, ten units, alpha = .095."""
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    assert r3(krippendorff_alpha(list(zip(a, b, strict=True))).value) == 0.095


def test_krippendorff_2011_nominal_two_observers() -> None:
    """Krippendorff (2011), section B: nominal data, two observers, twelve units, alpha = .692."""
    ben = ["a", "a", "b", "b", "d", "c", "c", "c", "e", "d", "d", "a"]
    gerry = ["b", "a", "b", "b", "b", "c", "c", "c", "e", "d", "d", "d"]
    assert r3(krippendorff_alpha(list(zip(ben, gerry, strict=True))).value) == 0.692


def test_gwet_irrcac_raw4raters_ac1_fleiss_bp_percent() -> None:
    """Gwet, irrCAC `cac.raw4raters` (Handbook 4th ed. p. 120) as printed by irrCAC:
    AC1 .775 (se .143, 95% CI .461-1); Fleiss .761 (CI .424-1); Brennan-Prediger .773
    (se .145, CI .454-1); percent agreement .818; alpha .743."""
    idx, values = encode(KRIPPENDORFF_C)
    n_mat = counts(idx, len(values))
    ac1 = gwet_ac1(n_mat)
    assert (r3(ac1.value), r3(ac1.se), r3(ac1.ci_low), ac1.ci_high) == (0.775, 0.143, 0.461, 1.0)
    assert r3(ac1.extra["pe"]) == 0.190
    fk = fleiss_kappa(n_mat)
    assert (r3(fk.value), r3(fk.ci_low), fk.ci_high) == (0.761, 0.424, 1.0)
    assert r3(fk.extra["pe"]) == 0.239
    bp = brennan_prediger(n_mat)
    assert (r3(bp.value), r3(bp.se), r3(bp.ci_low)) == (0.773, 0.145, 0.454)
    assert r3(percent_agreement(n_mat).value) == 0.818


def test_gwet_irrcac_raw5observers() -> None:
    """Gwet, irrCAC `cac.raw5obser` (Handbook 4th ed., p. 125): AC1 .497 (se .122,
    CI .235-.758); Fleiss .458 (se .120, CI .199-.716); BP .487 (se .121); alpha .481."""
    obs = [
        [1, 1, 2, None, 2],
        [1, 1, 0, 1, None],
        [2, 3, 3, 3, None],
        [None, 0, 0, None, 0],
        [0, 0, 0, None, 0],
        [0, 0, 0, None, 0],
        [1, 0, 2, None, 1],
        [1, None, 2, 0, None],
        [2, 2, 2, None, 2],
        [2, 1, 1, 1, None],
        [None, 1, 0, 0, None],
        [0, 0, 0, 0, None],
        [1, 2, 2, 2, None],
        [3, 3, 2, 2, 3],
        [1, 1, 1, None, 1],
    ]
    s = nominal_summary(obs)
    ac1, fk, bp = s["gwet_ac1"], s["fleiss_kappa"], s["brennan_prediger"]
    assert (r3(ac1.value), r3(ac1.se), r3(ac1.ci_low), r3(ac1.ci_high)) == (
        0.497,
        0.122,
        0.235,
        0.758,
    )
    assert (r3(fk.value), r3(fk.se), r3(fk.ci_low), r3(fk.ci_high)) == (0.458, 0.120, 0.199, 0.716)
    assert (r3(bp.value), r3(bp.se)) == (0.487, 0.121)
    assert r3(s["percent_agreement"].value) == 0.616
    assert r3(s["krippendorff_alpha"].value) == 0.481


def test_gwet_irrcac_cont3x3abstractors_cohen() -> None:
    """Gwet, irrCAC `cont3x3abstractors` (Handbook 4th ed.): kappa .796, CI .680-.913."""
    est = cohen_kappa_table([[13, 0, 0], [0, 20, 7], [0, 4, 56]])
    assert (r3(est.value), r3(est.ci_low), r3(est.ci_high)) == (0.796, 0.680, 0.913)


def test_gwet_irrcac_cont4x4diagnosis_cohen() -> None:
    """Gwet, irrCAC `cont4x4diagnosis` (223 patients): kappa .432, se .046, CI .341-.522."""
    table = [[40, 4, 4, 17], [6, 25, 2, 13], [4, 1, 21, 12], [15, 5, 9, 45]]
    est = cohen_kappa_table(table)
    assert (r3(est.value), r3(est.se), r3(est.ci_low), r3(est.ci_high)) == (
        0.432,
        0.046,
        0.341,
        0.522,
    )


def test_cohen_kappa_textbook_example() -> None:
    """English Wikipedia, "Cohen's kappa", simple worked example (50 grant proposals,
    yes/yes 20, yes/no 5, no/yes 10, no/no 15): p_o = 0.7, p_e = 0.5, kappa = 0.4."""
    est = cohen_kappa_table([[20, 5], [10, 15]])
    assert round(est.extra["pa"], 1) == 0.7
    assert round(est.extra["pe"], 1) == 0.5
    assert round(est.value or 0, 1) == 0.4


# Fleiss (1971) Table 1: 30 patients, 6 psychiatrists each, counts per category
# (depression, personality disorder, schizophrenia, neurosis, other).
FLEISS_1971 = [
    [0, 0, 0, 6, 0], [0, 3, 0, 0, 3], [0, 1, 4, 0, 1], [0, 0, 0, 0, 6], [0, 3, 0, 3, 0],
    [2, 0, 4, 0, 0], [0, 0, 4, 0, 2], [2, 0, 3, 1, 0], [2, 0, 0, 4, 0], [0, 0, 0, 0, 6],
    [1, 0, 0, 5, 0], [1, 1, 0, 4, 0], [0, 3, 3, 0, 0], [1, 0, 0, 5, 0], [0, 2, 0, 3, 1],
    [0, 0, 5, 0, 1], [3, 0, 0, 1, 2], [5, 1, 0, 0, 0], [0, 2, 0, 4, 0], [1, 0, 2, 0, 3],
    [0, 0, 0, 0, 6], [0, 1, 0, 5, 0], [0, 2, 0, 1, 3], [2, 0, 0, 4, 0], [1, 0, 0, 4, 1],
    [0, 5, 0, 1, 0], [4, 0, 0, 0, 2], [0, 2, 0, 4, 0], [1, 0, 5, 0, 0], [0, 0, 0, 0, 6],
]  # fmt: skip


def test_fleiss_1971_overall_kappa() -> None:
    """Fleiss (1971): kappa = .430 over 30 patients and 5 categories."""
    assert r3(fleiss_kappa(np.asarray(FLEISS_1971, dtype=float)).value) == 0.430


def test_fleiss_1971_per_category_kappa() -> None:
    """Fleiss (1971): category kappas .245, .245, .520, .471, .566 (present vs absent)."""
    n_mat = np.asarray(FLEISS_1971, dtype=float)
    per = []
    for j in range(5):
        binary = np.stack([6 - n_mat[:, j], n_mat[:, j]], axis=1)
        per.append(r3(fleiss_kappa(binary).value))
    assert per == [0.245, 0.245, 0.520, 0.471, 0.566]


@pytest.mark.parametrize(
    ("table", "p_o", "kappa", "ac1", "bp"),
    [
        ([[40, 9], [6, 45]], 0.85, 0.70, 0.70, 0.70),
        ([[80, 10], [5, 5]], 0.85, 0.32, 0.81, 0.70),
        ([[45, 15], [25, 15]], 0.60, 0.13, 0.27, 0.20),
        ([[25, 35], [5, 35]], 0.60, 0.26, 0.21, 0.20),
    ],
)
def test_feinstein_cicchetti_1990_paradox_tables(
    table: list[list[int]], p_o: float, kappa: float, ac1: float, bp: float
) -> None:
    """Feinstein & Cicchetti (1990), J Clin Epidemiol 43:543-549, the two kappa paradoxes:
    same p_o, very different kappa. kappa (and p_o) as printed there; AC1 and PABAK
    (= Brennan-Prediger) as re-tabulated for the same tables in BMC Med Res Methodol
    14:100 (2014), Table 3."""
    s = nominal_summary(table_to_pairs(table))
    assert round(s["percent_agreement"].value or 0, 2) == p_o
    assert round(s["cohen_kappa"].value or 0, 2) == kappa
    assert round(s["gwet_ac1"].value or 0, 2) == ac1
    assert round(s["brennan_prediger"].value or 0, 2) == bp
