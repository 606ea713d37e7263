"""The private Textual API coder relies on is still there and still behaves as coder expects.

When this fails, the installed Textual is not one coder works with: the message names the
version and what is missing (install with `-c constraints.txt` to get the tested one).
"""

from __future__ import annotations

import pytest
import textual.keys
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Label

from coder.tui import textual_compat
from coder.tui.textual_compat import (
    TextualIncompatible,
    character_to_key,
    check_textual,
    key_bindings,
)


def test_the_installed_textual_is_compatible() -> None:
    check_textual()  # raises TextualIncompatible with a one-line reason


def test_typed_characters_become_textual_key_names() -> None:
    assert character_to_key("?") == "question_mark"
    assert character_to_key("a") == "a"
    assert character_to_key("+") == "plus"


@pytest.mark.anyio
async def test_a_binding_added_to_one_screen_fires() -> None:
    pressed: list[str] = []

    class Probe(App[None]):
        def compose(self) -> ComposeResult:
            yield Label("probe")

        def action_probe(self, key: str) -> None:
            pressed.append(key)

    app = Probe()
    async with app.run_test() as pilot:
        key = character_to_key("?")
        key_bindings(app.screen)[key] = [Binding(key, "app.probe('?')", "probe", show=False)]
        await pilot.press("question_mark")
        await pilot.pause()
    assert pressed == ["?"]


def test_a_textual_without_the_private_names_fails_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(textual.keys, "_character_to_key")
    try:
        check_textual()
    except TextualIncompatible as exc:
        message = str(exc)
    else:
        raise AssertionError("check_textual() accepted a Textual without _character_to_key")
    assert message.startswith(f"Textual {textual_compat._version()} is not compatible with coder")
    assert "_character_to_key" in message
