"""The coding TUI (Textual): keyboard-first coding of survey answers."""
