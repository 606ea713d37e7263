"""Theme tables and code matrices as an XLSX workbook with real formatting.

One sheet per question (bold header row, frozen, widths set, long texts wrapped, shares as
percentages), plus a 0/1 code matrix sheet per question with respondent attributes for R or
SPSS. openpyxl's write-only mode keeps a 100,000-answer matrix fast and small in memory. Every
text cell is made inert (see `cells`), numbers are written as numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from coder.errors import InputError
from coder.export.cells import safe_value
from coder.export.matrix import CodeMatrix
from coder.export.table import ThemeTable
from coder.export.words import word

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_name(name: str, used: set[str]) -> str:
    """A valid, unique worksheet name (at most 31 characters, no []:*?/\\)."""
    base = _BAD_SHEET_CHARS.sub("_", name).strip("'") or "Sheet"
    candidate, n = base[:31], 1
    while candidate.casefold() in used:
        n += 1
        suffix = f" ({n})"
        candidate = base[: 31 - len(suffix)] + suffix
    used.add(candidate.casefold())
    return candidate


class _Styles:
    """The few styles the workbook uses, made once."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.header_font = Font(bold=True, color="FFFFFF")
        self.header_fill = PatternFill("solid", fgColor="305496")
        self.header_align = Alignment(wrap_text=True, vertical="center")
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.top = Alignment(vertical="top")
        self.bold = Font(bold=True)
        self.italic = Font(italic=True)
        self.rule = Border(top=Side(style="thin", color="808080"))
        self.indents = [Alignment(indent=i * 2, vertical="top", wrap_text=True) for i in range(8)]


def _cell(ws: Any, value: Any, **style: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=safe_value(value))
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _header(ws: Any, styles: _Styles, names: Sequence[str]) -> list[Any]:
    return [
        _cell(
            ws,
            name,
            font=styles.header_font,
            fill=styles.header_fill,
            alignment=styles.header_align,
        )
        for name in names
    ]


def _widths(ws: Any, widths: Sequence[float]) -> None:
    from openpyxl.utils import get_column_letter

    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width


def _theme_sheet(wb: Any, table: ThemeTable, name: str, styles: _Styles) -> None:
    lang = table.lang
    ws = wb.create_sheet(name)
    header = [word("theme", lang), word("code", lang), word("answers", lang), word("share", lang)]
    widths: list[float] = [48, 22, 10, 10]
    if table.nested:
        header.append(word("with_subcodes", lang))
        widths.append(12)
    for group in table.groups:
        header += [f"{group} (n={table.group_sizes[group]})", f"{group} %"]
        widths += [14, 10]
    header += [word("points", lang), word("quotes", lang)]
    widths += [60, 60]
    _widths(ws, widths)
    ws.freeze_panes = "C2"
    ws.append(_header(ws, styles, header))
    for row in table.rows:
        cells = [
            _cell(ws, row.label, alignment=styles.indents[min(row.depth, 7)]),
            _cell(ws, row.code, alignment=styles.top),
            _cell(ws, row.count, alignment=styles.top),
            _cell(ws, row.share, number_format="0.0%", alignment=styles.top),
        ]
        if table.nested:
            cells.append(_cell(ws, row.count_with_subcodes, alignment=styles.top))
        for group in table.groups:
            g = row.groups[group]
            cells += [
                _cell(ws, g.count, alignment=styles.top),
                _cell(ws, g.share, number_format="0.0%", alignment=styles.top),
            ]
        cells += [
            _cell(ws, "\n".join(f"• {p}" for p in row.points), alignment=styles.wrap),
            _cell(ws, "\n\n".join(f"“{q.text}”" for q in row.quotes), alignment=styles.wrap),
        ]
        ws.append(cells)
    for key, count in (
        ("no_code", table.no_code),
        ("several", table.several_codes),
        ("not_coded", table.not_coded),
    ):
        cells = [
            _cell(ws, word(key, lang), font=styles.italic, border=styles.rule),
            _cell(ws, "", border=styles.rule),
            _cell(ws, count, border=styles.rule),
            _cell(
                ws,
                round(count / table.answers, 4) if table.answers else 0.0,
                number_format="0.0%",
                border=styles.rule,
            ),
        ]
        if table.nested:
            cells.append(_cell(ws, "", border=styles.rule))
        for group in table.groups:
            extra = table.no_code_groups.get(group) if key == "no_code" else None
            cells += [
                _cell(ws, extra.count if extra else "", border=styles.rule),
                _cell(ws, extra.share if extra else "", number_format="0.0%", border=styles.rule),
            ]
        ws.append(cells)
    ws.append([])
    ws.append([_cell(ws, f"{table.question}: {table.question_text}", font=styles.bold)])
    ws.append([_cell(ws, f"{word('coder', lang)}: {table.coder}")])
    ws.append([_cell(ws, word("notes", lang), font=styles.bold)])
    for note in table.notes:
        ws.append([_cell(ws, note)])


def _rows_sheet(
    wb: Any,
    name: str,
    header: Sequence[str],
    records: Iterable[Sequence[object]],
    styles: _Styles,
    widths: Sequence[float] | None = None,
) -> None:
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(name)
    _widths(ws, widths or [max(10.0, min(40.0, len(str(h)) + 4.0)) for h in header])
    ws.freeze_panes = "B2"
    ws.append(_header(ws, styles, header))
    count = 0
    for record in records:
        ws.append([safe_value(v) for v in record])
        count += 1
    if header:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count + 1}"


def _save(wb: Any, path: Path) -> None:
    try:
        wb.save(path)
    except OSError as exc:
        raise InputError(f"{path}: cannot write the file ({exc.strerror})") from exc


def write_theme_xlsx(
    path: Path, tables: list[ThemeTable], matrices: list[CodeMatrix] | None = None
) -> None:
    """A workbook: one theme sheet per question, then one code matrix sheet per question."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    styles = _Styles()
    used: set[str] = set()
    for table in tables:
        _theme_sheet(wb, table, sheet_name(table.question, used), styles)
    for matrix in matrices or []:
        _rows_sheet(
            wb,
            sheet_name(f"Matrix {matrix.question}", used),
            matrix.header(),
            matrix.records(),
            styles,
        )
    _save(wb, path)


def write_rows_xlsx(
    path: Path, sheets: list[tuple[str, Sequence[str], Iterable[Sequence[object]]]]
) -> None:
    """A workbook of plain tables (code matrix, quotes): (sheet name, header, rows) each."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    styles = _Styles()
    used: set[str] = set()
    for name, header, records in sheets:
        widths = [60.0 if h == "text" else max(10.0, min(40.0, len(h) + 4.0)) for h in header]
        _rows_sheet(wb, sheet_name(name, used), header, records, styles, widths)
    _save(wb, path)
