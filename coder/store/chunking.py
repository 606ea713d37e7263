"""IN (...) lists cut to a size every supported database accepts."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

IN_CHUNK = 900
"""Values per IN (...) list: below SQLite's default limit of 999 bound parameters per query."""


def chunks(values: Sequence[T], size: int = IN_CHUNK) -> Iterator[Sequence[T]]:
    """``values`` in consecutive slices of at most ``size`` (for one IN list each)."""
    for start in range(0, len(values), size):
        yield values[start : start + size]
