"""The answer panel, the suggestions panel and the definition panel of the coding screen."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from coder.tui.i18n import t
from coder.tui.state import AnswerDetail, CodeItem, CodingState
from coder.tui.suggestions import Suggestion


def answer_body(state: CodingState, detail: AnswerDetail, lang: str) -> Text:
    """An answer's text with the coder's coded parts and the codebook's keywords marked, then
    which code each coded part has, and the coder's memo on the answer."""
    body = Text(detail.text)
    for start, end, _code in detail.segments:  # codings of part of the answer
        body.stylize("on grey23", start, end)
    for start, end in state.matcher.spans(detail.text, detail.language):
        body.stylize("bold underline magenta", start, end)
    if detail.segments:
        body.append(f"\n\n▌ {t('answer.segments', lang)}: ", style="bold")
        body.append(_segment_legend(state, detail), style="dim")
    if detail.memo:
        body.append(f"\n\n✎ {t('answer.memo', lang)}: ", style="bold cyan")
        body.append(detail.memo, style="cyan")
    return body


class AnswerPanel(VerticalScroll):
    """The current answer in full: header, respondent attributes, text with keywords marked.

    It scrolls (mouse wheel, ``[`` ``]``, arrows when focused) and a line under it says when
    the text continues below.
    """

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(id="answer-text")

    def update(self, text: Text) -> None:
        """Show ``text`` from its top."""
        self.query_one("#answer-text", Static).update(text)
        self.scroll_home(animate=False)

    def show(self, state: CodingState, lang: str, near_duplicates: int = 0) -> None:
        """Render the answer under the cursor (with how many near-duplicates it has)."""
        self._lang = lang
        answer_id = state.current_id
        if answer_id is None:
            self.update(Text(t("panel.no_answers", lang), style="italic"))
            self._update_more()
            return
        detail = state.detail(answer_id)
        text = Text()
        filtered = bool(state.filters) or state.order != "survey"
        text.append(
            t(
                "answer.header",
                lang,
                pos=f"{state.view_pos:,}" if filtered else f"{state.pos_of[answer_id] + 1:,}",
                total=f"{len(state.view):,}" if filtered else f"{state.total:,}",
                respondent=detail.respondent_id,
                language=detail.language,
            ),
            style="bold",
        )
        if answer_id in state.starred:
            text.append("  " + t("answer.starred", lang), style="bold yellow")
        retired = state.retired_only(answer_id)
        if retired:
            text.append("  ⊘ " + t("answer.retired_only", lang, codes=", ".join(retired)))
        if near_duplicates:
            text.append(
                "  " + t("answer.near_duplicates", lang, count=near_duplicates), style="bold cyan"
            )
        text.append("\n")
        if detail.attributes:
            attrs = " · ".join(f"{k}: {v}" for k, v in sorted(detail.attributes.items()))
            text.append(attrs + "\n", style="dim")
        text.append("\n")
        text.append_text(answer_body(state, detail, lang))
        self.update(text)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._update_more()

    def watch_virtual_size(self) -> None:
        # The text's height is known only once it is laid out.
        self._update_more()

    def on_resize(self) -> None:
        self._update_more()

    def _update_more(self) -> None:
        """The marker under the pane: how much of the answer is below (empty when all shows)."""
        try:
            marker = self.screen.query_one("#answer-more", Label)
        except Exception:  # noqa: BLE001 - not mounted in a coding screen (yet)
            return
        lang = getattr(self, "_lang", "en")
        below = int(self.max_scroll_y - self.scroll_y)
        if below > 0:
            marker.update(t("answer.more", lang, lines=below), layout=False)
        elif self.scroll_y > 0:
            marker.update(t("answer.end", lang), layout=False)
        else:
            marker.update("", layout=False)


def _segment_legend(state: CodingState, detail: AnswerDetail) -> str:
    """Each highlighted part's code and characters, in text order."""
    parts = []
    for start, end, code_id in detail.segments:
        code = state.code_by_id.get(code_id)
        parts.append(f"{code.label if code else code_id} {start}–{end}")
    return " · ".join(parts)


class SuggestionPanel(Static):
    """Codes suggested for the current answer (codebook keyword matches until the model lands)."""

    def show(
        self,
        state: CodingState,
        items: list[Suggestion],
        lang: str,
        accept_key: str,
        non_answer: bool = False,
    ) -> None:
        """Render the suggestions of the current answer (one line each, cut to fit): the
        predicted ones first, each marked as from the codebook's keywords or the learned model."""
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"{t('panel.suggestions', lang)} ", style="bold")
        if non_answer:
            text.append(t("panel.non_answer", lang), style="italic yellow")
            self.update(text, layout=False)
            return
        if not items:
            text.append(t("panel.no_suggestions", lang), style="dim italic")
            self.update(text, layout=False)
            return
        text.append(f"· {accept_key} {t('panel.accept_all', lang)}\n", style="dim")
        for item in items[:4]:
            code = state.code_by_id.get(item.code_id)
            if code is None:
                continue
            origin = item.source if item.source in ("codebook", "model") else "codebook"
            text.append(
                " ◆ " if item.predicted else " ◇ ", style="yellow" if item.predicted else "dim"
            )
            if code.shortcut:
                text.append(f"[{code.shortcut}] ", style="bold cyan")
            # Score before the label: a narrow pane cuts the label's end, not the score.
            text.append(f"{item.score:.2f} ", style="dim")
            text.append(code.label)
            text.append(f" {t('suggest.' + origin, lang)}", style="dim italic")
            if item.reasons:
                text.append(f" · {', '.join(item.reasons[:3])}", style="dim magenta")
            text.append("\n")
        text.rstrip()
        self.update(text, layout=False)


class DefinitionPanel(VerticalScroll):
    """The definition, include and exclude rules and your memo of the highlighted code (shown
    on demand); it scrolls when they are longer than the panel."""

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(id="definition-text")

    def update(self, text: Text) -> None:
        """Show ``text`` from its top."""
        self.query_one("#definition-text", Static).update(text)
        self.scroll_home(animate=False)

    def show(self, code: CodeItem | None, lang: str, state: CodingState | None = None) -> None:
        """Render a code's definition (and the coder's memo on it)."""
        if code is None:
            self.update(Text(t("note.no_code", lang), style="dim"))
            return
        text = Text()
        text.append(code.label + "\n", style="bold")
        text.append(f"{code.key}\n", style="dim")
        if code.definition:
            text.append(code.definition + "\n")
        if code.include:
            text.append(f"{t('panel.include', lang)}: ", style="bold green")
            text.append(code.include + "\n")
        if code.exclude:
            text.append(f"{t('panel.exclude', lang)}: ", style="bold red")
            text.append(code.exclude + "\n")
        memo = state.code_memo(code.id) if state is not None else ""
        if memo:
            text.append(f"✎ {t('answer.memo', lang)}: ", style="bold cyan")
            text.append(memo, style="cyan")
        text.rstrip()
        self.update(text)
