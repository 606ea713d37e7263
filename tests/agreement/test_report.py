"""Per-code and overall reports, where coders part, and the degenerate cases."""

from __future__ import annotations

import json
import math

import pytest

from coder.agreement.report import (
    NONE,
    CodingTable,
    agreement_report,
    confusion,
    disagreements_by_code,
    disagreements_by_pair,
    per_code,
)

CODES = ["resources", "time", "pay", "never_used"]


def two_coder_table() -> CodingTable:
    rows = [
        ("R1", {"a": ["resources"], "b": ["resources"]}),
        ("R2", {"a": ["resources", "time"], "b": ["resources"]}),
        ("R3", {"a": ["time"], "b": ["pay"]}),
        ("R4", {"a": [], "b": []}),
        ("R5", {"a": ["pay"], "b": ["pay"]}),
        ("R6", {"a": ["time"], "b": ["time"]}),
        ("R7", {"a": ["resources"], "b": None}),  # coded by a only: not pairable
        ("R8", {"a": [], "b": ["time"]}),
    ]
    return CodingTable.from_sets(["a", "b"], CODES, rows)


def no_nan(doc: object) -> None:
    """The report is valid JSON with no NaN or infinity anywhere."""
    text = json.dumps(doc, allow_nan=False)
    assert "NaN" not in text


def test_report_counts_only_answers_coded_by_two() -> None:
    doc = agreement_report(two_coder_table(), question="Q1", n_boot=200)
    no_nan(doc)
    assert doc["units"] == 7
    assert doc["coders"] == ["a", "b"]
    assert doc["overall"]["percent_agreement"] == pytest.approx(4 / 7)
    assert doc["per_code"]["resources"]["percent_agreement"] == 1.0
    res = doc["per_code"]["time"]
    assert res["n_units"] == 7
    assert res["percent_agreement"] == pytest.approx(4 / 7)
    assert "cohen_kappa" in res and "fleiss_kappa" not in res
    assert res["used_by"] == {"a": 3, "b": 2}
    assert res["disagreements"] == 3
    assert -1 <= doc["overall"]["krippendorff_alpha_masi"] <= 1
    lo, hi = res["ci"]["krippendorff_alpha"]
    assert lo <= res["krippendorff_alpha"] <= hi
    assert res["ci_method"]["krippendorff_alpha"] == "bootstrap"
    assert res["ci_method"]["gwet_ac1"] == "gwet"


def test_code_nobody_used_is_explained_not_nan() -> None:
    doc = agreement_report(two_coder_table(), n_boot=100)
    never = doc["per_code"]["never_used"]
    assert never["percent_agreement"] == 1.0
    assert never["cohen_kappa"] is None and never["krippendorff_alpha"] is None
    assert "undefined" in never["notes"]["cohen_kappa"]
    assert "AC1" in never["notes"]["cohen_kappa"]
    assert never["gwet_ac1"] == 1.0  # AC1 stays defined
    assert never["interpretation"] == "undefined"
    no_nan(doc)


def test_code_used_on_every_answer_by_everyone() -> None:
    rows = [(f"R{i}", {"a": ["x"], "b": ["x"], "c": ["x"]}) for i in range(10)]
    doc = agreement_report(CodingTable.from_sets(["a", "b", "c"], ["x"], rows), n_boot=50)
    x = doc["per_code"]["x"]
    assert x["fleiss_kappa"] is None and "undefined" in x["notes"]["fleiss_kappa"]
    assert x["gwet_ac1"] == 1.0
    assert doc["overall"]["percent_agreement"] == 1.0
    assert doc["overall"]["krippendorff_alpha_masi"] is None
    no_nan(doc)


def test_one_coder_only_says_so() -> None:
    rows = [("R1", {"a": ["x"]}), ("R2", {"a": []})]
    doc = agreement_report(CodingTable.from_sets(["a"], ["x"], rows))
    assert doc["units"] == 0
    assert "two or more coders" in doc["note"]
    assert doc["per_code"]["x"]["krippendorff_alpha"] is None
    assert "no unit was coded by two" in doc["per_code"]["x"]["notes"]["krippendorff_alpha"]
    no_nan(doc)


