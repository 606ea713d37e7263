"""The TUI's side of the suggester: train, learn and score from one background thread.

:class:`coder.suggest.Suggester` does the learning, in a child process
(:class:`coder.suggest.worker.SuggesterProcess`) so that its computing never competes with
the UI thread for the interpreter; this module feeds it from the project and turns its output
into the coding screen's :class:`~coder.tui.suggestions.Suggestion` rows. Nothing here runs
on the UI thread: the coding screen posts jobs (an answer the analyst has finished, the
answers to score next) and a Textual thread worker drains them, waiting on the child, so a
keypress never waits for spaCy or scikit-learn. Until the first fit is done the screen shows
codebook keyword matches instead.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from coder.suggest.worker import SuggesterProcess
from coder.tui.offload import lower_priority, run_in_child, training_data
from coder.tui.suggestions import Suggestion

if TYPE_CHECKING:
    from coder.store.project import Project
SUGGESTER_PROCESS = "coder-suggester"
"""The name :class:`coder.suggest.worker.SuggesterProcess` gives its child process."""
IDLE = 0.25
"""Seconds without a key press before the suggester thread computes."""


@dataclass
class Jobs:
    """Work for the suggester thread: answers to learn from (in order) and the latest scoring
    request (a newer one replaces an older one: only where the analyst is now matters)."""

    learn: queue.Queue[tuple[str, str, list[str]]] = field(default_factory=queue.Queue)
    last_key: float = 0.0
    """When the analyst last pressed a key (time.monotonic)."""
    _score: list[int] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    wake: threading.Event = field(default_factory=threading.Event)

    def request_scores(self, answer_ids: list[int]) -> None:
        """Score these answers next (replacing any request not yet started)."""
        with self._lock:
            self._score = list(answer_ids)
        self.wake.set()

    def add_learning(self, text: str, lang: str, labels: list[str]) -> None:
        """Learn from one finished answer."""
        self.learn.put((text, lang, labels))
        self.wake.set()

    def touch(self) -> None:
        """The analyst is typing: background work waits for a pause (see :meth:`wait_idle`)."""
        self.last_key = time.monotonic()

    def wait_idle(self, cancelled: Callable[[], bool]) -> None:
        """Block the worker until the analyst has paused for IDLE seconds (or it is cancelled).

        Keys come in bursts; computing between them would compete with the UI thread for the
        GIL and slow every repaint, so learning and scoring use the pauses to read an answer.
        """
        while not cancelled():
            quiet = time.monotonic() - self.last_key
            if quiet >= IDLE:
                return
            time.sleep(min(0.05, IDLE - quiet))

    def take_scores(self) -> list[int] | None:
        """The pending scoring request, if any (taking it)."""
        with self._lock:
            request, self._score = self._score, None
        return request


class Learner:
    """A suggester for one coder and question: reads the project here, computes in a child."""

    def __init__(self, project: Project, question_id: str, coder: str) -> None:
        self.project = project
        self.question_id = question_id
        self.coder = coder
        self.remote: SuggesterProcess | None = None

    def train(self, coded: object = None) -> int:
        """First fit, on what the command line's ``coder suggest`` trains on: the coder's
        codings as stored in the project, the codebook and every answer of the question (see
        :func:`coder.suggest.project.training_inputs`), so both suggest the same codes for an
        answer; returns how many answers it learned from. ``coded`` (the screen's own rows)
        is not used: the project is the one source for both.

        The inputs are read in a child process (:func:`coder.tui.offload.training_data`), and
        the suggester's process runs at a lower priority than the screen: neither competes
        with the keys for this process's interpreter or for the CPU.
        """
        codebook, texts, langs, labels, corpus_texts, corpus_langs = run_in_child(
            training_data, self.project.db, self.question_id, self.coder
        )
        if self.remote is None:
            self.remote = SuggesterProcess()
            for child in multiprocessing.active_children():
                if child.name == SUGGESTER_PROCESS and child.pid is not None:
                    lower_priority(child.pid)
        return self.remote.fit(codebook, texts, langs, labels, corpus=(corpus_texts, corpus_langs))

    def learn(self, text: str, lang: str, labels: list[str]) -> None:
        """Learn from one more coded answer (a refit when the suggester asks for one)."""
        if self.remote is not None:
            self.remote.add(text, lang, labels)

    def score(
        self, texts: list[str], langs: list[str], code_ids: dict[str, int], k: int = 3
    ) -> list[list[Suggestion]]:
        """Top ``k`` suggestions per answer, as the screen's rows (code keys -> ids)."""
        if self.remote is None:
            return [[] for _ in texts]
        # Explanations (the words behind a score) only for the first: the answer on screen.
        rows = self.remote.suggest_many(texts[:1], langs[:1], k=k, explain=True)
        if len(texts) > 1:
            rows += self.remote.suggest_many(texts[1:], langs[1:], k=k, explain=False)
        return [
            [
                Suggestion(
                    code_ids[s.code],
                    s.score,
                    list(s.words),
                    predicted=s.predicted,
                    source=s.source,
                )
                for s in row
                if s.code in code_ids and s.score > 0
            ]
            for row in rows
        ]

    def order(self, texts: list[str], langs: list[str]) -> list[int]:
        """The informative queue order of these answers (indices into ``texts``)."""
        if self.remote is None or not texts:
            return list(range(len(texts)))
        return self.remote.order(texts, langs)

    def close(self) -> None:
        """Stop the child process."""
        if self.remote is not None:
            self.remote.close()
            self.remote = None


# -- the seam between the coding screen and the learner ---------------------------------------
class LearnerLike(Protocol):
    """What the coding screen asks of a learner (``Learner``; TUI tests pass a fake)."""

    def train(self, coded: list[tuple[int, str, list[str]]]) -> int: ...

    def learn(self, text: str, lang: str, labels: list[str]) -> None: ...

    def score(
        self, texts: list[str], langs: list[str], code_ids: dict[str, int], k: int = 3
    ) -> list[list[Suggestion]]: ...

    def order(self, texts: list[str], langs: list[str]) -> list[int]: ...

    def close(self) -> None: ...


LearnerFactory = Callable[["Project", str, str], LearnerLike]
"""Builds the learner for (project, question id, coder): the app's ``learner_factory``."""
