"""Codebooks in the store: attaching a codebook to a question, and versioned code edits.

Codes are never deleted. Every change bumps the codebook's version and the code's revision
and stores a snapshot in ``code_revisions``, so a rename, merge or split keeps its history and
a stale edit (someone else changed the code first) is refused as a conflict.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from coder.codebook.model import Code, Codebook
from coder.errors import ConflictError, InputError, NotFoundError
from coder.store.actions import get_coder, log_event
from coder.store.models import (
    CodebookRecord,
    CodeRecord,
    CodeRevision,
    Coding,
    Question,
    utcnow,
)

TEXT_FIELDS = ("labels", "definition", "include", "exclude", "examples", "keywords")
EDITABLE = (*TEXT_FIELDS, "colour", "shortcut", "codable", "key")


def snapshot(code: CodeRecord) -> dict[str, Any]:
    """The code's editable state, as stored in its revision history."""
    return {
        "key": code.key,
        "parent_id": code.parent_id,
        "position": code.position,
        "status": code.status,
        "merged_into_id": code.merged_into_id,
        **{name: getattr(code, name) for name in (*TEXT_FIELDS, "colour", "shortcut", "codable")},
    }


def _record_revision(session: Session, code: CodeRecord, change: str, actor: str | None) -> None:
    book = session.get(CodebookRecord, code.codebook_id)
    assert book is not None
    session.add(
        CodeRevision(
            code_id=code.id,
            codebook_version=book.version,
            revision=code.revision,
            change=change,
            snapshot=snapshot(code),
            changed_by=actor,
            changed_at=utcnow(),
        )
    )


def _bump(session: Session, book: CodebookRecord) -> None:
    book.version += 1
    book.updated_at = utcnow()


def get_codebook_record(session: Session, question_id: str) -> CodebookRecord | None:
    """The codebook attached to a question, or None."""
    return session.scalar(select(CodebookRecord).where(CodebookRecord.question_id == question_id))


def require_codebook(session: Session, question_id: str) -> CodebookRecord:
    """The question's codebook, or a clear error."""
    if session.get(Question, question_id) is None:
        raise NotFoundError("error.store.no_question", question_id=question_id)
    book = get_codebook_record(session, question_id)
    if book is None:
        raise NotFoundError("error.store.no_codebook", question_id=question_id)
    return book


def active_codes(session: Session, question_id: str) -> list[CodeRecord]:
    """The question's active codes in codebook order (depth first through the tree)."""
    book = get_codebook_record(session, question_id)
    if book is None:
        return []
    codes = list(
        session.scalars(
            select(CodeRecord)
            .where(CodeRecord.codebook_id == book.id, CodeRecord.status == "active")
            .order_by(CodeRecord.position, CodeRecord.id)
        )
    )
    children: dict[int | None, list[CodeRecord]] = {}
    ids = {c.id for c in codes}
    for code in codes:
        parent = code.parent_id if code.parent_id in ids else None
        children.setdefault(parent, []).append(code)
    ordered: list[CodeRecord] = []

    def visit(parent: int | None) -> None:
        for code in children.get(parent, []):
            ordered.append(code)
            visit(code.id)

    visit(None)
    return ordered


def _fields_of(code: Code) -> dict[str, Any]:
    return {
        "labels": dict(code.labels),
        "definition": dict(code.definition),
        "include": dict(code.include),
        "exclude": dict(code.exclude),
        "examples": {k: list(v) for k, v in code.examples.items()},
        "keywords": {k: list(v) for k, v in code.keywords.items()},
        "colour": code.colour,
        "shortcut": code.shortcut,
        "codable": code.codable,
    }


