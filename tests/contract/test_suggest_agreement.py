"""CONTRACT.md: `coder suggest --json` (top K by score, scores and confidence in [0, 1],
only answers NAME has not coded, confidence that means what it says) and `coder agreement`
on a project and on a reliability matrix."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.cli_helpers import run_cli

from .conftest import ANNA, ANSWERS, Built, cli_json, cli_ok, codes_by_respondent

CHALLENGES = "microcredential_challenges"


@pytest.mark.parametrize("top", [None, "1", "5"])
def test_suggest_json_shape(
    built: Built, capsys: pytest.CaptureFixture[str], top: str | None
) -> None:
    args = ["suggest", built.db, "--question", "Q1", "--coder", "anna"]
    if top:
        args += ["--top", top]
    found = cli_json(capsys, *args)
    assert isinstance(found, dict)
    assert found["question"] == "Q1" and found["coder"] == "anna"
    assert found["trained_on"] == len(ANNA)
    uncoded = {rid for rid, _text in ANSWERS} - set(ANNA)
    assert {s["respondent_id"] for s in found["suggestions"]} == uncoded
    known = {"res", "adm", "rules"}
    for suggestion in found["suggestions"]:
        scores = [c["score"] for c in suggestion["codes"]]
        assert len(scores) <= int(top or 3)
        assert scores == sorted(scores, reverse=True)
        assert all(isinstance(x, float | int) and 0 <= x <= 1 for x in scores)
        assert {c["code"] for c in suggestion["codes"]} <= known
        assert isinstance(suggestion["predicted"], list) and set(suggestion["predicted"]) <= known
        assert isinstance(suggestion["confidence"], float | int)
        assert 0 <= suggestion["confidence"] <= 1


def test_suggest_refuses_an_unknown_coder(built: Built, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run_cli(
        capsys, "suggest", built.db, "--question", "Q1", "--coder", "nobody", "--json"
    )
    assert status == 1 and out == "" and "nobody" in err


def test_confidence_is_the_share_of_predictions_that_are_exactly_right(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the demo, anna's coded answers in two folds: train on one half (imported as another
    coder), read `confidence` on the other; the mean confidence is near the share of answers
    whose `predicted` equals anna's code set, and high confidence is right more often."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    demo = cli_json(capsys, "demo", "--no-tui")
    assert isinstance(demo, dict)
    db = str(demo["db"])
    truth = codes_by_respondent(db, CHALLENGES, "anna")
    ids = sorted(truth)
    random.Random(3).shuffle(ids)
    seen: list[tuple[float, bool]] = []
    for fold in range(2):
        held = set(ids[fold::2])
        rows = "".join(
            f"{r},{CHALLENGES},{';'.join(sorted(truth[r]))}\n" for r in ids if r not in held
        )
        src = tmp_path / f"fold{fold}.csv"
        src.write_text("respondent_id,question,codes\n" + rows, encoding="utf-8")
        cli_ok(capsys, "import-codes", db, str(src), "--coder", f"fold{fold}")
        found = cli_json(capsys, "suggest", db, "--question", CHALLENGES, "--coder", f"fold{fold}")
        assert isinstance(found, dict)
        for s in found["suggestions"]:
            if s["respondent_id"] in held:
                seen.append((s["confidence"], set(s["predicted"]) == truth[s["respondent_id"]]))
    assert len(seen) == len(ids) >= 100
    mean_confidence = sum(c for c, _ in seen) / len(seen)
    right = sum(ok for _, ok in seen) / len(seen)
    assert abs(mean_confidence - right) <= 0.15, (mean_confidence, right)
    # the least and the most confident third (fixed cut-offs depend on how good the
    # suggester is on the demo: no answer fell below 0.3 once it learned more from it)
    ranked = [ok for _, ok in sorted(seen, key=lambda pair: pair[0])]
    third = len(ranked) // 3
    low, high = ranked[:third], ranked[-third:]
    assert sum(high) / len(high) > sum(low) / len(low)


def test_agreement_json_for_two_and_three_coders(
    built: Built, capsys: pytest.CaptureFixture[str]
) -> None:
    found = cli_json(capsys, "agreement", built.db, "--question", "Q1", "--coders", "anna,ben")
    assert isinstance(found, dict)
    assert found["question"] == "Q1" and found["coders"] == ["anna", "ben"]
    assert found["units"] == 6
    # identical sets on R01, R04, R06 of six
    assert found["overall"]["percent_agreement"] == pytest.approx(0.5)
    assert -1 <= found["overall"]["krippendorff_alpha_masi"] <= 1
    res = found["per_code"]["res"]
    # res: anna R01 R03 R05, ben R01 R02 R03 -> agree on R01 R03 R04 R06 of six
    assert res["percent_agreement"] == pytest.approx(4 / 6)
    assert res["n_units"] == 6
    for key in ("cohen_kappa", "krippendorff_alpha", "gwet_ac1"):
        assert isinstance(res[key], float | int)
    assert "fleiss_kappa" not in res
    third = built.folder / "cecilia.csv"
    third.write_text("respondent_id,question,codes\nR01,Q1,res\nR02,Q1,adm\n", encoding="utf-8")
    cli_ok(capsys, "import-codes", built.db, str(third), "--coder", "cecilia")
    found = cli_json(
        capsys, "agreement", built.db, "--question", "Q1", "--coders", "anna,ben,cecilia"
    )
    assert isinstance(found, dict)
    assert found["units"] == 6  # coded by at least two of them
    res = found["per_code"]["res"]
    assert "fleiss_kappa" in res and "cohen_kappa" not in res


def test_agreement_matrix_nominal_and_other_levels(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    two = tmp_path / "two.csv"
    two.write_text("unit,c1,c2\nu1,1,2\nu2,3,3\nu3,2,2\nu4,1,1\nu5,,2\n", encoding="utf-8")
    found = cli_json(capsys, "agreement", "--matrix", str(two))
    assert isinstance(found, dict)
    assert found["units"] == 5 and found["coders"] == 2
    for key in (
        "krippendorff_alpha",
        "percent_agreement",
        "fleiss_kappa",
        "gwet_ac1",
        "cohen_kappa",
    ):
        assert isinstance(found[key], float | int), key
    assert found["percent_agreement"] == pytest.approx(0.75)
    for level in ("ordinal", "interval", "ratio"):
        other = cli_json(capsys, "agreement", "--matrix", str(two), "--level", level)
        assert isinstance(other, dict) and isinstance(other["krippendorff_alpha"], float | int)
    # Krippendorff (2011) nominal example of four coders: alpha = 0.743
    k = tmp_path / "k.csv"
    columns = [
        "1 1 . 1", "2 2 3 2", "3 3 3 3", "3 3 3 3", "2 2 2 2", "1 2 3 4", "4 4 4 4",
        "1 1 2 1", "2 2 2 2", ". 5 5 5", ". . 1 1", ". . 3 .",
    ]  # fmt: skip
    k.write_text(
        "unit,A,B,C,D\n"
        + "".join(
            f"u{i},{','.join('' if v == '.' else v for v in col.split())}\n"
            for i, col in enumerate(columns)
        ),
        encoding="utf-8",
    )
    found = cli_json(capsys, "agreement", "--matrix", str(k))
    assert isinstance(found, dict)
    assert found["krippendorff_alpha"] == pytest.approx(0.743, abs=0.001)
    assert found["coders"] == 4 and "cohen_kappa" not in found
