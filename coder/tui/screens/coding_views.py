"""The coding screen's ways to look at the question: reader, code view, tables, memos, search,
filters, help, definition, queue order and interface language, and the other screens.
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any

from coder.tui.config import DEFAULT_BINDINGS
from coder.tui.i18n import UI_LANGUAGES, t
from coder.tui.screens.auto_code import AutoCodeScreen
from coder.tui.screens.code_view import CodeViewScreen
from coder.tui.screens.coding_base import FAILED, CodingScreenBase, key_display
from coder.tui.screens.finding import FilterScreen, SearchScreen
from coder.tui.screens.memo_list import MemoListScreen
from coder.tui.screens.modals import HelpScreen, MemoScreen
from coder.tui.screens.reader import ReaderScreen
from coder.tui.state import ORDERS, Filter
from coder.tui.widgets.answer_list import AnswerList
from coder.tui.widgets.code_tree import CodeTree
from coder.tui.widgets.panels import AnswerPanel, DefinitionPanel

SCREENS: dict[str, tuple[str, str]] = {
    "reconcile": ("coder.tui.screens.reconcile", "ReconcileScreen"),
    "codebook": ("coder.tui.screens.codebook_edit", "CodebookEditScreen"),
}
"""Screens built elsewhere, opened by key or command when they are importable."""


class CodingViews(CodingScreenBase):
    """Actions that open a view over the question or change how the list is shown."""

    # -- reading --------------------------------------------------------------------------
    def action_view(self) -> None:
        """Read the whole current answer, with its attributes and your codes, in a reader."""
        answer_id = self.state.current_id
        if answer_id is not None:
            self.app.push_screen(ReaderScreen(self.state, answer_id, self.lang))

    def action_answer_down(self) -> None:
        """Scroll the answer pane a page down (the mouse wheel scrolls it too)."""
        self.query_one(AnswerPanel).scroll_page_down(animate=False)

    def action_answer_up(self) -> None:
        """Scroll the answer pane a page up."""
        self.query_one(AnswerPanel).scroll_page_up(animate=False)

    def action_definition(self) -> None:
        """Show or hide the definition (and your memo) of the highlighted code."""
        self.show_definition = not self.show_definition
        panel = self.query_one(DefinitionPanel)
        panel.display = self.show_definition
        if self.show_definition:
            panel.show(self.query_one(CodeTree).highlighted_code, self.lang, self.state)

    # -- views over the question ----------------------------------------------------------
    def action_code_view(self) -> None:
        """Every answer coded with the highlighted code, in full; enter jumps to one."""
        code = self.query_one(CodeTree).highlighted_code
        if code is None:
            self.notify(t("note.no_code", self.lang), timeout=2)
            return
        self.app.push_screen(CodeViewScreen(self.state, code, self.lang), self.jump_to)

    def action_tables(self) -> None:
        """Code co-occurrence and code by attribute (the exports' numbers)."""
        # lazy: the screen brings Textual's DataTable, which the first paint does not need
        from coder.tui.screens.tables import TablesScreen

        self.app.push_screen(TablesScreen(self.state, self.lang))

    def action_memos(self) -> None:
        """Every memo you wrote on this question's answers and codes; enter jumps to one."""
        self.app.push_screen(MemoListScreen(self.state, self.lang), self.jump_to)

    def jump_to(self, answer_id: int | None) -> None:
        """Put the cursor on an answer picked in another view."""
        if answer_id is not None and self.state.go_to(answer_id):
            self.after_view_change("jump")

    # -- search and filter ----------------------------------------------------------------
    def action_search(self) -> None:
        """Ranked search over the answers (exact and word-form matches first); enter jumps."""
        self.app.push_screen(SearchScreen(self.state, self.lang), self.jump_to)

    def action_filter(self) -> None:
        """Add a filter (status, language, code, attribute, memo, auto-coded); they combine."""

        def chosen(flt: Filter | None) -> None:
            if flt is not None:
                self.apply_filter(flt)

        self.app.push_screen(FilterScreen(self.state, self.lang), chosen)

    def action_clear_filter(self) -> None:
        """Show every answer again."""
        if self.state.filters:
            self.apply_filter(Filter())

    def apply_filter(self, flt: Filter) -> None:
        """Filter the answer list (an explicit action: may walk the answers once)."""
        if self._guard(lambda: self.state.set_filter(flt)) is not FAILED:
            self.after_view_change("filter")

    def after_view_change(self, what: str) -> None:
        self._show_list_title()
        self.query_one(AnswerList).reload()
        self._moved(what)

    # -- order and language ---------------------------------------------------------------
    def action_order(self) -> None:
        """Switch the queue between survey order and the suggester's informative order."""
        state = self.state
        following = ORDERS[(ORDERS.index(state.order) + 1) % len(ORDERS)]
        self.set_queue_order(following)
        self._guard(lambda: state.save_preferences(queue_order=following))

    def set_queue_order(self, order: str) -> None:
        """Show the queue in ``order`` (informative waits for the suggester when needed)."""
        state = self.state
        if self._guard(lambda: state.set_order(order)) is FAILED:
            return
        self.after_view_change("order")
        if order == "informative" and state._order_positions is None:
            if self.request_informative_order():
                self.notify(t("note.order_computing", self.lang), timeout=3)
            else:
                self.notify(t("note.order_waiting", self.lang), timeout=4)
        else:
            self.notify(t(f"order.{order}", self.lang), timeout=2)

    def action_language(self) -> None:
        """Switch the interface language (remembered for your next session)."""
        following = UI_LANGUAGES[(UI_LANGUAGES.index(self.lang) + 1) % len(UI_LANGUAGES)]
        if self._guard(lambda: self.state.save_preferences(ui_lang=following)) is not FAILED:
            self.host.switch_language(following)

    # -- memos and help -------------------------------------------------------------------
    def action_memo_answer(self) -> None:
        """Write a memo on the current answer."""
        answer_id = self.state.current_id
        if answer_id is None:
            return
        detail = self.state.detail(answer_id)
        title = t("memo.title_answer", self.lang, respondent=detail.respondent_id)

        def save(text: str | None) -> None:
            if (
                text is not None
                and self._guard(lambda: self.state.save_memo("answer", str(answer_id), text))
                is not FAILED
            ):
                self.notify(t("note.memo_saved", self.lang), timeout=2)
                self._changed("memo", set(), full=True)

        self.app.push_screen(MemoScreen(title, detail.memo, self.lang), save)

    def action_memo_code(self) -> None:
        """Write a memo on the code highlighted in the tree."""
        code = self.query_one(CodeTree).highlighted_code
        if code is None:
            self.notify(t("note.no_code", self.lang), timeout=2)
            return
        current = self._guard(lambda: self.state.memo("code", str(code.id)))
        if current is FAILED:
            return
        title = t("memo.title_code", self.lang, code=code.label)

        def save(text: str | None) -> None:
            if (
                text is not None
                and self._guard(lambda: self.state.save_memo("code", str(code.id), text))
                is not FAILED
            ):
                self.notify(t("note.memo_saved", self.lang), timeout=2)
                if self.show_definition:
                    self.query_one(DefinitionPanel).show(code, self.lang, self.state)

        self.app.push_screen(MemoScreen(title, current, self.lang), save)

    def help_keys(self) -> list[tuple[str, str]]:
        """(keys, what they do) for every key of the screen, in the analyst's language."""
        keys = [
            (key_display(self.config.keys(name)), t(f"action.{name}", self.lang))
            for name in DEFAULT_BINDINGS
        ]
        keys.append(("pgup, pgdn, home, end", t("help.page", self.lang)))
        keys.append(
            ("enter (" + t("panel.codebook", self.lang) + ")", t("help.tree_enter", self.lang))
        )
        keys.append(("ctrl+p", t("help.palette", self.lang)))
        keys.append(("ctrl+q", t("action.quit", self.lang)))
        return keys

    def action_help(self) -> None:
        """Show every key and code shortcut."""
        keys = self.help_keys()
        codes = [(key_display(c.shortcut), c.label) for c in self.state.codes if c.shortcut]
        path = str(self.config.path) if self.config.path else "config.toml"
        self.app.push_screen(HelpScreen(keys, codes, self.lang, path))

    # -- other screens --------------------------------------------------------------------
    def action_reconcile(self) -> None:
        """Open the agreement and reconciliation screen."""
        self._open("reconcile")

    def action_codebook(self) -> None:
        """Open the codebook editor."""
        self._open("codebook")

    def action_auto_code(self) -> None:
        """Let the suggester code the answers it is sure of (screens/auto_code.py)."""

        def reload(changed: int | None) -> None:
            if changed:
                self.state.load_codebook()  # re-reads the coder's codes
                self.show_current()

        state = self.state
        screen = AutoCodeScreen(state.project, state.question_id, state.coder, self.lang)
        self.app.push_screen(screen, reload)

    def _open(self, name: str) -> None:
        module_name, class_name = SCREENS[name]
        try:
            screen_cls = getattr(importlib.import_module(module_name), class_name)
        except (ImportError, AttributeError):
            self.notify(t("note.screen_missing", self.lang), severity="warning", timeout=4)
            return
        offered: dict[str, Any] = {
            "project": self.state.project,
            "question_id": self.state.question_id,
            "coder": self.state.coder,
            "coder_name": self.state.coder,
            "lang": self.lang,
        }
        accepted = inspect.signature(screen_cls).parameters
        if any(p.kind is p.VAR_KEYWORD for p in accepted.values()):
            kwargs = offered
        else:
            kwargs = {k: v for k, v in offered.items() if k in accepted}
        self.app.push_screen(screen_cls(**kwargs))
