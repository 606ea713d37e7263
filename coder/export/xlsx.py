"""Theme tables and code matrices as an XLSX workbook with real formatting.

One sheet per question (bold shaded header row, frozen panes, widths set, long texts wrapped,
shares as percentages), plus a 0/1 code matrix sheet per question with respondent attributes
for R or SPSS. XlsxWriter streams rows to disk (constant memory), which keeps a
100,000-answer matrix fast. Text is always written as a string cell, never parsed as a
formula, and formula-like text is also made inert (see `cells`); numbers are written as
numbers.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from coder.errors import InputError
from coder.export.cells import safe_text
from coder.export.matrix import CodeMatrix
from coder.export.table import ThemeTable
from coder.export.words import word

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


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


class _Book:
    """A workbook with the few formats the exports use, made once."""

    def __init__(self, path: Path) -> None:
        import xlsxwriter

        self.path = path
        self.wb = xlsxwriter.Workbook(
            str(path),
            {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
        )
        add = self.wb.add_format
        self.header = add(
            {
                "bold": True,
                "font_color": "#FFFFFF",
                "bg_color": "#305496",
                "text_wrap": True,
                "valign": "vcenter",
            }
        )
        self.top = add({"valign": "top"})
        self.wrap = add({"text_wrap": True, "valign": "top"})
        self.percent = add({"num_format": "0.0%", "valign": "top"})
        self.bold = add({"bold": True})
        self.italic_rule = add({"italic": True, "top": 1, "top_color": "#808080"})
        self.rule = add({"top": 1, "top_color": "#808080"})
        self.percent_rule = add({"num_format": "0.0%", "top": 1, "top_color": "#808080"})
        self.indents = [
            add({"indent": i * 2, "valign": "top", "text_wrap": True}) for i in range(8)
        ]
        self.used: set[str] = set()
        self.pending: dict[int, tuple[int, Sequence[Sequence[object]]]] = {}
        """Sheet number -> (columns, rows) still to write (see ``_rows_sheet``)."""

    def sheet(self, name: str) -> Any:
        return self.wb.add_worksheet(sheet_name(name, self.used))

    def close(self) -> None:
        try:
            self.wb.close()
            if self.pending:
                _fill_sheets(self.path, self.pending)
        except OSError as exc:
            raise InputError("error.file.unwritable", file=self.path, reason=exc.strerror) from exc


def _put(ws: Any, row: int, col: int, value: Any, fmt: Any = None) -> None:
    """One cell: numbers as numbers, anything else as inert text (never a formula)."""
    if value is None or value == "":
        if fmt is not None:
            ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, int | float):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_string(row, col, safe_text(str(value)), fmt)


def _header(ws: Any, book: _Book, names: Sequence[str], widths: Sequence[float]) -> None:
    for col, (name, width) in enumerate(zip(names, widths, strict=True)):
        ws.set_column(col, col, width)
        _put(ws, 0, col, name, book.header)


def _theme_sheet(book: _Book, table: ThemeTable) -> None:
    lang = table.lang
    ws = book.sheet(table.question)
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
    _header(ws, book, header, widths)
    ws.freeze_panes(1, 2)
    r = 0
    for r, row in enumerate(table.rows, start=1):
        cells: list[tuple[Any, Any]] = [
            (row.label, book.indents[min(row.depth, 7)]),
            (row.code, book.top),
            (row.count, book.top),
            (row.share, book.percent),
        ]
        if table.nested:
            cells.append((row.count_with_subcodes, book.top))
        for group in table.groups:
            g = row.groups[group]
            cells += [(g.count, book.top), (g.share, book.percent)]
        cells += [
            ("\n".join(f"• {p}" for p in row.points), book.wrap),
            ("\n\n".join(f"“{q.text}”" for q in row.quotes), book.wrap),
        ]
        for col, (value, fmt) in enumerate(cells):
            _put(ws, r, col, value, fmt)
    for key, count in (
        ("no_code", table.no_code),
        ("several", table.several_codes),
        ("not_coded", table.not_coded),
    ):
        r += 1
        extra: list[tuple[Any, Any]] = [
            (word(key, lang), book.italic_rule),
            ("", book.rule),
            (count, book.rule),
            (round(count / table.answers, 4) if table.answers else 0.0, book.percent_rule),
        ]
        if table.nested:
            extra.append(("", book.rule))
        for group in table.groups:
            cell = table.no_code_groups.get(group) if key == "no_code" else None
            extra += [
                (cell.count if cell else "", book.rule),
                (cell.share if cell else "", book.percent_rule),
            ]
        for col, (value, fmt) in enumerate(extra):
            _put(ws, r, col, value, fmt)
    r += 2
    _put(ws, r, 0, f"{table.question}: {table.question_text}", book.bold)
    _put(ws, r + 1, 0, f"{word('coder', lang)}: {table.coder}")
    _put(ws, r + 2, 0, word("notes", lang), book.bold)
    for i, note in enumerate(table.notes, start=r + 3):
        _put(ws, i, 0, note)


def _rows_sheet(
    book: _Book,
    name: str,
    header: Sequence[str],
    records: Sequence[Sequence[object]],
    widths: Sequence[float] | None = None,
) -> None:
    """A plain table: header and formats through XlsxWriter, the rows as sheet XML.

    A code matrix has millions of cells; writing their XML directly (see ``_rows_xml``) is
    several times faster than one library call per cell. ``_Book.close`` puts them in place.
    """
    ws = book.sheet(name)
    _header(ws, book, header, widths or [max(10.0, min(40.0, len(str(h)) + 4.0)) for h in header])
    ws.freeze_panes(1, 1)
    if header:
        ws.autofilter(0, 0, len(records), len(header) - 1)
    book.pending[len(book.used)] = (len(header), records)


def _column_letters(count: int) -> list[str]:
    from xlsxwriter.utility import xl_col_to_name

    return [xl_col_to_name(i) for i in range(count)]


def _rows_xml(width: int, records: Sequence[Sequence[object]]) -> str:
    """Rows 2.. of a sheet as SpreadsheetML: numbers as numbers, text inline and inert."""
    letters = _column_letters(width)
    parts: list[str] = []
    for r, record in enumerate(records, start=2):
        parts.append(f'<row r="{r}">')
        for letter, value in zip(letters, record, strict=False):
            if isinstance(value, bool):
                parts.append(f'<c r="{letter}{r}" t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, int | float):
                parts.append(f'<c r="{letter}{r}"><v>{value!r}</v></c>')
            elif value is not None and value != "":
                text = escape(_NOT_XML.sub("", safe_text(str(value))))
                parts.append(
                    f'<c r="{letter}{r}" t="inlineStr"><is><t xml:space="preserve">{text}'
                    "</t></is></c>"
                )
        parts.append("</row>")
    return "".join(parts)


def _fill_sheets(path: Path, pending: dict[int, tuple[int, Sequence[Sequence[object]]]]) -> None:
    """Put the pending rows into their sheets of the written workbook (and fix dimensions)."""
    temporary = path.with_name(path.name + ".tmp")
    try:
        _copy_filling(path, temporary, pending)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


def _copy_filling(
    path: Path, temporary: Path, pending: dict[int, tuple[int, Sequence[Sequence[object]]]]
) -> None:
    from xlsxwriter.utility import xl_rowcol_to_cell

    with (
        zipfile.ZipFile(path) as source,
        zipfile.ZipFile(
            temporary, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1
        ) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            match = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", info.filename)
            if match and int(match.group(1)) in pending:
                width, records = pending[int(match.group(1))]
                xml = data.decode("utf-8")
                last = xl_rowcol_to_cell(len(records), max(width - 1, 0))
                xml = re.sub(
                    r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{last}"/>', xml, count=1
                ).replace("<sheetData/>", "<sheetData></sheetData>")
                head, tail = xml.split("</sheetData>", 1)
                data = (head + _rows_xml(width, records) + "</sheetData>" + tail).encode("utf-8")
            target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)


def write_theme_xlsx(
    path: Path, tables: list[ThemeTable], matrices: list[CodeMatrix] | None = None
) -> None:
    """A workbook: one theme sheet per question, then one code matrix sheet per question."""
    book = _Book(path)
    for table in tables:
        _theme_sheet(book, table)
    for matrix in matrices or []:
        _rows_sheet(book, f"Matrix {matrix.question}", matrix.header(), matrix.records())
    book.close()


def write_rows_xlsx(
    path: Path, sheets: list[tuple[str, Sequence[str], Sequence[Sequence[object]]]]
) -> None:
    """A workbook of plain tables (code matrix, quotes): (sheet name, header, rows) each."""
    book = _Book(path)
    for name, header, records in sheets:
        widths = [60.0 if h == "text" else max(10.0, min(40.0, len(h) + 4.0)) for h in header]
        _rows_sheet(book, name, header, records, widths)
    book.close()
