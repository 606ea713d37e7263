"""CONTRACT.md, `coder export`: every format with --by, --lang and --min-group; the theme
table's columns; `json`'s shape with suppressed groups apart; the REFI-QDA `qdpx` layout,
valid against Project.xsd; a failed export leaves nothing at --out."""

from __future__ import annotations

import csv
import json
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from tests.cli_helpers import run_cli

from .conftest import ANNA, BEN, CODEBOOK_XSD, PROJECT_XSD, Built, cli_ok

FORMATS = ["md", "csv", "xlsx", "docx", "html", "json", "qdc", "qdpx"]
NS = {"q": "urn:QDA-XML:project:1.0"}
LABELS_SV = {"res": "Resurser", "adm": "Administration", "rules": "Regler"}


def export(
    built: Built, capsys: pytest.CaptureFixture[str], fmt: str, *extra: str, coder: str = "anna"
) -> Path:
    out = built.folder / "out" / f"table.{fmt}"
    cli_ok(capsys, "export", built.db, "--question", "Q1", "--coder", coder, "--format", fmt,
           "--out", str(out), *extra)  # fmt: skip
    assert out.is_file() and out.stat().st_size > 0
    return out


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_written_with_the_contract_options(
    built: Built, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    out = export(built, capsys, fmt, "--by", "university", "--lang", "sv", "--min-group", "2")
    if fmt == "md":
        text = out.read_text(encoding="utf-8")
        assert all(label in text for label in LABELS_SV.values())
    elif fmt == "docx":
        import docx

        document = docx.Document(str(out))
        cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
        assert set(LABELS_SV.values()) <= cells
    elif fmt == "html":
        assert "Resurser" in out.read_text(encoding="utf-8")


def test_theme_table_rows_in_csv_and_xlsx(built: Built, capsys: pytest.CaptureFixture[str]) -> None:
    """One row per code: id, label, answers, share of answering respondents, per group."""
    given = Counter(k for codes in ANNA.values() for k in codes.split(";") if k)
    out = export(built, capsys, "csv", "--by", "university", "--lang", "sv", "--min-group", "2")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        # summary rows follow the code rows, named in parentheses: (no code), (note)...
        rows = [r for r in csv.DictReader(fh) if not r["code"].startswith("(")]
    assert [r["code"] for r in rows] == ["res", "adm", "rules"]
    for row in rows:
        assert row["label"] == LABELS_SV[row["code"]]
        assert int(row["count"]) == given[row["code"]]
        assert float(row["share"]) == pytest.approx(given[row["code"]] / 11, abs=0.001)
        assert {"ÅA count", "ÅA share", "HY count", "HY share"} <= set(row)
    import openpyxl

    out = export(built, capsys, "xlsx", "--by", "university", "--min-group", "2")
    book = openpyxl.load_workbook(out, read_only=True)
    values = [
        [str(v) for v in row if v is not None]
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
    ]
    book.close()
    flat = {v for row in values for v in row}
    assert {"res", "adm", "rules"} <= flat or {"Resources", "Administration", "Rules"} <= flat


def test_json_shape_and_small_groups_suppressed(
    built: Built, capsys: pytest.CaptureFixture[str]
) -> None:
    # HY has 5 respondents (R02 R04 R06 R08 R10), ÅA 6: --min-group 6 hides HY
    out = export(built, capsys, "json", "--by", "university", "--min-group", "6")
    table = json.loads(out.read_text(encoding="utf-8"))
    assert table["question"] == "Q1" and table["answers"] == 11
    assert "HY" in json.dumps(table["suppressed_groups"], ensure_ascii=False)
    for row in table["rows"]:
        assert {"code", "label", "count", "share", "groups"} <= set(row)
        assert set(row["groups"]) == {"ÅA"}
        assert {"count", "share"} <= set(row["groups"]["ÅA"])
    by_code = {r["code"]: r for r in table["rows"]}
    # ÅA: R01 R03 R05 R07 R09 R11; anna gave res on R01 R03 R05
    assert by_code["res"]["groups"]["ÅA"]["count"] == 3
    assert by_code["res"]["groups"]["ÅA"]["share"] == pytest.approx(0.5, abs=0.001)
    default = json.loads(export(built, capsys, "json", "--by", "university").read_text("utf-8"))
    assert default["rows"][0]["groups"]  # default --min-group 5: both groups shown


def test_qdpx_follows_the_refi_qda_layout_and_validates(
    built: Built, capsys: pytest.CaptureFixture[str]
) -> None:
    out = export(built, capsys, "qdpx", "--lang", "sv")
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        assert "project.qde" in names
        sources = [n for n in names if n.startswith("sources/") and not n.endswith("/")]
        assert len(sources) == 11
        root = etree.fromstring(archive.read("project.qde"))
    schema = etree.XMLSchema(etree.parse(str(PROJECT_XSD)))
    assert schema.validate(root), schema.error_log
    users = {u.get("guid"): u.get("name") for u in root.iterfind(".//q:User", NS)}
    codes = {c.get("guid"): c.get("name") for c in root.iterfind(".//q:Code", NS)}
    assert set(codes.values()) == set(LABELS_SV.values())
    found: Counter[tuple[str, str]] = Counter()
    per_selection: dict[tuple[str, str], set[str]] = {}
    for source in root.iterfind(".//q:TextSource", NS):
        for selection in source.iterfind("q:PlainTextSelection", NS):
            user = users[selection.get("creatingUser")]
            key = (source.get("name") or "", user)
            found[key] += 1
            per_selection[key] = {
                codes[c.find("q:CodeRef", NS).get("targetGUID")]
                for c in selection.iterfind("q:Coding", NS)
            }
    # one selection per coded answer and coder (answers given no code have none)
    assert all(n == 1 for n in found.values())
    for coder, given in (("anna", ANNA), ("ben", BEN)):
        coded = {r for r, codes_ in given.items() if codes_}
        assert sum(1 for _s, u in found if u == coder) == len(coded)
    assert {"Resurser", "Regler"} in per_selection.values()  # anna's two codes on R03


def test_qdc_validates_against_codebook_xsd(
    built: Built, capsys: pytest.CaptureFixture[str]
) -> None:
    out = export(built, capsys, "qdc")
    schema = etree.XMLSchema(etree.parse(str(CODEBOOK_XSD)))
    assert schema.validate(etree.parse(str(out))), schema.error_log


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_failed_export_leaves_nothing_at_out(
    built: Built, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    out = built.folder / f"failed.{fmt}"
    status, stdout, err = run_cli(
        capsys, "export", built.db, "--question", "Q1", "--coder", "nobody", "--format", fmt,
        "--out", str(out),
    )  # fmt: skip
    assert status == 1 and stdout == "" and "nobody" in err
    assert not out.exists()
    if fmt in ("qdc", "qdpx"):  # project formats take no --by
        return
    status, _stdout, err = run_cli(
        capsys, "export", built.db, "--question", "Q1", "--coder", "anna", "--format", fmt,
        "--by", "no_such_attribute", "--out", str(out),
    )  # fmt: skip
    assert status == 1 and "no_such_attribute" in err
    assert not out.exists()
