"""Every export format read back with its own library, its numbers checked against the table
and the database, suppressed groups nowhere, formula-like answers kept as inert text."""

from __future__ import annotations

import csv
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from coder.export.run import ExportOptions, run_export
from coder.store import actions
from coder.store.project import Project

from .conftest import CODEBOOK_XSD, FORMULA, MARKUP
from .test_table import db_counts, db_group_counts


def export(project: Project, tmp_path: Path, fmt: str, **options: object) -> Path:
    tmp_path.mkdir(exist_ok=True)
    out = tmp_path / f"out.{fmt}"
    settings: dict[str, object] = {"question_ids": ["Q1"], "coder": "anna"}
    settings.update(options)
    run_export(project, ExportOptions(fmt=fmt, out=out, **settings))  # type: ignore[arg-type]
    return out


def test_json_follows_the_contract(coded: Project, tmp_path: Path) -> None:
    out = export(coded, tmp_path, "json", by="university")
    document = json.loads(out.read_text(encoding="utf-8"))
    expected = db_counts(coded, "anna")
    groups = db_group_counts(coded, "anna", "university")
    assert document["question"] == "Q1"
    assert document["answers"] == 30
    assert document["suppressed_groups"] == ["(no value)", "Lapland"]
    for row in document["rows"]:
        assert {"code", "label", "count", "share", "groups"} <= set(row)
        assert row["count"] == expected[row["code"]]
        assert row["share"] == pytest.approx(row["count"] / 30, abs=1e-4)
        assert set(row["groups"]) == {"Helsinki", "Åbo Akademi"}
        for group, cell in row["groups"].items():
            assert cell["count"] == groups.get((row["code"], group), 0)
            assert set(cell) == {"count", "share"}


def test_csv_reads_back_with_numbers_and_inert_text(coded: Project, tmp_path: Path) -> None:
    out = export(coded, tmp_path, "csv", by="university")
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    expected = db_counts(coded, "anna")
    codes = [r for r in rows if not r["code"].startswith("(")]
    assert [r["code"] for r in codes] == [
        "resources",
        "resources.time",
        "resources.money",
        "admin",
        "definition",
    ]
    for row in codes:
        assert int(row["count"]) == expected[row["code"]]
        assert float(row["share"]) == pytest.approx(int(row["count"]) / 30, abs=1e-4)
    header = list(rows[0])
    assert "Helsinki count" in header and not any("Lapland" in h for h in header)
    no_code = next(r for r in rows if r["code"] == "(no code)")
    assert int(no_code["count"]) == 7
    assert no_code["points"] == ""  # the notes are rows of their own, after the table
    notes = [r["label"] for r in rows if r["code"] == "(note)"]
    assert rows[-len(notes) :] == [r for r in rows if r["code"] == "(note)"]
    assert any("received more than one code" in n for n in notes)
    assert any("Lapland" in n for n in notes)  # the suppressed group, named once


def test_quotes_csv_keeps_a_formula_as_text(coded: Project, tmp_path: Path) -> None:
    out = export(coded, tmp_path, "csv", table="quotes")
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    first = next(r for r in rows if r["respondent_id"] == "R000")
    assert first["text"] == "'" + FORMULA
    minus = next(r for r in rows if r["respondent_id"] == "R009")
    assert minus["text"].startswith("'-5 points")
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_matrix_csv_is_zero_one_per_code(coded: Project, tmp_path: Path) -> None:
    out = export(coded, tmp_path, "csv", table="matrix")
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 30
    expected = db_counts(coded, "anna")
    for key, count in expected.items():
        assert sum(int(r[key]) for r in rows) == count
    assert sum(int(r["coded"]) for r in rows) == 27
    # Lapland (3 respondents) is masked like a suppressed group
    assert {r["university"] for r in rows} == {"Åbo Akademi", "Helsinki", "(suppressed)", ""}


