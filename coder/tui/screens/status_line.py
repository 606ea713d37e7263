"""The one-line status under the reconciliation and codebook-editor screens.

What the last action did stays visible until the next one (a toast fades, and tests and
screenshots can read a line); a refusal is also raised as an error toast.
"""

from __future__ import annotations

from textual.widgets import Static


class StatusLine(Static):
    """Says what the last action did, or why it was refused."""

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        padding: 0 1;
        color: $success;
    }
    StatusLine.error {
        color: $error;
    }
    """

    def say(self, message: str, error: bool = False) -> None:
        """Show ``message``; an error is also a toast."""
        self.update(message)
        self.set_class(error, "error")
        if error:
            self.app.notify(message, severity="error")
