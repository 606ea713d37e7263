"""Small modal forms shared by the codebook editor and the reconciliation screen.

Each modal dismisses with the value the user gave, or ``None`` when cancelled (Escape), so the
calling screen decides what to store; the forms themselves never touch the project.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, TextArea
from textual.widgets.option_list import Option

from coder.codebook.model import LANGUAGES
from coder.codebook.validate import ID_PATTERN
from coder.tui.screens.editor_strings import tr

FORMS_CSS = Path(__file__).with_name("forms.tcss")

T = TypeVar("T")


class FormModal(ModalScreen[T]):
    """A centred dialog: Escape cancels, Ctrl+S (or the Save button) submits."""

    CSS_PATH = FORMS_CSS
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "submit", "Save"),
    ]

    def __init__(self, title: str, lang: str = "en") -> None:
        super().__init__()
        self.title_text = title
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield from self.fields()
            yield Label("", id="form-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(tr("form.save", self.lang), id="save", variant="primary")
                yield Button(tr("form.cancel", self.lang), id="cancel")

    def fields(self) -> ComposeResult:
        """The form's own widgets."""
        yield from ()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_submit()
        else:
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_submit(self) -> None:
        error, value = self.validate()
        if error:
            self.query_one("#form-error", Label).update(error)
            return
        self.dismiss(value)

    def validate(self) -> tuple[str | None, Any]:
        """(error message or None, value to dismiss with)."""
        return None, None


class CodeForm(FormModal[dict[str, Any]]):
    """Id and labels (sv, fi, en) of a new or renamed code; at least one label is needed."""

    def __init__(
        self, title: str, lang: str, key: str = "", labels: dict[str, str] | None = None
    ) -> None:
        super().__init__(title, lang)
        self.key, self.labels = key, dict(labels or {})

    def fields(self) -> ComposeResult:
        with Horizontal(classes="form-row"):
            yield Label(tr("form.key", self.lang), classes="form-label")
            yield Input(self.key, id="key", compact=True)
        for code_lang in LANGUAGES:
            with Horizontal(classes="form-row"):
                yield Label(tr("form.label", self.lang, tl=code_lang), classes="form-label")
                yield Input(self.labels.get(code_lang, ""), id=f"label-{code_lang}", compact=True)

    def validate(self) -> tuple[str | None, Any]:
        key = self.query_one("#key", Input).value.strip()
        labels = {
            code_lang: self.query_one(f"#label-{code_lang}", Input).value.strip()
            for code_lang in LANGUAGES
        }
        if not key:
            return tr("form.need_key", self.lang), None
        if not ID_PATTERN.fullmatch(key):
            return tr("form.bad_key", self.lang, key=key), None
        if not any(labels.values()):
            return tr("form.need_label", self.lang), None
        return None, {"key": key, "labels": {k: v for k, v in labels.items() if v}}


class TextsForm(FormModal[dict[str, Any]]):
    """A code's definition and examples in one language."""

    def __init__(
        self, title: str, lang: str, text_lang: str, definition: str, examples: list[str]
    ) -> None:
        super().__init__(title, lang)
        self.text_lang = text_lang
        self.definition, self.examples = definition, examples

    def fields(self) -> ComposeResult:
        yield Label(tr("form.definition", self.lang, tl=self.text_lang))
        yield TextArea(self.definition, id="definition", classes="short-area")
        yield Label(tr("form.examples", self.lang, tl=self.text_lang))
        yield TextArea("\n".join(self.examples), id="examples", classes="short-area")

    def validate(self) -> tuple[str | None, Any]:
        definition = self.query_one("#definition", TextArea).text.strip()
        lines = self.query_one("#examples", TextArea).text.splitlines()
        return None, {"definition": definition, "examples": [x.strip() for x in lines if x.strip()]}


