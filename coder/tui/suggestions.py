"""The coding screen's suggestion rows, from codebook keyword matches or the learned model.

The matching itself is suggester logic and lives in :mod:`coder.suggest.keywords`; this module
turns its hits into the rows the screen shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coder.suggest import keywords
from coder.suggest.keywords import KeywordCode

__all__ = ["KeywordCode", "KeywordMatcher", "Suggestion"]


@dataclass
class Suggestion:
    """A code suggested for an answer, with a score in [0, 1] and why."""

    code_id: int
    score: float
    reasons: list[str] = field(default_factory=list)
    predicted: bool = True
    """Whether the suggester would assign it on its own (what the accept key takes)."""
    source: str = "codebook"
    """``codebook`` (keywords, labels, definitions) or ``model`` (learned from codings)."""


class KeywordMatcher(keywords.KeywordMatcher):
    """Keyword matches as the screen's :class:`Suggestion` rows."""

    def suggest(self, text: str, lang: str) -> list[Suggestion]:
        """Codes whose keywords occur in ``text``, best first (score grows with distinct hits)."""
        return [
            Suggestion(hit.code_id, hit.score, list(hit.words), source="codebook")
            for hit in self.matches(text, lang)
        ]
