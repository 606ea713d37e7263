"""The labelled benchmark sets and the codebooks they are labelled with.

Two kinds of set:

- ``heldout/dev`` and ``heldout/test`` (bench/data/heldout/, see its README): five questions
  written apart from the suggester, each with an analyst-style codebook of labels and one
  definition per code (no keywords). Tune on dev; report test.
- ``old/dev`` and ``old/test``: the older microcredential-challenges sets, labelled with the
  top-level codes of the shipped codebook, here with its keyword lists removed (an analyst's
  codebook has none; the lists were written for this codebook and carried most of its score).
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coder.codebook.io import read_codebook
from coder.codebook.model import Code, Codebook

DATA = Path(__file__).parent / "data"
HELDOUT = DATA / "heldout"
CODEBOOK = Path(__file__).parent.parent / "codebooks" / "microcredential_challenges.yaml"


SETS = {"test": "challenges.jsonl", "dev": "challenges_dev.jsonl"}
"""The older sets: test gives reported figures, dev (written apart from it) is for tuning."""


@dataclass
class Question:
    """One labelled question: its answers, its codebook and the codes its labels use."""

    name: str
    rows: list[dict[str, Any]]
    codebook: Codebook
    codes: list[str]


def load_answers(which: str = "test") -> list[dict[str, Any]]:
    """Rows {"id", "lang", "codes", "text"} of one older set (see :data:`SETS`)."""
    return _jsonl(DATA / SETS[which])


def _jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_codebook() -> tuple[Codebook, list[str]]:
    """The shipped challenges codebook and its top-level code ids (the older sets' labels)."""
    codebook = read_codebook(CODEBOOK)
    return codebook, [code.id for code in codebook.codes if code.codable]


def without_keywords(codebook: Codebook) -> Codebook:
    """The codebook with every code's keyword list removed (the rest kept)."""

    def strip(code: Code) -> Code:
        return dataclasses.replace(
            code, keywords={}, children=[strip(child) for child in code.children]
        )

    return dataclasses.replace(codebook, codes=[strip(code) for code in codebook.codes])


def load_questions(which: str) -> list[Question]:
    """The questions of a set: ``heldout/dev``, ``heldout/test``, ``old/dev`` or ``old/test``."""
    kind, part = which.split("/")
    if kind == "old":
        codebook, codes = load_codebook()
        return [
            Question(f"challenges-{part}", load_answers(part), without_keywords(codebook), codes)
        ]
    questions = []
    for path in sorted((HELDOUT / part).glob("*.jsonl")):
        codebook = read_codebook(path.with_suffix(".yaml"))
        codes = [code.id for code in codebook.all_codes() if code.codable]
        questions.append(Question(path.stem, _jsonl(path), codebook, codes))
    return questions
