"""Typed declarative models of a coder project.

Ids that come from the survey (question, respondent) and from codebooks (code keys) are
strings compared exactly; rows that coder creates itself get integer keys so that renaming a
code or a coder never rewrites history.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    """Timezone-aware now; stored the same way on SQLite and PostgreSQL."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base of every table."""

    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Setting(Base):
    """Project-wide key/value settings (project name, reconciliation state...)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class Question(Base):
    """An open question of the survey."""

    __tablename__ = "questions"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    title: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    answers: Mapped[list[Answer]] = relationship(back_populates="question")


class Respondent(Base):
    """One person who answered the survey."""

    __tablename__ = "respondents"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    attributes: Mapped[list[RespondentAttribute]] = relationship(
        back_populates="respondent", cascade="all, delete-orphan"
    )


class RespondentAttribute(Base):
    """An attribute of a respondent (university, staff group...) used to group theme tables."""

    __tablename__ = "respondent_attributes"

    respondent_id: Mapped[str] = mapped_column(
        ForeignKey("respondents.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")

    respondent: Mapped[Respondent] = relationship(back_populates="attributes")


class Answer(Base):
    """A respondent's answer to one question: the unit that gets coded."""

    __tablename__ = "answers"
    __table_args__ = (
        UniqueConstraint("respondent_id", "question_id", name="uq_answer_respondent_question"),
        Index("ix_answers_question_position", "question_id", "position"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    respondent_id: Mapped[str] = mapped_column(ForeignKey("respondents.id"), index=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id"))
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8), default="und")
    language_source: Mapped[str] = mapped_column(String(16), default="detected")
    position: Mapped[int] = mapped_column(Integer, default=0)
    source_file: Mapped[str | None] = mapped_column(Text, nullable=True)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    question: Mapped[Question] = relationship(back_populates="answers")
    respondent: Mapped[Respondent] = relationship()


class CodebookRecord(Base):
    """The codebook of a question. ``version`` grows with every edit of its codes."""

    __tablename__ = "codebooks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id"), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[dict[str, Any]] = mapped_column(default=dict)
    question_text: Mapped[dict[str, Any]] = mapped_column(default=dict)
    version: Mapped[int] = mapped_column(Integer, default=1)
    source: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    codes: Mapped[list[CodeRecord]] = relationship(
        back_populates="codebook", order_by="CodeRecord.position"
    )


