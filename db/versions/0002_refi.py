"""coded segments: start and end offsets on codings

Revision ID: 0002
Revises: 0001

A coding may cover part of an answer (a segment from another QDA tool, kept exactly): two
nullable character offsets on ``codings``. NULL offsets are a whole-answer coding, which
stays unique per answer, code and coder; segments are unique per answer, code, coder and
offsets, so one coder may code several parts of an answer with the same code. Partial
unique indexes say both (SQLite and PostgreSQL support them); a plain index on answer, code
and coder keeps the lookups by answer that the old unique constraint served.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WHOLE = sa.text("start_offset IS NULL")
_SEGMENT = sa.text("start_offset IS NOT NULL")


def upgrade() -> None:
    with op.batch_alter_table("codings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("start_offset", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("end_offset", sa.Integer(), nullable=True))
        batch_op.drop_constraint("uq_coding", type_="unique")
    # the unique constraint served every lookup by answer; partial indexes do not
    op.create_index("ix_codings_answer", "codings", ["answer_id", "code_id", "coder_id"])
    op.create_index(
        "uq_coding_whole",
        "codings",
        ["answer_id", "code_id", "coder_id"],
        unique=True,
        sqlite_where=_WHOLE,
        postgresql_where=_WHOLE,
    )
    op.create_index(
        "uq_coding_segment",
        "codings",
        ["answer_id", "code_id", "coder_id", "start_offset", "end_offset"],
        unique=True,
        sqlite_where=_SEGMENT,
        postgresql_where=_SEGMENT,
    )


def downgrade() -> None:
    op.execute("DELETE FROM codings WHERE start_offset IS NOT NULL")
    op.drop_index("uq_coding_segment", table_name="codings")
    op.drop_index("uq_coding_whole", table_name="codings")
    op.drop_index("ix_codings_answer", table_name="codings")
    with op.batch_alter_table("codings", schema=None) as batch_op:
        batch_op.create_unique_constraint("uq_coding", ["answer_id", "code_id", "coder_id"])
        batch_op.drop_column("end_offset")
        batch_op.drop_column("start_offset")
