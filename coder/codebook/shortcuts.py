"""One-key shortcuts for codes, so every codable code can be applied with a single key press."""

from __future__ import annotations

import string
from collections.abc import Iterable

from coder.codebook.model import Codebook

KEY_ORDER: tuple[str, ...] = (*"123456789", *string.ascii_lowercase, "0")
"""The order keys are handed out in: digits first (nearest the home row of a numpad user)."""


def assign_shortcuts(codebook: Codebook, reserved: Iterable[str] = ()) -> dict[str, str]:
    """Code id -> key for every codable code: its own shortcut, else the next free key.

    Free keys go out as ``1``-``9``, then ``a``-``z``, then ``0``, in codebook order (depth
    first), skipping keys other codes already hold and ``reserved`` (keys the caller, such as
    the TUI, uses for itself). A reserved key a code asked for explicitly is still the code's.
    Codes left over when keys run out get none. The codebook is not changed.
    """
    codes = [code for code in codebook.all_codes() if code.codable]
    taken = {code.shortcut for code in codes if code.shortcut}
    blocked = taken | set(reserved)
    free = (key for key in KEY_ORDER if key not in blocked)
    result: dict[str, str] = {}
    for code in codes:
        if code.id in result:
            continue
        key = code.shortcut or next(free, None)
        if key is not None:
            result[code.id] = key
    return result
