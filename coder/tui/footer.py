"""Footers that fit: a screen's keys, most needed first, as many whole keys as its width holds.

Textual's footer draws the shown bindings left to right and cuts them at the command palette's
key on the right, so at 80 columns (more so in Swedish and Finnish) keys were cut in half or
lost, help among them. A screen names its footer actions most needed first (help first);
:func:`fit_footer` shows the ones that fit whole and hides the rest from the footer. Hidden
keys stay bound and are listed by the screen's help (:func:`help_rows`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from rich.cells import cell_len
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer

from coder.tui.textual_compat import key_bindings

PALETTE_ITEM = 3
"""Columns the command palette's item takes besides its key and description (border, gap)."""


def _item_width(screen: Screen[Any], binding: Binding) -> int:
    """Columns one key takes in the compact footer: key, space, description, margin."""
    return cell_len(screen.app.get_key_display(binding)) + 1 + cell_len(binding.description) + 1


def _palette_width(screen: Screen[Any]) -> int:
    app = screen.app
    if not app.ENABLE_COMMAND_PALETTE:
        return 0
    for bindings in key_bindings(app).values():
        for binding in bindings:
            if binding.action == "command_palette":
                return (
                    PALETTE_ITEM + cell_len(app.get_key_display(binding)) + len(binding.description)
                )
    return 0


def fit_footer(screen: Screen[Any], actions: Sequence[str], width: int) -> list[str]:
    """Show in the footer the first of ``actions`` (most needed first) that fit in ``width``
    columns, whole, beside the command palette's key; hide the others. Returns those shown."""
    bindings = key_bindings(screen)
    first: dict[str, Binding] = {}
    for items in bindings.values():
        for binding in items:
            first.setdefault(binding.action, binding)
    room = width - _palette_width(screen)
    shown: list[str] = []
    for action in actions:
        found = first.get(action)
        if found is None:
            continue
        needed = _item_width(screen, found)
        if needed > room:
            break  # later keys are less needed: never skip one to show a later one
        room -= needed
        shown.append(action)
    for key, items in bindings.items():
        bindings[key] = [
            dataclasses.replace(b, show=b.action in shown) if b.action in actions else b
            for b in items
        ]
    screen.refresh_bindings()
    return shown


def help_rows(screen: Screen[Any]) -> list[tuple[str, str]]:
    """(keys, what they do) of every binding of the screen with a description, in the order
    of its bindings: what the help screen lists, footer or not."""
    rows: dict[str, tuple[list[str], str]] = {}
    for items in key_bindings(screen).values():
        for binding in items:
            if not binding.description:
                continue
            keys, _ = rows.setdefault(binding.action, ([], binding.description))
            keys.append(screen.app.get_key_display(binding))
    return [(", ".join(keys), description) for keys, description in rows.values()]


class FittedFooter:
    """Mixed into a screen: its footer shows ``FOOTER_ORDER``'s keys that fit, at every size."""

    FOOTER_ORDER: tuple[str, ...] = ()

    def fit_footer(self, width: int | None = None) -> list[str]:
        """Fit the footer to ``width`` columns (default: the app's width now)."""
        screen: Screen[Any] = self  # type: ignore[assignment]
        return fit_footer(screen, self.FOOTER_ORDER, width or screen.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        self.fit_footer(event.size.width)


class CoderFooter(Footer):
    """The compact footer of every coder screen.

    Textual gives every compact footer key a right margin, the command palette's key too; at
    the right edge that margin let one column of the keys scrolled under it show through
    ("^p paletten").
    """

    DEFAULT_CSS = """
    CoderFooter.-compact FooterKey.-command-palette { margin-right: 0; }
    """

    def __init__(self) -> None:
        super().__init__(compact=True)
