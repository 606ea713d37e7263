"""The main coding screen: answer list, the answer in full, suggestions, codebook tree, progress.

Each key that changes data goes through :class:`~coder.tui.state.CodingState`, which commits
the change before this screen redraws, so what the analyst sees is already on disk.
"""

from __future__ import annotations

import dataclasses
import inspect
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Label, ProgressBar, Tree

from coder.errors import CoderError
from coder.tui.config import DEFAULT_BINDINGS, Config
from coder.tui.i18n import CATALOGUE, t
from coder.tui.state import CodingState, Filter
from coder.tui.textual_compat import character_to_key, key_bindings
from coder.tui.widgets.answer_list import AnswerList
from coder.tui.widgets.code_tree import CodeTree
from coder.tui.widgets.panels import AnswerPanel, DefinitionPanel, SuggestionPanel

if TYPE_CHECKING:
    from coder.tui.app import CoderApp

SHOWN_IN_FOOTER = {"next_uncoded", "accept", "undo", "search", "filter", "help"}
POLL_SECONDS = 3.0
LOOKAHEAD = 40
"""How many answers ahead of the cursor the background suggester scores."""
MODEL_LOOKAHEAD = 12
"""How many of those the learned suggester scores per move (it is slower than keywords)."""

FAILED = object()
"""What :meth:`CodingScreen._guard` returns when the action raised a CoderError."""

SCREENS: dict[str, tuple[str, str]] = {
    "reconcile": ("coder.tui.screens.reconcile", "ReconcileScreen"),
    "codebook": ("coder.tui.screens.codebook_edit", "CodebookEditScreen"),
}
"""Screens built elsewhere, opened by key or command when they are importable."""


def key_display(keys: str) -> str:
    """Keys as the analyst types them ("slash" -> "/")."""
    from textual.keys import format_key

    return ", ".join(format_key(k.strip()) for k in keys.split(","))


