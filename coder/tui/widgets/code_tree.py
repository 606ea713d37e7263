"""The codebook tree: shortcut, label in the analyst's language, mark if on, running count."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from coder.tui.state import CodeItem, CodingState


class CodeTree(Tree[int]):
    """The question's codes; enter toggles the highlighted code on the current answer."""

    DEFAULT_CSS = """
    CodeTree { width: 38; padding: 0 1; }
    """

    def __init__(self, state: CodingState, **kwargs: object) -> None:
        super().__init__("codebook", **kwargs)  # type: ignore[arg-type]
        self.state = state
        self.show_root = False
        self.auto_expand = False
        self.guide_depth = 2
        self._code_nodes: dict[int, TreeNode[int]] = {}
        self._shown_on: set[int] = set()

    def on_mount(self) -> None:
        self.rebuild()

    def rebuild(self) -> None:
        """Build the tree from the state's codes (after start or a codebook reload)."""
        self.clear()
        self._code_nodes = {}
        on = self._current_codes()
        self._shown_on = on
        for code in self.state.codes:
            parent = self._code_nodes.get(code.parent_id) if code.parent_id is not None else None
            anchor = parent if parent is not None else self.root
            has_children = any(c.parent_id == code.id for c in self.state.codes)
            label = self._label(code, code.id in on)
            if has_children:
                node = anchor.add(label, data=code.id, expand=True)
            else:
                node = anchor.add_leaf(label, data=code.id)
            self._code_nodes[code.id] = node
        self.root.expand_all()
        if self.state.codes and self.cursor_line < 0:
            self.cursor_line = 0  # memo and definition keys act on a code from the start

    def _current_codes(self) -> set[int]:
        answer_id = self.state.current_id
        return set(self.state.my_codes.get(answer_id, set())) if answer_id is not None else set()

    def _label(self, code: CodeItem, on: bool) -> Text:
        text = Text()
        if code.codable:
            text.append(f"[{code.shortcut}]" if code.shortcut else "[ ]", style="bold cyan")
            text.append(" ✓ " if on else "   ", style="bold green" if on else "")
        else:
            text.append("    ")
        count = f" ({self.state.counts.get(code.id, 0)})" if code.codable else ""
        label = code.label
        room = self._label_room(code) - len(text)
        if len(label) + len(count) > room:  # the label first; the count if there is room
            count = ""
        if len(label) > room:  # cut with an ellipsis
            label = label[: max(1, room - 1)] + "…"
        text.append(label, style="bold" if on else ("italic" if not code.codable else ""))
        if count:
            text.append(count, style="dim")
        return text

    def _label_room(self, code: CodeItem) -> int:
        """Columns a code's row has for its label, after the tree's guides (200 before layout)."""
        width = self.scrollable_content_region.width
        if width <= 0:
            return 200
        has_children = any(c.parent_id == code.id for c in self.state.codes)
        return width - code.depth * self.guide_depth - (2 if has_children else 0)

    def on_resize(self) -> None:
        # Labels are cut to the width: redraw them all once the new width is laid out.
        self.call_after_refresh(self.refresh_marks, None)

    def marks_to_redraw(self) -> set[int]:
        """After a move: the codes whose mark differs between the old and the new answer
        (counts do not change on a move, so the other rows stay as drawn)."""
        return self._current_codes() ^ self._shown_on

    def refresh_marks(self, code_ids: set[int] | None = None) -> None:
        """Update marks and counts (of ``code_ids``, or all) for the current answer."""
        on = self._current_codes()
        self._shown_on = on
        for code_id in code_ids if code_ids is not None else set(self._code_nodes):
            node = self._code_nodes.get(code_id)
            code = self.state.code_by_id.get(code_id)
            if node is not None and code is not None:
                node.set_label(self._label(code, code_id in on))

    @property
    def highlighted_code(self) -> CodeItem | None:
        """The code under the tree's cursor."""
        node = self.cursor_node
        if node is None or node.data is None:
            return None
        return self.state.code_by_id.get(node.data)

    def highlight(self, code_id: int) -> None:
        """Put the tree's cursor on a code (e.g. the one just toggled)."""
        node = self._code_nodes.get(code_id)
        if node is not None:
            self.move_cursor(node, animate=False)
