"""What the coding screen needs from the application hosting it (no import of the app itself).

The app implements this; the screen calls it to say it was first drawn, that the analyst
changed or moved something (benchmarks and crash tests listen), and that the suggester is
ready. Keeping it a protocol breaks the import cycle between the app and the screen.
"""

from __future__ import annotations

from typing import Protocol

from coder.tui.learning import LearnerFactory


class ScreenHost(Protocol):
    """The app as the coding screen sees it."""

    learn: bool
    """Whether to train the suggester in the background."""
    background_threads: int
    """Worker threads still computing; the app does not wait for them on quit."""
    learner_factory: LearnerFactory
    """Builds the suggester's learner (tests pass a fake that fits in no time)."""

    def first_paint(self) -> None:
        """The coding screen has been drawn for the first time."""

    def after_change(self, what: str) -> None:
        """The analyst changed or moved something named ``what``; the screen was refreshed."""

    def suggester_ready(self, trained_on: int) -> None:
        """The learned suggester finished its first fit on ``trained_on`` answers."""

    def switch_language(self, lang: str) -> None:
        """Rebuild the screens in another interface language."""
