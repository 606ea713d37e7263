"""The labelled benchmark set (bench/data/) and the shipped codebook it is labelled with."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from coder.codebook.io import read_codebook
from coder.codebook.model import Codebook

DATA = Path(__file__).parent / "data"
CODEBOOK = Path(__file__).parent.parent / "codebooks" / "microcredential_challenges.yaml"


SETS = {"test": "challenges.jsonl", "dev": "challenges_dev.jsonl"}
"""The test set gives the reported figures; the development set, written apart from it, is
where changes to the suggester are tried first, so the test set is not tuned on."""


def load_answers(which: str = "test") -> list[dict[str, Any]]:
    """Rows {"id", "lang", "codes", "text"} of one labelled set (see :data:`SETS`).

    The codes are the top-level themes of codebooks/microcredential_challenges.yaml.
    """
    with (DATA / SETS[which]).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_codebook() -> tuple[Codebook, list[str]]:
    """The shipped challenges codebook and its top-level code ids (the benchmark's labels)."""
    codebook = read_codebook(CODEBOOK)
    return codebook, [code.id for code in codebook.codes if code.codable]
