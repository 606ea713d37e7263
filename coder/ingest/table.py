"""Read a CSV, TSV or XLSX file into a plain table of strings.

Everything downstream (tool recognition, long/wide shapes) works on this one structure, so
each file type is handled in exactly one place. Row numbers are those a spreadsheet shows:
the header is row 1.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coder.errors import InputError, Message
from coder.ingest.safety import check_cells, check_file_size, check_zip
from coder.ingest.sniff import decode, kind_name, sniff_delimiter, sniff_kind

TEXT_SUFFIXES = {".csv", ".tsv", ".txt", ".tab"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}


@dataclass
class Table:
    """A header row and data rows, every cell a string ('' when empty)."""

    name: str
    header: list[str]
    rows: list[list[str]]
    first_row: int = 2  # spreadsheet row number of rows[0]
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    extra_header: list[list[str]] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)  # the file's own headings, when renamed

    def row_number(self, index: int) -> int:
        """Spreadsheet row number of rows[index]."""
        return self.first_row + index

    def _matches(self, wanted: str) -> list[int]:
        """Columns named ``wanted``: exactly, then ignoring case and outer spaces; the name
        coder gives a column first, then the file's own heading (LimeSurvey's 'id. Response ID'
        is found as 'id' and as itself)."""
        folded = wanted.strip().casefold()
        for names in (self.header, self.aliases):
            matches = [i for i, h in enumerate(names) if h == wanted]
            if not matches:
                matches = [i for i, h in enumerate(names) if h.strip().casefold() == folded]
            if matches:
                return matches
        return []

    def column(self, wanted: str, option: str = "") -> int:
        """Index of a column by name (see `_matches`)."""
        matches = self._matches(wanted)
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise (
                InputError(
                    "error.ingest.column_twice_option", file=self.name, column=wanted, option=option
                )
                if option
                else InputError("error.ingest.column_twice", file=self.name, column=wanted)
            )
        shown = ", ".join(repr(h) for h in self.header[:30])
        more = ", ..." if len(self.header) > 30 else ""
        raise (
            InputError(
                "error.ingest.no_column_option",
                file=self.name,
                column=wanted,
                option=option,
                shown=shown + more,
            )
            if option
            else InputError(
                "error.ingest.no_column", file=self.name, column=wanted, shown=shown + more
            )
        )

    def has_column(self, wanted: str) -> bool:
        return bool(self._matches(wanted))


def _cell(value: Any) -> str:
    """Spreadsheet value as the text a person sees (1.0 -> '1', dates in ISO form)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _finish(name: str, records: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """Split off the header, pad short rows, drop fully empty trailing rows."""
    while records and not any(c.strip() for c in records[-1]):
        records.pop()
    if not records or not any(c.strip() for c in records[0]):
        raise InputError("error.ingest.no_header", file=name)
    header = [h.strip() for h in records[0]]
    # trailing unnamed columns go, unless the next row fills them (SurveyMonkey leaves the
    # heading blank over a question's further answer columns)
    second = records[1] if len(records) > 1 else []
    while header and not header[-1]:
        last = len(header) - 1
        if last < len(second) and second[last].strip():
            break
        header.pop()
    width = len(header)
    check_cells(name, header, records[1:], 2)
    rows: list[list[str]] = []
    for index, record in enumerate(records[1:]):
        if len(record) > width and any(c.strip() for c in record[width:]):
            raise InputError(
                "error.ingest.cells", file=name, row=index + 2, n=len(record), width=width
            )
        if len(record) < width:
            record = record + [""] * (width - len(record))
        rows.append(record[:width])
    return header, rows


def read_delimited(path: Path, encoding: str | None = None) -> Table:
    """Read CSV/TSV with detected encoding and delimiter; quoted line breaks are kept."""
    name = path.name
    data = path.read_bytes()
    if not data.strip():
        raise InputError("error.file.empty", file=name)
    text, used = decode(data, name, encoding)
    if "\r" in text and "\n" not in text:
        text = text.replace("\r", "\n")  # old Mac line ends ("CSV (Macintosh)" from Excel)
    first_line = text[: text.find("\n") + 1 or len(text)].strip()
    if len(first_line) == 5 and first_line.lower().startswith("sep="):
        delimiter = first_line[4]  # Excel's delimiter hint; Excel hides this line
        text = text[text.find("\n") + 1 :]
    else:
        delimiter = sniff_delimiter(text, path.suffix.lower())
    records = _parse_csv(name, text, delimiter)
    header, rows = _finish(name, records)
    return Table(name, header, rows, encoding=used, delimiter=delimiter)


def _parse_csv(name: str, text: str, delimiter: str) -> list[list[str]]:
    """Records of the text; a quote never closed or an overlong cell is an error naming its row.

    Read strictly first, so a quote left open (which would swallow the rest of the file into
    one cell) is caught; other strict complaints fall back to the lenient reading.
    """
    records: list[list[str]] = []
    try:
        records.extend(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
        return records
    except csv.Error as exc:
        row = len(records) + 1
        if "field limit" in str(exc):
            raise InputError(
                "error.ingest.cell_too_long_csv", file=name, row=row, limit=csv.field_size_limit()
            ) from exc
        if "unexpected end of data" in str(exc):
            raise InputError("error.ingest.open_quote", file=name, row=row) from exc
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise InputError("error.ingest.csv", file=name, reason=exc) from exc


def read_xlsx(path: Path, sheet: str | None = None) -> Table:
    """Read one sheet of an Excel workbook (the first unless `sheet` is given)."""
    import openpyxl

    name = path.name
    check_zip(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # BadZipFile, KeyError, XML errors: openpyxl raises many types
        raise InputError("error.ingest.xlsx", file=name, reason=_first_line(exc)) from exc
    try:
        if sheet is None:
            ws = book.worksheets[0]
        elif sheet in book.sheetnames:
            ws = book[sheet]
        else:
            names = ", ".join(repr(s) for s in book.sheetnames)
            raise InputError("error.ingest.no_sheet", file=name, sheet=sheet, names=names)
        ws.reset_dimensions()  # a forged used range (A1:XFD1048576) would pad every row
        records = [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
        title = ws.title
        filled = sum(1 for record in records if any(c.strip() for c in record))
        if sheet is None and len(book.sheetnames) > 1 and filled < 2:
            # a workbook whose answers are on another sheet: say which one was read
            names = ", ".join(repr(s) for s in book.sheetnames)
            raise InputError("error.ingest.first_sheet_empty", file=name, sheet=title, names=names)
    except InputError:
        raise
    except Exception as exc:  # the sheet's XML is parsed lazily, while rows are read
        raise InputError("error.ingest.xlsx", file=name, reason=_first_line(exc)) from exc
    finally:
        book.close()
    header, rows = _finish(f"{name} [{title}]" if sheet else name, records)
    return Table(name, header, rows, sheet=title)


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


_SUFFIX_KINDS = {
    **dict.fromkeys(EXCEL_SUFFIXES, "xlsx"),
    **dict.fromkeys(TEXT_SUFFIXES, "text"),
    ".qdpx": "qdpx",
    ".qde": "qde",
    ".qdc": "qdc",
    ".xls": "xls",
}


def _claimed(suffix: str) -> str | Message:
    """What the extension says the file is, for messages ('CSV', 'XLSX'...)."""
    if suffix in {".csv", ".tsv"}:
        return suffix[1:].upper()
    if suffix in EXCEL_SUFFIXES:
        return kind_name("xlsx")
    if suffix in _SUFFIX_KINDS:
        return kind_name(_SUFFIX_KINDS[suffix])
    return (
        Message("error.kind.suffix", suffix=suffix) if suffix else Message("error.kind.no_suffix")
    )


def check_kind(path: Path) -> str:
    """The file's real kind ('xlsx', 'text', 'qdpx', 'qde', 'qdc'), checked against its name.

    A file whose bytes are another format than its extension says gets one line naming the real
    format and what to do, instead of a decoding error from the wrong reader.
    """
    if not path.exists():
        raise InputError("error.file.missing", file=path)
    if path.is_dir():
        raise InputError("error.ingest.is_directory", file=path)
    suffix = path.suffix.lower()
    expected = _SUFFIX_KINDS.get(suffix, "text")
    if path.stat().st_size == 0:
        return expected  # the reader says the file is empty
    kind = sniff_kind(path)
    if kind == expected or (kind == "text" and suffix == ".xls"):
        return kind  # text saved as .xls (a TSV export) reads as text
    if kind == "zip" and expected == "xlsx":
        return expected  # a damaged workbook: the XLSX reader says what is wrong with it
    name, real = path.name, kind_name(kind)
    mismatch = Message("error.ingest.mismatch", name=name, real=real, claimed=_claimed(suffix))
    if kind == "xlsx":
        raise InputError("error.ingest.rename_xlsx", mismatch=mismatch)
    if kind == "text":
        raise InputError("error.ingest.rename_csv", mismatch=mismatch)
    if kind in ("qdpx", "qde"):
        new = path.with_suffix(f".{kind}").name
        raise InputError("error.ingest.rename_refi", mismatch=mismatch, kind=kind, new=new)
    if kind == "qdc":
        new = path.with_suffix(".qdc").name
        raise InputError("error.ingest.rename_qdc", mismatch=mismatch, new=new)
    if kind == "xls":
        raise InputError("error.ingest.old_xls", mismatch=mismatch)
    if kind == "html":
        raise InputError("error.ingest.save_as", mismatch=mismatch)
    raise InputError("error.ingest.only_tables", mismatch=mismatch)


def read_table(path: Path, sheet: str | None = None, encoding: str | None = None) -> Table:
    """Read any supported file, by what its bytes are (checked against its extension)."""
    kind = check_kind(path)
    check_file_size(path)
    if kind == "qdc":
        raise InputError("error.ingest.is_qdc", file=path.name)
    if kind in ("qdpx", "qde"):
        raise InputError("error.ingest.is_refi", file=path.name, kind=kind_name(kind))
    if kind == "xlsx":
        return read_xlsx(path, sheet)
    if sheet is not None:
        raise InputError("error.ingest.sheet_xlsx_only", file=path.name)
    return read_delimited(path, encoding)
