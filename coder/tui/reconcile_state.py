"""The reconciliation session behind the reconciliation screen, without any Textual.

Holds the compared coders, the agreement report and the queue of disagreements; every
decision is one committed transaction through ``coder.agreement.reconcile`` and then an
update of the queue in memory. Opening (ending blind coding) is a lead's action: the roles
are checked here so the screen only shows the refusal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coder.agreement.collect import load_table
from coder.agreement.reconcile import (
    CONSENSUS,
    Disagreement,
    ReconcileData,
    accept_agreed,
    default_coders,
    is_reconciliation_open,
    open_reconciliation,
    read_reconciliation,
    resolve,
)
from coder.errors import InputError
from coder.store.blind import consensus_keys
from coder.store.engine import display_name
from coder.store.project import Project
from coder.store.queries import AnswerView, coders, get_answer_view
from coder.store.roles import require_reconciliation
from coder.store.undo import undo


@dataclass
class Decision:
    """What a key press decided: the answer, the keys stored, codes left out as retired."""

    item: Disagreement
    keys: list[str]
    left_out: list[str]


class ReconcileState:
    """One lead reconciling one question's disagreements into the consensus."""

    def __init__(
        self,
        project: Project,
        question_id: str,
        decider: str,
        *,
        coders: Sequence[str] | None = None,
        lang: str = "en",
        consensus: str | None = None,
    ) -> None:
        self.project = project
        self.question_id = question_id
        self.decider = decider
        self.chosen = list(coders) if coders else None
        self.lang = lang
        self.consensus = consensus or CONSENSUS
        self.data = ReconcileData()
        self.index = 0
        self.pending_rationale = ""
        self.rationales: dict[int, str] = {}

    # -- opening ----------------------------------------------------------------------------
    def prepare(self) -> tuple[list[str], bool]:
        """(the coders to compare, whether reconciliation is already open); a non-lead is
        refused (RoleError) before anything is shown."""

        with self.project.session(write=False) as session:
            require_reconciliation(session, self.decider)
            coders = self.chosen or default_coders(session, self.question_id)
            return coders, is_reconciliation_open(session, self.question_id)

    def read(self, coders: list[str], open_now: bool = False) -> ReconcileData:
        """(Open reconciliation and) enter the agreed answers, then read report and queue.

        Writes happen in short transactions of their own (opening; entering the agreed
        answers), so coders coding meanwhile are not held up by the seconds of reading.
        Safe to call from a worker thread: it touches nothing of this object but the project.
        """

        if open_now:
            with self.project.session() as session:
                open_reconciliation(session, self.question_id, self.decider)
        with self.project.session(write=False) as session:
            table = load_table(session, self.question_id, coders)
        entered = 0
        if self.decider != self.consensus:
            with self.project.session() as session:
                entered = accept_agreed(
                    session,
                    self.question_id,
                    coders,
                    self.decider,
                    consensus=self.consensus,
                    table=table,
                )
        with self.project.session(write=False) as session:
            data = read_reconciliation(
                session, self.question_id, coders, self.lang, self.consensus, table=table
            )
        data.entered = entered
        return data

    def show(self, data: ReconcileData) -> None:
        """Take what :meth:`read` returned; start on the first undecided answer."""
        self.data = data
        self.chosen = list(data.coders)
        self.index = self.first_open()

    # -- where we are -----------------------------------------------------------------------
    @property
    def items(self) -> list[Disagreement]:
        return self.data.items

    @property
    def current(self) -> Disagreement | None:
        return self.items[self.index] if self.items else None

    @property
    def decided(self) -> int:
        return sum(1 for item in self.items if item.consensus is not None)

    @property
    def complete(self) -> bool:
        """Whether every disagreement is decided (with the agreed answers: a whole consensus)."""
        return bool(self.data.report) and self.decided == len(self.items)

    def first_open(self, start: int = 0) -> int:
        """The first undecided item at or after ``start`` (wrapping), else ``start``."""
        items = self.items
        for step in range(len(items)):
            i = (start + step) % len(items)
            if items[i].consensus is None:
                return i
        return min(start, max(len(items) - 1, 0))

    def label(self, key: str) -> str:
        """A code's label (the key for codes no longer active)."""
        return self.data.labels.get(key, key)

    def is_active(self, key: str) -> bool:
        return key in self.data.labels

    def answer(self) -> AnswerView | None:
        item = self.current
        if item is None:
            return None
        with self.project.session(write=False) as session:
            return get_answer_view(session, item.answer_id)

    def export_command(self) -> str:
        """How to export the complete consensus (shown when the queue is done)."""

        return (
            f"coder export {display_name(self.project.db)} --question {self.question_id} "
            f"--coder {self.consensus} --format xlsx --out consensus.xlsx"
        )

    # -- moving -----------------------------------------------------------------------------
    def move(self, step: int) -> None:
        if self.items:
            self.index = (self.index + step) % len(self.items)

    def next_open(self) -> None:
        if self.items:
            self.index = self.first_open((self.index + 1) % len(self.items))

    # -- deciding ---------------------------------------------------------------------------
    def decide(self, keys: Sequence[str]) -> Decision | None:
        """Store ``keys`` (retired codes left out) as the current answer's consensus, with the
        pending rationale; then go to the next undecided answer."""
        item = self.current
        if item is None:
            return None
        kept = sorted(k for k in set(keys) if self.is_active(k))
        left_out = sorted(k for k in set(keys) if not self.is_active(k))
        rationale = self.pending_rationale.strip() or None
        with self.project.session() as session:
            stored = resolve(
                session,
                self.question_id,
                item.answer_id,
                self.data.coders,
                self.decider,
                codes=kept,
                consensus=self.consensus,
                rationale=rationale,
            )
        item.consensus = stored
        if rationale:
            self.rationales[item.answer_id] = rationale
        self.pending_rationale = ""
        self.index = self.first_open(self.index)
        return Decision(item, stored, left_out)

    def take(self, position: int) -> Decision | None:
        """Take the codes of the coder at ``position`` (0: A, 1: B)."""
        item = self.current
        if item is None or len(self.data.coders) <= position:
            return None
        coder = self.data.coders[position]
        codes = item.codes.get(coder)
        if codes is None:
            raise InputError("error.tui.not_coded", coder=coder, respondent=item.respondent_id)
        return self.decide(codes)

    def union(self) -> Decision | None:
        item = self.current
        if item is None:
            return None
        return self.decide(sorted({k for codes in item.codes.values() for k in codes or ()}))

    def edit_choices(self) -> tuple[list[tuple[str, str, bool]], str]:
        """The active codes to tick by hand, which are pre-ticked, and why (a sentence key)."""
        item = self.current
        assert item is not None
        if item.consensus is not None:
            start, why = set(item.consensus), "rc.preticked_decision"
        else:
            start = {k for codes in item.codes.values() for k in codes or ()}
            why = "rc.preticked_union"
        choices = [(f"{self.label(k)} ({k})", k, k in start) for k in self.data.labels]
        return choices, why

    def set_rationale(self, text: str) -> Decision | None:
        """A short reason for the current decision: kept for the next decision on this
        answer, or (when it is decided already) logged at once with the same codes."""
        self.pending_rationale = text.strip()
        item = self.current
        if item is not None and item.consensus is not None and self.pending_rationale:
            here = self.index
            decision = self.decide(item.consensus)
            self.index = here
            return decision
        return None

    def undo(self) -> Disagreement | None:
        """Undo the latest decision of this lead on this question (only a decision)."""

        consensus, question_id = self.consensus, self.question_id

        def is_decision(event):  # type: ignore[no-untyped-def]
            return (
                event.kind == "codes.set"
                and event.question_id == question_id
                and (event.payload or {}).get("coder") == consensus
            )

        with self.project.session() as session:
            event = undo(session, self.decider, only=is_decision)
            if event is None or event.answer_id is None:
                return None
            keys = consensus_keys(session, event.answer_id, consensus)
        for i, item in enumerate(self.items):
            if item.answer_id == event.answer_id:
                item.consensus = keys
                self.rationales.pop(item.answer_id, None)
                self.index = i
                return item
        return None

    def analysts(self) -> list[str]:
        """Every analyst of the project (for choosing whom to compare)."""

        with self.project.session(write=False) as session:
            return [c.name for c in coders(session) if not c.is_consensus]
