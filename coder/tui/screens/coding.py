"""The main coding screen: answer list, the answer in full, suggestions, codebook tree, progress.

The screen is built in parts: :mod:`coding_base` (layout, bindings, redraw),
:mod:`coding_background` (suggester, near-duplicates, informative order) and
:mod:`coding_views` (reader, code view, tables, memos, search, filters, help). This module
holds the keys that code and move. Each key that changes data goes through
:class:`~coder.tui.state.CodingState`, which commits the change before this screen redraws,
so what the analyst sees is already on disk.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from textual import on
from textual.widgets import Tree

from coder.errors import CoderError
from coder.tui.i18n import CATALOGUE, t
from coder.tui.screens.coding_background import SuggesterLink
from coder.tui.screens.coding_base import FAILED, key_display
from coder.tui.screens.coding_views import SCREENS, CodingViews
from coder.tui.state import Replayed
from coder.tui.widgets.answer_list import AnswerList
from coder.tui.widgets.code_tree import CodeTree
from coder.tui.widgets.panels import DefinitionPanel

__all__ = ["SCREENS", "CodingScreen", "key_display"]

POLL_SECONDS = 3.0
"""How often the codebook's version is checked (and the position remembered)."""


class CodingScreen(CodingViews, SuggesterLink):
    """Code one question's answers as one coder."""

    def on_mount(self) -> None:
        self.fit_footer()
        self.query_one(DefinitionPanel).display = False
        if not self.state.has_codebook:
            self.notify(t("panel.no_codebook", self.lang), severity="warning", timeout=8)
        self.query_one(AnswerList).focus()
        self._show_list_title()
        self.show_current()
        self.set_interval(POLL_SECONDS, self.poll_codebook)
        self._entered_answer()
        self.lookahead(now=True)
        self.call_after_refresh(self._first_paint)

    def _first_paint(self) -> None:
        self.host.first_paint()
        # Only now: the suggester's imports and first fit would hold the GIL during start-up.
        self.start_learning()
        self.find_duplicates()
        if self.state.order == "informative":
            self.set_queue_order("informative")

    def on_screen_resume(self) -> None:
        # Back from the codebook editor or reconciliation: pick up their changes now.
        if self.is_mounted:
            self.poll_codebook()
            if self._guard(self.state.refresh_reconciliation) is True:
                self.query_one(AnswerList).refresh()

    def on_unmount(self) -> None:
        # The project may already be closed on quit: then there is nowhere to keep it.
        with contextlib.suppress(Exception):
            self.state.save_position()

    # -- actions: coding ------------------------------------------------------------------
    def action_toggle_code(self, shortcut: str) -> None:
        """Toggle the code with this shortcut on the current answer."""
        if self.state.current_id is None:
            return
        result = self._guard(lambda: self.state.toggle_key(shortcut))
        if result is None or result is FAILED:
            return
        code, _on = result
        self.query_one(CodeTree).highlight(code.id)
        self._changed("toggle", {code.id})

    def action_accept(self) -> None:
        """Accept the suggested codes shown for the current answer."""
        if self.state.current_id is None:
            return
        accepted = self._guard(self.state.accept)
        if accepted is FAILED:
            return
        if not accepted:
            self.notify(t("note.no_suggestions", self.lang), timeout=2)
            return
        self._changed("accept", {c.id for c in accepted})

    def action_group(self) -> None:
        """Give the current answer's codes to its near-duplicates, in one undoable step."""
        state = self.state
        answer_id = state.current_id
        if answer_id is None:
            return
        if self.duplicate_groups is None:
            self.notify(t("note.duplicates_pending", self.lang), timeout=3)
            return
        group = self.duplicate_groups.get(answer_id, [])
        if len(group) < 2:
            self.notify(t("note.no_duplicates", self.lang), timeout=3)
            return
        if not state.my_codes.get(answer_id):
            self.notify(t("note.group_needs_codes", self.lang), timeout=3)
            return
        changed = self._guard(lambda: state.code_near_duplicates(group))
        if changed is FAILED:
            return
        self.notify(t("note.group_coded", self.lang, count=len(changed)), timeout=3)
        self.query_one(AnswerList).refresh()
        self._changed("group", None, full=True)

    def action_done_next(self) -> None:
        """Mark the current answer as coded (even with no code) and go to the next not coded."""
        if self.state.current_id is None:
            return
        if self._guard(self.state.mark_done) is FAILED:
            return
        self.lookahead()
        if not self.state.next_uncoded():
            self.notify(t("note.all_coded", self.lang), timeout=3)
        self._moved("done_next")

    def action_star(self) -> None:
        """Star the current answer as a quote (or remove the star)."""
        if self.state.current_id is None:
            return
        starred = self._guard(self.state.toggle_star)
        if starred is FAILED:
            return
        self.notify(t("note.starred" if starred else "note.unstarred", self.lang), timeout=2)
        self._changed("star", set(), full=True)

    def action_undo(self) -> None:
        """Undo the latest coding action, on whichever answer it was."""
        self._replay(self.state.undo, "note.undone", "note.nothing_to_undo")

    def action_redo(self) -> None:
        """Redo the latest undone action."""
        self._replay(self.state.redo, "note.redone", "note.nothing_to_redo")

    def _replay(self, step: Callable[[], Replayed | None], done: str, none: str) -> None:
        result = self._guard(step)
        if result is FAILED:
            return
        if result is None:
            self.notify(t(none, self.lang), timeout=2)
            return
        answer_id = result.answer_id
        moved = answer_id is not None and answer_id != self.state.current_id
        if moved:
            self._left_answer()
        if answer_id is not None:
            self.state.go_to(answer_id)
        if moved:
            self._entered_answer()
            self._show_list_title()
            self.query_one(AnswerList).reload()
        elif result.group:
            self.query_one(AnswerList).refresh()
        self.notify(t(done, self.lang, what=self._describe(result)), timeout=2)
        self._changed("undo", None, full=True)

    def _describe(self, result: Replayed) -> str:
        """What an undo or redo changed, naming the codes ("added 'Lack of resources'")."""
        key = f"event.{result.kind}"
        what = t(key, self.lang) if key in CATALOGUE else result.kind
        if result.codes:
            named = ", ".join(f"'{label}'" for label in result.codes)
            what = t(f"{key}.named", self.lang, codes=named, count=result.group)
        return what

    # -- actions: moving ------------------------------------------------------------------
    def action_next(self) -> None:
        """Next answer."""
        if self.state.move(1):
            self._moved("next")

    def action_prev(self) -> None:
        """Previous answer."""
        if self.state.move(-1):
            self._moved("prev")

    def action_move_page(self, direction: int) -> None:
        """A page of answers down (1) or up (-1)."""
        page = max(1, self.query_one(AnswerList).scrollable_content_region.height - 1)
        if self.state.move(direction * page):
            self._moved("page")

    def action_move_to_end(self, direction: int) -> None:
        """The last (1) or first (-1) answer in view."""
        if self.state.move(direction * len(self.state.view)):
            self._moved("page")

    def action_next_uncoded(self) -> None:
        """Next answer this coder has not coded."""
        if self.state.next_uncoded():
            self._moved("next_uncoded")
        else:
            self.notify(t("note.all_coded", self.lang), timeout=3)

    @on(AnswerList.Clicked)
    def _clicked(self, event: AnswerList.Clicked) -> None:
        self.state.cursor = event.index
        self._moved("click")

    def action_switch_pane(self) -> None:
        """Switch between the answer list and the codebook tree."""
        answer_list = self.query_one(AnswerList)
        if answer_list.has_focus:
            self.query_one(CodeTree).focus()
        else:
            answer_list.focus()

    @on(Tree.NodeSelected, "#code-tree")
    def _tree_selected(self, event: Tree.NodeSelected[int]) -> None:
        code = self.state.code_by_id.get(event.node.data) if event.node.data is not None else None
        if code is None or not code.codable or self.state.current_id is None:
            return
        if self._guard(lambda: self.state.toggle(code.id)) is not FAILED:
            self._changed("toggle", {code.id})

    @on(Tree.NodeHighlighted, "#code-tree")
    def _tree_highlighted(self) -> None:
        if self.show_definition:
            self.query_one(DefinitionPanel).show(
                self.query_one(CodeTree).highlighted_code, self.lang, self.state
            )

    # -- background -----------------------------------------------------------------------
    def poll_codebook(self) -> None:
        """Reload the tree when another analyst (or the editor) changed the codebook; show
        memos written in another session; remember where the analyst is (reopening returns
        there)."""
        try:
            self.state.save_position()
            if self.state.refresh_memos():  # memos written in another session
                self.show_current()
            changed = self.state.codebook_changed()
        except CoderError:
            return
        if not changed:
            return
        self.state.load_codebook()
        self._bind_codes()
        self.query_one(CodeTree).rebuild()
        self.refresh_bindings()
        self.show_current()
        self.notify(
            t("note.codebook_reloaded", self.lang, version=self.state.codebook_version), timeout=4
        )
        self._entered_answer()
        self.start_learning()
        self.lookahead()