def test_xlsx_theme_sheet_and_matrix_sheet(coded: Project, tmp_path: Path) -> None:
    import openpyxl

    alone = export(coded, tmp_path / "alone", "xlsx", by="university")
    assert openpyxl.load_workbook(alone).sheetnames == ["Q1"]  # the matrix only when asked
    out = export(coded, tmp_path, "xlsx", by="university", matrix_sheets=True)
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == ["Q1", "Matrix Q1"]
    sheet = workbook["Q1"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["Theme", "Code", "Answers", "Share"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "C2"
    assert sheet.column_dimensions["A"].width >= 40
    assert not any("Lapland" in str(h) for h in header)
    expected = db_counts(coded, "anna")
    for row in sheet.iter_rows(min_row=2, max_row=6):
        key, count, share = row[1].value, row[2].value, row[3]
        assert isinstance(count, int) and count == expected[key]
        assert share.number_format == "0.0%" and share.value == pytest.approx(count / 30, abs=1e-4)
    quotes = header.index("Quotes")
    assert any(row[quotes].alignment.wrap_text for row in sheet.iter_rows(min_row=2, max_row=6))
    matrix = workbook["Matrix Q1"]
    columns = [c.value for c in matrix[1]]
    assert columns[:3] == ["respondent_id", "question", "coded"]
    assert {"role", "university"} <= set(columns)
    records = list(matrix.iter_rows(min_row=2, values_only=True))
    assert len(records) == 30
    for key, count in expected.items():
        i = columns.index(key)
        assert all(r[i] in (0, 1) for r in records)
        assert sum(r[i] for r in records) == count


def test_xlsx_quotes_keep_formula_like_answers_as_text(coded: Project, tmp_path: Path) -> None:
    import openpyxl

    out = export(coded, tmp_path, "xlsx", table="quotes")
    sheet = openpyxl.load_workbook(out).worksheets[0]
    columns = [c.value for c in sheet[1]]
    text_col = columns.index("text") + 1
    cells = [sheet.cell(row=r, column=text_col) for r in range(2, sheet.max_row + 1)]
    formula = next(c for c in cells if FORMULA in str(c.value))
    assert formula.data_type == "s"
    assert formula.value == "'" + FORMULA
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    starred = columns.index("starred") + 1
    assert {sheet.cell(row=r, column=starred).value for r in range(2, sheet.max_row + 1)} == {0, 1}


def test_docx_is_a_report_table_with_the_chart(coded: Project, tmp_path: Path) -> None:
    import docx

    started = datetime.now(UTC).replace(microsecond=0)
    out = export(coded, tmp_path, "docx", by="university", lang="sv")
    document = docx.Document(str(out))
    table = document.tables[0]
    groups = [c.text for c in table.rows[0].cells]
    columns = [c.text for c in table.rows[1].cells]
    # two header rows, as in the survey report: the group over its n and %
    assert groups[:4] == ["Tema", "Alla (n=30)", "Alla (n=30)", "Alla (n=30)"]
    assert columns[:4] == ["Tema", "n", "%", "Med underkoder"]
    assert groups[4:] == ["Helsinki (n=12)"] * 2 + ["Åbo Akademi (n=14)"] * 2
    assert columns[4:] == ["n", "%", "n", "%"]
    assert not any("Lapland" in h for h in groups)
    expected = db_counts(coded, "anna")
    labels = {"Resurser": "resources", "Tid": "resources.time", "Pengar": "resources.money"}
    for row in table.rows[2:5]:
        cells = [c.text for c in row.cells]
        assert int(cells[1]) == expected[labels[cells[0]]]
        assert cells[2].endswith(" %") and "," in cells[2]  # Swedish decimal comma
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions == ["Tabell 1. Utmaningar"]
    props = document.core_properties
    assert props.author == "anna" and props.title == "Utmaningar"
    assert props.created is not None and props.created.replace(tzinfo=UTC) >= started
    assert "python-docx" not in f"{props.author} {props.last_modified_by} {props.comments}"
    assert len(document.inline_shapes) == 1  # the chart
    body = "\n".join(p.text for p in document.paragraphs)
    assert body.count("Lapland") == 1  # listed once as suppressed, with no numbers
    assert "Forms and approvals take long" in body


def test_html_is_standalone_with_inline_svg_and_escaped_text(
    coded: Project, tmp_path: Path
) -> None:
    with coded.session() as s:
        answer = actions.find_answer(s, "R005", "Q1")
        assert answer is not None
        actions.set_star(s, answer.id, "anna", True)  # a quote holding markup
    out = export(coded, tmp_path, "html", by="university")
    page = out.read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert not re.search(r"src=", page)  # nothing loaded from outside the file
    assert all(h.startswith("#") for h in re.findall(r'href="([^"]*)"', page))
    tree = lxml_html.fromstring(page)
    assert tree.xpath("//*[local-name()='svg']")
    rows = tree.xpath("//section[@id='Q1']//table//tbody/tr")
    expected = db_counts(coded, "anna")
    first = rows[0].xpath("./td")
    assert first[0].text == "Resources" and int(first[1].text) == expected["resources"]
    headers = [th.text_content() for th in tree.xpath("//section[@id='Q1']//thead//th")]
    assert not any("Lapland" in h for h in headers)
    assert MARKUP in [b.text_content() for b in tree.xpath("//blockquote")]
    assert tree.text_content().count("Lapland") == 1  # the suppressed group, listed once


def test_markdown_table(coded: Project, tmp_path: Path) -> None:
    out = export(coded, tmp_path, "md", by="university")
    text = out.read_text(encoding="utf-8")
    assert "| Theme | Answers | Share |" in text
    assert "| Administration | 7 | 23.3 % |" in text
    assert "Lapland" not in text.split("*About the numbers*")[0]


def test_charts_png_and_svg(coded: Project, tmp_path: Path) -> None:
    png = export(coded, tmp_path, "png", by="university")
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    svg = export(coded, tmp_path, "svg", lang="fi")
    root = etree.fromstring(svg.read_bytes())
    assert root.tag.endswith("svg")
    assert b"Resurssit" in svg.read_bytes() or b"Osuus" in svg.read_bytes()


def test_codebook_qdc_and_manual(coded: Project, tmp_path: Path) -> None:
    import docx

    qdc = export(coded, tmp_path, "qdc")
    schema = etree.XMLSchema(etree.parse(str(CODEBOOK_XSD)))
    assert schema.validate(etree.parse(str(qdc))), schema.error_log
    md = export(coded, tmp_path, "md", table="manual", lang="sv")
    text = md.read_text(encoding="utf-8")
    assert "## 1 Resurser (`resources`)" in text
    assert "### 1.1 Tid (`resources.time`)" in text
    assert "**Definition:** Svar om resurser." in text
    manual = export(coded, tmp_path, "docx", table="manual")
    headings = [
        p.text for p in docx.Document(str(manual)).paragraphs if p.style.name.startswith("Heading")
    ]
    assert "1.2 Money (resources.money)" in headings


def test_wrong_table_and_format_pairs_are_refused(coded: Project, tmp_path: Path) -> None:
    from coder.errors import InputError

    with pytest.raises(InputError, match="cannot be written as docx"):
        export(coded, tmp_path, "docx", table="matrix")
    with pytest.raises(InputError, match="no such directory"):
        run_export(coded, ExportOptions(fmt="md", out=tmp_path / "missing" / "x.md"))


def test_several_questions_in_one_export(coded: Project, tmp_path: Path) -> None:
    import openpyxl

    from coder.codebook.model import Code, Codebook
    from coder.store import codebooks

    with coded.session() as s:
        book = Codebook(id="other", codes=[Code(id="misc", labels={"en": "Miscellaneous"})])
        codebooks.attach_codebook(s, "Q2", book, actor="lead")
        answer = actions.find_answer(s, "R000", "Q2")
        assert answer is not None
        actions.set_codes(s, answer.id, "anna", [actions.code_by_key(s, "Q2", "misc").id])
    out = tmp_path / "both.xlsx"
    run_export(coded, ExportOptions(fmt="xlsx", out=out, coder="anna", matrix_sheets=True))
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == ["Q1", "Q2", "Matrix Q1", "Matrix Q2"]
    assert workbook["Q2"]["C2"].value == 1
    document = tmp_path / "both.json"
    run_export(coded, ExportOptions(fmt="json", out=document, coder="anna"))
    questions = json.loads(document.read_text(encoding="utf-8"))["questions"]
    assert [q["question"] for q in questions] == ["Q1", "Q2"]
    summary = run_export(coded, ExportOptions(fmt="png", out=tmp_path / "chart.png", coder="anna"))
    assert [Path(f).name for f in summary["files"]] == ["chart_Q1.png", "chart_Q2.png"]