def attach_codebook(
    session: Session,
    question_id: str,
    codebook: Codebook,
    *,
    actor: str = "",
    source: str | None = None,
    create_question: bool = False,
) -> CodebookRecord:
    """Attach ``codebook`` to a question; re-attaching updates it as a new version.

    Codes are matched by id: changed codes get a new revision, new codes are added, codes no
    longer in the file are retired (their codings stay, with their history).
    """
    question = session.get(Question, question_id)
    if question is None:
        if not create_question:
            raise NotFoundError("error.store.no_question_import", question_id=question_id)
        question = Question(id=question_id, title="", position=0)
        session.add(question)
        session.flush()
    book = get_codebook_record(session, question_id)
    created = book is None
    if book is None:
        book = CodebookRecord(
            question_id=question_id,
            name=codebook.id,
            title=dict(codebook.title),
            question_text=dict(codebook.question),
            version=1,
            source=source,
        )
        session.add(book)
        session.flush()
    else:
        book.name = codebook.id
        book.title = dict(codebook.title)
        book.question_text = dict(codebook.question)
        book.source = source
    existing = {
        c.key: c
        for c in session.scalars(select(CodeRecord).where(CodeRecord.codebook_id == book.id))
    }
    seen: set[str] = set()
    changed = False
    by_key: dict[str, CodeRecord] = {}
    for position, (code, parent, _depth) in enumerate(codebook.walk()):
        seen.add(code.id)
        fields = _fields_of(code)
        parent_id = by_key[parent.id].id if parent is not None else None
        record = existing.get(code.id)
        if record is None:
            record = CodeRecord(
                codebook_id=book.id, key=code.id, parent_id=parent_id, position=position, **fields
            )
            record.guid = getattr(code, "guid", None)
            session.add(record)
            session.flush()
            _record_revision(session, record, "create", actor)
            changed = True
        else:
            before = snapshot(record)
            for name, value in fields.items():
                setattr(record, name, value)
            record.parent_id = parent_id
            record.position = position
            if record.status != "active":
                record.status = "active"
                record.merged_into_id = None
            if snapshot(record) != before:
                record.revision += 1
                record.updated_at = utcnow()
                session.flush()
                _record_revision(session, record, "update", actor)
                changed = True
        by_key[code.id] = record
    for key, record in existing.items():
        if key not in seen and record.status == "active":
            record.status = "retired"
            record.revision += 1
            session.flush()
            _record_revision(session, record, "retire", actor)
            changed = True
    if changed and not created:
        _bump(session, book)
    session.flush()
    log_event(
        session,
        actor,
        "codebook.attach",
        {"codebook": codebook.id, "version": book.version, "source": source},
        question_id=question_id,
    )
    return book


def to_model(session: Session, question_id: str) -> Codebook:
    """The question's active codebook as plain data (for the suggester, exports, YAML)."""
    book = require_codebook(session, question_id)
    codes = active_codes(session, question_id)
    models: dict[int, Code] = {}
    roots: list[Code] = []
    for record in codes:
        model = Code(
            id=record.key,
            labels=dict(record.labels or {}),
            definition=dict(record.definition or {}),
            include=dict(record.include or {}),
            exclude=dict(record.exclude or {}),
            examples={k: list(v) for k, v in (record.examples or {}).items()},
            keywords={k: list(v) for k, v in (record.keywords or {}).items()},
            colour=record.colour,
            shortcut=record.shortcut,
            codable=record.codable,
            guid=record.guid,
        )
        models[record.id] = model
        if record.parent_id in models:
            models[record.parent_id].children.append(model)
        else:
            roots.append(model)
    return Codebook(
        id=book.name,
        title=dict(book.title or {}),
        question=dict(book.question_text or {}),
        codes=roots,
    )


# --- edits of single codes (the TUI's codebook editor) -------------------------------------


def _code(session: Session, code_id: int) -> CodeRecord:
    code = session.get(CodeRecord, code_id)
    if code is None:
        raise NotFoundError("error.store.no_code", code_id=code_id)
    return code


def _check_revision(code: CodeRecord, expected: int | None) -> None:
    if expected is not None and code.revision != expected:
        raise ConflictError(
            "error.store.code_changed", key=code.key, revision=code.revision, expected=expected
        )


def _commit_change(
    session: Session, code: CodeRecord, change: str, actor: str, detail: dict[str, Any]
) -> None:
    book = _revise(session, code, change, actor)
    log_event(
        session,
        actor,
        f"code.{change}",
        {"code_id": code.id, "key": code.key, **detail},
        question_id=book.question_id,
    )


