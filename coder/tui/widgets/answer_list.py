"""The answer list: one line per answer, drawn only for the rows on screen (100,000 is fine).

A Line API widget: it renders the visible rows from the session's in-memory ids and status,
fetching the snippets of just those rows, so scrolling and moving never touch every answer.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from coder.tui.state import SYMBOLS, CodingState


class AnswerList(ScrollView, can_focus=True, inherit_bindings=False):
    """Answers in view with status symbols; the cursor row is the answer on screen.

    It does not inherit the scroll keys: up and down belong to the screen (next/previous
    answer, rebindable), and the page keys move the cursor, not just the viewport.
    """

    BINDINGS = [
        Binding("pagedown", "screen.move_page(1)", show=False),
        Binding("pageup", "screen.move_page(-1)", show=False),
        Binding("home", "screen.move_to_end(-1)", show=False),
        Binding("end", "screen.move_to_end(1)", show=False),
    ]

    COMPONENT_CLASSES = {
        "answer-list--cursor",
        "answer-list--uncoded",
        "answer-list--coded",
        "answer-list--suggested",
        "answer-list--disagreement",
        "answer-list--star",
        "answer-list--dim",
    }

    DEFAULT_CSS = """
    AnswerList { width: 30; }
    AnswerList > .answer-list--cursor { background: $accent 40%; text-style: bold; }
    AnswerList:focus > .answer-list--cursor { background: $accent; }
    AnswerList > .answer-list--uncoded { color: $text-muted; }
    AnswerList > .answer-list--coded { color: $success; }
    AnswerList > .answer-list--suggested { color: $warning; }
    AnswerList > .answer-list--disagreement { color: $error; text-style: bold; }
    AnswerList > .answer-list--star { color: $warning; }
    AnswerList > .answer-list--dim { color: $text-muted; }
    """

    class Clicked(Message):
        """The analyst clicked a row (view index)."""

        def __init__(self, index: int) -> None:
            self.index = index
            super().__init__()

    def __init__(self, state: CodingState, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.state = state
        self._row_snippets: dict[int, str] = {}
        self._styles: dict[str, Style] = {}
        self._styles_key: tuple[bool, str] | None = None
        # As wide as the longest respondent id, up to 12 (measured once, at start).
        self._rid_width = min(12, max((len(r) for r in state.respondents), default=4))

    def on_mount(self) -> None:
        self.reload()

    def on_resize(self) -> None:
        # The first size arrives after mount: only then can the list scroll to the cursor.
        self.virtual_size = Size(self.size.width, len(self.state.view))
        self.follow_cursor()

    def reload(self) -> None:
        """The view changed (filter): resize and follow the cursor."""
        self.virtual_size = Size(self.size.width, len(self.state.view))
        self.follow_cursor()
        self.refresh()

    def follow_cursor(self) -> bool:
        """Scroll so the cursor row is visible (keeping some rows of context); True if scrolled."""
        height = max(1, self.scrollable_content_region.height)
        cursor = self.state.cursor
        top = int(self.scroll_offset.y)
        if cursor < top + 1 or cursor >= top + height - 1:
            target = max(0, min(cursor - height // 3, len(self.state.view) - height))
            if target != top:
                self.scroll_to(y=target, animate=False, immediate=True)
                self.refresh()
                return True
        return False

    def show_cursor(self, previous: int | None) -> None:
        """Redraw after the cursor moved from ``previous`` (or its row changed): two rows at most."""
        if not self.follow_cursor():
            if previous is not None and previous != self.state.cursor:
                self.refresh_line(previous)
            self.refresh_line(self.state.cursor)

    def render_lines(self, crop):  # type: ignore[no-untyped-def]
        """Fetch the snippets of the rows about to be drawn in one query, then draw them."""
        top = int(self.scroll_offset.y) + crop.y
        view = self.state.view
        rows = view[top : top + crop.height]
        self._row_snippets = self.state.snippets(rows) if rows else {}
        # Styles are looked up once per theme and focus, not once per row (lookups are slow).
        key = (self.has_focus, self.app.theme)
        if key != self._styles_key:
            base = self.rich_style
            self._styles = {
                name: base + self.get_component_rich_style(f"answer-list--{name}")
                for name in (
                    "cursor",
                    "uncoded",
                    "coded",
                    "suggested",
                    "disagreement",
                    "star",
                    "dim",
                )
            }
            self._styles["base"] = base
            self._styles_key = key
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = int(self.scroll_offset.y) + y
        state = self.state
        if index >= len(state.view):
            return Strip.blank(width, self._styles.get("base") or self.rich_style)
        pos = state.view[index]
        aid = state.ids[pos]
        status = state.status_of(pos)
        star = "★" if aid in state.starred else " "
        styles = self._styles
        if index == state.cursor:
            cursor = styles["cursor"]
            base, symbol_style, star_style, dim = cursor, cursor, cursor, cursor
        else:
            base, symbol_style = styles["base"], styles[status]
            star_style, dim = styles["star"], styles["dim"]
        snippet = self._row_snippets.get(pos)
        if snippet is None:
            snippet = state.snippets([pos]).get(pos, "")
        # Narrow lists keep room for the text: shorter ids, no language column.
        rid_width = min(self._rid_width, max(4, width // 5))
        lang = f"{state.languages[pos]:<3} " if width >= 36 else ""
        head = f"{state.respondents[pos][:rid_width]:<{rid_width}} {lang}"
        segments = [
            Segment(f"{SYMBOLS[status]}", symbol_style),
            Segment(star, star_style),
            Segment(head, dim),
            Segment(snippet, base),
        ]
        strip = Strip(segments).crop_extend(0, width, base)
        return strip

    def on_click(self, event) -> None:  # type: ignore[no-untyped-def]
        index = int(self.scroll_offset.y) + event.y
        if 0 <= index < len(self.state.view):
            self.post_message(self.Clicked(index))