class CodingScreen(Screen[None]):
    """Code one question's answers as one coder."""

    BINDINGS = [
        Binding(
            DEFAULT_BINDINGS[name], name, name, id=f"coder.{name}", show=name in SHOWN_IN_FOOTER
        )
        for name in DEFAULT_BINDINGS
    ]
    BINDINGS.append(Binding("ctrl+o", "auto_code", "Auto-code", id="coder.auto_code", show=False))

    def __init__(self, state: CodingState, config: Config, lang: str) -> None:
        super().__init__()
        self.state = state
        self.config = config
        self.lang = lang
        self.show_definition = False
        self._shown_cursor: int | None = None
        self._jobs: Any = None
        self._learner_ready = False
        self._entered: tuple[int | None, frozenset[int] | None] = (None, None)
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

    @property
    def coder_app(self) -> CoderApp:
        from coder.tui.app import CoderApp

        assert isinstance(self.app, CoderApp)
        return self.app

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
                yield SuggestionPanel(id="suggestions")
            with Vertical(id="right"):
                yield Label(t("panel.codebook", lang), classes="pane-title")
                yield CodeTree(state, id="code-tree")
                yield DefinitionPanel(id="definition")
        with Horizontal(id="status-bar"):
            yield Label("", id="progress-label")
            yield ProgressBar(total=max(state.total, 1), show_eta=False, id="progress")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(DefinitionPanel).display = False
        if not self.state.has_codebook:
            self.notify(t("panel.no_codebook", self.lang), severity="warning", timeout=8)
        self.query_one(AnswerList).focus()
        self.show_current()
        self.set_interval(POLL_SECONDS, self.poll_codebook)
        self._entered_answer()
        self.lookahead()
        self.call_after_refresh(self._first_paint)

    def _first_paint(self) -> None:
        self.coder_app.first_paint()
        # Only now: the suggester's imports and first fit would hold the GIL during start-up.
        self.start_learning()

    def on_screen_resume(self) -> None:
        # Back from the codebook editor or reconciliation: pick up their changes now.
        if self.is_mounted:
            self.poll_codebook()
            if self._guard(self.state.refresh_reconciliation) is True:
                self.query_one(AnswerList).refresh()

    # -- drawing --------------------------------------------------------------------------
    def show_current(self, codes: set[int] | None = None, full: bool = True) -> None:
        """Redraw what depends on the current answer (``codes``: only these tree rows)."""
        state = self.state
        self.query_one(AnswerList).show_cursor(self._shown_cursor)
        self._shown_cursor = state.cursor
        if full:
            self.query_one(AnswerPanel).show(state, self.lang)
        answer_id = state.current_id
        items = state.suggestions(answer_id) if answer_id is not None else []
        self.query_one(SuggestionPanel).show(
            state, items, self.lang, key_display(self.config.keys("accept"))
        )
        self.query_one(CodeTree).refresh_marks(codes)
        self._show_progress()
        if self.show_definition:
            self.query_one(DefinitionPanel).show(
                self.query_one(CodeTree).highlighted_code, self.lang
            )

    def _show_progress(self) -> None:
        # Fixed-size labels: layout=False keeps a keypress from re-laying out the screen.
        state = self.state
        self.query_one("#progress-label", Label).update(
            t(
                "progress.label",
                self.lang,
                coder=state.coder,
                coded=f"{state.coded_count:,}",
                total=f"{state.total:,}",
            ),
            layout=False,
        )
        self.query_one(ProgressBar).update(total=max(state.total, 1), progress=state.coded_count)

    def _show_list_title(self) -> None:
        state = self.state
        flt = state.filter
        title = t("panel.answers", self.lang)
        if flt.kind:
            title += (
                " · " + t("filter.active", self.lang, name=flt.name) + f" ({len(state.view):,})"
            )
        self.query_one("#list-title", Label).update(title, layout=False)

    def _changed(self, what: str, codes: set[int] | None = None, full: bool = False) -> None:
        """Redraw after a data change, tell the app's repaint listeners, rescore ahead."""
        if self._jobs is not None:
            self._jobs.touch()
        self.show_current(codes, full=full)
        self.coder_app.after_change(what)
        self.rescore_ahead()

    def _moved(self, what: str) -> None:
        if self._jobs is not None:
            self._jobs.touch()
        self._left_answer()
        self._entered_answer()
        self.show_current(self.query_one(CodeTree).marks_to_redraw())
        self.coder_app.after_change(what)
        self.lookahead()

    def _guard(self, action: Callable[[], Any]) -> Any:
        """Run a data action; a CoderError becomes a notification (and FAILED), not a crash."""
        try:
            return action()
        except CoderError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return FAILED

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
        """Accept the suggested codes for the current answer."""
        if self.state.current_id is None:
            return
        accepted = self._guard(self.state.accept)
        if accepted is FAILED:
            return
        if not accepted:
            self.notify(t("note.no_suggestions", self.lang), timeout=2)
            return
        self._changed("accept", {c.id for c in accepted})

    def action_done_next(self) -> None:
        """Mark the current answer as coded (even with no code) and go to the next not coded."""
        if self.state.current_id is None:
            return
        if self._guard(self.state.mark_done) is FAILED:
            return
        self.rescore_ahead()
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

    def _replay(
        self, step: Callable[[], tuple[str, int | None] | None], done: str, none: str
    ) -> None:
        result = self._guard(step)
        if result is FAILED:
            return
        if result is None:
            self.notify(t(none, self.lang), timeout=2)
            return
        kind, answer_id = result
        moved = answer_id is not None and answer_id != self.state.current_id
        if moved:
            self._left_answer()
        if answer_id is not None:
            self.state.go_to(answer_id)
        if moved:
            self._entered_answer()
        if moved:
            self._show_list_title()
            self.query_one(AnswerList).reload()
        what = t(f"event.{kind}", self.lang) if f"event.{kind}" in CATALOGUE else kind
        self.notify(t(done, self.lang, what=what), timeout=2)
        self._changed("undo", None, full=True)

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
                self.query_one(CodeTree).highlighted_code, self.lang
            )

    # -- actions: memos, definition, help -------------------------------------------------
    def action_memo_answer(self) -> None:
        """Write a memo on the current answer."""
        answer_id = self.state.current_id
        if answer_id is None:
            return
        from coder.tui.screens.modals import MemoScreen

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
        from coder.tui.screens.modals import MemoScreen

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

        self.app.push_screen(MemoScreen(title, current, self.lang), save)

    def action_definition(self) -> None:
        """Show or hide the definition of the highlighted code."""
        self.show_definition = not self.show_definition
        panel = self.query_one(DefinitionPanel)
        panel.display = self.show_definition
        if self.show_definition:
            panel.show(self.query_one(CodeTree).highlighted_code, self.lang)

    def action_help(self) -> None:
        """Show every key and code shortcut."""
        from coder.tui.screens.modals import HelpScreen

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
        codes = [(key_display(c.shortcut), c.label) for c in self.state.codes if c.shortcut]
        path = str(self.config.path) if self.config.path else "config.toml"
        self.app.push_screen(HelpScreen(keys, codes, self.lang, path))

    # -- actions: search and filter -------------------------------------------------------
    def action_search(self) -> None:
        """Fuzzy search over the answers; enter jumps to the chosen one."""
        from coder.tui.screens.modals import SearchScreen

        def chosen(answer_id: int | None) -> None:
            if answer_id is not None and self.state.go_to(answer_id):
                self._show_list_title()
                self.query_one(AnswerList).reload()
                self._moved("search")

        self.app.push_screen(SearchScreen(self.state, self.lang), chosen)

    def action_filter(self) -> None:
        """Show only answers with a status, language, code or attribute."""
        from coder.tui.screens.modals import FilterScreen

        def chosen(flt: Filter | None) -> None:
            if flt is not None:
                self.apply_filter(flt)

        self.app.push_screen(FilterScreen(self.state, self.lang), chosen)

    def action_clear_filter(self) -> None:
        """Show every answer again."""
        if self.state.filter.kind is not None:
            self.apply_filter(Filter())

    def apply_filter(self, flt: Filter) -> None:
        """Filter the answer list (an explicit action: may walk the answers once)."""
        if self._guard(lambda: self.state.set_filter(flt)) is not FAILED:
            self._show_list_title()
            self.query_one(AnswerList).reload()
            self._moved("filter")

    # -- other screens --------------------------------------------------------------------
    def action_reconcile(self) -> None:
        """Open the agreement and reconciliation screen."""
        self._open("reconcile")

    def action_codebook(self) -> None:
        """Open the codebook editor."""
        self._open("codebook")

    def action_auto_code(self) -> None:
        """Let the suggester code the answers it is sure of (screens/auto_code.py)."""
        from coder.tui.screens.auto_code import AutoCodeScreen

        def reload(changed: int | None) -> None:
            if changed:
                self.state.load_codebook()  # re-reads the coder's codes
                self.show_current()

        state = self.state
        screen = AutoCodeScreen(state.project, state.question_id, state.coder, self.lang)
        self.app.push_screen(screen, reload)

    def _open(self, name: str) -> None:
        import importlib

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

    # -- background work ------------------------------------------------------------------
    def poll_codebook(self) -> None:
        """Reload the tree when another analyst (or the editor) changed the codebook; show
        memos written in another session."""
        try:
            if self.state.refresh_memos():
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

    def rescore_ahead(self) -> None:
        """Refresh the list's suggestion marks ahead (it trains nothing: learning happens when
        an answer is left, see :meth:`_left_answer`)."""
        self.lookahead()

    def _left_answer(self) -> None:
        """The cursor left an answer: if the analyst coded or changed it, the suggester learns it."""
        state = self.state
        answer_id, before = self._entered
        if answer_id is None or answer_id not in state.my_codes:
            return
        now = frozenset(state.my_codes[answer_id])
        if before == now or self._jobs is None:
            return
        detail = state.detail(answer_id)
        self._jobs.add_learning(detail.text, detail.language, state.labels_of(answer_id))

    def _entered_answer(self) -> None:
        answer_id = self.state.current_id
        codes = self.state.my_codes.get(answer_id) if answer_id is not None else None
        self._entered = (answer_id, frozenset(codes) if codes is not None else None)

    def lookahead(self) -> None:
        """Score the current answer and those just ahead in a thread, for the panel and ◆ marks."""
        state = self.state
        if not state.view:
            return
        start = state.cursor
        positions = state.view[start : start + LOOKAHEAD]
        if self._jobs is not None and self._learner_ready:
            wanted = [state.ids[p] for p in positions if state.ids[p] not in state.model_scored]
            if wanted:
                self._jobs.request_scores(wanted[:MODEL_LOOKAHEAD])
            return
        wanted = [state.ids[p] for p in positions if state.ids[p] not in state._suggestions]
        if wanted:
            self._keyword_scores(wanted)

    @work(thread=True, exclusive=True, group="keywords")
    def _keyword_scores(self, answer_ids: list[int]) -> None:
        from coder.store.queries import answer_texts

        state = self.state
        with state.project.session(write=False) as s:
            texts = answer_texts(s, answer_ids)
        langs = {aid: state.languages[state.pos_of[aid]] for aid in answer_ids}
        found = {aid: state.matcher.suggest(texts.get(aid, ""), langs[aid]) for aid in answer_ids}
        self.app.call_from_thread(self._scored, found, False)

    def _scored(self, found: dict[int, list[Any]], model: bool) -> None:
        self.state.set_suggestions(found, model=model)
        self.query_one(AnswerList).refresh()
        if self.state.current_id in found:
            self.show_current(set(), full=False)

    # -- the learned suggester (coder.suggest), in one thread worker ----------------------
    def start_learning(self) -> None:
        """(Re)start the suggester thread: first fit, then learn and score as jobs come."""
        if not self.coder_app.learn or not self.state.has_codebook:
            return
        from coder.tui.learning import Jobs

        self._jobs = Jobs()
        self._learner_ready = False
        self._learning_loop(self._jobs, self.state.learning_rows())

    @work(thread=True, exclusive=True, group="learner", exit_on_error=False)
    def _learning_loop(self, jobs: Any, rows: list[tuple[int, str, list[str]]]) -> None:
        app = self.coder_app
        app.background_threads += 1  # lets `coder code` exit without waiting for a long fit
        try:
            self._learn_and_score(jobs, rows)
        finally:
            app.background_threads -= 1

    def _learn_and_score(self, jobs: Any, rows: list[tuple[int, str, list[str]]]) -> None:
        from textual.worker import get_current_worker

        worker = get_current_worker()
        state = self.state
        learner = self.coder_app.learner_factory(state.project, state.question_id, state.coder)
        try:
            self._serve_learner(worker, learner, jobs, rows)
        finally:
            learner.close()

    def _serve_learner(
        self, worker: Any, learner: Any, jobs: Any, rows: list[tuple[int, str, list[str]]]
    ) -> None:
        from coder.store.queries import answer_texts

        state = self.state
        try:
            trained = learner.train(rows)
        except Exception as exc:  # the keyword matches stay; say why the model is missing
            if not worker.is_cancelled:
                self.app.call_from_thread(
                    self.notify, t("note.suggester_failed", self.lang, reason=str(exc)), timeout=6
                )
            return
        if worker.is_cancelled:
            return
        code_ids = {c.key: c.id for c in state.codes}
        self.app.call_from_thread(self._learning_ready, jobs, trained)

        def cancelled() -> bool:
            return worker.is_cancelled

        while not worker.is_cancelled:
            jobs.wake.wait(0.5)
            jobs.wake.clear()
            learned = False
            while not jobs.learn.empty() and not worker.is_cancelled:
                jobs.wait_idle(cancelled)
                learner.learn(*jobs.learn.get_nowait())
                learned = True
            if learned and not worker.is_cancelled:
                self.app.call_from_thread(self._learned, jobs)
            jobs.wait_idle(cancelled)
            request = jobs.take_scores()
            if request and not worker.is_cancelled:
                with state.project.session(write=False) as s:
                    texts = answer_texts(s, request)
                langs = [state.languages[state.pos_of[aid]] for aid in request]
                rows_scored = learner.score(
                    [texts.get(aid, "") for aid in request], langs, code_ids
                )
                found = dict(zip(request, rows_scored, strict=True))
                if not worker.is_cancelled:
                    self.app.call_from_thread(self._scored, found, True)

    def _learning_ready(self, jobs: Any, trained: int) -> None:
        if jobs is not self._jobs:
            return
        self._learner_ready = True
        self.coder_app.suggester_ready_at = time.perf_counter()
        self.coder_app.suggester_trained_on = trained
        self.lookahead()

    def _learned(self, jobs: Any) -> None:
        if jobs is self._jobs:
            # The model changed: score again the answers just ahead (not everything seen).
            state = self.state
            for pos in state.view[state.cursor : state.cursor + MODEL_LOOKAHEAD]:
                state.model_scored.discard(state.ids[pos])
            self.lookahead()
