"""The analyst's own settings for the TUI: UI language and key bindings, in a TOML file.

The file lives in the user's config directory (platformdirs), or where ``CODER_CONFIG``
points, so each analyst keeps their keys across projects. Example::

    ui_lang = "sv"

    [bindings]
    next = "down,j"
    accept = "A"
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from coder.errors import InputError
from coder.tui.i18n import UI_LANGUAGES

ENV_VAR = "CODER_CONFIG"

DEFAULT_BINDINGS: dict[str, str] = {
    "next": "down",
    "prev": "up",
    "next_uncoded": "space",
    "done_next": "enter",
    "accept": "A",
    "undo": "ctrl+z",
    "redo": "ctrl+y",
    "memo_answer": "M",
    "memo_code": "C",
    "star": "asterisk,S",
    "search": "slash",
    "filter": "F",
    "clear_filter": "escape",
    "definition": "D",
    "help": "question_mark,f1",
    "switch_pane": "tab",
    "reconcile": "R",
    "codebook": "B",
    # reading, views, near-duplicates, order and language (coding screen, issue 14)
    "view": "V",
    "answer_down": "right_square_bracket",
    "answer_up": "left_square_bracket",
    "group": "G",
    "code_view": "K",
    "tables": "T",
    "memos": "N",
    "order": "O",
    "language": "L",
}
"""Action name -> keys (comma-separated, Textual key names). Lower-case letters and digits stay
free for code shortcuts."""


@dataclass
class Config:
    """What the analyst configured; ``path`` is where it was read from (or would be)."""

    ui_lang: str | None = None
    bindings: dict[str, str] = field(default_factory=dict)
    path: Path | None = None

    def keys(self, action: str) -> str:
        """The keys bound to ``action``: the analyst's own, else the default."""
        return self.bindings.get(action) or DEFAULT_BINDINGS[action]

    def all_keys(self) -> dict[str, str]:
        """Every action with its keys."""
        return {action: self.keys(action) for action in DEFAULT_BINDINGS}


def config_path() -> Path:
    """Where the analyst's config file is (``$CODER_CONFIG``, else the platform's config dir)."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    from platformdirs import user_config_path

    return user_config_path("coder") / "config.toml"


def load_config(path: Path | None = None) -> Config:
    """Read the config file; a missing file is an empty config, a broken one an InputError."""
    import tomllib

    path = path or config_path()
    if not path.is_file():
        return Config(path=path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the config file ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML ({exc})") from None
    ui_lang = data.get("ui_lang")
    if ui_lang is not None and ui_lang not in UI_LANGUAGES:
        raise InputError(f"{path}: ui_lang {ui_lang!r} is not one of {', '.join(UI_LANGUAGES)}")
    raw = data.get("bindings", {})
    if not isinstance(raw, dict):
        raise InputError(f'{path}: [bindings] must be a table of action = "keys"')
    bindings: dict[str, str] = {}
    for action, keys in raw.items():
        if action not in DEFAULT_BINDINGS:
            raise InputError(
                f"{path}: unknown action {action!r} in [bindings] "
                f"(actions: {', '.join(DEFAULT_BINDINGS)})"
            )
        if not isinstance(keys, str) or not keys.strip():
            raise InputError(f"{path}: [bindings] {action} must be a non-empty string of keys")
        bindings[action] = ",".join(k.strip() for k in keys.split(",") if k.strip())
    return Config(ui_lang=ui_lang, bindings=bindings, path=path)


def default_config_text() -> str:
    """A commented config file listing every action and its default keys."""
    lines = [
        "# coder TUI settings",
        '# ui_lang = "en"   # en, sv or fi',
        "",
        "[bindings]",
        '# action = "keys" (comma-separated Textual key names, e.g. "ctrl+z", "A", "slash")',
    ]
    lines += [f'# {action} = "{keys}"' for action, keys in DEFAULT_BINDINGS.items()]
    return "\n".join(lines) + "\n"
