"""Limits that refuse a hostile or broken file before a parser spends memory or time on it.

A survey export is at most a few hundred megabytes, a workbook's parts expand a few dozen
times, an answer is at most a few pages: a file far beyond that is a mistake or an attack
(a zip bomb, a sparse file, a padding bomb), and is refused with a message saying which limit
it broke rather than exhausting the machine of every analyst sharing it.
"""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

from coder.errors import InputError, Message, Number

MAX_FILE_BYTES = 256 * 1024**2
"""The largest survey file read (CSV, TSV or XLSX on disk)."""
MAX_UNZIPPED_BYTES = 1024**3
"""The most a workbook may declare its parts expand to, all together."""
MAX_RATIO = 200
"""A part that expands more than this many times (and past ``RATIO_FLOOR``) is a zip bomb."""
RATIO_FLOOR = 16 * 1024**2
MAX_CELL_CHARS = 131_072
"""The longest cell read: Python's csv limit, four times Excel's own cell limit."""
MAX_CELLS = 20_000_000
"""The most cells a table may hold once its rows are padded to the header's width."""


def _size(n: int) -> Message:
    """``n`` bytes as a reader says it ("3.0 GiB", "3,0 GiB", "30 tavua")."""
    units = (("import.size.gib", 1024**3), ("import.size.mib", 1024**2), ("import.size.kib", 1024))
    for key, scale in units:
        if n >= scale:
            return Message(key, size=Number(n / scale, 1))
    return Message("import.size.bytes", n=n)


def check_file_size(path: Path, limit: int = MAX_FILE_BYTES) -> None:
    """Refuse a file larger than ``limit`` before reading it."""
    size = path.stat().st_size
    if size > limit:
        raise InputError(
            "error.ingest.file_too_big", file=path.name, size=_size(size), limit=_size(limit)
        )


def unsafe_member(name: str) -> bool:
    """Whether an archive member's name is absolute or climbs out of the archive (``../``)."""
    normal = name.replace("\\", "/")
    return (
        normal.startswith("/")
        or (len(normal) > 1 and normal[1] == ":")
        or ".." in PurePosixPath(normal).parts
    )


def check_zip(path: Path) -> None:
    """Refuse an archive whose declared sizes, ratios or member names are hostile.

    Only the central directory is read (what each member says it expands to), so a zip bomb
    is refused without inflating a byte of it. Anything that is not a zip is left to the
    reader, which says so in its own words.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return
    total = 0
    for info in infos:
        if unsafe_member(info.filename):
            raise InputError("error.ingest.zip_traversal", file=path.name, name=info.filename)
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InputError(
                "error.ingest.zip_bomb",
                file=path.name,
                name=info.filename,
                packed=_size(info.compress_size),
                size=_size(info.file_size),
            )
    if total > MAX_UNZIPPED_BYTES:
        raise InputError(
            "error.ingest.zip_expands",
            file=path.name,
            size=_size(total),
            limit=_size(MAX_UNZIPPED_BYTES),
        )


def check_cells(name: str, header: list[str], records: list[list[str]], first_row: int) -> None:
    """Refuse a table too large once padded, or one holding a cell longer than an answer can be."""
    width = max(len(header), 1)
    if len(records) * width > MAX_CELLS:
        raise InputError(
            "error.ingest.too_many_cells",
            file=name,
            rows=len(records),
            columns=width,
            limit=MAX_CELLS,
        )
    for index, record in enumerate(records):
        for column, cell in enumerate(record):
            if len(cell) > MAX_CELL_CHARS:
                label = header[column] if column < len(header) else f"#{column + 1}"
                raise InputError(
                    "error.ingest.cell_too_long",
                    file=name,
                    row=first_row + index,
                    column=label,
                    n=len(cell),
                    limit=MAX_CELL_CHARS,
                )
