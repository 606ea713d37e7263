"""The suggester in a process of its own, driven over a pipe.

Python runs one thread at a time, so a suggester fitting in a thread of the TUI's process
slows every keypress while it computes (p95 key-to-repaint 57 ms during the first fit on
100,000 answers, against 19 ms after it). In a child process it computes on the other core
and the UI thread only waits on a pipe. The child gets plain data (the codebook, texts,
languages, labels) and answers with plain data, so it needs no database connection.

    with SuggesterProcess() as remote:
        remote.fit(codebook, texts, langs, labels, corpus)  # -> how many answers it learned from
        remote.add(text, lang, ["lack_of_resources"])
        remote.suggest_many(texts, langs, k=3)          # -> [[CodeSuggestion, ...], ...]
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import sys
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from coder.bulk import paused_gc
from coder.errors import CoderError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from coder.codebook.model import Codebook
    from coder.suggest.suggester import CodeSuggestion
    from coder.text import Processed

_CHUNK = 5000
"""Answers sent to the child per message: it processes each chunk before the next comes,
so the raw texts of 100,000 answers are never all in its memory at once (tens of MB)."""


@dataclass(frozen=True)
class _Failed:
    """What the child answers when a request raised."""

    message: str


def _silence() -> None:
    """The child shares the terminal with the TUI: nothing it prints may reach the screen."""
    warnings.simplefilter("ignore")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - for the process's life


def _serve(conn: Connection) -> None:
    """The child's loop: one request in, one answer out, until "stop" or the pipe closes."""
    _silence()
    from coder.suggest.suggester import Suggester
    from coder.text import default_processor

    processor = default_processor()  # the one every Suggester here uses
    suggester: Suggester | None = None
    received: list[Processed] = []
    """Answers sent a chunk at a time ("texts"), processed as they come, for the next
    "fit" or "order": only their processed forms stay, never the raw texts of them all."""
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):  # the TUI is gone
            return
        verb, args = request[0], request[1:]
        del request
        try:
            if verb == "stop":
                conn.send(None)
                return
            if verb == "texts":
                with paused_gc():
                    received += processor.process_many(args[0], args[1])
                args = ()  # this chunk's texts can go before the next one arrives
                reply: Any = None
            elif verb == "fit":  # on the texts received: the coded answers, then the corpus
                codebook, n_coded, labels, has_corpus = args
                docs, corpus = received[:n_coded], received[n_coded:] if has_corpus else None
                received = []
                fitted = Suggester(codebook, corpus_features=False)  # a few answers at a time
                with paused_gc(freeze=True):  # what the fit keeps is never walked again
                    fitted.fit_processed(docs, labels, corpus)
                del docs, corpus, labels
                suggester = fitted
                gc.collect()  # the fit's temporaries (and a replaced suggester) go now
                reply = n_coded
            elif suggester is None:
                raise RuntimeError("the suggester has not been fitted")
            elif verb == "add":
                text, lang, labels = args
                suggester.add(text, lang, labels)
                if suggester.needs_refit:
                    suggester.refit()
                reply = None
            elif verb == "order":  # the informative queue order of the texts received
                from coder.suggest.queue import order_queue

                docs, received = received, []
                scores = suggester.predict_proba_processed(docs)
                del docs
                reply = order_queue(
                    scores, suggester.decision_.thresholds, suggester.positives_, "informative"
                )
            elif verb == "suggest_many":
                texts, langs, k, explain = args
                reply = suggester.suggest_many(texts, langs, k=k, explain=explain)
            else:
                raise RuntimeError(f"unknown request {verb!r}")
        except Exception as exc:  # sent back to the TUI, which keeps its keyword matches
            received = []
            reply = _Failed(f"{type(exc).__name__}: {exc}")
        try:
            conn.send(reply)
        except (EOFError, OSError):
            return
        del reply


_LIVE: set[SuggesterProcess] = set()
"""Children not closed yet, for :func:`terminate_all`."""


