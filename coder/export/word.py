"""Theme tables as a Word document in the style of a survey report.

Per question: a heading, the theme table (bold shaded header row, themes with sub-themes
indented, counts and percentages right-aligned), the bar chart, the summary points and quotes
per theme, and how the numbers are counted.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from coder.errors import InputError
from coder.export.table import ThemeTable
from coder.export.words import percent, word

HEADER_SHADE = "D9E2F3"


def _shade(cell: Any, colour: str) -> None:
    """Give a table cell a background colour (python-docx has no API for it)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    properties.append(shading)


def _set(
    cell: Any,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    right: bool = False,
    indent: int = 0,
) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold
    run.italic = italic
    run.font.size = Pt(9)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if indent:
        paragraph.paragraph_format.left_indent = Pt(10 * indent)


def _table(document: Any, t: ThemeTable) -> None:
    lang = t.lang
    header = [word("theme", lang), word("answers", lang), "%"]
    if t.nested:
        header.append(word("with_subcodes", lang))
    for group in t.groups:
        header += [f"{group} (n={t.group_sizes[group]})", "%"]
    extra = [
        (word("no_code", lang), t.no_code, t.no_code_groups),
        (word("several", lang), t.several_codes, None),
        (word("not_coded", lang), t.not_coded, None),
    ]
    table = document.add_table(rows=1 + len(t.rows) + len(extra), cols=len(header))
    table.style = "Table Grid"
    for i, name in enumerate(header):
        cell = table.rows[0].cells[i]
        _set(cell, name, bold=True, right=i > 0)
        _shade(cell, HEADER_SHADE)
    for r, row in enumerate(t.rows, start=1):
        cells = table.rows[r].cells
        _set(cells[0], row.label, bold=row.depth == 0 and row.has_children, indent=row.depth)
        values = [str(row.count), percent(row.share, lang)]
        if t.nested:
            values.append(str(row.count_with_subcodes))
        for group in t.groups:
            cell = row.groups[group]
            values += [str(cell.count), percent(cell.share, lang)]
        for i, value in enumerate(values, start=1):
            _set(cells[i], value, right=True)
    for r, (name, count, groups) in enumerate(extra, start=1 + len(t.rows)):
        cells = table.rows[r].cells
        _set(cells[0], name, italic=True)
        values = [str(count), percent(count / t.answers if t.answers else 0.0, lang)]
        if t.nested:
            values.append("")
        for group in t.groups:
            cell = groups.get(group) if groups else None
            values += [str(cell.count), percent(cell.share, lang)] if cell else ["", ""]
        for i, value in enumerate(values, start=1):
            _set(cells[i], value, right=True, italic=True)


def write_theme_docx(path: Path, tables: list[ThemeTable], charts: dict[str, bytes]) -> None:
    """A Word report: per question the table, its chart (PNG bytes by question), points, quotes."""
    from docx import Document
    from docx.shared import Cm, Pt

    document = Document()
    for n, t in enumerate(tables):
        if n:
            document.add_page_break()
        lang = t.lang
        document.add_heading(f"{t.question}: {t.question_text}", level=1)
        facts = f"{word('coder', lang)}: {t.coder} · {word('respondents', lang)}: {t.answers}"
        if t.by:
            facts += f" · {word('by', lang)} {t.by}"
        document.add_paragraph(facts)
        _table(document, t)
        if t.suppressed_groups:
            document.add_paragraph(
                f"{word('suppressed', lang)}: {', '.join(t.suppressed_groups)}"
            ).runs[0].italic = True
        chart = charts.get(t.question)
        if chart:
            document.add_picture(io.BytesIO(chart), width=Cm(16))
        detail = [row for row in t.rows if row.points or row.quotes]
        if detail:
            document.add_heading(f"{word('points', lang)} · {word('quotes', lang)}", level=2)
            for row in detail:
                document.add_heading(" > ".join(row.path), level=3)
                for point in row.points:
                    document.add_paragraph(point, style="List Bullet")
                for quote in row.quotes:
                    document.add_paragraph(f"“{quote.text}”", style="Quote")
        document.add_heading(word("notes", lang), level=2)
        for note in t.notes:
            paragraph = document.add_paragraph(note)
            for run in paragraph.runs:
                run.font.size = Pt(9)
    try:
        document.save(str(path))
    except OSError as exc:
        raise InputError(f"{path}: cannot write the file ({exc.strerror})") from exc
