"""suggester provenance (auto-coding)

Revision ID: 0005
Revises: 0004

Empty until its change lands; the revisions are chained ahead of time so that work on
several schema changes at once merges without two heads.
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