class CodeRecord(Base):
    """One code of a codebook. Never deleted: retired or merged codes keep their codings' history."""

    __tablename__ = "codes"
    __table_args__ = (UniqueConstraint("codebook_id", "key", name="uq_code_codebook_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    codebook_id: Mapped[int] = mapped_column(ForeignKey("codebooks.id"), index=True)
    key: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("codes.id"), nullable=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    labels: Mapped[dict[str, Any]] = mapped_column(default=dict)
    definition: Mapped[dict[str, Any]] = mapped_column(default=dict)
    include: Mapped[dict[str, Any]] = mapped_column(default=dict)
    exclude: Mapped[dict[str, Any]] = mapped_column(default=dict)
    examples: Mapped[dict[str, Any]] = mapped_column(default=dict)
    keywords: Mapped[dict[str, Any]] = mapped_column(default=dict)
    colour: Mapped[str | None] = mapped_column(String(16), nullable=True)
    shortcut: Mapped[str | None] = mapped_column(String(16), nullable=True)
    codable: Mapped[bool] = mapped_column(Boolean, default=True)
    guid: Mapped[str | None] = mapped_column(String(64), nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="active")
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("codes.id"), nullable=True)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    codebook: Mapped[CodebookRecord] = relationship(back_populates="codes")

    def label(self, lang: str) -> str:
        """The label in ``lang``, falling back to another language, then the key."""
        from coder.codebook.model import pick

        return pick(dict(self.labels or {}), lang, self.key)


class CodeRevision(Base):
    """A snapshot of a code after each change: the history that renames, merges and splits keep."""

    __tablename__ = "code_revisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code_id: Mapped[int] = mapped_column(ForeignKey("codes.id"), index=True)
    codebook_version: Mapped[int] = mapped_column(Integer)
    revision: Mapped[int] = mapped_column(Integer)
    change: Mapped[str] = mapped_column(String(32))
    snapshot: Mapped[dict[str, Any]] = mapped_column(default=dict)
    changed_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Coder(Base):
    """An analyst who codes, or a consensus coder that holds reconciled codings."""

    __tablename__ = "coders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    is_consensus: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Coding(Base):
    """A code applied by a coder to an answer: the whole answer, or a segment of it."""

    __tablename__ = "codings"
    __table_args__ = (
        Index("ix_codings_coder_answer", "coder_id", "answer_id"),
        Index("ix_codings_code", "code_id"),
        # --- segments (revision 0002) ---
        Index("ix_codings_answer", "answer_id", "code_id", "coder_id"),
        Index(
            "uq_coding_whole",
            "answer_id",
            "code_id",
            "coder_id",
            unique=True,
            sqlite_where=text("start_offset IS NULL"),
            postgresql_where=text("start_offset IS NULL"),
        ),
        Index(
            "uq_coding_segment",
            "answer_id",
            "code_id",
            "coder_id",
            "start_offset",
            "end_offset",
            unique=True,
            sqlite_where=text("start_offset IS NOT NULL"),
            postgresql_where=text("start_offset IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id"))
    code_id: Mapped[int] = mapped_column(ForeignKey("codes.id"))
    coder_id: Mapped[int] = mapped_column(ForeignKey("coders.id"))
    source: Mapped[str] = mapped_column(String(16), default="manual")
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("coders.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # --- segments (revision 0002): character offsets of a coded part; NULL = whole answer ---
    start_offset: Mapped[int | None] = mapped_column(Integer, nullable=True)
    end_offset: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Review(Base):
    """That a coder has coded an answer (with or without codes), and whether it is a quote."""

    __tablename__ = "reviews"
    __table_args__ = (Index("ix_reviews_coder", "coder_id", "answer_id"),)

    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id"), primary_key=True)
    coder_id: Mapped[int] = mapped_column(ForeignKey("coders.id"), primary_key=True)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    starred: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Memo(Base):
    """An analyst's note on an answer, a code or a question (a code memo feeds the theme table)."""

    __tablename__ = "memos"
    __table_args__ = (Index("ix_memos_target", "target_type", "target_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    coder_id: Mapped[int] = mapped_column(ForeignKey("coders.id"))
    target_type: Mapped[str] = mapped_column(String(16))  # answer | code | question
    target_key: Mapped[str] = mapped_column(String(200))  # answer id, code id or question id
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Event(Base):
    """The append-only log of every change an analyst makes; undo/redo replay it."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_actor", "actor", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(64))
    question_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    answer_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    undoes: Mapped[int | None] = mapped_column(Integer, nullable=True)


# --- per-user TUI state (revision 0004) ----------------------------------------------------


class TuiPreference(Base):
    """A coder's own TUI settings kept in the project: interface language, queue order."""

    __tablename__ = "tui_preferences"

    coder_id: Mapped[int] = mapped_column(ForeignKey("coders.id"), primary_key=True)
    ui_lang: Mapped[str | None] = mapped_column(String(8), nullable=True)
    queue_order: Mapped[str | None] = mapped_column(String(16), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class TuiPosition(Base):
    """Where a coder was in a question when they last left it (reopening returns there)."""

    __tablename__ = "tui_positions"

    coder_id: Mapped[int] = mapped_column(ForeignKey("coders.id"), primary_key=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id"), primary_key=True)
    answer_id: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# --- roles (revision 0003) ------------------------------------------------------------------


class Role(Base):
    """A coder's role in the project: ``lead`` or ``coder`` (no row: a coder)."""

    __tablename__ = "roles"

    coder_id: Mapped[int] = mapped_column(ForeignKey("coders.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    set_by: Mapped[str] = mapped_column(String(200), default="")
    set_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
