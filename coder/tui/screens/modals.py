"""Small screens over the coding screen: memo editor, help, fuzzy search, filter menu."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from coder.tui.i18n import t
from coder.tui.state import Filter

if TYPE_CHECKING:
    from coder.tui.state import CodingState


def fold(text: str) -> str:
    """Lower case without accents, so "tyoelama" finds "työelämä" and "aland" "Åland"."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class MemoScreen(ModalScreen[str | None]):
    """Edit a memo; ctrl+s returns the text, escape returns None."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, title: str, text: str, lang: str) -> None:
        super().__init__()
        self.memo_title = title
        self.text = text
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.memo_title, classes="dialog-title")
            yield TextArea(self.text, id="memo-text", soft_wrap=True)
            yield Label(t("memo.hint", self.lang), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class HelpScreen(ModalScreen[None]):
    """Every key of the coding screen and every code shortcut."""

    BINDINGS = [
        Binding("escape,question_mark,f1,q", "close", "Close"),
    ]

    def __init__(
        self, keys: list[tuple[str, str]], codes: list[tuple[str, str]], lang: str, config_path: str
    ) -> None:
        super().__init__()
        self.keys = keys
        self.codes = codes
        self.lang = lang
        self.config_path = config_path

    def compose(self) -> ComposeResult:
        text = Text()
        text.append(t("help.title", self.lang) + "\n\n", style="bold")
        for key, what in self.keys:
            text.append(f"  {key:<18}", style="bold cyan")
            text.append(what + "\n")
        text.append("\n" + t("help.codes", self.lang) + "\n\n", style="bold")
        for key, label in self.codes:
            text.append(f"  {key:<18}", style="bold cyan")
            text.append(label + "\n")
        text.append("\n" + t("legend", self.lang) + "\n", style="dim")
        text.append(t("help.config", self.lang, path=self.config_path) + "\n", style="dim")
        text.append(t("help.close", self.lang), style="dim italic")
        with VerticalScroll(classes="dialog help"):
            yield Static(text)

    def action_close(self) -> None:
        self.dismiss(None)


class PickerScreen(ModalScreen[Any]):
    """A modal with an input over an option list: arrows move the list while typing."""

    BINDINGS = [Binding("escape", "close", "Close")]

    def chosen(self, option_id: str) -> Any:
        """What the screen returns for the option picked."""
        raise NotImplementedError

    def _pick(self, option_id: str | None) -> None:
        if option_id is not None:
            self.dismiss(self.chosen(option_id))

    @on(Input.Submitted)
    def _submitted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None and options.option_count:
            self._pick(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._pick(event.option.id)

    def on_key(self, event: events.Key) -> None:
        if event.key in ("down", "up"):
            options = self.query_one(OptionList)
            if options.option_count:
                if event.key == "down":
                    options.action_cursor_down()
                else:
                    options.action_cursor_up()
                event.stop()

    def action_close(self) -> None:
        self.dismiss(None)


class SearchScreen(PickerScreen):
    """Fuzzy search over the question's answers (rapidfuzz); returns the chosen answer id."""

    LIMIT = 50

    def __init__(self, state: CodingState, lang: str) -> None:
        super().__init__()
        self.state = state
        self.lang = lang
        self._ids: list[int] = []
        self._texts: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Input(placeholder=t("search.placeholder", self.lang), id="search-input")
            yield OptionList(id="search-results")
            yield Label(t("search.hint", self.lang), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._load()

    @work(thread=True, exclusive=True, group="search-load")
    def _load(self) -> None:
        ids, texts = self.state.all_texts()
        self._ids, self._texts = ids, [fold(text) for text in texts]
        query = self.app.call_from_thread(lambda: self.query_one(Input).value)
        if query:
            self._search(query)

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, query: str) -> None:
        from rapidfuzz import fuzz, process

        query = fold(query.strip())
        if not query or not self._texts:
            self.app.call_from_thread(self._show, [])
            return
        found = process.extract(
            query, self._texts, scorer=fuzz.partial_ratio, limit=self.LIMIT, score_cutoff=60
        )
        results = [(self._ids[index], score) for _text, score, index in found]
        self.app.call_from_thread(self._show, results)

    def _show(self, results: list[tuple[int, float]]) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        snippets = {}
        positions = [self.state.pos_of[aid] for aid, _ in results]
        if positions:
            snippets = self.state.snippets(positions)
        for (aid, score), pos in zip(results, positions, strict=True):
            prompt = Text()
            prompt.append(f"{score:3.0f} ", style="dim")
            prompt.append(f"{self.state.respondents[pos]:<10} ", style="bold")
            prompt.append(snippets.get(pos, "")[:100])
            options.add_option(Option(prompt, id=str(aid)))
        if results:
            options.highlighted = 0

    def chosen(self, option_id: str) -> int:
        return int(option_id)


class FilterScreen(PickerScreen):
    """Choose a filter by status, language, code or attribute; type to narrow the menu."""

    def __init__(self, state: CodingState, lang: str) -> None:
        super().__init__()
        self.state = state
        self.lang = lang
        self.choices: list[tuple[str, Filter]] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Input(placeholder=t("filter.placeholder", self.lang), id="filter-input")
            yield OptionList(id="filter-options")

    def on_mount(self) -> None:
        lang = self.lang
        state = self.state
        choices: list[tuple[str, Filter]] = [(t("filter.all", lang), Filter())]
        status_names = ["uncoded", "coded", "suggested", "starred"]
        if state.reconciliation:
            status_names.append("disagreement")
        for status in status_names:
            name = f"{t('filter.status', lang)}: {t('status.' + status, lang)}"
            choices.append((name, Filter("status", status, name)))
        for language, count in sorted(state.language_counts().items()):
            name = f"{t('filter.language', lang)}: {language} ({count})"
            choices.append(
                (name, Filter("language", language, f"{t('filter.language', lang)}: {language}"))
            )
        for code in state.codes:
            if code.codable:
                name = f"{t('filter.code', lang)}: {code.label} ({state.counts.get(code.id, 0)})"
                choices.append(
                    (name, Filter("code", str(code.id), f"{t('filter.code', lang)}: {code.label}"))
                )
        for attr, values in sorted(state.attribute_values().items()):
            for value, count in sorted(values.items()):
                name = f"{t('filter.attribute', lang)}: {attr} = {value} ({count})"
                choices.append((name, Filter("attribute", f"{attr}={value}", f"{attr} = {value}")))
        self.choices = choices
        self._fill("")
        self.query_one(Input).focus()

    def _fill(self, query: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        words = query.lower().split()
        for index, (name, _flt) in enumerate(self.choices):
            if all(word in name.lower() for word in words):
                options.add_option(Option(name, id=str(index)))
        if options.option_count:
            options.highlighted = 0

    @on(Input.Changed, "#filter-input")
    def _changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def chosen(self, option_id: str) -> Filter:
        return self.choices[int(option_id)][1]
