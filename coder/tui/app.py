"""The Textual application: opens one coder on one question and hosts the screens.

Also the hooks benchmarks and crash tests use: ``repaint_listeners`` are called, after the
screen has been refreshed, with the name of each change or move the analyst made.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.geometry import Size
from textual.screen import Screen

from coder.tui import offload
from coder.tui.config import DEFAULT_BINDINGS, Config, load_config
from coder.tui.i18n import DEFAULT_LANG, UI_LANGUAGES, t
from coder.tui.learning import Learner, LearnerFactory
from coder.tui.screens.coding import CodingScreen, key_display
from coder.tui.screens.size_notice import MIN_HEIGHT, MIN_WIDTH, SizeNotice
from coder.tui.state import ORDERS, CodingState
from coder.tui.textual_compat import key_bindings

if TYPE_CHECKING:
    from coder.store.project import Project


class CodingCommands(Provider):
    """Every action of the coding screen, and every code, in the command palette."""

    def _commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        screen = self.screen
        if not isinstance(screen, CodingScreen):
            return []
        lang = screen.lang
        found: list[tuple[str, str, Callable[[], Any]]] = []
        for name in DEFAULT_BINDINGS:
            found.append(
                (
                    t(f"action.{name}", lang),
                    key_display(screen.config.keys(name)),
                    partial(screen.run_action, name),
                )
            )
        for code in screen.state.codes:
            if code.codable and code.shortcut:
                found.append(
                    (
                        t("action.toggle_code", lang, code=code.label),
                        key_display(code.shortcut),
                        partial(screen.run_action, f"toggle_code({code.shortcut!r})"),
                    )
                )
        return found

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)


class CoderApp(App[None]):
    """``coder code``: keyboard-first coding of one question by one coder."""

    CSS_PATH = "coder.tcss"
    TITLE = "coder"
    COMMANDS = App.COMMANDS | {CodingCommands}

    def __init__(
        self,
        project: Project,
        coder: str,
        question_id: str | None = None,
        ui_lang: str | None = None,
        config: Config | None = None,
        learn: bool = True,
        order: str | None = None,
        learner_factory: LearnerFactory = Learner,
    ) -> None:
        super().__init__()
        self.learn = learn
        """Train the suggester in the background (tests of other workflows turn it off)."""
        self.learner_factory = learner_factory
        """Builds the suggester's learner (TUI tests pass a fake that fits in no time)."""
        self.suggester_ready_at: float | None = None
        self.suggester_trained_on = 0
        self.background_threads = 0
        """Worker threads still computing (the suggester): see :meth:`run_and_leave`."""
        self.started_at = time.perf_counter()
        self.first_paint_at: float | None = None
        self.project = project
        self.coder_name = coder
        self.config_data = config if config is not None else load_config()
        self.requested_ui_lang = ui_lang
        self.ui_lang = ui_lang or self.config_data.ui_lang or DEFAULT_LANG
        self.requested_order = order
        self.requested_question = question_id
        self.repaint_listeners: list[Callable[[str], None]] = []
        self.state: CodingState | None = None

    @property
    def question_id(self) -> str | None:
        """The question being coded (once the state is loaded)."""
        return self.state.question_id if self.state is not None else self.requested_question

    def load_state(self) -> CodingState:
        """Load ids, status and codebook of the question (once, at start)."""
        reserved = tuple(
            key
            for keys in self.config_data.all_keys().values()
            for key in keys.split(",")
            if len(key) == 1
        )
        state = CodingState(
            self.project,
            self.coder_name,
            self.requested_question,
            lang=self.ui_lang,
            reserved_keys=reserved,
        )
        # What the coder chose inside the app last time, unless the command line says otherwise.
        remembered_lang, remembered_order = state.preferences()
        if self.requested_ui_lang is None and remembered_lang in UI_LANGUAGES:
            self.ui_lang = remembered_lang
            state.set_lang(remembered_lang)
        order = self.requested_order or remembered_order
        if order in ORDERS:
            state.order = order
        return state

    def localise_palette(self) -> None:
        """The command palette's key in the footer, in the interface language."""
        bindings = key_bindings(self)
        for key, items in bindings.items():
            bindings[key] = [
                dataclasses.replace(b, description=t("footer.palette", self.ui_lang))
                if b.action == "command_palette"
                else b
                for b in items
            ]

    def on_mount(self) -> None:
        self.set_keymap({f"coder.{a}": k for a, k in self.config_data.bindings.items()})
        self.localise_palette()
        if self.state is None:
            self.state = self.load_state()
        self.push_screen(self._coding_screen(self.state))
        self._check_size()

    def _coding_screen(self, state: CodingState) -> Screen[None]:
        return CodingScreen(state, self.config_data, self.ui_lang, self)

    # -- the host of the coding screen (coder.tui.host.ScreenHost) ---------------------------
    def suggester_ready(self, trained_on: int) -> None:
        """The suggester's first fit is done (benchmarks read these two fields)."""
        self.suggester_ready_at = time.perf_counter()
        self.suggester_trained_on = trained_on

    def switch_language(self, lang: str) -> None:
        """Rebuild the coding screen in another interface language, on the same answer."""
        state = self.state
        if state is None:
            return
        self.ui_lang = lang
        self.localise_palette()
        state.set_lang(lang)
        while len(self.screen_stack) > 1 and not isinstance(self.screen, CodingScreen):
            self.pop_screen()
        self.switch_screen(self._coding_screen(state))

    # -- too small a terminal -------------------------------------------------------------
    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size)

    def _check_size(self, size: Size | None = None) -> None:
        """Below the size the screens need, a notice saying so; the screens come back after."""
        size = size or self.size
        small = size.width < MIN_WIDTH or size.height < MIN_HEIGHT
        notice = self.screen if isinstance(self.screen, SizeNotice) else None
        if small and notice is None:
            self.push_screen(SizeNotice(self.ui_lang))
        elif notice is not None:
            if small:
                notice.show_size(size)
            else:
                self.pop_screen()

    def first_paint(self) -> None:
        """Called by the coding screen once it has been drawn for the first time."""
        self.first_paint_at = time.perf_counter()
        self._notify_listeners("start")

    def after_change(self, what: str) -> None:
        """Called by screens after each change or move: listeners hear of it after the repaint."""
        if self.repaint_listeners:
            self.call_after_refresh(self._notify_listeners, what)

    def _notify_listeners(self, what: str) -> None:
        for listener in list(self.repaint_listeners):
            listener(what)

    def run_and_leave(self) -> None:
        """Run in the terminal; on quit, do not wait for a suggester fit still running.

        Every change is committed when it is shown and the suggester only reads, so its child
        process is ended at once, and when the thread that talks to it is still waiting the
        process ends at once too (``os._exit``) instead of waiting for a fit that may take a
        minute on a large project.
        """
        import asyncio
        import os
        import sys

        loop = asyncio.new_event_loop()
        try:
            self.run(loop=loop)
        finally:
            worker = sys.modules.get("coder.suggest.worker")
            if worker is not None:
                worker.terminate_all()  # the suggester's child process, maybe mid-fit
            offload.terminate_all()  # near-duplicates still being grouped
            if self.background_threads:
                self.project.close()
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(0)
            loop.close()

    def get_system_commands(self, screen: Any) -> Iterable[Any]:
        """Textual's own commands (theme, quit, keys, screenshot)."""
        yield from super().get_system_commands(screen)
