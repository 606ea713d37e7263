"""Second half of splitting a code: step through its answers, reassigning each to new codes.

Each answer is its own transaction (``reassign_coding`` for every coder who gave the old code),
so stopping half-way keeps what was done. When no answer carries the old code any more it is
retired, its history kept.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.events import Key
from textual.screen import Screen
from textual.widgets import Static

from coder.errors import CoderError
from coder.store.codebooks import reassign_coding, retire_code
from coder.store.project import Project
from coder.store.queries import get_answer_view
from coder.store.usage import answers_with_code
from coder.tui.footer import CoderFooter, FittedFooter, help_rows
from coder.tui.screens.editor_strings import localise_bindings, tr
from coder.tui.screens.modals import HelpScreen

FOOTER_NAMES = {
    "help": "action.help",
    "apply": "split.apply",
    "skip": "split.skip",
    "stop": "split.stop",
}


class SplitQueueScreen(FittedFooter, Screen[str | None]):
    """Reassign one answer at a time; dismisses with a summary line.

    Its footer fits the width as the other screens' do: help first, then as many whole keys
    as there is room for; help lists them all, the number keys that tick new codes too.
    """

    CSS_PATH = Path(__file__).with_name(
        "codebook_edit.tcss"
    )  # absolute: subclasses elsewhere keep it
    BINDINGS = [  # footer order: the keys most needed first (see FOOTER_ORDER)
        Binding("question_mark,f1", "help", "Help"),
        Binding("enter", "apply", "Reassign"),
        Binding("n", "skip", "Keep old"),
        Binding("escape", "stop", "Stop"),
    ]
    FOOTER_ORDER = ("help", "apply", "skip", "stop")

    def __init__(
        self,
        project: Project,
        code_id: int,
        code_key: str,
        new_codes: list[tuple[int, str]],
        items: list[tuple[int, list[str]]],
        coder_name: str,
        *,
        lang: str = "en",
        show_coders: bool = True,
    ) -> None:
        super().__init__()
        self.show_coders = show_coders
        """False while coding is blind: the queue holds only the editor's own answers."""
        self.project = project
        self.code_id, self.code_key = code_id, code_key
        self.new_codes = new_codes[:9]
        self.items = items
        self.coder_name = coder_name
        self.lang = lang
        self.index = 0
        self.done = 0
        self.chosen: set[int] = set()
        localise_bindings(self, FOOTER_NAMES, lang)

    def compose(self) -> ComposeResult:
        yield Static("", id="split-title")
        with VerticalScroll(id="split-answer-box"):
            yield Static("", id="split-answer")
        yield Static("", id="split-coders")
        yield Static("", id="split-codes")
        yield Static(tr("split.help", self.lang), id="split-help")
        yield CoderFooter()

    def on_mount(self) -> None:
        self.fit_footer()
        self.show()

    def action_help(self) -> None:
        """Every key of the screen: the number keys, and those the footer has no room for."""
        rows = [(f"1-{len(self.new_codes)}", tr("split.toggle", self.lang)), *help_rows(self)]
        title = tr("split.help_title", self.lang)
        self.app.push_screen(HelpScreen(rows, None, self.lang, None, title=title))

    def show(self) -> None:
        """Draw the current answer and the new codes with what is ticked."""
        answer_id, coders = self.items[self.index]
        with self.project.session(write=False) as session:
            view = get_answer_view(session, answer_id)
        self.query_one("#split-title", Static).update(
            tr(
                "split.title",
                self.lang,
                key=self.code_key,
                n=self.index + 1,
                total=len(self.items),
            )
            + f"  ·  {view.respondent_id} ({view.language})"
        )
        self.query_one("#split-answer", Static).update(Text(view.text))
        self.query_one("#split-coders", Static).update(
            tr("split.coders", self.lang, coders=", ".join(coders))
            if self.show_coders
            else tr("split.own", self.lang)
        )
        codes = Text()
        for number, (code_id, label) in enumerate(self.new_codes, start=1):
            mark = "[x]" if code_id in self.chosen else "[ ]"
            codes.append(
                f"{mark} {number} {label}\n", style="bold" if code_id in self.chosen else ""
            )
        self.query_one("#split-codes", Static).update(codes)

    def on_key(self, event: Key) -> None:
        if event.character and event.character.isdigit() and event.character != "0":
            number = int(event.character)
            if number <= len(self.new_codes):
                event.stop()
                code_id = self.new_codes[number - 1][0]
                self.chosen ^= {code_id}
                self.show()

    def action_apply(self) -> None:
        """Move this answer's coding of the old code to the ticked new codes, then go on."""
        if not self.chosen:
            self.query_one("#split-help", Static).update(
                Text(tr("split.need_choice", self.lang), style="bold")
            )
            return
        answer_id, coders = self.items[self.index]
        chosen = [code_id for code_id, _label in self.new_codes if code_id in self.chosen]
        try:
            with self.project.session() as session:
                for coder in coders:
                    reassign_coding(
                        session, answer_id, coder, self.code_id, chosen, actor=self.coder_name
                    )
        except CoderError as exc:
            self.notify(exc.text(self.lang), severity="error")
            return
        self.done += 1
        self.advance()

    def action_skip(self) -> None:
        """Leave this answer on the old code."""
        self.advance()

    def advance(self) -> None:
        self.chosen = set()
        self.query_one("#split-help", Static).update(tr("split.help", self.lang))
        self.index += 1
        if self.index >= len(self.items):
            self.finish()
        else:
            self.show()

    def finish(self) -> None:
        """Retire the old code once no answer carries it; report what was done."""
        try:
            with self.project.session() as session:
                if not answers_with_code(session, self.code_id):
                    retire_code(session, self.code_id, actor=self.coder_name)
        except CoderError as exc:
            self.notify(exc.text(self.lang), severity="error")
        self.dismiss(tr("cb.split_done", self.lang, key=self.code_key, done=self.done))

    def action_stop(self) -> None:
        self.dismiss(tr("cb.split_done", self.lang, key=self.code_key, done=self.done))
