"""Theme tables and row-level tables as CSV, every text cell made inert for spreadsheets."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from coder.errors import InputError
from coder.export.cells import safe_row
from coder.export.table import ThemeTable
from coder.export.words import word

NOTE_ROW = "(note)"
"""The ``code`` of the rows after a question's table that say how it counts (text in
``label``): same columns as every row, so a script drops them with one filter."""


def theme_records(tables: list[ThemeTable]) -> tuple[list[str], list[list[object]]]:
    """The theme tables as one header and rows: per question the code rows, the honest-count
    rows (no code, several codes, not yet coded), then one row per note."""
    groups: list[str] = []
    for t in tables:
        groups += [g for g in t.groups if g not in groups]
    header = [
        "question",
        "code",
        "label",
        "parent",
        "depth",
        "count",
        "share",
        "count_with_subcodes",
        "answers",
        "coder",
    ]
    for group in groups:
        header += [f"{group} count", f"{group} share"]
    header += ["points", "quotes"]
    records: list[list[object]] = []
    for t in tables:
        for row in t.rows:
            record: list[object] = [
                t.question,
                row.code,
                row.label,
                row.parent or "",
                row.depth,
                row.count,
                row.share,
                row.count_with_subcodes,
                t.answers,
                t.coder,
            ]
            for group in groups:
                cell = row.groups.get(group)
                record += [cell.count, cell.share] if cell else ["", ""]
            record += ["\n".join(row.points), "\n".join(q.text for q in row.quotes)]
            records.append(record)
        for key, count in (
            ("no_code", t.no_code),
            ("several", t.several_codes),
            ("not_coded", t.not_coded),
        ):
            record = [
                t.question,
                word(key, "en"),
                word(key, t.lang),
                "",
                "",
                count,
                round(count / t.answers, 4) if t.answers else 0.0,
                "",
                t.answers,
                t.coder,
            ]
            for group in groups:
                cell = t.no_code_groups.get(group) if key == "no_code" else None
                record += [cell.count, cell.share] if cell else ["", ""]
            record += ["", ""]
            records.append(record)
        for text in t.notes:  # after the table, one row each, as a reader of it expects
            note_row: list[object] = [t.question, NOTE_ROW, text]
            records.append(note_row + [""] * (len(header) - 3))
    return header, records


def write_csv(
    path: Path, header: Sequence[str], records: Iterable[Sequence[object]], *, inert: bool = False
) -> None:
    """Write a UTF-8 CSV (no byte-order mark, so scripts read the first column name plainly).

    Every text cell is made inert for a spreadsheet here, unless ``inert`` says the records
    already are (the row tables' ``csv_records``, which do it once per repeated value)."""
    try:
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(safe_row(header))
            writer.writerows(records if inert else (safe_row(record) for record in records))
    except OSError as exc:
        raise InputError("error.file.unwritable", file=path, reason=exc.strerror) from exc
