"""Small screens over the coding screen: memo editor, help, and the picker that search and the
filter menu (``coder.tui.screens.finding``) build on."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static

from coder.tui.i18n import t

if TYPE_CHECKING:
    from textual.widgets import TextArea


class MemoScreen(ModalScreen[str | None]):
    """Edit a memo; ctrl+s returns the text, escape returns None."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, title: str, text: str, lang: str) -> None:
        super().__init__()
        self.memo_title = title
        self.text = text
        self.lang = lang

    def compose(self) -> ComposeResult:
        # lazy: Textual's TextArea (and its document model) is needed only once a memo opens
        from textual.widgets import TextArea

        with Vertical(classes="dialog"):
            yield Label(self.memo_title, classes="dialog-title")
            yield TextArea(self.text, id="memo-text", soft_wrap=True)
            yield Label(t("memo.hint", self.lang), classes="dialog-hint")

    def _text_area(self) -> TextArea:
        return self.query_one("#memo-text")  # type: ignore[return-value]

    def on_mount(self) -> None:
        self._text_area().focus()

    def action_save(self) -> None:
        self.dismiss(self._text_area().text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class HelpScreen(ModalScreen[None]):
    """Every key of a screen; for the coding screen also every code shortcut and the legend."""

    BINDINGS = [
        Binding("escape,question_mark,f1,q", "close", "Close"),
    ]

    def __init__(
        self,
        keys: list[tuple[str, str]],
        codes: list[tuple[str, str]] | None,
        lang: str,
        config_path: str | None,
        title: str | None = None,
    ) -> None:
        super().__init__()
        self.keys = keys
        self.codes = codes
        self.lang = lang
        self.config_path = config_path
        self.title_text = title or t("help.title", lang)

    def compose(self) -> ComposeResult:
        text = Text()
        text.append(self.title_text + "\n\n", style="bold")
        # One key column for all rows, as wide as the widest key: no key runs into its text.
        width = max(18, max((len(k) for k, _ in [*self.keys, *(self.codes or [])]), default=0) + 2)
        for key, what in self.keys:
            text.append(f"  {key:<{width}}", style="bold cyan")
            text.append(what + "\n")
        if self.codes is not None:
            text.append("\n" + t("help.codes", self.lang) + "\n\n", style="bold")
            for key, label in self.codes:
                text.append(f"  {key:<{width}}", style="bold cyan")
                text.append(label + "\n")
            text.append("\n" + t("legend", self.lang) + "\n", style="dim")
        if self.config_path is not None:
            text.append(t("help.config", self.lang, path=self.config_path) + "\n", style="dim")
        text.append(t("help.close", self.lang), style="dim italic")
        with VerticalScroll(classes="dialog help"):
            yield Static(text)

    def action_close(self) -> None:
        self.dismiss(None)


class PickerScreen(ModalScreen[Any]):
    """A modal with an input over an option list: arrows move the list while typing."""

    BINDINGS = [Binding("escape", "close", "Close")]

    def chosen(self, option_id: str) -> Any:
        """What the screen returns for the option picked."""
        raise NotImplementedError

    def _pick(self, option_id: str | None) -> None:
        if option_id is not None:
            self.dismiss(self.chosen(option_id))

    @on(Input.Submitted)
    def _submitted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None and options.option_count:
            self._pick(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._pick(event.option.id)

    def on_key(self, event: events.Key) -> None:
        if event.key in ("down", "up"):
            options = self.query_one(OptionList)
            if options.option_count:
                if event.key == "down":
                    options.action_cursor_down()
                else:
                    options.action_cursor_up()
                event.stop()

    def action_close(self) -> None:
        self.dismiss(None)
