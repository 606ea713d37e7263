"""`coder agreement` and `coder reconcile` on a real SQLite project and real CSV files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_helpers import run_cli as run


def test_agreement_json_follows_the_contract(
    coded_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(
        capsys,
        "agreement",
        coded_db,
        "--question",
        "Q1",
        "--coders",
        "anna,ben",
        "--json",
        "--bootstrap",
        "200",
    )
    assert status == 0, err
    doc = json.loads(out)
    assert doc["question"] == "Q1" and doc["coders"] == ["anna", "ben"]
    assert doc["units"] == 10  # answers 0-7, 10, 11: coded by both
    assert doc["overall"]["percent_agreement"] == pytest.approx(6 / 10)
    assert isinstance(doc["overall"]["krippendorff_alpha_masi"], float)
    res = doc["per_code"]["resources"]
    for key in ("percent_agreement", "cohen_kappa", "krippendorff_alpha", "gwet_ac1", "n_units"):
        assert key in res
    assert "fleiss_kappa" not in res
    assert res["n_units"] == 10
    # resources: answers 0,1 both; 6 both; 11 ben only -> 9 of 10 agree
    assert res["percent_agreement"] == pytest.approx(0.9)
    marketing = doc["per_code"]["marketing"]  # nobody used it
    assert marketing["cohen_kappa"] is None and "undefined" in marketing["notes"]["cohen_kappa"]
    assert doc["confusion"]["anna|ben"]["cells"]["admin"]["definition"] == 1


def test_three_coders_add_fleiss(coded_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys,
        "agreement",
        coded_db,
        "--question",
        "Q1",
        "--coders",
        "anna,ben,cleo",
        "--json",
        "--bootstrap",
        "0",
    )
    assert status == 0
    doc = json.loads(out)
    assert "fleiss_kappa" in doc["per_code"]["admin"]
    assert "cohen_kappa" not in doc["per_code"]["admin"]
    assert doc["pairs"]["anna|cleo"]["units"] == 3


def test_markdown_table(coded_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys,
        "agreement",
        coded_db,
        "--question",
        "Q1",
        "--coders",
        "anna,ben",
        "--md",
        "--bootstrap",
        "100",
    )
    assert status == 0
    lines = out.splitlines()
    table = [line for line in lines if line.startswith("|")]
    head = [c.strip() for c in table[0].strip("|").split("|")]
    assert head[:5] == ["Code", "n", "Agreement", "Cohen's κ", "Krippendorff's α"]
    assert len({len(line) for line in table}) == 1  # columns line up in plain text too
    rows = {r[0]: r for r in ([c.strip() for c in t.strip("|").split("|")] for t in table[2:])}
    assert rows["Resources (`resources`)"][1:3] == ["10", "90.0 %"]  # by label, id beside
    marketing = rows["Marketing (`marketing`)"]  # nobody used it: undefined, not 0.000
    assert marketing[3] == "n/a" and marketing[4] == "n/a"
    assert "-0.00" not in out and "[0.00, 0.00]" not in out
    assert "reliable" in out
    notes = [line for line in lines if line.startswith("- ") and "0/0" in line]
    assert notes and all(line.count("Marketing") == 1 for line in notes)
    assert len(notes) == len(set(notes))  # each reason said once, naming its codes


def test_unknown_coder_and_question_are_user_errors(
    coded_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(
        capsys, "agreement", coded_db, "--question", "Q1", "--coders", "anna,zed", "--json"
    )
    assert status == 1 and out == ""
    assert "zed" in err and "anna" in err and "Traceback" not in err
    status, _, err = run(capsys, "agreement", coded_db, "--question", "Q9", "--coders", "anna,ben")
    assert status == 1 and "Q9" in err


def test_usage_errors_exit_2(coded_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "agreement")[0] == 2
    assert run(capsys, "agreement", coded_db, "--question", "Q1")[0] == 2
    assert (
        run(capsys, "agreement", coded_db, "--question", "Q1", "--coders", "a,b", "--json", "--md")[
            0
        ]
        == 2
    )


def test_db_without_project_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nothing.sqlite"
    status, _, err = run(capsys, "agreement", str(missing), "--question", "Q1", "--coders", "a,b")
    assert status == 1 and "project" in err
    assert not missing.exists()


KRIPP = """unit,A,B,C,D
1,1,1,,1
2,2,2,3,2
3,3,3,3,3
4,3,3,3,3
5,2,2,2,2
6,1,2,3,4
7,4,4,4,4
8,1,1,2,1
9,2,2,2,2
10,,5,5,5
11,,,1,1
12,,,3,
"""


@pytest.mark.parametrize(
    ("level", "alpha"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_matrix_reproduces_krippendorff_2011(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], level: str, alpha: float
) -> None:
    """Krippendorff (2011), section C, through the command line."""
    f = tmp_path / "rel.csv"
    f.write_text(KRIPP, encoding="utf-8")
    status, out, err = run(
        capsys, "agreement", "--matrix", str(f), "--level", level, "--json", "--bootstrap", "200"
    )
    assert status == 0, err
    doc = json.loads(out)
    assert (doc["units"], doc["coders"]) == (12, 4)
    assert round(doc["krippendorff_alpha"], 3) == alpha
    assert "percent_agreement" in doc
    if level == "nominal":
        assert round(doc["fleiss_kappa"], 3) == 0.761 and round(doc["gwet_ac1"], 3) == 0.775
        assert "cohen_kappa" not in doc
    else:
        assert "fleiss_kappa" not in doc


def test_matrix_two_coders_gives_cohen_and_markdown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "two.csv"
    f.write_text(
        "unit;ben;gerry\n"
        + "\n".join(
            f"{i};{a};{b}"
            for i, (a, b) in enumerate(zip("aabbdcccedda", "babbbcccedd_", strict=True))
        ),
        encoding="utf-8",
    )
    status, out, _ = run(capsys, "agreement", "--matrix", str(f), "--json")
    doc = json.loads(out)
    assert status == 0 and "cohen_kappa" in doc
    status, out, _ = run(capsys, "agreement", "--matrix", str(f), "--md")
    assert status == 0 and "| Cohen's κ |" in out and "Reading of α" in out


def test_matrix_bad_input_names_the_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "bad.csv"
    f.write_text("unit,A,B\n1,1,2\n2,x,3\n", encoding="utf-8")
    status, out, err = run(capsys, "agreement", "--matrix", str(f), "--level", "interval", "--json")
    assert status == 1 and out == ""
    assert "row 3" in err and "'x'" in err and "'A'" in err
    f.write_text("id,A,B\n1,1,2\n", encoding="utf-8")
    status, _, err = run(capsys, "agreement", "--matrix", str(f))
    assert status == 1 and "unit,CODER1" in err
    status, _, err = run(capsys, "agreement", "--matrix", str(tmp_path / "none.csv"))
    assert status == 1 and "none.csv" in err


def test_matrix_without_variation_says_kappa_is_undefined(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "same.csv"
    f.write_text("unit,A,B\n1,yes,yes\n2,yes,yes\n3,yes,\n", encoding="utf-8")
    status, out, _ = run(capsys, "agreement", "--matrix", str(f), "--json")
    doc = json.loads(out)
    assert status == 0
    assert doc["cohen_kappa"] is None and doc["krippendorff_alpha"] is None
    assert "undefined" in doc["notes"]["cohen_kappa"]
    assert doc["percent_agreement"] == 1.0 and doc["gwet_ac1"] == 1.0
    assert doc["interpretation"] == "undefined"
    status, out, _ = run(capsys, "agreement", "--matrix", str(f), "--md")
    assert status == 0 and "n/a" in out and "undefined" in out


def test_percent_agreement_interval_stays_a_share(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """On three units the t interval alone reaches below 0; a share's interval cannot."""
    f = tmp_path / "few.csv"
    f.write_text("unit,c1,c2\nu1,1,2\nu2,3,3\nu3,4,5\n", encoding="utf-8")
    status, out, _ = run(capsys, "agreement", "--matrix", str(f), "--level", "interval", "--json")
    assert status == 0
    low, high = json.loads(out)["ci"]["percent_agreement"]
    assert 0.0 <= low <= high <= 1.0
