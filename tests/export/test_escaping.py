"""Hostile answers, code labels, memos and group names through every export format: each
comes out inert for its format (Markdown rendered by a real renderer, HTML parsed, CSV and
XLSX read back, Word opened), and still readable as the text the respondent wrote."""

from __future__ import annotations

import csv
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from coder.codebook.model import Code, Codebook
from coder.store import actions, codebooks
from coder.store.models import Answer, Question, Respondent, RespondentAttribute
from coder.store.project import Project
from tests.cli_helpers import run_cli

SCRIPT = "<script>alert(1)</script>"
IMAGE = "![x](http://evil.example/x.png)"
LINK = "[click me](javascript:alert(1))"
PIPE = "left | right"
FORMULA = '=HYPERLINK("http://evil.example","x")'
CONTROL = "bell\x07 and\x0b vertical tab\x01"
ANSWERS = [SCRIPT, IMAGE, LINK, PIPE, FORMULA, CONTROL, "<img src=x onerror=alert(2)>"]
HOSTILE_LABEL = "<b onmouseover=alert(3)>Bold</b> | ![y](http://evil.example/y.png)"
HOSTILE_GROUP = "<i>Uni</i> | [a](javascript:alert(4))"


@pytest.fixture
def hostile(tmp_path: Path) -> Iterator[str]:
    """A project whose answers, codebook labels, memo and attribute values are all hostile."""
    db = str(tmp_path / "hostile.sqlite")
    project = Project.create(db)
    book = Codebook(
        id="hostile",
        title={"en": "Hostile <title>"},
        question={"en": "What? [q](javascript:alert(5))"},
        codes=[
            Code(id="bad", labels={"en": HOSTILE_LABEL}),
            Code(id="formula", labels={"en": "=1+1"}),
        ],
    )
    with project.session() as s:
        s.add(Question(id="Q1", title="Q", position=1))
        for i in range(len(ANSWERS) * 2):
            rid = f"R{i:02d}"
            s.add(Respondent(id=rid, position=i))
            s.flush()
            group = HOSTILE_GROUP if i % 2 else "=cmd|' /C calc'!A0"
            s.add(RespondentAttribute(respondent_id=rid, name="university", value=group))
            s.add(
                Answer(
                    respondent_id=rid,
                    question_id="Q1",
                    text=ANSWERS[i % len(ANSWERS)],
                    language="en",
                    position=i,
                )
            )
        s.flush()
        codebooks.attach_codebook(s, "Q1", book, actor="lead")
    with project.session() as s:
        keys = {c.key: c.id for c in codebooks.active_codes(s, "Q1")}
        for aid in [a.id for a in s.query(Answer).all()]:
            actions.set_codes(s, aid, "anna", [keys["bad"], keys["formula"]])
            actions.set_star(s, aid, "anna", True)
        actions.set_memo(s, "anna", "code", str(keys["bad"]), f"- {SCRIPT}\n- {IMAGE}\n- {PIPE}")
    project.close()
    yield db


def export(capsys: pytest.CaptureFixture[str], db: str, out: Path, fmt: str, *extra: str) -> Path:
    status, _out, err = run_cli(
        capsys, "export", db, "--question", "Q1", "--coder", "anna", "--format", fmt,
        "--out", str(out), "--by", "university", "--min-group", "1", *extra,
    )  # fmt: skip
    assert status == 0, err
    return out


def rendered(markdown: str) -> lxml_html.HtmlElement:
    """Markdown rendered as GitHub would: raw HTML allowed, tables on."""
    from markdown_it import MarkdownIt

    renderer = MarkdownIt("commonmark", {"html": True}).enable("table")
    return lxml_html.fromstring(f"<div>{renderer.render(markdown)}</div>")


def assert_inert_html(root: lxml_html.HtmlElement) -> None:
    """No element or attribute that runs, fetches or links anything."""
    assert not root.xpath("//script | //img | //iframe | //b | //i")
    assert not [a for a in root.xpath("//@*") if a.attrname.lower().startswith("on")]
    assert not [h for h in root.xpath("//a/@href") if "javascript" in h.lower()]


def test_quotes_markdown_renders_hostile_answers_as_text(
    hostile: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = export(capsys, hostile, tmp_path / "quotes.md", "md", "--table", "quotes")
    root = rendered(out.read_text(encoding="utf-8"))
    assert_inert_html(root)
    text = root.text_content()
    for answer in (SCRIPT, IMAGE, LINK, PIPE, "<img src=x onerror=alert(2)>"):
        assert answer in text  # shown as the respondent wrote it
    assert "bell and vertical tab" in text


def test_theme_markdown_table_rows_stay_whole(
    hostile: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = export(capsys, hostile, tmp_path / "theme.md", "md")
    root = rendered(out.read_text(encoding="utf-8"))
    assert_inert_html(root)
    header = root.xpath("//table/thead/tr/th")
    rows = root.xpath("//table/tbody/tr")
    assert rows and all(len(row.xpath("td")) == len(header) for row in rows)
    assert HOSTILE_LABEL in rows[0].xpath("td")[0].text_content()
    assert any(HOSTILE_GROUP in th.text_content() for th in header)
    assert SCRIPT in root.text_content()  # the memo's point, as text


def test_html_report_escapes_everything(
    hostile: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = export(capsys, hostile, tmp_path / "theme.html", "html")
    page = out.read_text(encoding="utf-8")
    root = lxml_html.fromstring(page)
    assert_inert_html(root)
    assert len(root.xpath("//svg")) == 1  # the chart, inline and whole
    assert HOSTILE_LABEL in root.text_content() and SCRIPT in root.text_content()
    assert "<script" not in page.lower()


def test_svg_chart_is_valid_xml_without_markup(
    hostile: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = export(capsys, hostile, tmp_path / "chart.svg", "svg")
    tree = etree.parse(str(out))
    tags = {etree.QName(e).localname for e in tree.iter() if isinstance(e.tag, str)}
    assert not tags & {"script", "foreignObject", "image", "a"}


def test_csv_and_xlsx_cells_never_formulas(
    hostile: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import load_workbook

    cells: list[str] = []
    for table in ("theme", "quotes", "matrix"):
        out = export(capsys, hostile, tmp_path / f"{table}.csv", "csv", "--table", table)
        with out.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        cells += [cell for row in rows for cell in [*row, *rows[0]]]
        out = export(capsys, hostile, tmp_path / f"{table}.xlsx", "xlsx", "--table", table)
        workbook = load_workbook(out)
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", cell.value
                    if isinstance(cell.value, str):
                        cells.append(cell.value)
    texts = [c for c in cells if c]
    assert not [c for c in texts if c[0] in "=+-@\t\r"]
    assert f"'{FORMULA}" in texts and "'=1+1" in texts


def test_docx_holds_hostile_text_without_breaking(
    hostile: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from docx import Document

    out = export(capsys, hostile, tmp_path / "theme.docx", "docx")
    document = Document(str(out))
    body = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert SCRIPT in body and "bell and vertical tab" in body
    assert HOSTILE_LABEL in cells
    with zipfile.ZipFile(out) as archive:
        etree.fromstring(archive.read("word/document.xml"))  # well-formed XML


def test_json_keeps_the_text_exactly(
    hostile: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = export(capsys, hostile, tmp_path / "theme.json", "json")
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["rows"][0]["label"] == HOSTILE_LABEL
    assert {q["text"] for q in document["rows"][0]["quotes"]} == set(ANSWERS)
