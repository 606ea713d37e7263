"""The one place coder uses Textual's private API; everything else in the TUI imports from here.

Textual has no public way to (a) turn a typed character such as ``?`` or ``å`` into the key name
its bindings use (``question_mark``, ``plus``) and (b) change one screen instance's bindings
after it is built (codes get keys from the codebook, footers are translated per analyst). Both
rest on private names: ``textual.keys._character_to_key`` and ``DOMNode._bindings``. A Textual
release that renames them breaks only this module, and ``check_textual()`` (run by the test
suite) says so in one line instead of a confusing failure somewhere in a screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import textual
import textual.keys
from textual.binding import Binding

TESTED_TEXTUAL = "8.2"
"""The Textual release the suite last ran with (see ``constraints.txt``)."""


class TextualIncompatible(RuntimeError):
    """The installed Textual lacks a private name coder relies on."""


def _version() -> str:
    return getattr(textual, "__version__", "unknown")


def _fail(what: str) -> TextualIncompatible:
    return TextualIncompatible(
        f"Textual {_version()} is not compatible with coder: {what} "
        f"(coder is tested with Textual {TESTED_TEXTUAL}; install it with constraints.txt)"
    )


def _private_character_to_key() -> Callable[[str], str]:
    function = getattr(textual.keys, "_character_to_key", None)
    if not callable(function):
        raise _fail("textual.keys._character_to_key is gone")
    return function  # type: ignore[no-any-return]


def character_to_key(character: str) -> str:
    """The key name Textual binds for one typed character (``?`` -> ``question_mark``, ``+`` -> ``plus``)."""
    return _private_character_to_key()(character)


def key_bindings(node: Any) -> dict[str, list[Binding]]:
    """A screen's or widget's own key -> bindings map, to change its bindings in place.

    Textual copies the class bindings per instance, so a change here affects ``node`` only.
    """
    bindings_map = getattr(node, "_bindings", None)
    key_to_bindings = getattr(bindings_map, "key_to_bindings", None)
    if not isinstance(key_to_bindings, dict):
        raise _fail("DOMNode._bindings.key_to_bindings is gone")
    return key_to_bindings


def check_textual() -> None:
    """Raise TextualIncompatible naming what is missing if this Textual cannot run coder."""
    from textual.widget import Widget

    if character_to_key("?") != "question_mark":
        raise _fail("textual.keys._character_to_key no longer maps '?' to 'question_mark'")
    key_bindings(Widget())
