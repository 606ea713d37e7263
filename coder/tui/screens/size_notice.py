"""What shows when the terminal is smaller than the screens need (the screens return on resize)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Static

from coder.tui.i18n import t

MIN_WIDTH = 80
MIN_HEIGHT = 24
"""The smallest terminal the coding screens are laid out for."""


class SizeNotice(Screen[None]):
    """A notice naming the size needed and the size now; the app removes it once it fits."""

    BINDINGS = [("ctrl+q", "app.quit", "Quit")]

    DEFAULT_CSS = """
    SizeNotice { align: center middle; }
    SizeNotice > Static { width: 100%; content-align: center middle; text-align: center; }
    """

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def compose(self) -> ComposeResult:
        yield Static(id="size-notice")

    def on_mount(self) -> None:
        self.show_size(self.app.size)

    def show_size(self, size: Size) -> None:
        """Say the size needed and the size now."""
        text = Text(t("size.notice", self.lang, width=MIN_WIDTH, height=MIN_HEIGHT), style="bold")
        text.append("\n" + t("size.now", self.lang, width=size.width, height=size.height))
        self.query_one(Static).update(text)
