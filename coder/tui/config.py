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
from coder.tui.i18n import UI_LANGUAGES, t

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
    lines: dict[str, int] = field(default_factory=dict)
    """Action -> the line of the config file that binds it (for messages)."""

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
        raise InputError("error.tui.config.unreadable", path=path, reason=exc) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError("error.tui.config.toml", path=path, reason=exc) from None
    ui_lang = data.get("ui_lang")
    if ui_lang is not None and ui_lang not in UI_LANGUAGES:
        raise InputError(
            "error.tui.config.ui_lang", path=path, value=ui_lang, languages=", ".join(UI_LANGUAGES)
        )
    raw = data.get("bindings", {})
    if not isinstance(raw, dict):
        raise InputError("error.tui.config.bindings_table", path=path)
    bindings: dict[str, str] = {}
    for action, keys in raw.items():
        if action not in DEFAULT_BINDINGS:
            raise InputError(
                "error.tui.config.unknown_action",
                path=path,
                action=action,
                actions=", ".join(DEFAULT_BINDINGS),
            )
        if not isinstance(keys, str) or not keys.strip():
            raise InputError("error.tui.config.empty_keys", path=path, action=action)
        bindings[action] = ",".join(k.strip() for k in keys.split(",") if k.strip())
    return Config(ui_lang=ui_lang, bindings=bindings, path=path, lines=_binding_lines(path))


def _binding_lines(path: Path) -> dict[str, int]:
    """Action -> line number of its ``action = "keys"`` in the [bindings] table."""
    import re

    found: dict[str, int] = {}
    table = ""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            table = stripped.strip("[] ")
            continue
        match = re.match(r"""["']?([A-Za-z_]+)["']?\s*=""", stripped)
        if table == "bindings" and match:
            found.setdefault(match.group(1), number)
    return found


def _character(key: str) -> str | None:
    """The character a Textual key name types ("slash" -> "/"), or None (ctrl+z, f1...)."""
    from textual.keys import format_key, key_to_character

    if len(key) == 1:
        return key
    char = key_to_character(key)
    if char is None:  # e.g. "slash": Textual knows it only as a display name
        shown = format_key(key)
        char = shown if len(shown) == 1 and shown.isascii() and shown.isprintable() else None
    return char


def command_keys(config: Config, lang: str = "en") -> dict[str, str]:
    """Character -> the coding-screen command it runs (in ``lang``), for every bound key."""
    found: dict[str, str] = {}
    for action, keys in config.all_keys().items():
        for key in keys.split(","):
            char = _character(key.strip())
            if char is not None:
                found.setdefault(char, t(f"action.{action}", lang))
    return found


def check_code_keys(config: Config, shortcuts: dict[str, str]) -> None:
    """Refuse a configured binding that takes a code's shortcut, naming the file and line.

    ``shortcuts``: shortcut character -> code id. Default bindings never collide (codebook
    shortcuts are assigned around them); the analyst's own may.
    """
    for action, keys in config.bindings.items():
        for key in keys.split(","):
            char = _character(key.strip())
            if char is not None and char in shortcuts:
                line = config.lines.get(action)
                where = f"{config.path}:{line}" if line else str(config.path)
                raise InputError(
                    "error.tui.config.key_taken",
                    where=where,
                    action=action,
                    keys=keys,
                    key=char,
                    code=shortcuts[char],
                )


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
