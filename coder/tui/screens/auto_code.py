"""Auto-coding from the coding screen: the suggester codes the answers it is sure of.

The same run as ``coder suggest --auto-code --min-precision P``: the coder's suggester is
trained on their codings (in a process of its own, so the screen stays responsive), and every
uncoded answer whose confidence reaches the level estimated to give P exactly-right code sets
is coded with source ``auto``, in one run that ``u`` takes back as a whole.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from coder.errors import CoderError
from coder.tui.i18n import register, t

if TYPE_CHECKING:
    from coder.store.project import Project

register(
    {
        "auto.title": {
            "en": "Auto-code the answers the suggester is sure of",
            "sv": "Autokoda svaren som förslagsmotorn är säker på",
            "fi": "Koodaa automaattisesti vastaukset, joista ehdottaja on varma",
        },
        "auto.explain": {
            "en": "Uncoded answers whose predicted codes are estimated (from your own codings) "
            "to be exactly right at the chosen rate are coded with source 'auto', in one run "
            "you can review and take back.",
            "sv": "Okodade svar vars föreslagna koder (enligt dina egna kodningar) uppskattas "
            "vara helt rätt i vald grad kodas med källan 'auto', i en körning som du kan "
            "granska och ta tillbaka.",
            "fi": "Koodaamattomat vastaukset, joiden ehdotettujen koodien arvioidaan (omien "
            "koodaustesi perusteella) olevan täsmälleen oikein valitulla osuudella, koodataan "
            "lähteellä 'auto' yhtenä ajona, jonka voit tarkistaa ja perua.",
        },
        "auto.keys": {
            "en": "1: 95 % exactly right   2: 90 %   u: take back the last run   Esc: close",
            "sv": "1: 95 % helt rätt   2: 90 %   u: ta tillbaka senaste körningen   Esc: stäng",
            "fi": "1: 95 % täsmälleen oikein   2: 90 %   u: peru viimeisin ajo   Esc: sulje",
        },
        "auto.running": {
            "en": "Training on your codings and coding ...",
            "sv": "Tränar på dina kodningar och kodar ...",
            "fi": "Opetetaan koodauksillasi ja koodataan ...",
        },
        "auto.done": {
            "en": "{count} answers auto-coded (confidence at least {threshold}).",
            "sv": "{count} svar autokodade (säkerhet minst {threshold}).",
            "fi": "{count} vastausta koodattu automaattisesti (varmuus vähintään {threshold}).",
        },
        "auto.non_answers": {
            "en": "{count} non-answers marked coded with no code, as you code them; no "
            "confidence level reaches {precision} yet for the other answers.",
            "sv": "{count} icke-svar markerade som kodade utan kod, som du kodar dem; ingen "
            "säkerhetsnivå når {precision} ännu för de andra svaren.",
            "fi": "{count} ei-vastausta merkitty koodatuiksi ilman koodia, kuten koodaat ne; "
            "mikään varmuustaso ei vielä yllä {precision}:iin muille vastauksille.",
        },
        "auto.non_answers_only": {
            "en": "{count} non-answers marked coded with no code, as you code them.",
            "sv": "{count} icke-svar markerade som kodade utan kod, som du kodar dem.",
            "fi": "{count} ei-vastausta merkitty koodatuiksi ilman koodia, kuten koodaat ne.",
        },
        "auto.too_few": {
            "en": "Auto-coding of answers with codes starts at {needed} coded answers; you "
            "have coded {n}.",
            "sv": "Autokodning av svar med koder börjar vid {needed} kodade svar; du har kodat "
            "{n}.",
            "fi": "Koodillisten vastausten automaattinen koodaus alkaa, kun koodattuja "
            "vastauksia on {needed}; olet koodannut {n}.",
        },
        "auto.none": {
            "en": "No confidence level reaches {precision} on your codings yet: nothing coded.",
            "sv": "Ingen säkerhetsnivå når {precision} på dina kodningar ännu: inget kodat.",
            "fi": "Mikään varmuustaso ei vielä yllä {precision}:iin koodauksillasi: ei koodattu.",
        },
        "auto.undone": {
            "en": "{count} auto-coded answers are uncoded again.",
            "sv": "{count} autokodade svar är okodade igen.",
            "fi": "{count} automaattisesti koodattua vastausta on taas koodaamatta.",
        },
        "action.auto_code": {"en": "Auto-code", "sv": "Autokoda", "fi": "Autokoodaa"},
    }
)


def _said(exc: BaseException, lang: str) -> str:
    """A failure for the dialog: coder's own errors in the analyst's language."""
    from coder.errors import CoderError

    return exc.text(lang) if isinstance(exc, CoderError) else str(exc)


def _in_child(function: Any, *args: Any) -> Any:
    """Run ``function(*args)`` in a fresh process (training must not hold the UI's GIL)."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    # the TUI's sys.stdout/stderr have no file descriptor for multiprocessing to pass on:
    # lend it the real ones while the child (and its resource tracker) start
    lent = sys.stdout, sys.stderr
    if sys.__stdout__ is not None and sys.__stderr__ is not None:
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    try:
        pool = ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"))
        future = pool.submit(function, *args)
    finally:
        sys.stdout, sys.stderr = lent
    with pool:
        return future.result()


class AutoCodeScreen(ModalScreen[int]):
    """Choose a precision and auto-code; dismisses with how many answers changed."""

    BINDINGS = [
        Binding("1", "run(0.95)", "95 %"),
        Binding("2", "run(0.9)", "90 %"),
        Binding("u", "undo", "Undo run"),
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, project: Project, question_id: str, coder: str, lang: str) -> None:
        super().__init__()
        self.project = project
        self.question_id = question_id
        self.coder = coder
        self.lang = lang
        self.changed = 0
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(t("auto.title", self.lang), classes="dialog-title")
            yield Static(t("auto.explain", self.lang))
            yield Static("", id="auto-result")
            yield Label(t("auto.keys", self.lang), classes="dialog-hint")

    def _say(self, text: str) -> None:
        self.query_one("#auto-result", Static).update(text)

    def action_run(self, precision: float) -> None:
        if not self.busy:
            self.busy = True
            self._say(t("auto.running", self.lang))
            self._auto_code(precision)

    def action_undo(self) -> None:
        if not self.busy:
            self.busy = True
            self._undo()

    def action_close(self) -> None:
        if not self.busy:
            self.dismiss(self.changed)

    @work(thread=True, exclusive=True, group="auto-code", exit_on_error=False)
    def _auto_code(self, precision: float) -> None:
        from coder.suggest.project import run_auto_code  # lazy: scikit-learn

        try:
            report = _in_child(
                run_auto_code, self.project.db, self.question_id, self.coder, precision
            )
        except (CoderError, OSError, RuntimeError, ValueError) as exc:  # shown, not raised
            self.app.call_from_thread(self._finished, _said(exc, self.lang), 0)
            return
        count = len(report["coded"])
        too_few = report["trained_on"] < report["needs_coded"]
        if report["threshold"] is not None:
            text = t("auto.done", self.lang, count=count, threshold=f"{report['threshold']:.3f}")
        elif count and not too_few:
            text = t("auto.non_answers", self.lang, count=count, precision=f"{precision:.0%}")
        elif too_few:
            text = t(
                "auto.too_few", self.lang, n=report["trained_on"], needed=report["needs_coded"]
            )
            if count:
                text = t("auto.non_answers_only", self.lang, count=count) + " " + text
        else:
            text = t("auto.none", self.lang, precision=f"{precision:.0%}")
        self.app.call_from_thread(self._finished, text, count)

    @work(thread=True, exclusive=True, group="auto-code", exit_on_error=False)
    def _undo(self) -> None:
        from coder.suggest.project import run_undo_auto  # lazy: scikit-learn

        try:
            count = int(_in_child(run_undo_auto, self.project.db, self.question_id, self.coder))
        except (CoderError, OSError, RuntimeError, ValueError) as exc:  # shown, not raised
            self.app.call_from_thread(self._finished, _said(exc, self.lang), 0)
            return
        self.app.call_from_thread(self._finished, t("auto.undone", self.lang, count=count), count)

    def _finished(self, text: str, changed: int) -> None:
        self.busy = False
        self.changed += changed
        self._say(text)