def terminate_all() -> None:
    """End every suggester child now (a program quitting without waiting for a fit)."""
    for remote in list(_LIVE):
        remote.close(wait=False)


class SuggesterProcess:
    """A :class:`~coder.suggest.Suggester` living in a child process (one caller at a time)."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")  # no fork of a threaded process
        self._conn, child = context.Pipe()
        self._process = context.Process(
            target=_serve, args=(child,), name="coder-suggester", daemon=True
        )
        # A TUI replaces sys.stdout/stderr with objects that have no usable file descriptor,
        # which multiprocessing passes on to the processes it starts: lend it the real ones.
        lent = sys.stdout, sys.stderr
        if sys.__stdout__ is not None and sys.__stderr__ is not None:
            sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
        try:
            self._process.start()
        finally:
            sys.stdout, sys.stderr = lent
        child.close()
        _LIVE.add(self)

    def _call(self, *request: Any) -> Any:
        try:
            self._conn.send(request)
            reply = self._conn.recv()
        except (EOFError, OSError) as exc:
            raise CoderError("error.suggest.ended") from exc
        if isinstance(reply, _Failed):
            raise CoderError("error.suggest.failed", reason=reply.message)
        return reply

    def fit(
        self,
        codebook: Codebook,
        texts: Sequence[str],
        langs: Sequence[str],
        labels: Sequence[Sequence[str]],
        corpus: tuple[Sequence[str], Sequence[str]] | None = None,
    ) -> int:
        """Fit a new suggester on coded answers (and the question's corpus: every answer's
        text and language); returns how many it learned from."""
        if not len(texts) == len(langs) == len(labels):
            raise ValueError(
                f"{len(texts)} texts, {len(langs)} languages, {len(labels)} label sets"
            )
        self._send_texts(texts, langs)
        if corpus is not None:
            self._send_texts(*corpus)
        return int(
            self._call("fit", codebook, len(texts), [list(x) for x in labels], corpus is not None)
        )

    def _send_texts(self, texts: Sequence[str], langs: Sequence[str]) -> None:
        """Send answers for the next "fit" or "order", :data:`_CHUNK` at a time."""
        if len(texts) != len(langs):
            raise ValueError(f"{len(texts)} texts but {len(langs)} languages")
        for begin in range(0, len(texts), _CHUNK):
            end = begin + _CHUNK
            self._call("texts", list(texts[begin:end]), list(langs[begin:end]))

    def add(self, text: str, lang: str, labels: Sequence[str]) -> None:
        """Learn from one more coded answer (and refit when the suggester asks for it)."""
        self._call("add", text, lang, list(labels))

    def suggest_many(
        self, texts: Sequence[str], langs: Sequence[str], k: int = 3, explain: bool = False
    ) -> list[list[CodeSuggestion]]:
        """The ``k`` best codes for each answer (see :meth:`Suggester.suggest_many`)."""
        result: list[list[CodeSuggestion]] = self._call(
            "suggest_many", list(texts), list(langs), k, explain
        )
        return result

    def order(self, texts: Sequence[str], langs: Sequence[str]) -> list[int]:
        """Indices of ``texts`` most informative first (:func:`coder.suggest.queue.order_queue`)."""
        self._send_texts(texts, langs)
        return [int(i) for i in self._call("order")]

    @property
    def pid(self) -> int | None:
        """The child's process id (the benchmark reads its peak memory)."""
        return self._process.pid

    def close(self, wait: bool = True) -> None:
        """Stop the child: asked to stop, and ended at once if it is busy (it only read) or
        if ``wait`` is false."""
        _LIVE.discard(self)
        if self._process.is_alive() and wait:
            with contextlib.suppress(EOFError, OSError):
                self._conn.send(("stop",))
            self._process.join(timeout=0.5)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(timeout=2)
        self._conn.close()

    def __enter__(self) -> SuggesterProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
