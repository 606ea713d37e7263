"""Coded segments: codings of part of an answer, by character offsets, per coder.

A segment is a row of ``codings`` with ``start_offset``/``end_offset`` set (a whole-answer
coding has both NULL). Everything that counts answers (theme tables, agreement, the TUI's
code sets) reads ``codings`` without looking at offsets, so a segment makes its answer carry
the code once, however many segments of that code the answer has. This module holds the
queries and commands that do look at offsets: REFI-QDA import and export, quotes of the
coded text, the TUI's highlighting.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from coder.store.chunking import chunks
from coder.store.models import Answer, Coder, CodeRecord, Coding, utcnow
from coder.store.rows import plain_rows


class Segment(NamedTuple):
    """A coding of ``text[start:end]`` of an answer; ``start is None`` for the whole answer.

    A named tuple: an export reads one per coding, hundreds of thousands at survey scale."""

    answer_id: int
    code_id: int
    coder: str
    start: int | None
    end: int | None


def add_codings(
    session: Session,
    codings: Iterable[tuple[int, int, int, int | None, int | None]],
    *,
    source: str = "qdpx",
) -> int:
    """Insert (answer id, code id, coder id, start, end) codings not there yet (``None``
    offsets: the whole answer); returns how many were new. Offsets are kept exactly."""
    wanted = set(codings)
    if not wanted:
        return 0
    answer_ids = sorted({c[0] for c in wanted})
    existing: set[tuple[int, int, int, int | None, int | None]] = set()
    for chunk in chunks(answer_ids):
        existing.update(
            (a, c, k, s, e)
            for a, c, k, s, e in session.execute(
                select(
                    Coding.answer_id,
                    Coding.code_id,
                    Coding.coder_id,
                    Coding.start_offset,
                    Coding.end_offset,
                ).where(Coding.answer_id.in_(chunk))
            )
        )
    new = sorted(wanted - existing, key=lambda c: (c[0], c[1], c[2], c[3] or -1, c[4] or -1))
    if new:
        now = utcnow()
        session.execute(
            insert(Coding),
            [
                {
                    "answer_id": aid,
                    "code_id": code_id,
                    "coder_id": coder_id,
                    "start_offset": begin,
                    "end_offset": end,
                    "source": source,
                    "created_at": now,
                }
                for aid, code_id, coder_id, begin, end in new
            ],
        )
    return len(new)


def codings_with_offsets(session: Session, question_ids: list[str]) -> list[Segment]:
    """Every coding of active codes on the questions' answers, whole-answer ones included."""
    found: list[Segment] = []
    for chunk in chunks(question_ids):
        rows = plain_rows(
            session,
            select(
                Coding.answer_id,
                Coding.code_id,
                Coder.name,
                Coding.start_offset,
                Coding.end_offset,
            )
            .join(Answer, Coding.answer_id == Answer.id)
            .join(Coder, Coding.coder_id == Coder.id)
            .join(CodeRecord, Coding.code_id == CodeRecord.id)
            .where(Answer.question_id.in_(chunk), CodeRecord.status == "active")
            .order_by(Coding.answer_id, Coding.start_offset, Coding.code_id),
        )
        found += map(Segment._make, rows)
    return found


def segment_spans(session: Session, answer_id: int, coder: str | None = None) -> list[Segment]:
    """The segments (not whole-answer codings) on one answer, by one coder or by everyone."""
    query = (
        select(Coding.answer_id, Coding.code_id, Coder.name, Coding.start_offset, Coding.end_offset)
        .join(Coder, Coding.coder_id == Coder.id)
        .where(Coding.answer_id == answer_id, Coding.start_offset.is_not(None))
        .order_by(Coding.start_offset, Coding.end_offset)
    )
    if coder is not None:
        query = query.where(Coder.name == coder)
    return list(map(Segment._make, session.execute(query)))


def segment_quotes(
    session: Session, question_id: str, coder: str, answer_ids: Iterable[int]
) -> dict[tuple[int, str], list[tuple[int, int]]]:
    """(answer id, code key) -> the coder's segments' (start, end), for quoting coded text."""
    wanted = sorted(set(answer_ids))
    spans: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)
    for chunk in chunks(wanted):
        rows = session.execute(
            select(Coding.answer_id, CodeRecord.key, Coding.start_offset, Coding.end_offset)
            .join(Coder, Coding.coder_id == Coder.id)
            .join(CodeRecord, Coding.code_id == CodeRecord.id)
            .join(Answer, Coding.answer_id == Answer.id)
            .where(
                Answer.question_id == question_id,
                Coder.name == coder,
                Coding.answer_id.in_(chunk),
                Coding.start_offset.is_not(None),
            )
            .order_by(Coding.start_offset)
        )
        for aid, key, begin, end in rows:
            if begin is not None and end is not None:
                spans[(aid, key)].append((begin, end))
    return dict(spans)


def quote_of(text: str, spans: list[tuple[int, int]]) -> str:
    """The coded parts of ``text``, joined by an ellipsis (the whole text when no span)."""
    parts = [text[max(0, b) : max(0, e)].strip() for b, e in spans]
    parts = [p for p in parts if p]
    return " … ".join(parts) if parts else text
