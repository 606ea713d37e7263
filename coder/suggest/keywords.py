"""Codebook keyword matches: what the TUI shows for an answer before the model is ready.

A keyword matches at the start of a word and may be followed by an inflection ("resurs" finds
"resurserna", "rahoitus" "rahoituksen"), so the codebook's base forms work in Swedish and
Finnish too. Patterns are compiled once per code and language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class KeywordCode:
    """What the keyword matcher needs of a code: its id and keywords per language."""

    id: int
    keywords: dict[str, list[str]]


@dataclass(frozen=True)
class KeywordHit:
    """A code whose keywords occur in an answer: score grows with distinct hits."""

    code_id: int
    score: float
    words: list[str]


def _pattern(words: list[str]) -> re.Pattern[str] | None:
    words = sorted({w.strip() for w in words if w and w.strip()}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")\w*", re.I)


class KeywordMatcher:
    """Finds each code's keywords in an answer."""

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

    def matches(self, text: str, lang: str) -> list[KeywordHit]:
        """Codes whose keywords occur in ``text``, best first (score 1 - 0.5^distinct hits)."""
        found: list[KeywordHit] = []
        for code in self.codes:
            pattern = self.pattern(code, lang)
            if pattern is None:
                continue
            hits = sorted({m.group(0).lower() for m in pattern.finditer(text)})
            if hits:
                found.append(KeywordHit(code.id, round(1.0 - 0.5 ** len(hits), 3), hits))
        found.sort(key=lambda hit: (-hit.score, hit.code_id))
        return found

    def spans(self, text: str, lang: str) -> list[tuple[int, int]]:
        """(start, end) of every keyword match in ``text``, for highlighting."""
        spans: list[tuple[int, int]] = []
        for code in self.codes:
            pattern = self.pattern(code, lang)
            if pattern is not None:
                spans.extend(m.span() for m in pattern.finditer(text))
        return sorted(set(spans))
