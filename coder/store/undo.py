"""Undo and redo: replay an analyst's recent events from the append-only log.

Undo and redo are events themselves (``undo``/``redo`` with ``undoes`` naming the event), so
the log is never rewritten and the stacks are rebuilt from it on each step: two sessions of
the same analyst share one history.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from coder.store.actions import get_answer, get_coder, log_event
from coder.store.codings import add_coding, codes_of, remove_coding, review_of
from coder.store.models import Coder, Event

UNDOABLE = frozenset(
    {
        "coding.add",
        "coding.remove",
        "review.done",
        "review.star",
        "codes.set",
        "code.merge",
        "codes.group",
    }
)
UNDO_DEPTH = 2000
"""How many of a coder's latest events undo and redo look back over."""


def _stacks(session: Session, actor: str) -> tuple[list[Event], list[Event]]:
    """Replay the actor's recent events into (undo stack, redo stack)."""
    events = list(
        session.scalars(
            select(Event).where(Event.actor == actor).order_by(Event.id.desc()).limit(UNDO_DEPTH)
        )
    )
    events.reverse()
    by_id = {e.id: e for e in events}
    done: list[Event] = []
    redo: list[Event] = []
    for event in events:
        if event.kind in UNDOABLE:
            done.append(event)
            redo.clear()
        elif event.kind == "undo" and done and done[-1].id == event.undoes:
            redo.append(done.pop())
        elif event.kind == "redo" and redo and event.undoes is not None:
            target = by_id.get(event.undoes)
            if target is not None and redo[-1].id == target.id:
                done.append(redo.pop())
    return done, redo


def _apply_coding(session: Session, event: Event, answer_id: int, forward: bool) -> None:
    payload = event.payload
    coder = get_coder(session, event.actor)
    answer = get_answer(session, answer_id)
    if (event.kind == "coding.add") == forward:
        add_coding(
            session,
            answer,
            payload["code_id"],
            coder,
            payload.get("source", "manual"),
            payload.get("score"),
        )
    else:
        remove_coding(session, answer_id, payload["code_id"], coder.id)
    review = review_of(session, answer_id, coder.id)
    # "done": whether the answer was left coded (taking its last code off un-codes it)
    review.done = (
        bool(payload.get("done", True)) if forward else bool(payload.get("was_done", True))
    )


def _apply_codes_set(session: Session, event: Event, answer_id: int, forward: bool) -> None:
    payload = event.payload
    coder = get_coder(session, payload["coder"])
    decider = get_coder(session, event.actor) if payload.get("decided") else None
    _restore_codes(session, coder, answer_id, payload, forward, decider)


def _apply_group(session: Session, event: Event, forward: bool) -> None:
    """Near-duplicates coded in one step (``coder.store.browse.code_group``): all at once."""
    coder = get_coder(session, event.payload["coder"])
    for item in event.payload["items"]:
        _restore_codes(session, coder, int(item["answer_id"]), item, forward, None)


def _restore_codes(
    session: Session,
    coder: Coder,
    answer_id: int,
    change: dict[str, Any],
    forward: bool,
    decider: Coder | None,
) -> None:
    """Make the coder's codes on an answer ``change``'s "after" (redo) or "before" (undo)."""
    answer = get_answer(session, answer_id)
    target = set(change["after"] if forward else change["before"])
    current = codes_of(session, answer_id, coder.id)
    for code_id in current - target:
        remove_coding(session, answer_id, code_id, coder.id)
    scores = {int(k): v for k, v in change.get("scores", {}).items()}
    for code_id in target - current:
        add_coding(
            session,
            answer,
            code_id,
            coder,
            change.get("source", "manual"),
            scores.get(code_id),
            decider,
        )
    review = review_of(session, answer_id, coder.id)
    review.done = True if forward else bool(change.get("was_done", True))


def _apply(session: Session, event: Event, forward: bool) -> None:
    """Apply an undoable event (forward = redo it, else revert it)."""
    answer_id = event.answer_id
    if event.kind == "code.merge":
        from coder.store.codebooks import redo_merge, undo_merge

        (redo_merge if forward else undo_merge)(session, event.payload, actor=event.actor)
    elif event.kind == "codes.group":
        _apply_group(session, event, forward)
    elif answer_id is None:
        return
    elif event.kind in ("coding.add", "coding.remove"):
        _apply_coding(session, event, answer_id, forward)
    elif event.kind == "codes.set":
        _apply_codes_set(session, event, answer_id, forward)
    elif event.kind in ("review.done", "review.star"):
        coder = get_coder(session, event.actor)
        review = review_of(session, answer_id, coder.id)
        value = bool(event.payload["after"] if forward else event.payload["before"])
        if event.kind == "review.done":
            review.done = value
        else:
            review.starred = value
    session.flush()


def _step(
    session: Session, actor: str, forward: bool, only: Callable[[Event], bool] | None
) -> Event | None:
    """Undo (``forward`` false) or redo the actor's latest action, logging it as an event."""
    done, redo_stack = _stacks(session, actor)
    stack = redo_stack if forward else done
    if not stack or (only is not None and not only(stack[-1])):
        return None
    target = stack[-1]
    _apply(session, target, forward=forward)
    log_event(
        session,
        actor,
        "redo" if forward else "undo",
        {"kind": target.kind},
        question_id=target.question_id,
        answer_id=target.answer_id,
        undoes=target.id,
    )
    return target


def undo(
    session: Session, actor: str, *, only: Callable[[Event], bool] | None = None
) -> Event | None:
    """Revert the actor's latest action that is not yet undone; returns it, or None.

    ``only``: revert it only if it is this kind of action (a screen undoes its own kind: the
    reconciliation screen a decision, the codebook editor a merge), else do nothing.
    """
    return _step(session, actor, False, only)


def redo(
    session: Session, actor: str, *, only: Callable[[Event], bool] | None = None
) -> Event | None:
    """Re-apply the actor's latest undone action; returns it, or None."""
    return _step(session, actor, True, only)
