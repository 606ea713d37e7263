"""Reliability data from elsewhere: a CSV with one row per unit and one column per coder.

Header ``unit,CODER1,CODER2,...``; an empty cell is a missing value (that coder did not code
that unit). Used by ``coder agreement --matrix FILE``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coder.agreement.estimate import alpha_band
from coder.agreement.metrics import Level, nominal_summary
from coder.agreement.report import flatten_estimates, p_below
from coder.errors import InputError


@dataclass
class Matrix:
    """Units (row labels), coders (column names) and cells (None = missing)."""

    path: str
    units: list[str]
    coders: list[str]
    cells: list[list[str | None]]


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError("error.file.unreadable", file=path, reason=exc.strerror) from None
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def read_matrix(path: str | Path) -> Matrix:
    """Read and check a reliability-data CSV (comma, semicolon or tab separated)."""
    p = Path(path)
    text = _read_text(p)
    if not text.strip():
        raise InputError("error.file.empty", file=p)
    first = text.splitlines()[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    header = [h.strip() for h in rows[0]]
    if len(header) < 3 or header[0].lower() != "unit":
        raise InputError("error.matrix.header", file=p, header=",".join(header))
    coders = header[1:]
    dup = {c for c in coders if coders.count(c) > 1}
    if dup or any(not c for c in coders):
        raise InputError("error.matrix.coder_names", file=p)
    units: list[str] = []
    cells: list[list[str | None]] = []
    seen: dict[str, int] = {}
    for line_no, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise InputError(
                "error.matrix.cells", file=p, row=line_no, n=len(row), header=len(header)
            )
        row = row + [""] * (len(header) - len(row))
        unit = row[0].strip()
        if not unit:
            raise InputError("error.matrix.no_unit", file=p, row=line_no)
        if unit in seen:
            raise InputError(
                "error.matrix.unit_twice", file=p, row=line_no, unit=unit, first=seen[unit]
            )
        seen[unit] = line_no
        units.append(unit)
        cells.append([c.strip() or None for c in row[1:]])
    if not units:
        raise InputError("error.matrix.no_units", file=p)
    return Matrix(str(p), units, coders, cells)


def check_numeric(matrix: Matrix) -> list[list[float | None]]:
    """The cells as numbers, or an error naming the row, column and value that is not one."""
    out: list[list[float | None]] = []
    for r, (unit, row) in enumerate(zip(matrix.units, matrix.cells, strict=True)):
        nums: list[float | None] = []
        for coder, cell in zip(matrix.coders, row, strict=True):
            if cell is None:
                nums.append(None)
                continue
            try:
                nums.append(float(cell.replace(",", ".")))
            except ValueError:
                raise InputError(
                    "error.matrix.not_a_number",
                    file=matrix.path,
                    unit=unit,
                    row=r + 2,
                    coder=coder,
                    value=cell,
                ) from None
        out.append(nums)
    return out


def matrix_report(
    matrix: Matrix, level: Level = "nominal", *, n_boot: int = 1000, seed: int = 0
) -> dict[str, Any]:
    """The `coder agreement --matrix --json` document."""
    data: list[list[Any]] = (
        [list(r) for r in check_numeric(matrix)]
        if level != "nominal"
        else [list(r) for r in matrix.cells]
    )
    est = nominal_summary(data, level, n_boot=n_boot, seed=seed)
    alpha = est["krippendorff_alpha"]
    doc: dict[str, Any] = {
        "file": matrix.path,
        "units": len(matrix.units),
        "coders": len(matrix.coders),
        "coder_names": matrix.coders,
        "level": level,
        "pairable_units": int(alpha.extra.get("n_units", 0)),
    }
    doc.update(flatten_estimates(est))
    doc["interpretation"] = alpha_band(alpha.value)
    below = p_below(alpha)
    if below:
        doc["alpha_p_below"] = below
    return doc
