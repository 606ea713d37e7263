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
from textual.widgets import DataTable, Static

from coder.agreement.reconcile import ReconcileData
from coder.errors import CoderError
from coder.store.project import Project
from coder.store.roles import RoleError
from coder.tui.footer import CoderFooter, FittedFooter, help_rows
from coder.tui.reconcile_state import Decision, ReconcileState
from coder.tui.screens.editor_strings import localise_bindings, tr
from coder.tui.screens.forms import CodeSetForm, ConfirmForm, LineForm
from coder.tui.screens.modals import HelpScreen
from coder.tui.screens.status_line import StatusLine

FOOTER_NAMES = {
    "help": "action.help",
    "take_a": "rc.take_a",
    "take_b": "rc.take_b",
    "union": "rc.union",
    "edit": "rc.edit",
    "next": "rc.next",
    "previous": "rc.prev",
    "next_open": "rc.next_open",
    "coders": "rc.coders",
    "rationale": "rc.rationale",
    "undo": "rc.undo",
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


class ReconcileScreen(FittedFooter, Screen[None]):
    """Per-code agreement and the reconciliation queue of one question."""

    CSS_PATH = Path(__file__).with_name("reconcile.tcss")  # absolute: subclasses elsewhere keep it
    BINDINGS = [  # footer order: the keys most needed first (see FOOTER_ORDER)
        Binding("question_mark,f1", "help", "Help"),
        Binding("a", "take_a", "Take A"),
        Binding("b", "take_b", "Take B"),
        Binding("u", "union", "Union"),
        Binding("e", "edit", "Edit"),
        Binding("r", "rationale", "Rationale"),
        Binding("ctrl+z", "undo", "Undo"),
        Binding("n", "next", "Next"),
        Binding("p", "previous", "Previous"),
        Binding("o", "next_open", "Next open"),
        Binding("c", "coders", "Coders"),
        Binding("escape,q", "close", "Close", show=False),
    ]
    FOOTER_ORDER = (
        "help",
        "take_a",
        "take_b",
        "union",
        "edit",
        "rationale",
        "undo",
        "next",
        "previous",
        "next_open",
        "coders",
    )

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
        super().__init__()
        self.state = ReconcileState(
            project, question_id, coder_name, coders=coders, lang=lang, consensus=consensus
        )
        self.question_id = question_id
        self.lang = lang
        localise_bindings(self, FOOTER_NAMES, lang)

    @property
    def data(self) -> ReconcileData:
        return self.state.data

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
        yield CoderFooter()

    def on_mount(self) -> None:
        self.fit_footer()
        self.load()

    def action_help(self) -> None:
        """Every key of the screen, those the footer has no room for too."""
        title = tr("rc.help_title", self.lang)
        self.app.push_screen(HelpScreen(help_rows(self), None, self.lang, None, title=title))

    # --- reading --------------------------------------------------------------------------
    def load(self) -> None:
        """Read the report and the queue; the first time, ask before ending blind coding.

        A coder who is not a lead is refused here: the screen closes and says who may open it.
        """
        try:
            coders, already_open = self.state.prepare()
        except RoleError as exc:
            self.app.notify(exc.text(self.lang), severity="error", timeout=8)
            self.dismiss(None)
            return
        except CoderError as exc:
            self.show_message(exc.text(self.lang), True)
            return
        if len(coders) < 2:
            self.state.data = ReconcileData(coders=list(coders))
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
        try:
            data = self.state.read(coders, open_now)
        except CoderError as exc:
            self.app.call_from_thread(self.show_message, exc.text(self.lang), True)
            return
        self.app.call_from_thread(self._show_read, data)

    def _show_read(self, data: ReconcileData) -> None:
        self.state.show(data)
        if data.entered:
            self.show_message(tr("rc.agreed_entered", self.lang, n=data.entered))
        self.render_all()

    # --- drawing --------------------------------------------------------------------------
    def label(self, key: str) -> str:
        """A code's label in the UI language (the key for codes no longer active)."""
        return self.state.label(key)

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

    def _queue_line(self) -> str:
        state = self.state
        line = tr("rc.queue", self.lang, n=len(state.items), done=state.decided)
        if state.complete:
            line += "  ·  " + tr(
                "rc.complete", self.lang, agreed=self.data.agreed, command=state.export_command()
            )
        return line

    def render_item(self) -> None:
        """The current queue item: the answer, each coder's codes side by side, the consensus."""
        state = self.state
        items = state.items
        queue = self.query_one("#rc-queue", Static)
        sides = self.query_one("#rc-sides", Horizontal)
        answer = self.query_one("#rc-answer", Static)
        if not items:
            queue.update(
                tr("rc.queue_empty", self.lang)
                + "  "
                + tr(
                    "rc.complete",
                    self.lang,
                    agreed=self.data.agreed,
                    command=state.export_command(),
                )
                if self.data.report
                else ""
            )
            answer.update("")
            sides.remove_children()
            return
        queue.update(self._queue_line())
        item = items[state.index]
        try:
            view = state.answer()
        except CoderError as exc:
            self.show_message(exc.text(self.lang), True)
            return
        assert view is not None
        head = Text(
            tr(
                "rc.answer",
                self.lang,
                n=state.index + 1,
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
                text = ("≠ " if differs else "  ") + self.label(key)
                if not state.is_active(key):
                    text += " " + tr("rc.retired", self.lang)
                lines.append(Text(text, "bold" if differs else ""))
            if is_consensus:
                why = state.rationales.get(item.answer_id) or state.pending_rationale
                if why:
                    lines.append(Text(tr("rc.rationale_shown", self.lang, text=why), "italic"))
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
    def _done(self, decision: Decision | None) -> None:
        if decision is None:
            return
        shown = ", ".join(self.label(k) for k in decision.keys) or tr("rc.no_codes", self.lang)
        message = tr("rc.saved", self.lang, respondent=decision.item.respondent_id, codes=shown)
        if decision.left_out:
            message += " " + tr("rc.left_out", self.lang, codes=", ".join(decision.left_out))
        self.show_message(message)
        self.render_item()

    def decide(self, *, keys: list[str] | None = None, position: int | None = None) -> None:
        """Store the consensus for the current answer, then go to the next undecided one."""
        try:
            if position is not None:
                decision = self.state.take(position)
            elif keys is not None:
                decision = self.state.decide(keys)
            else:
                decision = self.state.union()
        except CoderError as exc:
            self.show_message(exc.text(self.lang), True)
            return
        self._done(decision)

    def action_take_a(self) -> None:
        self.decide(position=0)

    def action_take_b(self) -> None:
        self.decide(position=1)

    def action_union(self) -> None:
        self.decide()

    def action_edit(self) -> None:
        """Tick the consensus codes by hand (starting from the decision, else the union)."""
        item = self.state.current
        if item is None:
            return
        choices, why = self.state.edit_choices()

        def save(chosen: list[str] | None) -> None:
            if chosen is not None:
                self.decide(keys=chosen)

        self.app.push_screen(
            CodeSetForm[str](
                tr("rc.edit_title", self.lang, respondent=item.respondent_id),
                self.lang,
                choices,
                note=tr(why, self.lang),
            ),
            save,
        )

    def action_rationale(self) -> None:
        """A short reason for the current answer's decision (logged with it)."""
        item = self.state.current
        if item is None:
            return

        def save(text: str | None) -> None:
            if text is None:
                return
            try:
                decision = self.state.set_rationale(text)
            except CoderError as exc:
                self.show_message(exc.text(self.lang), True)
                return
            if decision is None:
                self.show_message(tr("rc.rationale_pending", self.lang))
            else:
                self.show_message(tr("rc.rationale_saved", self.lang))
            self.render_item()

        self.app.push_screen(
            LineForm(
                tr("rc.rationale_title", self.lang, respondent=item.respondent_id),
                self.lang,
                self.state.rationales.get(item.answer_id, self.state.pending_rationale),
            ),
            save,
        )

    def action_undo(self) -> None:
        """Undo this lead's latest decision on the question (ctrl+z)."""
        try:
            item = self.state.undo()
        except CoderError as exc:
            self.show_message(exc.text(self.lang), True)
            return
        if item is None:
            self.show_message(tr("rc.nothing_to_undo", self.lang))
            return
        self.show_message(tr("rc.undone", self.lang, respondent=item.respondent_id))
        self.render_item()

    # --- moving and choosing coders ---------------------------------------------------------
    def action_next(self) -> None:
        self.state.move(+1)
        self.render_item()

    def action_previous(self) -> None:
        self.state.move(-1)
        self.render_item()

    def action_next_open(self) -> None:
        self.state.next_open()
        self.render_item()

    def action_coders(self) -> None:
        """Choose which coders to compare (two or more analysts)."""
        current = set(self.data.coders)
        choices = [(name, name, name in current) for name in self.state.analysts()]

        def save(chosen: list[str] | None) -> None:
            if chosen is None:
                return
            if len(chosen) < 2:
                self.show_message(tr("rc.need_two", self.lang), True)
                return
            self.state.chosen = sorted(chosen)
            self.load()

        self.app.push_screen(
            CodeSetForm[str](tr("rc.choose_coders", self.lang), self.lang, choices), save
        )

    def action_close(self) -> None:
        self.dismiss(None)
