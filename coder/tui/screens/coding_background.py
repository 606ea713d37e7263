"""The coding screen's background work: keyword and model suggestions, near-duplicate groups,
and the informative queue order, all computed off the event loop.

The learned suggester (:mod:`coder.tui.learning`) lives in a child process fed by one
thread worker; the screen asks it for work only in the analyst's pauses.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from textual import work
from textual.timer import Timer
from textual.worker import get_current_worker

from coder.errors import CoderError
from coder.suggest.duplicates import group_duplicates
from coder.text.nonanswers import is_non_answer
from coder.tui.i18n import t
from coder.tui.learning import IDLE, Jobs
from coder.tui.offload import duplicate_groups, run_in_child
from coder.tui.screens.coding_base import CodingScreenBase
from coder.tui.widgets.answer_list import AnswerList

IN_PROCESS_DUPLICATES = 5_000
"""Questions with up to this many answers are grouped in a thread: quicker than starting a
process, and short enough not to slow the keys."""
LOOKAHEAD = 40
"""How many answers ahead of the cursor the background suggester scores."""
MODEL_LOOKAHEAD = 12
"""How many of those the learned suggester scores per move (it is slower than keywords)."""


class SuggesterLink(CodingScreenBase):
    """Suggestions for the answers around the cursor, near-duplicates, the informative order."""

    _jobs: Any = None
    _learner_ready = False
    _learner: Any = None
    _entered: tuple[int | None, frozenset[int] | None] = (None, None)
    _keyword_timer: Timer | None = None
    duplicate_groups: dict[int, list[int]] | None = None
    """Answer id -> the ids of its group (itself included); None until computed."""

    def touch(self) -> None:
        if self._jobs is not None:
            self._jobs.touch()

    # -- near-duplicates ------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="duplicates", exit_on_error=False)
    def find_duplicates(self) -> None:
        """Group the question's near-identical answers (non-answers form one group): in a
        child process for a large question (see :mod:`coder.tui.offload`), else here."""
        worker = get_current_worker()
        state = self.state
        try:
            if state.total > IN_PROCESS_DUPLICATES:
                found = run_in_child(
                    duplicate_groups,
                    state.project.db,
                    state.question_id,
                    cancelled=lambda: worker.is_cancelled,
                )
            else:
                ids, texts = state.all_texts()
                found = [[ids[i] for i in members] for members in group_duplicates(texts)]
        except CoderError as exc:
            found = []
            if not worker.is_cancelled:
                self.app.call_from_thread(
                    self.notify,
                    t("note.duplicates_failed", self.lang, reason=exc.text(self.lang)),
                    timeout=6,
                )
        if found is None or worker.is_cancelled:
            return
        groups = {answer_id: group for group in found for answer_id in group}
        self.app.call_from_thread(self._duplicates_found, groups)

    def _duplicates_found(self, groups: dict[int, list[int]]) -> None:
        self.duplicate_groups = groups
        self.show_current(set(), full=True)

    def near_duplicates_here(self) -> int:
        answer_id = self.state.current_id
        if answer_id is None or self.duplicate_groups is None:
            return 0
        return max(0, len(self.duplicate_groups.get(answer_id, [answer_id])) - 1)

    # -- suggestions ----------------------------------------------------------------------
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

    def lookahead(self, now: bool = False) -> None:
        """Score the current answer and those just ahead in a thread, for the panel and ◆ marks:
        ``now``, or (keyword matches) once the analyst pauses, like the learned suggester."""
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
        if self._keyword_timer is not None:
            self._keyword_timer.stop()
            self._keyword_timer = None
        if not wanted:
            return
        if now:
            self._keyword_scores(wanted)
        else:  # in the analyst's next pause: a thread computing now would slow this key
            self._keyword_timer = self.set_timer(IDLE, partial(self._keyword_scores, wanted))

    @work(thread=True, exclusive=True, group="keywords")
    def _keyword_scores(self, answer_ids: list[int]) -> None:
        state = self.state
        texts = state.texts_of(answer_ids)
        langs = {aid: state.languages[state.pos_of[aid]] for aid in answer_ids}
        found = {
            aid: []
            if is_non_answer(texts.get(aid, ""))
            else state.matcher.suggest(texts.get(aid, ""), langs[aid])
            for aid in answer_ids
        }
        self.app.call_from_thread(self._scored, found, False)

    def _scored(self, found: dict[int, list[Any]], model: bool) -> None:
        self.state.set_suggestions(found, model=model)
        self.query_one(AnswerList).refresh()
        if self.state.current_id in found:
            self.show_current(set(), full=False)

    # -- the learned suggester (coder.suggest), in one thread worker ----------------------
    def start_learning(self) -> None:
        """(Re)start the suggester thread: first fit, then learn and score as jobs come."""
        if not self.host.learn or not self.state.has_codebook:
            return
        self._jobs = Jobs()
        self._learner_ready = False
        # A copy of the codings (one C-level copy); the rows are made in the worker's thread.
        self._learning_loop(self._jobs, dict(self.state.my_codes))

    @work(thread=True, exclusive=True, group="learner", exit_on_error=False)
    def _learning_loop(self, jobs: Any, coded: dict[int, set[int]]) -> None:
        host = self.host
        host.background_threads += 1  # lets `coder code` exit without waiting for a long fit
        try:
            self._learn_and_score(jobs, self.state.learning_rows(coded))
        finally:
            host.background_threads -= 1

    def _learn_and_score(self, jobs: Any, rows: list[tuple[int, str, list[str]]]) -> None:
        worker = get_current_worker()
        state = self.state
        learner = self.host.learner_factory(state.project, state.question_id, state.coder)
        try:
            self._serve_learner(worker, learner, jobs, rows)
        finally:
            learner.close()

    def _serve_learner(
        self, worker: Any, learner: Any, jobs: Any, rows: list[tuple[int, str, list[str]]]
    ) -> None:
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
            if getattr(jobs, "order_wanted", False) and not worker.is_cancelled:
                jobs.order_wanted = False
                self._informative_order(learner)
            jobs.wait_idle(cancelled)
            request = jobs.take_scores()
            if request and not worker.is_cancelled:
                texts = state.texts_of(request)
                langs = [state.languages[state.pos_of[aid]] for aid in request]
                rows_scored = learner.score(
                    [texts.get(aid, "") for aid in request], langs, code_ids
                )
                found = {
                    aid: [] if is_non_answer(texts.get(aid, "")) else row
                    for aid, row in zip(request, rows_scored, strict=True)
                }
                if not worker.is_cancelled:
                    self.app.call_from_thread(self._scored, found, True)

    def _learning_ready(self, jobs: Any, trained: int) -> None:
        if jobs is not self._jobs:
            return
        self._learner_ready = True
        self.host.suggester_ready(trained)
        self.lookahead()
        if self.state.order == "informative" and self.state._order_positions is None:
            self.request_informative_order()

    def _learned(self, jobs: Any) -> None:
        if jobs is self._jobs:
            # The model changed: score again the answers just ahead (not everything seen).
            state = self.state
            for pos in state.view[state.cursor : state.cursor + MODEL_LOOKAHEAD]:
                state.model_scored.discard(state.ids[pos])
            self.lookahead()

    # -- informative order ----------------------------------------------------------------
    def request_informative_order(self) -> bool:
        """Ask the suggester thread for the informative order; False while it is not ready."""
        if self._jobs is None or not self._learner_ready:
            return False
        self._jobs.order_wanted = True
        self._jobs.wake.set()
        return True

    def _informative_order(self, learner: Any) -> None:
        """In the learner's thread: the uncoded answers, most informative first."""
        state = self.state
        positions = list(state.uncoded)
        ids = [state.ids[p] for p in positions]
        texts = state.texts_of(ids)
        order = learner.order(
            [texts.get(aid, "") for aid in ids], [state.languages[p] for p in positions]
        )
        self.app.call_from_thread(self._order_ready, [positions[i] for i in order])

    def _order_ready(self, positions: list[int]) -> None:
        if self.state.order != "informative":
            return
        self.state.set_order("informative", positions)
        self.state.cursor = 0
        self.after_view_change("order")
        self.notify(t("note.order_ready", self.lang), timeout=3)
