"""coder: qualitative coding of open-ended survey answers (sv/fi/en)."""

__version__ = "0.1.0"