def test_two_coders_who_never_overlap() -> None:
    rows = [("R1", {"a": ["x"], "b": None}), ("R2", {"a": None, "b": ["x"]})]
    doc = agreement_report(CodingTable.from_sets(["a", "b"], ["x"], rows))
    assert doc["units"] == 0
    assert "no answer" in doc["note"]
    no_nan(doc)


def test_three_coders_get_fleiss_not_cohen() -> None:
    rows = [
        ("R1", {"a": ["x"], "b": ["x"], "c": ["x"]}),
        ("R2", {"a": [], "b": ["x"], "c": []}),
        ("R3", {"a": [], "b": [], "c": None}),
        ("R4", {"a": ["x"], "b": ["x"], "c": []}),
    ]
    doc = agreement_report(CodingTable.from_sets(["a", "b", "c"], ["x"], rows), n_boot=50)
    assert "fleiss_kappa" in doc["per_code"]["x"] and "cohen_kappa" not in doc["per_code"]["x"]
    assert set(doc["pairs"]) == {"a|b", "a|c", "b|c"}
    assert doc["pairs"]["a|c"]["units"] == 3


def test_confusion_table_between_codes() -> None:
    c = confusion(two_coder_table(), "a", "b")
    assert c["units"] == 7
    cells = c["cells"]
    assert cells["resources"]["resources"] == 2
    assert cells["time"][NONE] == 1  # R2: a added time, b nothing extra
    assert cells["time"]["pay"] == 1  # R3
    assert cells[NONE]["time"] == 1  # R8
    assert cells[NONE][NONE] == 1  # R4: both coded, no code


def test_disagreement_lists() -> None:
    t = two_coder_table()
    by_code = disagreements_by_code(t)
    assert [d["unit"] for d in by_code["time"]] == ["R2", "R3", "R8"]
    assert by_code["time"][0] == {"unit": "R2", "given_by": ["a"], "not_given_by": ["b"]}
    assert "never_used" not in by_code
    by_pair = disagreements_by_pair(t, "a", "b")
    assert [d["unit"] for d in by_pair] == ["R2", "R3", "R8"]
    assert by_pair[1]["only_a"] == ["time"] and by_pair[1]["only_b"] == ["pay"]


def test_per_code_metrics_match_direct_computation() -> None:
    """Per-code alpha equals nominal alpha on the 0/1 column (same function as --matrix)."""
    from coder.agreement.metrics import krippendorff_alpha

    t = two_coder_table().pairable()
    col = [
        [int(t.presence[u, c, 1]) if t.coded[u, c] else None for c in range(2)] for u in range(7)
    ]
    doc = agreement_report(t, n_boot=0)
    expected = krippendorff_alpha(col).value
    assert expected is not None and math.isfinite(expected)
    assert doc["per_code"]["time"]["krippendorff_alpha"] == pytest.approx(expected, abs=1e-6)


def test_compressed_per_code_figures_equal_the_unit_level_ones() -> None:
    """per_code collapses answers to distinct count rows; values and SEs must not change."""
    import numpy as np

    from coder.agreement.metrics import (
        brennan_prediger,
        fleiss_kappa,
        gwet_ac1,
        krippendorff_alpha_counts,
        percent_agreement,
    )

    rng = np.random.default_rng(3)
    presence = rng.random((300, 3, 4)) < 0.3
    coded = rng.random((300, 3)) < 0.9
    t = CodingTable([str(i) for i in range(300)], ["a", "b", "c"], list("wxyz"), presence, coded)
    got = per_code(t.pairable(), n_boot=0)
    p = t.pairable()
    m = p.coded.sum(axis=1)
    for k, code in enumerate(p.codes):
        n1 = (p.presence[:, :, k] & p.coded).sum(axis=1)
        n_mat = np.column_stack([m - n1, n1]).astype(float)
        direct = {
            "percent_agreement": percent_agreement(n_mat),
            "fleiss_kappa": fleiss_kappa(n_mat),
            "gwet_ac1": gwet_ac1(n_mat, q=2),
            "brennan_prediger": brennan_prediger(n_mat, q=2),
            "krippendorff_alpha": krippendorff_alpha_counts(n_mat, np.array([0, 1])),
        }
        for name, est in direct.items():
            assert got[code][name].value == pytest.approx(est.value, abs=1e-12)
            if est.se is not None:
                assert got[code][name].se == pytest.approx(est.se, abs=1e-12)
