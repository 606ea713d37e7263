"""Reconciliation: turn two or more coders' codings into one consensus coding.

The consensus is stored as codings of its own coder (``Coder.is_consensus``, by default named
"consensus"); each consensus coding records who decided it (``Coding.decided_by_id``) and every
decision is one ``codes.set`` event in the log. The reads and writes are the store's
(``coder.store.reconciliation``, ``coder.store.queries``); this module decides what to write.

Functions take the caller's session, like the store's actions: call each inside
``with project.session() as s:`` so that one decision is one committed transaction (the TUI
does this per key press, the CLI per command).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from coder.agreement.collect import load_table
from coder.agreement.report import CodingTable, agreement_report, identical_share, per_code
from coder.agreement.setvalued import set_alpha
from coder.codebook.model import LANGUAGES
from coder.errors import InputError, NotFoundError
from coder.store.actions import add_agreed_consensus
from coder.store.codebooks import active_codes
from coder.store.project import Session
from coder.store.queries import (
    answers,
    coded_answer_ids,
    codings_by_answer,
    is_consensus_coder,
    reconciliation_open,
)
from coder.store.queries import coders as all_coders
from coder.store.reconciliation import (
    CONSENSUS,
    active_code_ids,
    decide_consensus,
    question_of_answer,
    refuse_analyst_as_consensus,
)
from coder.store.reconciliation import open_reconciliation as _open_reconciliation
from coder.store.roles import DOING_DECIDE, require_reconciliation

TAKE_UNION = "union"
TAKE_INTERSECTION = "intersection"


@dataclass
class Disagreement:
    """An answer the coders coded differently, with the consensus if one was decided."""

    answer_id: int
    respondent_id: str
    text: str
    codes: dict[str, list[str] | None]  # coder -> sorted code keys (None: did not code it)
    consensus: list[str] | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "answer_id": self.answer_id,
            "respondent_id": self.respondent_id,
            "text": self.text,
            "codes": self.codes,
            "consensus": self.consensus,
            "resolved": self.consensus is not None,
        }


def _check_roles(coders: Sequence[str], consensus: str) -> None:
    if len(coders) < 2:
        raise InputError("error.reconcile.two_coders")
    if consensus in coders:
        raise InputError("error.reconcile.consensus_in_coders", consensus=consensus)


def list_disagreements(
    session: Session,
    question_id: str,
    coders: Sequence[str],
    *,
    consensus: str = CONSENSUS,
    include_resolved: bool = False,
    table: CodingTable | None = None,
    with_text: bool = True,
) -> list[Disagreement]:
    """Answers coded by two or more of `coders` whose code sets differ (unresolved first).

    `table`: the coders' table if the caller has loaded it already (the TUI, for the report);
    without `with_text` the texts are left empty (a screen reads the one it shows).
    """
    _check_roles(coders, consensus)
    table = (table or load_table(session, question_id, coders)).pairable()
    decided = codings_by_answer(session, question_id, consensus)
    texts = (
        {v.id: v.text for v in answers(session, question_id, with_attributes=False)}
        if with_text
        else {}
    )
    out: list[Disagreement] = []
    for u in range(len(table.units)):
        sets = [table.code_set(u, c) for c in range(len(coders))]
        given = [s for s in sets if s is not None]
        if all(s == given[0] for s in given):
            continue
        aid = table.answer_ids[u]
        agreed = decided.get(aid)
        if agreed is not None and not include_resolved:
            continue
        out.append(
            Disagreement(
                answer_id=aid,
                respondent_id=table.units[u],
                text=texts.get(aid, ""),
                codes={
                    c: sorted(s) if s is not None else None
                    for c, s in zip(coders, sets, strict=True)
                },
                consensus=sorted(agreed) if agreed is not None else None,
            )
        )
    out.sort(key=lambda d: d.consensus is not None)
    return out


def _chosen_keys(
    session: Session,
    question_id: str,
    answer_id: int,
    coders: Sequence[str],
    take: str | None,
    codes: Iterable[str] | None,
) -> set[str]:
    if (take is None) == (codes is None):
        raise InputError("error.reconcile.take_or_codes")
    if codes is not None:
        return {c.strip() for c in codes if c.strip()}
    sets = {c: codings_by_answer(session, question_id, c).get(answer_id) for c in coders}
    if take in (TAKE_UNION, TAKE_INTERSECTION):
        given = [s for s in sets.values() if s is not None]
        if not given:
            raise InputError(
                "error.reconcile.none_coded", coders=", ".join(coders), answer_id=answer_id
            )
        return set.union(*given) if take == TAKE_UNION else set.intersection(*given)
    if take not in sets:
        raise InputError(
            "error.reconcile.take",
            take=take,
            coders=", ".join(coders),
            union=TAKE_UNION,
            intersection=TAKE_INTERSECTION,
        )
    chosen = sets[take]
    if chosen is None:
        raise InputError("error.reconcile.not_coded", coder=take, answer_id=answer_id)
    return set(chosen)


def resolve(
    session: Session,
    question_id: str,
    answer_id: int,
    coders: Sequence[str],
    decided_by: str,
    *,
    take: str | None = None,
    codes: Iterable[str] | None = None,
    consensus: str = CONSENSUS,
    rationale: str | None = None,
) -> list[str]:
    """Decide an answer's consensus codes: one coder's set, the union, the intersection, or
    an explicit set. Writes the consensus coder's codings and one event (with who decided and
    the ``rationale``, if given); returns the keys. A retired or merged code is refused."""
    _check_roles(coders, consensus)
    if decided_by == consensus:
        raise InputError("error.reconcile.by_consensus")
    belongs_to = question_of_answer(session, answer_id)
    if belongs_to != question_id:
        raise NotFoundError(
            "error.reconcile.other_question",
            answer_id=answer_id,
            question=belongs_to,
            question_id=question_id,
        )
    refuse_analyst_as_consensus(session, consensus)
    require_reconciliation(session, decided_by, DOING_DECIDE)
    keys = _chosen_keys(session, question_id, answer_id, coders, take, codes)
    decide_consensus(
        session,
        answer_id,
        question_id,
        keys,
        consensus=consensus,
        decided_by=decided_by,
        rationale=(rationale or "").strip() or None,
    )
    return sorted(keys)


def accept_agreed(
    session: Session,
    question_id: str,
    coders: Sequence[str],
    decided_by: str,
    *,
    consensus: str = CONSENSUS,
    table: CodingTable | None = None,
) -> int:
    """Enter every answer on which the coders who coded it agree into the consensus at once
    (provenance ``agreed``, who, when), unless a consensus was decided already. Retired codes
    are left out. Returns how many answers entered."""
    _check_roles(coders, consensus)
    refuse_analyst_as_consensus(session, consensus)
    if decided_by == consensus:
        raise InputError("error.reconcile.by_consensus")
    require_reconciliation(session, decided_by, DOING_DECIDE)
    table = (table or load_table(session, question_id, coders)).pairable()
    decided = codings_by_answer(session, question_id, consensus)
    ids = active_code_ids(session, question_id)
    items: list[tuple[int, set[int]]] = []
    for u in range(len(table.units)):
        aid = table.answer_ids[u]
        if aid in decided:
            continue
        given = [s for s in (table.code_set(u, c) for c in range(len(coders))) if s is not None]
        if all(s == given[0] for s in given):
            items.append((aid, {ids[k] for k in given[0] if k in ids}))
    return add_agreed_consensus(session, question_id, consensus, decided_by, items, coders)


def against_consensus(
    session: Session,
    question_id: str,
    coders: Sequence[str],
    *,
    consensus: str = CONSENSUS,
) -> dict[str, Any]:
    """Each coder's agreement with the consensus, over the answers both have coded."""
    if not is_consensus_coder(session, consensus):
        raise NotFoundError("error.reconcile.no_consensus", consensus=consensus)
    table = load_table(session, question_id, [*coders, consensus])
    return {
        "question": question_id,
        "consensus": consensus,
        "coders": {c: coder_vs_consensus(table, c, consensus) for c in coders},
    }


