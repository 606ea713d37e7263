"""roles: who leads a project (opens reconciliation, changes codebook structure)

Revision ID: 0003
Revises: 0002

One table, ``roles``: a coder's role in the project (``lead`` or ``coder``), who gave it and
when. A project with no row in it has no lead, and everyone acts as one (a solo analyst).
Phases need no column: a question is ``reconciling`` once its reconciliation setting is set.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "roles",
        sa.Column("coder_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("set_by", sa.String(length=200), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["coder_id"], ["coders.id"]),
        sa.PrimaryKeyConstraint("coder_id"),
    )


def downgrade() -> None:
    op.drop_table("roles")
