"""The reconciliation queue of one question: the agreement report of the chosen coders and
the answers where they differ, read in one transaction.

Kept out of the reconciliation screen so that the screen, the benchmark and any other caller
read the same data the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from coder.agreement.collect import load_table
from coder.agreement.reconcile import list_disagreements
from coder.agreement.report import agreement_report
from coder.codebook.model import LANGUAGES
from coder.store import queries
from coder.store.codebooks import active_codes
from coder.store.project import Session


@dataclass
class QueueItem:
    """One answer the coders coded differently, and the consensus if decided."""

    answer_id: int
    respondent_id: str
    codes: dict[str, list[str] | None]
    consensus: list[str] | None


@dataclass
class ReconcileData:
    """Everything the screen shows, read in one transaction."""

    coders: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # active code key -> label
    report: dict[str, Any] = field(default_factory=dict)
    items: list[QueueItem] = field(default_factory=list)


def default_coders(session: Session, question_id: str) -> list[str]:
    """The two analysts (not consensus coders) who coded most answers of the question."""
    counts = [
        (len(queries.coded_answer_ids(session, question_id, c.name)), c.name)
        for c in queries.coders(session)
        if not c.is_consensus
    ]
    ranked = sorted((c for c in counts if c[0] > 0), key=lambda c: (-c[0], c[1]))
    return sorted(name for _n, name in ranked[:2])


def read_reconciliation(
    session: Session, question_id: str, coders: Sequence[str], lang: str, consensus: str
) -> ReconcileData:
    """The agreement report and the disagreement queue (in survey order) for ``coders``."""
    label_lang = lang if lang in LANGUAGES else LANGUAGES[0]
    data = ReconcileData(coders=list(coders))
    data.labels = {c.key: c.label(label_lang) for c in active_codes(session, question_id)}
    # one table serves the report and the queue; texts are read one at a time when shown
    table = load_table(session, question_id, coders)
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
    data.items = [QueueItem(d.answer_id, d.respondent_id, d.codes, d.consensus) for d in found]
    return data
