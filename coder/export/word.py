"""Theme tables as a Word document in the style of a survey report.

Per question: a heading, the theme table (bold shaded header row, themes with sub-themes
indented, counts and percentages right-aligned), the bar chart, the summary points and quotes
per theme, and how the numbers are counted.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from coder.errors import InputError
from coder.export.escape import xml_text
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
    run = paragraph.add_run(xml_text(text))
    run.bold = bold
    run.italic = italic
    run.font.size = Pt(9)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if indent:
        paragraph.paragraph_format.left_indent = Pt(10 * indent)


def _repeat_header(row: Any) -> None:
    """Mark a table row as a header row that Word repeats on every page the table spans."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


def _table(document: Any, t: ThemeTable) -> None:
    """The theme table as the survey report shows one: a theme column, then n and % for all
    respondents and for each group (the group's name and size over its two columns)."""
    lang = t.lang
    blocks = [(f"{word('all', lang)} (n={t.answers})", 3 if t.nested else 2)]
    blocks += [(f"{group} (n={t.group_sizes[group]})", 2) for group in t.groups]
    sub = ["n", "%", *([word("with_subcodes", lang)] if t.nested else [])]
    sub += ["n", "%"] * len(t.groups)
    extra = [
        (word("no_code", lang), t.no_code, t.no_code_groups),
        (word("several", lang), t.several_codes, None),
        (word("not_coded", lang), t.not_coded, None),
    ]
    heads = 2
    table = document.add_table(rows=heads + len(t.rows) + len(extra), cols=1 + len(sub))
    table.style = "Table Grid"
    top, second = table.rows[0], table.rows[1]
    theme = top.cells[0].merge(second.cells[0])
    _set(theme, word("theme", lang), bold=True)
    column = 1
    for name, width in blocks:
        block = top.cells[column].merge(top.cells[column + width - 1]) if width > 1 else None
        _set(block or top.cells[column], name, bold=True, right=True)
        column += width
    for i, name in enumerate(sub, start=1):
        _set(second.cells[i], name, bold=True, right=True)
    for row in (top, second):
        _repeat_header(row)
        for cell in row.cells:
            _shade(cell, HEADER_SHADE)
    for r, row in enumerate(t.rows, start=heads):
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
    for r, (name, count, groups) in enumerate(extra, start=heads + len(t.rows)):
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


def _properties(document: Any, tables: list[ThemeTable], author: str | None) -> None:
    """The document's own core properties, not those of python-docx's template (author
    "python-docx", created 2013): title, author, subject and the time it was made."""
    now = datetime.now(UTC).replace(microsecond=0)
    props = document.core_properties
    first = tables[0] if tables else None
    title = (first.title if len(tables) == 1 and first else "") or word("theme", _lang(tables))
    who = author or (first.coder if first else "") or "coder"
    props.title = xml_text(title)
    props.subject = xml_text(", ".join(f"{t.question}: {t.question_text}" for t in tables))[:250]
    props.author = xml_text(who)
    props.last_modified_by = xml_text(who)
    props.created = now
    props.modified = now
    props.last_printed = now
    props.revision = 1
    props.comments = ""
    props.description = ""
    props.keywords = ""
    props.category = ""
    props.content_status = ""
    props.identifier = ""
    props.language = _lang(tables)
    props.version = ""


def _lang(tables: list[ThemeTable]) -> str:
    return tables[0].lang if tables else "en"


def _paragraph(document: Any, text: str, style: str | None = None) -> Any:
    return document.add_paragraph(xml_text(text), style=style)


def write_theme_docx(
    path: Path, tables: list[ThemeTable], charts: dict[str, bytes], author: str | None = None
) -> None:
    """A Word report: per question a numbered table caption, the table (theme, n, % overall
    and per group), its chart (PNG bytes by question), the points, quotes and notes."""
    from docx import Document
    from docx.shared import Cm, Pt

    document = Document()
    _properties(document, tables, author)
    for n, t in enumerate(tables):
        if n:
            document.add_page_break()
        lang = t.lang
        document.add_heading(xml_text(f"{t.question}: {t.question_text}"), level=1)
        facts = f"{word('coder', lang)}: {t.coder} · {word('respondents', lang)}: {t.answers}"
        if t.by:
            facts += f" · {word('by', lang)} {t.by}"
        _paragraph(document, facts)
        caption = _paragraph(
            document, f"{word('table', lang)} {n + 1}. {t.title or t.question_text}", "Caption"
        )
        caption.paragraph_format.keep_with_next = True
        _table(document, t)
        if t.suppressed_note:
            _paragraph(document, t.suppressed_note).runs[0].italic = True
        chart = charts.get(t.question)
        if chart:
            document.add_picture(io.BytesIO(chart), width=Cm(16))
        detail = [row for row in t.rows if row.points or row.quotes]
        if detail:
            document.add_heading(f"{word('points', lang)} · {word('quotes', lang)}", level=2)
            for row in detail:
                document.add_heading(xml_text(" > ".join(row.path)), level=3)
                for point in row.points:
                    _paragraph(document, point, "List Bullet")
                for quote in row.quotes:
                    _paragraph(document, f"“{quote.text}”", "Quote")
        document.add_heading(word("notes", lang), level=2)
        for note in t.other_notes:
            paragraph = _paragraph(document, note)
            for run in paragraph.runs:
                run.font.size = Pt(9)
    try:
        document.save(str(path))
    except OSError as exc:
        raise InputError("error.file.unwritable", file=path, reason=exc.strerror) from exc
