"""coded segments (start and end offsets on codings)

Revision ID: 0002
Revises: 0001

Empty until its change lands; the revisions are chained ahead of time so that work on
several schema changes at once merges without two heads.
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
