"""Looking up the strings of the reconciliation and codebook-editing screens.

The strings themselves are in the gettext catalogues (`coder/locale`, keys `cb.*`, `rc.*`,
`form.*`, `split.*`...), read through ``coder.tui.i18n`` so one fallback rule serves the whole
app; ``tr`` falls back to English so a missing key never breaks the screen.
"""

from __future__ import annotations

from typing import Any

from coder.tui.i18n import t
from coder.tui.textual_compat import key_bindings


def tr(name: str, lang: str = "en", /, **values: Any) -> str:
    """The string ``name`` in ``lang`` (else English), with ``values`` filled in.

    Formatting happens here so that placeholders may be called ``key`` or ``lang``.
    """
    text = t(name, lang)
    return text.format(**values) if values else text


def localise_bindings(node: Any, names: dict[str, str], lang: str) -> None:
    """Give a screen's footer descriptions in ``lang``: action name -> string key.

    Textual keeps a per-instance copy of the bindings map, so this changes one screen only.
    """
    from dataclasses import replace

    for bindings in key_bindings(node).values():
        for i, binding in enumerate(bindings):
            if binding.action in names:
                bindings[i] = replace(binding, description=tr(names[binding.action], lang))