def add_code(
    session: Session,
    question_id: str,
    key: str,
    labels: dict[str, str],
    *,
    actor: str,
    parent_id: int | None = None,
    shortcut: str | None = None,
    **fields: Any,
) -> CodeRecord:
    """Add a new code to the question's codebook (at the end of its parent's children)."""
    book = require_codebook(session, question_id)
    clash = session.scalar(
        select(CodeRecord).where(CodeRecord.codebook_id == book.id, CodeRecord.key == key)
    )
    if clash is not None:
        raise InputError("error.store.code_id_used", key=key)
    if shortcut:
        _check_shortcut(session, book.id, shortcut, None)
    last = session.scalar(
        select(func.max(CodeRecord.position)).where(CodeRecord.codebook_id == book.id)
    )
    code = CodeRecord(
        codebook_id=book.id,
        key=key,
        labels=dict(labels),
        parent_id=parent_id,
        position=(last or 0) + 1,
        shortcut=shortcut,
        **fields,
    )
    session.add(code)
    session.flush()
    _bump(session, book)
    _record_revision(session, code, "create", actor)
    log_event(
        session, actor, "code.create", {"code_id": code.id, "key": key}, question_id=question_id
    )
    return code


def _check_shortcut(session: Session, codebook_id: int, shortcut: str, code_id: int | None) -> None:
    clash = session.scalar(
        select(CodeRecord).where(
            CodeRecord.codebook_id == codebook_id,
            CodeRecord.shortcut == shortcut,
            CodeRecord.status == "active",
        )
    )
    if clash is not None and clash.id != code_id:
        raise InputError("error.store.shortcut_used", shortcut=shortcut, key=clash.key)


def edit_code(
    session: Session,
    code_id: int,
    *,
    actor: str,
    expected_revision: int | None = None,
    **changes: Any,
) -> CodeRecord:
    """Change a code's labels, texts, colour, shortcut or key (a rename keeps its codings)."""
    code = _code(session, code_id)
    _check_revision(code, expected_revision)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InputError("error.store.not_editable", fields=", ".join(sorted(unknown)))
    if changes.get("shortcut"):
        _check_shortcut(session, code.codebook_id, changes["shortcut"], code.id)
    if "key" in changes and changes["key"] != code.key:
        clash = session.scalar(
            select(CodeRecord).where(
                CodeRecord.codebook_id == code.codebook_id, CodeRecord.key == changes["key"]
            )
        )
        if clash is not None:
            raise InputError("error.store.code_id_used", key=changes["key"])
    before = {name: getattr(code, name) for name in changes}
    for name, value in changes.items():
        setattr(code, name, value)
    change = "rename" if set(changes) <= {"labels", "key"} else "edit"
    _commit_change(session, code, change, actor, {"before": before, "after": changes})
    return code


def move_code(
    session: Session,
    code_id: int,
    *,
    actor: str,
    parent_id: int | None,
    position: int | None = None,
    expected_revision: int | None = None,
) -> CodeRecord:
    """Move a code under another parent (None = top level) and/or to another position."""
    code = _code(session, code_id)
    _check_revision(code, expected_revision)
    _structure_allowed(session, code, actor, "move")
    ancestor = parent_id
    while ancestor is not None:
        if ancestor == code.id:
            raise InputError("error.store.move_under_itself", key=code.key)
        ancestor = _code(session, ancestor).parent_id
    before = {"parent_id": code.parent_id, "position": code.position}
    code.parent_id = parent_id
    if position is not None:
        code.position = position
    _commit_change(
        session,
        code,
        "move",
        actor,
        {"before": before, "after": {"parent_id": parent_id, "position": code.position}},
    )
    return code


def retire_code(
    session: Session, code_id: int, *, actor: str, expected_revision: int | None = None
) -> CodeRecord:
    """Retire a code: it leaves the codebook, its codings stay for the record."""
    code = _code(session, code_id)
    _check_revision(code, expected_revision)
    _structure_allowed(session, code, actor, "retire")
    code.status = "retired"
    session.execute(
        update(CodeRecord).where(CodeRecord.parent_id == code.id).values(parent_id=code.parent_id)
    )
    _commit_change(session, code, "retire", actor, {})
    return code


def _question_of(session: Session, code: CodeRecord) -> str:
    book = session.get(CodebookRecord, code.codebook_id)
    assert book is not None
    return book.question_id


def _structure_allowed(session: Session, code: CodeRecord, actor: str, verb: str) -> None:
    from coder.store.roles import require_structure_change

    require_structure_change(session, _question_of(session, code), actor, verb)


