"""The code view: every answer coded with one code, in full, with its respondent's attributes.

Opened with ``K`` on the code highlighted in the codebook tree. Shows your codings, or the
consensus once reconciliation of the question is open. Enter goes to the highlighted answer
in the coding screen; ``V`` reads it in the reader. The first answers show at once, the
rest are added in batches so a code given to thousands of answers opens quickly.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from coder.store.browse import CodedAnswer
from coder.tui.i18n import t
from coder.tui.state import CodeItem, CodingState

FIRST = 200
"""Answers shown before the screen's first paint; the rest follow in batches."""
BATCH = 500


def coded_answer_prompt(answer: CodedAnswer, place: int, total: int) -> Text:
    """One answer as an option: its place in the survey, attributes, the full text."""
    text = Text()
    text.append(f"{place}/{total} · {answer.respondent_id} · {answer.language}", style="bold")
    if answer.attributes:
        attrs = " · ".join(f"{k}: {v}" for k, v in sorted(answer.attributes.items()))
        text.append(f"  {attrs}", style="dim")
    text.append("\n")
    text.append(answer.text)
    text.append("\n")
    return text


class CodeViewScreen(ModalScreen[int | None]):
    """Every answer coded with ``code``; returns the answer id to jump to (or None)."""

    BINDINGS = [
        Binding("escape,K", "close", "Close"),
        Binding("V", "read", "Read", show=False),
    ]

    def __init__(self, state: CodingState, code: CodeItem, lang: str) -> None:
        super().__init__()
        self.state = state
        self.code = code
        self.lang = lang
        self.coder = state.code_view_coder()
        self.answers: list[CodedAnswer] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(self.code.label, classes="dialog-title", id="code-view-title")
            yield OptionList(id="code-view-list")
            yield Label(t("codeview.hint", self.lang), classes="dialog-hint")

    def on_mount(self) -> None:
        self.answers = self.state.answers_with_code(self.code.id, self.coder)
        title = t(
            "codeview.title",
            self.lang,
            code=self.code.label,
            count=f"{len(self.answers):,}",
            coder=self.coder,
        )
        self.query_one("#code-view-title", Label).update(title)
        options = self.query_one(OptionList)
        if not self.answers:
            options.add_option(
                Option(Text(t("codeview.empty", self.lang), style="dim"), disabled=True)
            )
            return
        options.add_options(self._options(0, FIRST))
        options.highlighted = 0
        options.focus()
        if len(self.answers) > FIRST:
            self._add_rest()

    def _options(self, start: int, end: int) -> list[Option]:
        state = self.state
        return [
            Option(coded_answer_prompt(a, state.pos_of.get(a.id, 0) + 1, state.total), id=str(a.id))
            for a in self.answers[start:end]
        ]

    @work(exclusive=True, group="code-view")
    async def _add_rest(self) -> None:
        import asyncio

        options = self.query_one(OptionList)
        for start in range(FIRST, len(self.answers), BATCH):
            await asyncio.sleep(0)  # keys and repaints between batches
            options.add_options(self._options(start, start + BATCH))

    def _highlighted_id(self) -> int | None:
        options = self.query_one(OptionList)
        if options.highlighted is None or not self.answers:
            return None
        option_id = options.get_option_at_index(options.highlighted).id
        return int(option_id) if option_id is not None else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(int(event.option.id))

    def action_read(self) -> None:
        from coder.tui.screens.reader import ReaderScreen

        answer_id = self._highlighted_id()
        if answer_id is not None:
            self.app.push_screen(ReaderScreen(self.state, answer_id, self.lang))

    def action_close(self) -> None:
        self.dismiss(None)
