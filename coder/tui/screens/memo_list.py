"""Every memo you wrote on the question: on answers (enter goes to the answer) and on codes."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from coder.tui.i18n import t
from coder.tui.state import CodingState


class MemoListScreen(ModalScreen[int | None]):
    """The coder's memos on this question's answers and codes; returns an answer id or None."""

    BINDINGS = [Binding("escape,N", "close", "Close")]

    def __init__(self, state: CodingState, lang: str) -> None:
        super().__init__()
        self.state = state
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(t("memos.title", self.lang), classes="dialog-title", id="memos-title")
            yield OptionList(id="memo-list")
            yield Label(t("memos.hint", self.lang), classes="dialog-hint")

    def on_mount(self) -> None:
        state = self.state
        options = self.query_one(OptionList)
        memos = state.all_memos()
        self.query_one("#memos-title", Label).update(
            t("memos.title", self.lang) + f" ({len(memos)})"
        )
        for memo in memos:
            prompt = Text()
            key = int(memo.target_key)
            if memo.target_type == "answer":
                pos = state.pos_of[key]
                prompt.append(
                    t("memos.on_answer", self.lang, respondent=state.respondents[pos]), style="bold"
                )
                option_id: str | None = str(key)
            else:
                prompt.append(
                    t("memos.on_code", self.lang, code=state.code_by_id[key].label),
                    style="bold cyan",
                )
                option_id = f"code:{key}"
            prompt.append("\n" + memo.text.strip() + "\n")
            options.add_option(Option(prompt, id=option_id))
        if not memos:
            options.add_option(
                Option(Text(t("memos.empty", self.lang), style="dim"), disabled=True)
            )
        else:
            options.highlighted = 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id.isdigit():
            self.dismiss(int(option_id))

    def action_close(self) -> None:
        self.dismiss(None)