def merge_codes(
    session: Session,
    source_id: int,
    target_id: int,
    *,
    actor: str,
    expected_revision: int | None = None,
) -> int:
    """Merge code ``source`` into ``target``: its codings move, it is kept as merged.

    The ``code.merge`` event records every coding that moved (and which sub-codes changed
    parent), so undo puts each one back exactly. Returns how many codings moved.
    """
    source, target = _code(session, source_id), _code(session, target_id)
    if source.codebook_id != target.codebook_id:
        raise InputError("error.store.merge_other_book")
    if source.id == target.id:
        raise InputError("error.store.merge_into_itself")
    _check_revision(source, expected_revision)
    _structure_allowed(session, source, actor, "merge")
    detail = _move_codings(session, source, target)
    _commit_change(
        session,
        source,
        "merge",
        actor,
        {"into": target.id, "into_key": target.key, "moved": detail["moved"], **detail},
    )
    return int(detail["moved"])


def _move_codings(session: Session, source: CodeRecord, target: CodeRecord) -> dict[str, Any]:
    """Move every coding of ``source`` to ``target`` and mark it merged; what was done."""
    codings: list[dict[str, Any]] = []
    moved = 0
    for coding in list(session.scalars(select(Coding).where(Coding.code_id == source.id))):
        duplicate = session.scalar(
            select(Coding.id).where(
                Coding.answer_id == coding.answer_id,
                Coding.coder_id == coding.coder_id,
                Coding.code_id == target.id,
            )
        )
        codings.append(
            {
                "answer_id": coding.answer_id,
                "coder_id": coding.coder_id,
                "source": coding.source,
                "score": coding.score,
                "decided_by_id": coding.decided_by_id,
                "created_at": coding.created_at.isoformat() if coding.created_at else None,
                "added": duplicate is None,
            }
        )
        if duplicate is None:
            session.add(
                Coding(
                    answer_id=coding.answer_id,
                    code_id=target.id,
                    coder_id=coding.coder_id,
                    source="merge",
                    score=coding.score,
                    decided_by_id=coding.decided_by_id,
                    created_at=coding.created_at,
                )
            )
            moved += 1
        session.delete(coding)
    children = list(session.scalars(select(CodeRecord.id).where(CodeRecord.parent_id == source.id)))
    source.status = "merged"
    source.merged_into_id = target.id
    session.execute(
        update(CodeRecord).where(CodeRecord.parent_id == source.id).values(parent_id=target.id)
    )
    return {"moved": moved, "codings": codings, "children": children}


def undo_merge(session: Session, payload: dict[str, Any], *, actor: str) -> None:
    """Revert a merge from its event: the source code active again with each of its codings."""
    from datetime import datetime

    source, target = _code(session, payload["code_id"]), _code(session, payload["into"])
    if source.status != "merged" or source.merged_into_id != target.id:
        raise ConflictError("error.store.merge_undone", source=source.key, target=target.key)
    session.flush()
    for row in payload.get("codings", []):
        if row["added"]:
            session.execute(
                delete(Coding).where(
                    Coding.answer_id == row["answer_id"],
                    Coding.coder_id == row["coder_id"],
                    Coding.code_id == target.id,
                )
            )
        created = row.get("created_at")
        session.add(
            Coding(
                answer_id=row["answer_id"],
                code_id=source.id,
                coder_id=row["coder_id"],
                source=row.get("source") or "manual",
                score=row.get("score"),
                decided_by_id=row.get("decided_by_id"),
                created_at=datetime.fromisoformat(created) if created else utcnow(),
            )
        )
    children = payload.get("children", [])
    if children:
        session.execute(
            update(CodeRecord)
            .where(CodeRecord.id.in_(children), CodeRecord.parent_id == target.id)
            .values(parent_id=source.id)
        )
    source.status = "active"
    source.merged_into_id = None
    _revise(session, source, "unmerge", actor)


def redo_merge(session: Session, payload: dict[str, Any], *, actor: str) -> None:
    """Merge again what an undo took apart (the same codings move)."""
    source, target = _code(session, payload["code_id"]), _code(session, payload["into"])
    if source.status != "active":
        raise ConflictError("error.store.merge_inactive", key=source.key)
    _move_codings(session, source, target)
    _revise(session, source, "merge", actor)


def _revise(session: Session, code: CodeRecord, change: str, actor: str) -> CodebookRecord:
    """A new revision and codebook version, without an event (undo/redo log their own)."""
    code.revision += 1
    code.updated_at = utcnow()
    book = session.get(CodebookRecord, code.codebook_id)
    assert book is not None
    _bump(session, book)
    session.flush()
    _record_revision(session, code, change, actor)
    return book


