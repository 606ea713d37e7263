"""The reader: one answer in full, with its respondent's attributes, your codes and memo.

Opened with ``V`` from the coding screen (and from the code view); PageDown, PageUp and space
scroll, Escape goes back. Long answers (thousands of characters) read here from first word
to last.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from coder.tui.i18n import t
from coder.tui.state import CodingState
from coder.tui.widgets.panels import answer_body


def answer_text(state: CodingState, answer_id: int, lang: str) -> Text:
    """The answer as the reader shows it: header, attributes, codes, text, memo."""
    detail = state.detail(answer_id)
    text = Text()
    text.append(
        t("reader.header", lang, respondent=detail.respondent_id, language=detail.language),
        style="bold",
    )
    text.append("\n")
    for name, value in sorted(detail.attributes.items()):
        text.append(f"{name}: ", style="dim")
        text.append(f"{value}\n")
    codes = [
        state.code_by_id[c].label
        for c in state.my_codes.get(answer_id, ())
        if c in state.code_by_id
    ]
    text.append(f"{t('reader.codes', lang)}: ", style="bold")
    if answer_id not in state.my_codes:
        text.append(t("status.uncoded", lang), style="dim italic")
    elif not codes:
        text.append(t("reader.no_codes", lang), style="dim italic")
    else:
        text.append(", ".join(sorted(codes)), style="green")
    text.append("\n\n")
    text.append_text(answer_body(state, detail, lang))
    return text


class ReaderScreen(ModalScreen[None]):
    """One answer in full, scrolling; Escape (or V) goes back."""

    BINDINGS = [
        Binding("escape,V,q", "close", "Close"),
        Binding("pagedown,space", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("home", "edge(-1)", "Top", show=False),
        Binding("end", "edge(1)", "End", show=False),
    ]

    def __init__(self, state: CodingState, answer_id: int, lang: str) -> None:
        super().__init__()
        self.state = state
        self.answer_id = answer_id
        self.lang = lang

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog reader", id="reader"):
            yield Static(answer_text(self.state, self.answer_id, self.lang), id="reader-text")
        yield Label(t("reader.hint", self.lang), classes="dialog-hint", id="reader-hint")

    def on_mount(self) -> None:
        self.query_one("#reader", VerticalScroll).focus()

    def action_page(self, direction: int) -> None:
        scroller = self.query_one("#reader", VerticalScroll)
        if direction > 0:
            scroller.scroll_page_down(animate=False)
        else:
            scroller.scroll_page_up(animate=False)

    def action_edge(self, direction: int) -> None:
        scroller = self.query_one("#reader", VerticalScroll)
        if direction > 0:
            scroller.scroll_end(animate=False)
        else:
            scroller.scroll_home(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
