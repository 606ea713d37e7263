"""The consensus coder's reads and writes, so that reconciliation (``coder.agreement.reconcile``)
speaks no SQL: who may hold the consensus, opening reconciliation, and writing a decision.

Each function works inside the caller's transaction; one decision is one transaction and one
event, written through ``coder.store.actions``.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from coder.errors import ConflictError, InputError
from coder.store.actions import code_by_key, get_answer, log_event, set_codes
from coder.store.codebooks import active_codes
from coder.store.models import Coder
from coder.store.project import set_setting
from coder.store.queries import RECONCILIATION_SETTING, reconciliation_open, require_question
from coder.store.roles import require_reconciliation

CONSENSUS = "consensus"
"""The default name of the coder that holds a question's reconciled codes."""


def refuse_analyst_as_consensus(session: Session, name: str) -> None:
    """Refuse to write consensus codings under an analyst's name (a new name is fine)."""
    is_consensus = session.scalar(select(Coder.is_consensus).where(Coder.name == name))
    if is_consensus is not None and not is_consensus:
        raise ConflictError("error.store.coder_is_analyst", name=name)


def question_of_answer(session: Session, answer_id: int) -> str:
    """The question an answer belongs to (NotFoundError for an unknown answer id)."""
    return get_answer(session, answer_id).question_id


def active_code_ids(session: Session, question_id: str) -> dict[str, int]:
    """Code key -> code record id of the question's active codes."""
    return {code.key: code.id for code in active_codes(session, question_id)}


def decide_consensus(
    session: Session,
    answer_id: int,
    question_id: str,
    keys: Iterable[str],
    *,
    consensus: str,
    decided_by: str,
    rationale: str | None,
) -> None:
    """Make the consensus coder's codes on an answer exactly ``keys``, with who decided and
    why (one ``codes.set`` event). An unknown key is a NotFoundError, a retired or merged
    code an InputError; either way nothing is written."""
    records = [code_by_key(session, question_id, key) for key in sorted(keys)]
    for record in records:
        if record.status != "active":
            raise InputError(
                "error.store.consensus_merged"
                if record.status == "merged"
                else "error.store.consensus_retired",
                key=record.key,
            )
    set_codes(
        session,
        answer_id,
        consensus,
        [r.id for r in records],
        source="consensus",
        decided_by=decided_by,
        consensus=True,
        rationale=rationale,
    )


def open_reconciliation(session: Session, question_id: str, actor: str | None = None) -> None:
    """Lift blind coding for the question (a setting and one ``reconciliation.open`` event).

    ``actor``: refused unless a lead (``coder.store.roles``); opening twice writes nothing.
    """
    require_question(session, question_id)
    if actor is not None:
        require_reconciliation(session, actor)
    if reconciliation_open(session, question_id):
        return
    set_setting(session, RECONCILIATION_SETTING.format(question=question_id), "1")
    log_event(session, actor or "", "reconciliation.open", {}, question_id=question_id)
