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

from coder.codebook.model import Codebook
from coder.errors import ConflictError, InputError, Message
from coder.store.actions import get_coder, log_event
from coder.store.models import (
    Answer,
    CodebookRecord,
    Coder,
    CodeRecord,
    Coding,
    Event,
    Review,
    Role,
    utcnow,
)

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


def restructured_by(session: Session, question_id: str, codebook: Codebook) -> list[str]:
    """Keys of the question's active codes that attaching ``codebook`` would retire (absent
    from it), move (under another parent) or make a grouping node: the structural changes
    that ``coder.store.codebooks.attach_codebook`` makes. Empty for a first codebook."""
    rows = session.execute(
        select(CodeRecord.id, CodeRecord.key, CodeRecord.parent_id, CodeRecord.codable)
        .join(CodebookRecord, CodeRecord.codebook_id == CodebookRecord.id)
        .where(CodebookRecord.question_id == question_id, CodeRecord.status == "active")
    ).all()
    key_of = dict(
        session.execute(
            select(CodeRecord.id, CodeRecord.key)
            .join(CodebookRecord, CodeRecord.codebook_id == CodebookRecord.id)
            .where(CodebookRecord.question_id == question_id)
        ).all()
    )
    wanted = {
        code.id: (parent.id if parent else None, code.codable)
        for code, parent, _ in codebook.walk()
    }
    changed: list[str] = []
    for _id, key, parent_id, codable in rows:
        if key not in wanted:
            changed.append(key)
            continue
        parent, now_codable = wanted[key]
        if parent != (key_of.get(parent_id) if parent_id is not None else None) or (
            codable and not now_codable
        ):
            changed.append(key)
    return sorted(changed)


def used_by_others(
    session: Session, question_id: str, keys: list[str], actor: str | None
) -> list[str]:
    """Those of ``keys`` (codes of the question) that a coder other than ``actor``, the
    consensus included, has given to an answer: the codes other people's work hangs on
    (anybody's work, ``actor`` None)."""
    if not keys:
        return []
    others = select(Coder.id) if actor is None else select(Coder.id).where(Coder.name != actor)
    return sorted(
        session.scalars(
            select(CodeRecord.key)
            .distinct()
            .join(CodebookRecord, CodeRecord.codebook_id == CodebookRecord.id)
            .join(Coding, Coding.code_id == CodeRecord.id)
            .where(
                CodebookRecord.question_id == question_id,
                CodeRecord.key.in_(keys),
                Coding.coder_id.in_(others),
            )
        )
    )


def codebook_change_needing_lead(
    session: Session, question_id: str, codebook: Codebook, actor: str
) -> list[str]:
    """The codes that keep ``actor`` from attaching ``codebook`` to the question: those it
    would retire, move or make a grouping node that other coders have used, unless ``actor``
    acts as a lead (empty then, and always for a first codebook or codes only added)."""
    if is_lead(session, actor):
        return []
    return used_by_others(
        session, question_id, restructured_by(session, question_id, codebook), actor
    )


def restructured_in_use(session: Session, question_id: str, codebook: Codebook) -> list[str]:
    """Keys of the codes with codings (anybody's) that attaching ``codebook`` would retire,
    move or make a grouping node: what the analyst is told, lead or not, since those codings
    then drop out of the tables until the codes come back."""
    return used_by_others(
        session, question_id, restructured_by(session, question_id, codebook), None
    )


def require_codebook_change(
    session: Session, question_id: str, codebook: Codebook, actor: str
) -> None:
    """Refuse attaching ``codebook`` when it would retire or move codes that coders other
    than a non-lead ``actor`` have used (`codebook_change_needing_lead`), naming the codes:
    the one rule for `coder codebook add` and a REFI-QDA import alike."""
    blocked = codebook_change_needing_lead(session, question_id, codebook, actor)
    if blocked:
        raise RoleError(
            "error.role.codebook_lead_needed",
            n=len(blocked),
            codes=", ".join(repr(key) for key in blocked),
            question=question_id,
            leads=", ".join(leads(session)),
        )


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
