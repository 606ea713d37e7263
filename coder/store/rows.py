"""Rows as the database driver returns them, for the reads that return one row per answer.

SQLAlchemy wraps every row of a result (a ``Row``, its type processing, one call per row);
at survey scale, a hundred thousand answers or codings, that costs more than the query. These
queries select plain columns (integers and text), which the drivers already return as the
right Python values, so their rows are taken from the cursor in one call.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Executable
from sqlalchemy.orm import Session


def plain_rows(session: Session, query: Executable) -> list[tuple[Any, ...]]:
    """The rows of ``query`` (run in the session's transaction) as the driver's tuples."""
    result = session.connection().execute(query)
    rows = result.cursor.fetchall() if result.cursor is not None else []
    result.close()
    return list(rows)
