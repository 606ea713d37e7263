"""Long pure-Python work of the coding screen, run in a child process instead of a thread.

A thread of the TUI's own process that computes in Python shares the interpreter lock with the
UI thread: each time the UI thread waits on the database it has to win the lock back, up to a
5 ms switch interval each time, so a keypress that makes a dozen queries waits a dozen slices
(next-answer p95 went from 40 to 54 ms on 100,000 answers while near-duplicates were grouped
in a thread during the suggester's first fit). A child process has an interpreter of its own,
runs at a lower priority than the screen, and reads the project itself, so the UI thread only
waits on a pipe. Children still running are ended when the app quits (:func:`terminate_all`).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from coder.codebook.model import Codebook
from coder.errors import CoderError
from coder.store.project import Project
from coder.store.suggest import question_answers
from coder.suggest.duplicates import group_duplicates

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

NICENESS = 5
"""How much lower than the screen's a child's scheduling priority is."""

_LIVE: set[BaseProcess] = set()


def _run(conn: Connection, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    """The child: quiet (it shares the terminal with the TUI), low priority, one call."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - for the process's life
    lower_priority(os.getpid())
    try:
        reply: tuple[bool, Any] = (True, function(*args))
    except Exception as exc:  # sent back: the parent says what failed
        reply = (False, f"{type(exc).__name__}: {exc}")
    with contextlib.suppress(EOFError, OSError):
        conn.send(reply)


def run_in_child(
    function: Callable[..., Any], *args: Any, cancelled: Callable[[], bool] = lambda: False
) -> Any:
    """``function(*args)`` computed in a new process (spawned: no fork of a threaded one).

    ``function`` and its arguments and result must pickle. Returns None at once, ending the
    child, when ``cancelled()`` turns true while waiting; raises CoderError when it failed.
    """
    context = multiprocessing.get_context("spawn")
    reader, writer = context.Pipe(duplex=False)
    process = context.Process(
        target=_run, args=(writer, function, args), name="coder-background", daemon=True
    )
    # A TUI replaces sys.stdout/stderr with objects without a file descriptor, which
    # multiprocessing would hand on to the child: lend it the real ones while it starts.
    lent = sys.stdout, sys.stderr
    if sys.__stdout__ is not None and sys.__stderr__ is not None:
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    try:
        process.start()
    finally:
        sys.stdout, sys.stderr = lent
    writer.close()
    _LIVE.add(process)
    try:
        while not reader.poll(0.2):
            if cancelled():
                return None
            if not process.is_alive() and not reader.poll():
                raise CoderError("a background process ended unexpectedly")
        ok, value = reader.recv()
    except EOFError as exc:
        raise CoderError("a background process ended unexpectedly") from exc
    finally:
        _end(process)
        reader.close()
    if not ok:
        raise CoderError(str(value))
    return value


def _end(process: BaseProcess) -> None:
    _LIVE.discard(process)
    if process.is_alive():
        process.terminate()
    process.join(timeout=2)


def lower_priority(pid: int) -> None:
    """Let process ``pid`` (one of the app's children) yield the CPU to the screen."""
    with contextlib.suppress(OSError, AttributeError):
        os.setpriority(os.PRIO_PROCESS, pid, NICENESS)


def terminate_all() -> None:
    """End every child still computing (the app is quitting)."""
    for process in list(_LIVE):
        _end(process)


TrainingData = tuple[Codebook, list[str], list[str], list[list[str]], list[str], list[str]]
"""(codebook, texts, languages, code keys, corpus texts, corpus languages)."""


def training_data(db: str, question_id: str, coder: str) -> TrainingData:
    """What the TUI's suggester fits on (:func:`coder.suggest.project.training_inputs`: the
    coder's codings as stored, the codebook, every answer as the corpus), as plain data.

    Run in a child: reading 100,000 answers and importing scikit-learn (which
    ``coder.suggest.project`` brings) would hold the screen's interpreter for seconds.
    """
    from coder.suggest.project import load_question, training_inputs  # lazy: scikit-learn

    project = Project.open(db)
    try:
        with project.session(write=False) as s:
            inputs = training_inputs(load_question(s, question_id, coder, known_coder=False))
    finally:
        project.close()
    return (
        inputs.codebook,
        inputs.texts,
        inputs.langs,
        inputs.labels,
        inputs.corpus_texts,
        inputs.corpus_langs,
    )


def duplicate_groups(db: str, question_id: str) -> list[list[int]]:
    """The question's groups of near-identical answers, as answer ids
    (:func:`coder.suggest.duplicates.group_duplicates`); reads the project ``db`` itself."""
    project = Project.open(db)
    try:
        with project.session(write=False) as s:
            rows = question_answers(s, question_id)
    finally:
        project.close()
    ids = [row[0] for row in rows]
    return [[ids[i] for i in members] for members in group_duplicates([row[2] for row in rows])]
