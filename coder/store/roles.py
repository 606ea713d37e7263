"""Roles and phases: who may end blind coding and change a codebook's structure.

A project without a lead behaves as a solo analyst's: everyone acts as a lead. Once someone
is made lead (``coder role DB NAME lead``), only a lead opens reconciliation and merges,
splits, retires or moves codes on a question that other coders have coded; a coder may still
add codes and change wording. This is a working agreement between colleagues, not access
control: the project file holds everyone's work and anyone with the file can read it.

A question's phase is ``blind`` until reconciliation is opened for it, then ``reconciling``.
"""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from coder.errors import ConflictError, InputError, Message
from coder.store.actions import get_coder, log_event
from coder.store.models import Answer, Coder, Coding, Review, Role, utcnow

LEAD, CODER = "lead", "coder"
ROLES = (LEAD, CODER)
BLIND, RECONCILING = "blind", "reconciling"
STRUCTURE_KINDS = ("code.merge", "code.retire", "code.move", "code.split_reassign")


class RoleError(ConflictError):
    """An action that the project's roles reserve for a lead."""


def set_role(session: Session, name: str, role: str, *, actor: str = "") -> None:
    """Give ``name`` a role (the coder is created on first use); logged as an event."""
    if role not in ROLES:
        raise InputError("error.role.unknown", role=role, roles=", ".join(ROLES))
    name = name.strip()
    if not name:
        raise InputError("error.role.no_name")
    coder = get_coder(session, name)
    if coder.is_consensus:
        raise InputError("error.role.consensus", name=name)
    row = session.get(Role, coder.id)
    before = row.role if row is not None else CODER
    if row is None:
        session.add(Role(coder_id=coder.id, role=role, set_by=actor or name, set_at=utcnow()))
    else:
        row.role, row.set_by, row.set_at = role, actor or name, utcnow()
    session.flush()
    log_event(session, actor or name, "role.set", {"name": name, "before": before, "after": role})


def leads(session: Session) -> list[str]:
    """Names of the project's leads, sorted (empty: no lead, everyone acts as one)."""
    return sorted(
        session.scalars(
            select(Coder.name).join(Role, Role.coder_id == Coder.id).where(Role.role == LEAD)
        )
    )


def is_lead(session: Session, name: str) -> bool:
    """Whether ``name`` acts as a lead: named lead, or the project has no lead at all."""
    found = leads(session)
    return not found or name in found


def others_coded(session: Session, question_id: str, name: str) -> bool:
    """Whether an analyst other than ``name`` has coded (or marked done) an answer of the question."""
    others = select(Coder.id).where(Coder.name != name, Coder.is_consensus.is_(False))
    coded = exists().where(
        Coding.answer_id == Answer.id,
        Answer.question_id == question_id,
        Coding.coder_id.in_(others),
    )
    done = exists().where(
        Review.answer_id == Answer.id,
        Answer.question_id == question_id,
        Review.done.is_(True),
        Review.coder_id.in_(others),
    )
    return bool(session.scalar(select(coded)) or session.scalar(select(done)))


# What a non-lead was refused, said after "only a lead (...) can".
DOING_STRUCTURE = {
    "merge": Message("error.role.doing.merge"),
    "move": Message("error.role.doing.move"),
    "retire": Message("error.role.doing.retire"),
    "split": Message("error.role.doing.split"),
}
DOING_RECONCILE = Message("error.role.doing.reconcile")
DOING_DECIDE = Message("error.role.doing.decide")


def _refusal(session: Session, doing: Message) -> RoleError:
    return RoleError("error.role.lead_only", leads=", ".join(leads(session)), doing=doing)


def require_structure_change(session: Session, question_id: str, actor: str, verb: str) -> None:
    """Refuse a structural edit (merge, split, retire, move) by a non-lead on a shared question."""
    if not is_lead(session, actor) and others_coded(session, question_id, actor):
        raise _refusal(session, DOING_STRUCTURE[verb])


def require_reconciliation(session: Session, actor: str, doing: Message = DOING_RECONCILE) -> None:
    """Refuse opening reconciliation (ending blind coding), or deciding the consensus, to a
    non-lead."""
    if not is_lead(session, actor):
        raise _refusal(session, doing)


def phase(session: Session, question_id: str) -> str:
    """``blind`` until reconciliation of the question is opened, then ``reconciling``."""
    from coder.store.queries import reconciliation_open

    return RECONCILING if reconciliation_open(session, question_id) else BLIND


def coder_changes(
    session: Session, question_id: str, limit: int = 20
) -> list[tuple[str, str, str]]:
    """Codebook edits by coders who are not leads, newest first: (who, kind, code key).

    What a lead reviews in the codebook editor: codes added and wording changed by others.
    """
    from coder.store.models import Event

    lead_names = leads(session)
    if not lead_names:
        return []
    rows = session.execute(
        select(Event.actor, Event.kind, Event.payload)
        .where(
            Event.question_id == question_id,
            Event.kind.in_(("code.create", "code.rename", "code.edit")),
            Event.actor.not_in(lead_names),
        )
        .order_by(Event.id.desc())
        .limit(limit)
    )
    return [(actor, kind, str((payload or {}).get("key", ""))) for actor, kind, payload in rows]
