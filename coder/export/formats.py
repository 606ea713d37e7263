"""The export formats and tables, kept apart from the heavy modules so `coder --help` is fast."""

from __future__ import annotations

THEME_FORMATS = ("md", "csv", "xlsx", "docx", "html", "json", "png", "svg")
FORMATS_BY_TABLE: dict[str, tuple[str, ...]] = {
    "theme": THEME_FORMATS,
    "matrix": ("csv", "xlsx", "json"),
    "quotes": ("csv", "xlsx", "json", "md"),
    "manual": ("md", "docx"),
}
"""Which formats each table can be written in."""
PROJECT_FORMATS = ("qdc", "qdpx")
ALL_FORMATS = (*THEME_FORMATS, *PROJECT_FORMATS)
