"""Where coder's shipped files are: beside the package in a clone, or installed with it.

A clone (and an editable install) has ``db/`` and ``codebooks/`` next to ``coder/``; a wheel
installs them under ``<prefix>/share/coder/`` (see ``[tool.setuptools.data-files]``).
"""

from __future__ import annotations

import sys
import sysconfig
from pathlib import Path

from coder.errors import CoderError


def shipped_dir(name: str) -> Path:
    """The shipped folder ``name`` ("db" or "codebooks")."""
    package = Path(__file__).resolve().parent
    candidates = [
        package.parent / name,
        Path(sysconfig.get_path("data")) / "share" / "coder" / name,
        Path(sys.prefix) / "share" / "coder" / name,
    ]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise CoderError("error.resources.missing", name=name)
