"""Read one question's codings from the store into a `CodingTable` for the agreement report.

An answer counts as coded by a coder when the coder marked it done or gave it a code (a coder
who saw an answer and gave no code agrees with another who did the same).
"""

from __future__ import annotations

from collections.abc import Sequence

from coder.agreement.report import CodingTable
from coder.errors import InputError, NotFoundError
from coder.store.codebooks import active_codes
from coder.store.project import Session
from coder.store.queries import answers, codings_by_answer, require_question
from coder.store.queries import coders as all_coders


def parse_coders(text: str) -> list[str]:
    """'a,b,c' -> ['a', 'b', 'c']; names are compared exactly, duplicates refused."""
    names = [n.strip() for n in text.split(",") if n.strip()]
    if not names:
        raise InputError("error.agreement.no_coders")
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise InputError("error.agreement.coders_twice", names=", ".join(dup))
    return names


def require_coders(session: Session, names: Sequence[str]) -> None:
    """NotFoundError naming each coder the project does not know, and the ones it does."""
    known = [c.name for c in all_coders(session)]
    missing = [n for n in names if n not in known]
    if missing:
        raise (
            NotFoundError(
                "error.agreement.unknown_coders",
                n=len(missing),
                names=", ".join(repr(m) for m in missing),
                known=", ".join(known),
            )
            if known
            else NotFoundError(
                "error.agreement.unknown_coders_none",
                n=len(missing),
                names=", ".join(repr(m) for m in missing),
            )
        )


def load_table(session: Session, question_id: str, coders: Sequence[str]) -> CodingTable:
    """The codings of `coders` on the question's answers (only answers someone coded)."""
    require_question(session, question_id)
    require_coders(session, coders)
    by_coder = {c: codings_by_answer(session, question_id, c) for c in coders}
    codes = [c.key for c in active_codes(session, question_id) if c.codable]
    rows = []
    ids = []
    for view in answers(session, question_id, with_attributes=False):
        given = {c: by_coder[c].get(view.id) for c in coders}
        if any(v is not None for v in given.values()):
            rows.append((view.respondent_id, given))
            ids.append(view.id)
    return CodingTable.from_sets(list(coders), codes, rows, ids)
