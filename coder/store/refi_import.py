"""The reads and writes of a REFI-QDA import that no other store module offers, so that the
importer (``coder.refi.importer``) maps the file and speaks no SQL.

Each works inside the import's one transaction.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from coder.store.actions import get_coder
from coder.store.chunking import chunks
from coder.store.models import Answer


def answer_ids_of(session: Session, question_ids: Iterable[str]) -> dict[tuple[str, str], int]:
    """(question id, respondent id) -> answer id of every answer to the questions, so that
    an import can place codings and notes on the answers it has just written."""
    session.flush()  # the Core connection below does not flush the import's pending rows
    connection = session.connection()  # Core rows: one per answer, no ORM handling
    found: dict[tuple[str, str], int] = {}
    for chunk in chunks(sorted(set(question_ids))):
        rows = connection.execute(
            select(Answer.id, Answer.question_id, Answer.respondent_id).where(
                Answer.question_id.in_(chunk)
            )
        )
        found.update({(qid, rid): aid for aid, qid, rid in rows})
    return found


def coder_ids(
    session: Session, names: Iterable[str], *, consensus: Collection[str] = ()
) -> dict[str, int]:
    """Name -> coder id, each coder created on first use. A name in ``consensus`` is a
    consensus coder (an existing analyst of that name becomes one: the file says so)."""
    found: dict[str, int] = {}
    for name in names:
        if name in found:
            continue
        record = get_coder(session, name, consensus=name in consensus)
        if name in consensus and not record.is_consensus:
            record.is_consensus = True
            session.flush()
        found[name] = record.id
    return found
