"""The TUI's screens: coding and its modals, agreement and reconciliation, codebook editing."""
