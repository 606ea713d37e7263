"""The code view: every answer coded with one code, in full, with its respondent's attributes.

Opened with ``K`` on the code highlighted in the codebook tree. Shows your codings, or the
consensus once reconciliation of the question is open. Enter goes to the highlighted answer
in the coding screen; ``V`` reads it in the reader. The answers are read a page at a time:
the first page when the view opens, the next when the cursor or the scrollbar nears the end
of what is shown, so a code given to thousands of answers opens as fast as one given to ten.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from coder.store.browse import CodedAnswer
from coder.tui.i18n import t
from coder.tui.screens.reader import ReaderScreen
from coder.tui.state import CodeItem, CodingState

PAGE = 100
"""Answers read and shown at a time."""
NEAR_END = 10
"""How close to the last shown answer the cursor gets before the next page is read."""


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


class PagedOptionList(OptionList):
    """An option list that says when it is scrolled to (near) its end."""

    class NearEnd(Message):
        """The list is scrolled to within a page of its end."""

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if new_value >= self.max_scroll_y - self.scrollable_content_region.height:
            self.post_message(self.NearEnd())


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
        """The answers read so far (pages in survey order)."""
        self.total = 0
        """How many answers have the code."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(self.code.label, classes="dialog-title", id="code-view-title")
            yield PagedOptionList(id="code-view-list")
            yield Label(t("codeview.hint", self.lang), classes="dialog-hint")

    def on_mount(self) -> None:
        self.total = self.state.count_with_code(self.code.id, self.coder)
        title = t(
            "codeview.title",
            self.lang,
            code=self.code.label,
            count=f"{self.total:,}",
            coder=self.coder,
        )
        self.query_one("#code-view-title", Label).update(title)
        options = self.query_one(OptionList)
        if not self.total:
            options.add_option(
                Option(Text(t("codeview.empty", self.lang), style="dim"), disabled=True)
            )
            return
        self._next_page()
        options.highlighted = 0
        options.focus()

    def _next_page(self) -> None:
        """Read and show the next page of answers (nothing once all are shown)."""
        start = len(self.answers)
        if start >= self.total:
            return
        page = self.state.answers_with_code(self.code.id, self.coder, offset=start, limit=PAGE)
        if not page:  # codings removed since the count: nothing more to read
            self.total = start
            return
        self.answers.extend(page)
        state = self.state
        self.query_one(OptionList).add_options(
            Option(coded_answer_prompt(a, state.pos_of.get(a.id, 0) + 1, state.total), id=str(a.id))
            for a in page
        )

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index >= len(self.answers) - NEAR_END:
            self._next_page()

    @on(PagedOptionList.NearEnd)
    def _scrolled_near_end(self) -> None:
        self._next_page()

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
        answer_id = self._highlighted_id()
        if answer_id is not None:
            self.app.push_screen(ReaderScreen(self.state, answer_id, self.lang))

    def action_close(self) -> None:
        self.dismiss(None)
