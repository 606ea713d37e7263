"""Agreement and reconciliation: per-code agreement of chosen coders, then a queue of the
answers where they differ, decided one key press at a time into the consensus coding.

Numbers come from ``coder.agreement`` (the same report as ``coder agreement --json``);
decisions go through ``coder.agreement.reconcile.resolve``, one transaction per key, stored
as the consensus coder's codings with who decided. Opening the screen opens reconciliation
for the question, which ends blind coding there.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from coder.agreement.queue import ReconcileData, default_coders, read_reconciliation
from coder.errors import CoderError
from coder.store.project import Project
from coder.tui.screens.editor_strings import localise_bindings, tr
from coder.tui.screens.forms import CodeSetForm, ConfirmForm
from coder.tui.screens.status_line import StatusLine

FOOTER_NAMES = {
    "take_a": "rc.take_a",
    "take_b": "rc.take_b",
    "union": "rc.union",
    "edit": "rc.edit",
    "next": "rc.next",
    "previous": "rc.prev",
    "next_open": "rc.next_open",
    "coders": "rc.coders",
    "close": "rc.close",
}


COLUMNS = ("rc.label", "rc.pa", "rc.kappa", "rc.alpha", "rc.ac1", "rc.n", "rc.code")
"""The per-code agreement table's columns (string keys of their headers): the label first,
the code id last, so a narrow terminal cuts the id rather than the figures."""
WIDEST = {"rc.label": 34, "rc.code": 40}


def _num(value: float | None, lang: str, percent: bool = False) -> str:
    if value is None:
        return tr("rc.undefined", lang)
    return f"{value:.0%}" if percent else f"{value:.2f}"


class ReconcileScreen(Screen[None]):
    """Per-code agreement and the reconciliation queue of one question."""

    CSS_PATH = Path(__file__).with_name("reconcile.tcss")  # absolute: subclasses elsewhere keep it
    BINDINGS = [
        Binding("a", "take_a", "Take A"),
        Binding("b", "take_b", "Take B"),
        Binding("u", "union", "Union"),
        Binding("e", "edit", "Edit"),
        Binding("n", "next", "Next"),
        Binding("p", "previous", "Previous"),
        Binding("o", "next_open", "Next open"),
        Binding("c", "coders", "Coders"),
        Binding("escape,q", "close", "Close", show=False),
    ]

    def __init__(
        self,
        project: Project,
        question_id: str,
        coder_name: str,
        *,
        coders: Sequence[str] | None = None,
        lang: str = "en",
        consensus: str | None = None,
    ) -> None:
        from coder.agreement.reconcile import CONSENSUS

        super().__init__()
        self.project = project
        self.question_id = question_id
        self.coder_name = coder_name
        self.chosen = list(coders) if coders else None
        self.lang = lang
        self.consensus = consensus or CONSENSUS
        self.data = ReconcileData()
        self.index = 0
        localise_bindings(self, FOOTER_NAMES, lang)

    # --- layout ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static("", id="rc-title")
        yield Static("", id="rc-overall")
        table: DataTable[str] = DataTable(id="rc-codes", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("", id="rc-queue")
        with VerticalScroll(id="rc-answer-box"):
            yield Static("", id="rc-answer")
        yield Horizontal(id="rc-sides")
        yield StatusLine("", id="rc-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.load()

    # --- reading --------------------------------------------------------------------------
    def load(self) -> None:
        """Read the report and the queue; the first time, ask before ending blind coding."""
        from coder.agreement.reconcile import is_reconciliation_open

        try:
            with self.project.session(write=False) as session:
                coders = self.chosen or default_coders(session, self.question_id)
                already_open = is_reconciliation_open(session, self.question_id)
        except CoderError as exc:
            self.show_message(str(exc), True)
            return
        if len(coders) < 2:
            self.data = ReconcileData(coders=list(coders))
            self.show_message(tr("rc.no_coders", self.lang, question=self.question_id), True)
            self.render_all()
            return
        if already_open:
            self.read(coders)
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.read(coders, open_now=True)
            else:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmForm(tr("rc.confirm_open", self.lang, question=self.question_id), self.lang),
            answer,
        )

    def read(self, coders: list[str], open_now: bool = False) -> None:
        """(Open reconciliation and) read what the screen shows for ``coders``.

        The reading runs in a thread (on 100,000 answers it takes seconds), so the screen
        paints at once and stays responsive; the result is shown when it arrives.
        """
        self.query_one("#rc-queue", Static).update(tr("rc.reading", self.lang))
        self.run_worker(
            lambda: self._read_in_thread(coders, open_now),
            thread=True,
            exclusive=True,
            group="reconcile-read",
        )

    def _read_in_thread(self, coders: list[str], open_now: bool) -> None:
        from coder.agreement.reconcile import open_reconciliation

        try:
            if open_now:
                with self.project.session() as session:
                    open_reconciliation(session, self.question_id)
            with self.project.session(write=False) as session:
                data = read_reconciliation(
                    session, self.question_id, coders, self.lang, self.consensus
                )
        except CoderError as exc:
            self.app.call_from_thread(self.show_message, str(exc), True)
            return
        self.app.call_from_thread(self._show_read, data)

    def _show_read(self, data: ReconcileData) -> None:
        self.data = data
        self.chosen = list(data.coders)
        self.index = self._first_open()
        self.render_all()

    def _first_open(self, start: int = 0) -> int:
        """The first undecided item at or after ``start`` (wrapping), else ``start``."""
        items = self.data.items
        for step in range(len(items)):
            i = (start + step) % len(items)
            if items[i].consensus is None:
                return i
        return min(start, max(len(items) - 1, 0))

    # --- drawing --------------------------------------------------------------------------
    def label(self, key: str) -> str:
        """A code's label in the UI language (the key for codes no longer active)."""
        return self.data.labels.get(key, key)

    def render_all(self) -> None:
        coders = self.data.coders
        a = coders[0] if coders else "-"
        b = ", ".join(coders[1:]) or "-"
        self.query_one("#rc-title", Static).update(
            tr("rc.title", self.lang, question=self.question_id, a=a, b=b)
        )
        report = self.data.report
        overall = report.get("overall", {})
        self.query_one("#rc-overall", Static).update(
            tr(
                "rc.overall",
                self.lang,
                units=report.get("units", 0),
                pa=_num(overall.get("percent_agreement"), self.lang, percent=True),
                alpha=_num(overall.get("krippendorff_alpha_masi"), self.lang),
            )
            if report
            else ""
        )
        kappa = "cohen_kappa" if len(coders) == 2 else "fleiss_kappa"
        rows = [
            (
                self.label(key),
                _num(entry.get("percent_agreement"), self.lang, percent=True),
                _num(entry.get(kappa), self.lang),
                _num(entry.get("krippendorff_alpha"), self.lang),
                _num(entry.get("gwet_ac1"), self.lang),
                str(entry.get("n_units", 0)),
                key,
            )
            for key, entry in report.get("per_code", {}).items()
        ]
        table = self.query_one("#rc-codes", DataTable)
        table.clear(columns=True)
        for i, name in enumerate(COLUMNS):
            header = tr(name, self.lang)
            # fixed widths: auto-sizing can leave the header drawn at the old widths
            width = max([len(header), *(len(row[i]) for row in rows)])
            table.add_column(header, width=min(width, WIDEST.get(name, 9)), key=name)
        for row in rows:
            table.add_row(*row, key=row[-1])
        self.render_item()

    def render_item(self) -> None:
        """The current queue item: the answer, each coder's codes side by side, the consensus."""
        items = self.data.items
        done = sum(1 for item in items if item.consensus is not None)
        queue = self.query_one("#rc-queue", Static)
        sides = self.query_one("#rc-sides", Horizontal)
        answer = self.query_one("#rc-answer", Static)
        if not items:
            queue.update(tr("rc.queue_empty", self.lang) if self.data.report else "")
            answer.update("")
            sides.remove_children()
            return
        queue.update(tr("rc.queue", self.lang, n=len(items), done=done))
        item = items[self.index]
        from coder.store.queries import get_answer_view

        try:
            with self.project.session(write=False) as session:
                view = get_answer_view(session, item.answer_id)
        except CoderError as exc:
            self.show_message(str(exc), True)
            return
        head = Text(
            tr(
                "rc.answer",
                self.lang,
                n=self.index + 1,
                total=len(items),
                respondent=item.respondent_id,
                language=view.language,
            )
            + "\n",
            style="bold",
        )
        answer.update(head + Text(view.text))
        given = [set(codes) for codes in item.codes.values() if codes is not None]
        shared = set.intersection(*given) if given else set()
        columns: list[tuple[str, list[str] | None]] = [
            (f"{chr(ord('A') + i)}: {coder}" if i < 26 else coder, item.codes.get(coder))
            for i, coder in enumerate(self.data.coders)
        ]
        columns.append((tr("rc.consensus", self.lang), item.consensus))
        bodies: list[Text] = []
        for i, (title, codes) in enumerate(columns):
            is_consensus = i == len(columns) - 1
            lines = [Text(title, style="bold underline")]
            if codes is None:
                lines.append(Text(tr("rc.not_yet", self.lang) if is_consensus else "-"))
            elif not codes:
                lines.append(Text(tr("rc.no_codes", self.lang)))
            for key in codes or []:
                # a code not every coder gave is marked by a symbol, not by colour alone
                differs = not is_consensus and key not in shared
                lines.append(
                    Text(("≠ " if differs else "  ") + self.label(key), "bold" if differs else "")
                )
            bodies.append(Text("\n").join(lines))
        shown = list(sides.query(".rc-side").results(Static))
        if len(shown) == len(bodies):
            for widget, body in zip(shown, bodies, strict=True):
                widget.update(body)
        else:
            sides.remove_children()
            sides.mount_all(
                Static(
                    body,
                    classes="rc-side" + (" rc-consensus" if i == len(bodies) - 1 else ""),
                )
                for i, body in enumerate(bodies)
            )

    def show_message(self, message: str, error: bool = False) -> None:
        """Report on the status line (errors also as a toast)."""
        self.query_one("#rc-status", StatusLine).say(message, error)

    # --- deciding -------------------------------------------------------------------------
    def decide(self, *, take: str | None = None, codes: list[str] | None = None) -> None:
        """Store the consensus for the current answer, then go to the next undecided one."""
        from coder.agreement.reconcile import resolve

        if not self.data.items:
            return
        item = self.data.items[self.index]
        try:
            with self.project.session() as session:
                keys = resolve(
                    session,
                    self.question_id,
                    item.answer_id,
                    self.data.coders,
                    self.coder_name,
                    take=take,
                    codes=codes,
                    consensus=self.consensus,
                )
        except CoderError as exc:
            self.show_message(str(exc), True)
            return
        item.consensus = keys
        shown = ", ".join(self.label(k) for k in keys) or tr("rc.no_codes", self.lang)
        self.show_message(tr("rc.saved", self.lang, respondent=item.respondent_id, codes=shown))
        self.index = self._first_open(self.index)
        self.render_item()

    def _take(self, position: int) -> None:
        """Take one coder's codes (known from the queue: no need to read them again)."""
        if not self.data.items or len(self.data.coders) <= position:
            return
        coder = self.data.coders[position]
        codes = self.data.items[self.index].codes.get(coder)
        if codes is None:
            self.decide(take=coder)  # resolve() says that this coder has not coded it
        else:
            self.decide(codes=codes)

    def action_take_a(self) -> None:
        self._take(0)

    def action_take_b(self) -> None:
        self._take(1)

    def action_union(self) -> None:
        if self.data.items:
            given = self.data.items[self.index].codes.values()
            self.decide(codes=sorted({k for codes in given for k in codes or ()}))

    def action_edit(self) -> None:
        """Tick the consensus codes by hand (starting from the decision, else the union)."""
        if not self.data.items:
            return
        item = self.data.items[self.index]
        start = set(item.consensus if item.consensus is not None else ())
        if item.consensus is None:
            for codes in item.codes.values():
                start |= set(codes or ())
        keys = list(self.data.labels) + sorted(start - set(self.data.labels))
        choices = [(f"{self.label(k)} ({k})", k, k in start) for k in keys]

        def save(chosen: list[str] | None) -> None:
            if chosen is not None:
                self.decide(codes=chosen)

        self.app.push_screen(
            CodeSetForm[str](
                tr("rc.edit_title", self.lang, respondent=item.respondent_id), self.lang, choices
            ),
            save,
        )

    # --- moving and choosing coders ---------------------------------------------------------
    def _move(self, step: int) -> None:
        if self.data.items:
            self.index = (self.index + step) % len(self.data.items)
            self.render_item()

    def action_next(self) -> None:
        self._move(+1)

    def action_previous(self) -> None:
        self._move(-1)

    def action_next_open(self) -> None:
        if self.data.items:
            self.index = self._first_open((self.index + 1) % len(self.data.items))
            self.render_item()

    def action_coders(self) -> None:
        """Choose which coders to compare (two or more analysts)."""
        from coder.store.queries import coders

        with self.project.session(write=False) as session:
            names = [c.name for c in coders(session) if not c.is_consensus]
        current = set(self.data.coders)
        choices = [(name, name, name in current) for name in names]

        def save(chosen: list[str] | None) -> None:
            if chosen is None:
                return
            if len(chosen) < 2:
                self.show_message(tr("rc.need_two", self.lang), True)
                return
            self.chosen = sorted(chosen)
            self.load()

        self.app.push_screen(
            CodeSetForm[str](tr("rc.choose_coders", self.lang), self.lang, choices), save
        )

    def action_close(self) -> None:
        self.dismiss(None)