def coder_vs_consensus(table: CodingTable, coder: str, consensus: str) -> dict[str, Any]:
    """Identical sets, MASI alpha and per-code kappa of one coder against the consensus."""
    pair = table.select(coders=[coder, consensus]).pairable()
    per = per_code(pair, n_boot=0)
    alpha = set_alpha(pair.presence, pair.coded, "masi")
    share = identical_share(pair)

    def val(x: float | None) -> float | None:
        return None if x is None or not np.isfinite(x) else round(x, 6)

    return {
        "units": len(pair.units),
        "percent_agreement": val(share),
        "krippendorff_alpha_masi": val(alpha.value),
        "per_code": {
            code: {name: val(e.value) for name, e in est.items() if name != "brennan_prediger"}
            for code, est in per.items()
        },
    }


def open_reconciliation(session: Session, question_id: str, actor: str | None = None) -> None:
    """Lift blind coding for the question: coders may now see where they disagree.

    Written by the project lead opening the reconciliation screen (``actor``: refused unless
    a lead, see ``coder.store.roles``); the coding screen reads it with
    :func:`is_reconciliation_open` (``coder.store.queries.reconciliation_open``).
    """
    _open_reconciliation(session, question_id, actor)


def is_reconciliation_open(session: Session, question_id: str) -> bool:
    """Whether reconciliation (and so the end of blind coding) is open for the question."""
    return reconciliation_open(session, question_id)


