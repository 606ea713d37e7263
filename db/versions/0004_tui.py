"""per-user TUI state (UI language, queue order, last position)

Revision ID: 0004
Revises: 0003

Two small tables: ``tui_preferences`` (a coder's interface language and queue order, switched
inside the app and remembered for the next session) and ``tui_positions`` (the answer a coder
was on in each question, so reopening returns there).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "tui_preferences",
        sa.Column("coder_id", sa.Integer(), nullable=False),
        sa.Column("ui_lang", sa.String(length=8), nullable=True),
        sa.Column("queue_order", sa.String(length=16), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["coder_id"], ["coders.id"]),
        sa.PrimaryKeyConstraint("coder_id"),
    )
    op.create_table(
        "tui_positions",
        sa.Column("coder_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=200), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["coder_id"], ["coders.id"]),
        sa.ForeignKeyConstraint(["question_id"], ["questions.id"]),
        sa.PrimaryKeyConstraint("coder_id", "question_id"),
    )


def downgrade() -> None:
    op.drop_table("tui_positions")
    op.drop_table("tui_preferences")