class LineForm(FormModal[str]):
    """One line of text (a shortcut, a file name); ``max_length`` 1 asks for a single key."""

    def __init__(self, title: str, lang: str, value: str = "", max_length: int = 0) -> None:
        super().__init__(title, lang)
        self.value, self.max_length = value, max_length

    def fields(self) -> ComposeResult:
        yield Input(self.value, id="line")

    def validate(self) -> tuple[str | None, Any]:
        value = self.query_one("#line", Input).value.strip()
        if self.max_length and len(value) > self.max_length:
            return tr("form.bad_shortcut", self.lang), None
        return None, value


class SplitForm(FormModal[list[tuple[str, str]]]):
    """The new codes of a split, one ``id: label`` per line."""

    def fields(self) -> ComposeResult:
        yield TextArea("", id="lines", classes="short-area")

    def validate(self) -> tuple[str | None, Any]:
        found: list[tuple[str, str]] = []
        text = self.query_one("#lines", TextArea).text
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            key, sep, label = line.partition(":")
            key = key.strip()
            if not sep or not key:
                return tr("form.bad_line", self.lang, line=number), None
            if not ID_PATTERN.fullmatch(key):
                return tr("form.bad_key", self.lang, key=key), None
            found.append((key, label.strip()))
        if len(found) < 2:
            return tr("form.need_codes", self.lang), None
        return None, found


class ConfirmForm(FormModal[bool]):
    """A yes/no question; Enter or y confirms."""

    BINDINGS = [
        Binding("escape,n", "cancel", "No"),
        Binding("enter,y", "submit", "Yes"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            with Horizontal(classes="dialog-buttons"):
                yield Button(tr("form.yes", self.lang), id="save", variant="error")
                yield Button(tr("form.no", self.lang), id="cancel")

    def validate(self) -> tuple[str | None, Any]:
        return None, True

    def action_cancel(self) -> None:
        self.dismiss(False)


class ChoiceForm(FormModal[T], Generic[T]):
    """Pick one of a list (a code to merge into, a new parent); Enter picks."""

    def __init__(self, title: str, lang: str, choices: list[tuple[str, T]]) -> None:
        super().__init__(title, lang)
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield OptionList(
                *(Option(label, id=str(i)) for i, (label, _v) in enumerate(self.choices)),
                id="choices",
            )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choices[event.option_index][1])


class CodeSetForm(FormModal[list[T]], Generic[T]):
    """Tick any number of codes (space or Enter toggles); Ctrl+S or Save keeps the ticked ones.

    Ticks are written as text, ``[x]`` and ``[ ]``, so they read without colour; ``note`` says
    what was ticked beforehand (e.g. the union of both coders' codes).
    """

    BINDINGS = [Binding("space", "tick", "Tick", show=False)]

    def __init__(
        self, title: str, lang: str, choices: list[tuple[str, T, bool]], note: str = ""
    ) -> None:
        super().__init__(title, lang)
        self.choices = choices
        self.ticked = [checked for _label, _value, checked in choices]
        self.note = note

    @staticmethod
    def prompt(label: str, ticked: bool) -> str:
        return f"{'[x]' if ticked else '[ ]'} {label}"

    def fields(self) -> ComposeResult:
        if self.note:
            yield Label(self.note, id="codes-note", classes="form-note")
        yield OptionList(
            *(
                Option(self.prompt(label, ticked), id=str(i))
                for i, ((label, _v, _c), ticked) in enumerate(
                    zip(self.choices, self.ticked, strict=True)
                )
            ),
            id="codes",
        )

    def action_tick(self) -> None:
        options = self.query_one("#codes", OptionList)
        index = options.highlighted
        if index is None:
            return
        self.ticked[index] = not self.ticked[index]
        options.replace_option_prompt_at_index(
            index, self.prompt(self.choices[index][0], self.ticked[index])
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_tick()

    def on_input_submitted(self, event: Input.Submitted) -> None:  # pragma: no cover - no input
        event.stop()

    def selected(self) -> list[T]:
        """The values ticked now, in the list's order."""
        return [value for (_l, value, _c), on in zip(self.choices, self.ticked, strict=True) if on]

    def validate(self) -> tuple[str | None, Any]:
        return None, self.selected()
