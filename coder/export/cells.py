"""Spreadsheet safety: no text we write to CSV or XLSX can run as a formula.

A spreadsheet treats a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some
programs, a tab or carriage return) as a formula; a survey answer like ``=HYPERLINK(...)``
would then run on the analyst's machine. Such text gets a leading apostrophe, the usual
neutralisation; numbers are left as numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_STARTS = frozenset(FORMULA_STARTS)


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula."""
    return text[:1] in _STARTS


def safe_text(text: str) -> str:
    """``text`` made inert for a spreadsheet (prefixed with ``'`` when formula-like)."""
    return "'" + text if text[:1] in _STARTS else text


def safe_value(value: Any) -> Any:
    """A cell value: numbers and booleans unchanged, None as '', any text made inert.

    Called for every cell of large exports, so the common cases come first.
    """
    if value.__class__ is str:
        return "'" + value if value[:1] in _STARTS else value
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    return safe_text(str(value))


class InertTexts(dict[str, str]):
    """Texts made inert, each once: ``inert[text]``. For the values a large table repeats on
    every row (code keys and paths, languages, attribute values)."""

    def __missing__(self, text: str) -> str:
        made = self[text] = "'" + text if text[:1] in _STARTS else text
        return made


_PLAIN = frozenset({int, float, bool, type(None)})


def safe_row(record: Iterable[Any]) -> list[Any]:
    """A row of cells for the csv module (which writes None as ""), every text made inert.

    The per-cell test is inlined: a 100,000-answer quotes table has over a million cells.
    """
    return [
        ("'" + v if v[:1] in _STARTS else v)
        if v.__class__ is str
        else v
        if v.__class__ in _PLAIN
        else safe_value(v)
        for v in record
    ]
