"""The answer panel, the suggestions panel and the definition panel of the coding screen."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from coder.tui.i18n import t
from coder.tui.state import AnswerDetail, CodeItem, CodingState
from coder.tui.suggestions import Suggestion


class AnswerPanel(Static):
    """The current answer in full: header, respondent attributes, text with keywords marked."""

    _was_tall = True

    def show(self, state: CodingState, lang: str) -> None:
        """Render the answer under the cursor."""
        answer_id = state.current_id
        if answer_id is None:
            self.update(Text(t("panel.no_answers", lang), style="italic"))
            return
        detail = state.detail(answer_id)
        pos = state.pos_of[answer_id]
        text = Text()
        text.append(
            t(
                "answer.header",
                lang,
                pos=pos + 1,
                total=state.total,
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
        text.append("\n")
        if detail.attributes:
            attrs = " · ".join(f"{k}: {v}" for k, v in sorted(detail.attributes.items()))
            text.append(attrs + "\n", style="dim")
        text.append("\n")
        body = Text(detail.text)
        for start, end, _code in detail.segments:  # codings of part of the answer
            body.stylize("on grey23", start, end)
        for start, end in state.matcher.spans(detail.text, detail.language):
            body.stylize("bold underline magenta", start, end)
        text.append_text(body)
        if detail.segments:
            text.append(f"\n\n▌ {t('answer.segments', lang)}: ", style="bold")
            text.append(_segment_legend(state, detail), style="dim")
        if detail.memo:
            text.append(f"\n\n✎ {t('answer.memo', lang)}: ", style="bold cyan")
            text.append(detail.memo, style="cyan")
        # A full layout only when the text may not fit (it must scroll): keeps moves cheap.
        width = max(1, self.scrollable_content_region.width)
        lines = sum(len(line) // width + 1 for line in text.plain.split("\n"))
        tall = lines >= self.scrollable_content_region.height
        self.update(text, layout=tall or self._was_tall)
        self._was_tall = tall
        self.scroll_home(animate=False)


def _segment_legend(state: CodingState, detail: AnswerDetail) -> str:
    """Each highlighted part's code and characters, in text order."""
    parts = []
    for start, end, code_id in detail.segments:
        code = state.code_by_id.get(code_id)
        parts.append(f"{code.label if code else code_id} {start}–{end}")
    return " · ".join(parts)


class SuggestionPanel(Static):
    """Codes suggested for the current answer (codebook keyword matches until the model lands)."""

    def show(self, state: CodingState, items: list[Suggestion], lang: str, accept_key: str) -> None:
        """Render the suggestions of the current answer (one line each, cut to fit)."""
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"{t('panel.suggestions', lang)} ", style="bold")
        if not items:
            text.append(t("panel.no_suggestions", lang), style="dim italic")
            self.update(text, layout=False)
            return
        text.append(f"· {accept_key} {t('panel.accept_all', lang)}\n", style="dim")
        for item in items[:4]:
            code = state.code_by_id.get(item.code_id)
            if code is None:
                continue
            text.append(
                " ◆ " if item.predicted else " ◇ ", style="yellow" if item.predicted else "dim"
            )
            if code.shortcut:
                text.append(f"[{code.shortcut}] ", style="bold cyan")
            text.append(code.label)
            text.append(f" {item.score:.2f}", style="dim")
            if item.reasons:
                text.append(f" · {', '.join(item.reasons[:3])}", style="dim magenta")
            text.append("\n")
        text.rstrip()
        self.update(text, layout=False)


class DefinitionPanel(Static):
    """The definition, include and exclude rules of the highlighted code (shown on demand)."""

    def show(self, code: CodeItem | None, lang: str) -> None:
        """Render a code's definition."""
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
            text.append(code.exclude)
        self.update(text)