def swap_siblings(
    session: Session, code_id: int, step: int, *, actor: str, expected_revision: int | None = None
) -> bool:
    """Move a code one place up (``step`` -1) or down (+1) among its siblings.

    Returns False when it is already first (last). Siblings are renumbered 0..n-1 in their
    order, so equal or sparse positions never make a swap a no-op.
    """
    code = _code(session, code_id)
    _check_revision(code, expected_revision)
    _structure_allowed(session, code, actor, "move")
    siblings = list(
        session.scalars(
            select(CodeRecord)
            .where(
                CodeRecord.codebook_id == code.codebook_id,
                CodeRecord.status == "active",
                CodeRecord.parent_id.is_(None)
                if code.parent_id is None
                else CodeRecord.parent_id == code.parent_id,
            )
            .order_by(CodeRecord.position, CodeRecord.id)
        )
    )
    index = [s.id for s in siblings].index(code.id)
    other = index + step
    if not 0 <= other < len(siblings):
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            before = {"parent_id": sibling.parent_id, "position": sibling.position}
            sibling.position = position
            _commit_change(
                session,
                sibling,
                "move",
                actor,
                {"before": before, "after": {"parent_id": sibling.parent_id, "position": position}},
            )
    return True


def move_under(
    session: Session,
    code_id: int,
    parent_id: int | None,
    *,
    actor: str,
    expected_revision: int | None = None,
) -> CodeRecord:
    """Move a code (with its sub-codes) under ``parent_id`` (None: top level), placed last."""
    code = _code(session, code_id)
    last = session.scalar(
        select(func.max(CodeRecord.position)).where(CodeRecord.codebook_id == code.codebook_id)
    )
    return move_code(
        session,
        code_id,
        actor=actor,
        parent_id=parent_id,
        position=(last or 0) + 1,
        expected_revision=expected_revision,
    )


def start_split(
    session: Session,
    code_id: int,
    new_codes: list[tuple[str, dict[str, str]]],
    *,
    actor: str,
    only_coder: str | None = None,
) -> tuple[list[int], list[tuple[int, list[str]]]]:
    """First step of a split: add the new codes beside ``code_id``; return their ids and the
    answers to step through (only ``only_coder``'s answers while coding is blind)."""
    from coder.store.usage import answers_with_code

    code = _code(session, code_id)
    question_id = _question_of(session, code)
    _structure_allowed(session, code, actor, "split")
    ids = [
        add_code(session, question_id, key, labels, actor=actor, parent_id=code.parent_id).id
        for key, labels in new_codes
    ]
    items = answers_with_code(session, code.id)
    if only_coder is not None:
        items = [(aid, [only_coder]) for aid, names in items if only_coder in names]
    return ids, items


def reassign_coding(
    session: Session,
    answer_id: int,
    coder_name: str,
    from_code_id: int,
    to_code_ids: list[int],
    *,
    actor: str,
) -> None:
    """One step of splitting a code: move one answer's coding to one or more new codes."""
    _structure_allowed(session, _code(session, from_code_id), actor, "split")
    coder = get_coder(session, coder_name, create=False)
    coding = session.scalar(
        select(Coding).where(
            Coding.answer_id == answer_id,
            Coding.coder_id == coder.id,
            Coding.code_id == from_code_id,
        )
    )
    if coding is None:
        raise NotFoundError(
            "error.store.no_coding", answer_id=answer_id, code_id=from_code_id, coder=coder_name
        )
    for code_id in to_code_ids:
        exists = session.scalar(
            select(Coding.id).where(
                Coding.answer_id == answer_id,
                Coding.coder_id == coder.id,
                Coding.code_id == code_id,
            )
        )
        if exists is None:
            session.add(
                Coding(
                    answer_id=answer_id,
                    code_id=code_id,
                    coder_id=coder.id,
                    source="split",
                    created_at=utcnow(),
                )
            )
    session.delete(coding)
    session.flush()
    log_event(
        session,
        actor,
        "code.split_reassign",
        {"coder": coder_name, "from": from_code_id, "to": to_code_ids},
        answer_id=answer_id,
    )


def code_history(session: Session, code_id: int) -> list[CodeRevision]:
    """Every revision of a code, oldest first."""
    return list(
        session.scalars(
            select(CodeRevision).where(CodeRevision.code_id == code_id).order_by(CodeRevision.id)
        )
    )
