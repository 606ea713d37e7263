"""Fixtures of the REFI-QDA tests: the coded survey project of the export tests, and paths."""

from __future__ import annotations

from pathlib import Path

from tests.export.conftest import coded, coded_any  # noqa: F401  (fixtures, shared)

DATA = Path(__file__).resolve().parent.parent / "data"
PROJECT_XSD = DATA / "export" / "Project.xsd"
CODEBOOK_XSD = DATA / "codebook" / "Codebook.xsd"
REFI_DATA = DATA / "refi"
REPO = Path(__file__).resolve().parents[2]
REAL_WORLD = REPO.parent / "shared" / "real-world" / "refi-qda"
"""Files other tools wrote (``../shared/real-world/refi-qda`` beside the clone), if present."""