# --- what the reconciliation screen shows ---------------------------------------------------


@dataclass
class ReconcileData:
    """The agreement report and the disagreement queue of compared coders, read at once."""

    coders: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # active code key -> label
    report: dict[str, Any] = field(default_factory=dict)
    items: list[Disagreement] = field(default_factory=list)  # in survey order, no texts
    agreed: int = 0  # answers in the consensus because the coders agreed
    entered: int = 0  # of those, how many entered when this was read


def default_coders(session: Session, question_id: str) -> list[str]:
    """The two analysts (not consensus coders) who coded most answers of the question."""
    counts = [
        (len(coded_answer_ids(session, question_id, c.name)), c.name)
        for c in all_coders(session)
        if not c.is_consensus
    ]
    ranked = sorted((c for c in counts if c[0] > 0), key=lambda c: (-c[0], c[1]))
    return sorted(name for _n, name in ranked[:2])


def read_reconciliation(
    session: Session,
    question_id: str,
    coders: Sequence[str],
    lang: str,
    consensus: str = CONSENSUS,
    *,
    table: CodingTable | None = None,
) -> ReconcileData:
    """The agreement report and the disagreement queue (in survey order) for ``coders``.

    ``table``: the coders' table if the caller loaded it already (to enter the agreed
    answers with :func:`accept_agreed` first, in a short transaction of its own).
    """
    label_lang = lang if lang in LANGUAGES else LANGUAGES[0]
    data = ReconcileData(coders=list(coders))
    data.labels = {c.key: c.label(label_lang) for c in active_codes(session, question_id)}
    # one table serves the report and the queue; texts are read one at a time when shown
    table = table or load_table(session, question_id, coders)
    data.report = agreement_report(table, question=question_id, n_boot=0, details=False)
    order = {aid: i for i, aid in enumerate(table.answer_ids)}
    found = list_disagreements(
        session,
        question_id,
        coders,
        consensus=consensus,
        include_resolved=True,
        table=table,
        with_text=False,
    )
    found.sort(key=lambda d: order.get(d.answer_id, 0))
    data.items = found
    data.agreed = len(codings_by_answer(session, question_id, consensus)) - sum(
        1 for d in found if d.consensus is not None
    )
    return data
