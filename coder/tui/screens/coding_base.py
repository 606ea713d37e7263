"""The coding screen's frame: bindings, layout, drawing, and the redraw after each key.

:class:`CodingScreenBase` holds what every part of the coding screen shares; the suggester
link (``coding_background``), the views over the question (``coding_views``) and the coding
keys (``coding``) build on it. Each key that changes data goes through
:class:`~coder.tui.state.CodingState`, which commits the change before the screen redraws.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.keys import format_key
from textual.screen import Screen
from textual.widgets import Label, ProgressBar

from coder.errors import CoderError
from coder.tui.config import DEFAULT_BINDINGS, Config
from coder.tui.footer import CoderFooter, FittedFooter
from coder.tui.host import ScreenHost
from coder.tui.i18n import t
from coder.tui.state import CodingState
from coder.tui.textual_compat import character_to_key, key_bindings
from coder.tui.widgets.answer_list import AnswerList
from coder.tui.widgets.code_tree import CodeTree
from coder.tui.widgets.panels import AnswerPanel, DefinitionPanel, SuggestionPanel

SHOWN_IN_FOOTER = ("help", "view", "accept", "undo", "search", "filter", "next_uncoded")
"""Actions in the footer, most needed first: those that fit the width are shown whole."""

FAILED = object()
"""What :meth:`CodingScreenBase._guard` returns when the action raised a CoderError."""


def key_display(keys: str) -> str:
    """Keys as the analyst types them ("slash" -> "/")."""
    return ", ".join(format_key(k.strip()) for k in keys.split(","))


def _screen_bindings() -> list[Binding | tuple[str, str] | tuple[str, str, str]]:
    """Footer actions first (in footer order), then the rest."""
    names = [n for n in SHOWN_IN_FOOTER if n in DEFAULT_BINDINGS]
    names += [n for n in DEFAULT_BINDINGS if n not in names]
    return [
        *(
            Binding(DEFAULT_BINDINGS[n], n, n, id=f"coder.{n}", show=n in SHOWN_IN_FOOTER)
            for n in names
        ),
        Binding("ctrl+o", "auto_code", "Auto-code", id="coder.auto_code", show=False),
    ]


class CodingScreenBase(FittedFooter, Screen[None]):
    """Layout, bindings and redraw of the coding screen (one coder, one question)."""

    BINDINGS = _screen_bindings()
    FOOTER_ORDER = SHOWN_IN_FOOTER

    def __init__(self, state: CodingState, config: Config, lang: str, host: ScreenHost) -> None:
        super().__init__()
        self.state = state
        self.config = config
        self.lang = lang
        self.host = host
        self.show_definition = False
        self._shown_cursor: int | None = None
        self._localise_bindings()
        self._bind_codes()

    # -- bindings -------------------------------------------------------------------------
    def _localise_bindings(self) -> None:
        """Footer and help texts in the analyst's language (instance bindings only)."""
        bindings = key_bindings(self)
        for key, items in list(bindings.items()):
            bindings[key] = [
                dataclasses.replace(b, description=t(f"action.{b.action}", self.lang))
                if b.action in DEFAULT_BINDINGS
                else b
                for b in items
            ]

    def _bind_codes(self) -> None:
        """One binding per code shortcut (rebuilt when the codebook changes)."""
        bindings = key_bindings(self)
        for key, items in list(bindings.items()):
            kept = [b for b in items if not b.action.startswith("toggle_code(")]
            if kept:
                bindings[key] = kept
            else:
                del bindings[key]
        for shortcut in self.state.shortcuts:
            key = character_to_key(shortcut) if len(shortcut) == 1 else shortcut
            binding = Binding(key, f"toggle_code({shortcut!r})", shortcut, show=False)
            # A code's own shortcut wins over an app key (the codebook asked for it).
            bindings[key] = [binding, *bindings.get(key, [])]

    # -- layout ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        lang = self.lang
        state = self.state
        title = f"coder · {state.question_id}"
        if state.question_title:
            title += f" · {state.question_title}"
        yield Label(title, id="title-bar")
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield Label(t("panel.answers", lang), classes="pane-title", id="list-title")
                yield AnswerList(state, id="answer-list")
            with Vertical(id="centre"):
                yield AnswerPanel(id="answer")
                yield Label("", id="answer-more")
                yield SuggestionPanel(id="suggestions")
            with Vertical(id="right"):
                yield Label(t("panel.codebook", lang), classes="pane-title")
                yield CodeTree(state, id="code-tree")
                yield DefinitionPanel(id="definition")
        with Horizontal(id="status-bar"):
            yield Label("", id="progress-label")
            yield ProgressBar(total=max(state.total, 1), show_eta=False, id="progress")
        yield CoderFooter()

    # -- drawing --------------------------------------------------------------------------
    def show_current(self, codes: set[int] | None = None, full: bool = True) -> None:
        """Redraw what depends on the current answer (``codes``: only these tree rows)."""
        state = self.state
        self.query_one(AnswerList).show_cursor(self._shown_cursor)
        self._shown_cursor = state.cursor
        if full:
            self.query_one(AnswerPanel).show(state, self.lang, self.near_duplicates_here())
        answer_id = state.current_id
        non_answer = answer_id is not None and state.is_non_answer(answer_id)
        items = state.shown_suggestions(answer_id) if answer_id is not None else []
        self.query_one(SuggestionPanel).show(
            state, items, self.lang, key_display(self.config.keys("accept")), non_answer
        )
        self.query_one(CodeTree).refresh_marks(codes)
        self._show_progress()
        if self.show_definition:
            self.query_one(DefinitionPanel).show(
                self.query_one(CodeTree).highlighted_code, self.lang, state
            )

    def near_duplicates_here(self) -> int:
        """How many other answers are near-duplicates of the current one (overridden)."""
        return 0

    def _show_progress(self) -> None:
        # Fixed-size labels: layout=False keeps a keypress from re-laying out the screen.
        state = self.state
        if state.filters:
            text = t(
                "progress.filtered",
                self.lang,
                pos=f"{state.view_pos:,}",
                shown=f"{len(state.view):,}",
                coded=f"{state.view_coded:,}",
            )
            done, total = state.view_coded, len(state.view)
        else:
            text = t(
                "progress.label",
                self.lang,
                coder=state.coder,
                coded=f"{state.coded_count:,}",
                total=f"{state.total:,}",
            )
            done, total = state.coded_count, state.total
        self.query_one("#progress-label", Label).update(text, layout=False)
        self.query_one(ProgressBar).update(total=max(total, 1), progress=done)

    def _show_list_title(self) -> None:
        state = self.state
        if state.filters:
            title = t(
                "panel.filtered", self.lang, name=state.filter_name, count=f"{len(state.view):,}"
            )
        else:
            title = t("panel.answers", self.lang)
        if state.order != "survey":
            title += " · " + t(f"order.{state.order}", self.lang)
        self.query_one("#list-title", Label).update(title, layout=False)

    def _changed(self, what: str, codes: set[int] | None = None, full: bool = False) -> None:
        """Redraw after a data change, tell the host's repaint listeners, retrain."""
        self.touch()
        self.show_current(codes, full=full)
        self.host.after_change(what)
        self.lookahead()

    def _moved(self, what: str) -> None:
        self.touch()
        self._left_answer()
        self._entered_answer()
        self.show_current(self.query_one(CodeTree).marks_to_redraw())
        self.host.after_change(what)
        self.lookahead()

    def _guard(self, action: Callable[[], Any]) -> Any:
        """Run a data action; a CoderError becomes a notification (and FAILED), not a crash."""
        try:
            return action()
        except CoderError as exc:
            self.notify(exc.text(self.lang), severity="error", timeout=8)
            return FAILED

    # -- the suggester's side (see coding_background.SuggesterLink) ------------------------
    def touch(self) -> None:
        """The analyst pressed a key: background work waits for a pause."""

    def lookahead(self, now: bool = False) -> None:
        """Score the current answer and those just ahead (``now``, or in the next pause)."""

    def _left_answer(self) -> None:
        """The cursor left an answer (the suggester may learn from it)."""

    def _entered_answer(self) -> None:
        """The cursor reached an answer."""

    def request_informative_order(self) -> bool:
        """Ask the suggester for the informative order; False while it is not ready."""
        return False

    # -- the views' side (see coding_views.CodingViews) -------------------------------------
    def after_view_change(self, what: str) -> None:
        """The view (filter, order or a jump) changed: title, list and current answer."""
