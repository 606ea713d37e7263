"""Codebook keyword matches: the suggestions the TUI shows for one answer, and its highlights.

Computed lazily for the answer on screen only. A keyword matches at the start of a word and
may be followed by an inflection ("resurs" finds "resurserna", "rahoitus" "rahoituksen"), so
the codebook's base forms work in Swedish and Finnish too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class Suggestion:
    """A code suggested for an answer, with a score in [0, 1] and why."""

    code_id: int
    score: float
    reasons: list[str] = field(default_factory=list)
    predicted: bool = True
    """Whether the suggester would assign it on its own (what the accept key takes)."""
    source: str = "codebook"
    """``codebook`` (its keywords, or mostly its texts in the model) or ``model`` (learned
    from the coder's codings): what the suggestions panel says of each."""


@dataclass
class KeywordCode:
    """What the keyword matcher needs of a code."""

    id: int
    keywords: dict[str, list[str]]


def _pattern(words: list[str]) -> re.Pattern[str] | None:
    words = sorted({w.strip() for w in words if w and w.strip()}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")\w*", re.I)


class KeywordMatcher:
    """Finds each code's keywords in an answer; patterns are compiled once per language."""

    def __init__(self, codes: list[KeywordCode]) -> None:
        self.codes = codes
        self._cache: dict[tuple[int, str], re.Pattern[str] | None] = {}

    def _words(self, code: KeywordCode, lang: str) -> list[str]:
        own = code.keywords.get(lang)
        if own:
            return list(own)
        # 'und' or a language the codebook lacks: every language's keywords.
        return [w for words in code.keywords.values() for w in words]

    def pattern(self, code: KeywordCode, lang: str) -> re.Pattern[str] | None:
        """The compiled keyword pattern of a code for a language."""
        key = (code.id, lang)
        if key not in self._cache:
            self._cache[key] = _pattern(self._words(code, lang))
        return self._cache[key]

    def suggest(self, text: str, lang: str) -> list[Suggestion]:
        """Codes whose keywords occur in ``text``, best first (score grows with distinct hits)."""
        found: list[Suggestion] = []
        for code in self.codes:
            pattern = self.pattern(code, lang)
            if pattern is None:
                continue
            hits = sorted({m.group(0).lower() for m in pattern.finditer(text)})
            if hits:
                found.append(Suggestion(code.id, round(1.0 - 0.5 ** len(hits), 3), hits))
        found.sort(key=lambda s: (-s.score, s.code_id))
        return found

    def spans(self, text: str, lang: str) -> list[tuple[int, int]]:
        """(start, end) of every keyword match in ``text``, for highlighting."""
        spans: list[tuple[int, int]] = []
        for code in self.codes:
            pattern = self.pattern(code, lang)
            if pattern is not None:
                spans.extend(m.span() for m in pattern.finditer(text))
        return sorted(set(spans))
