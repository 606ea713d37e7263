"""The codebook as plain data, independent of where it is stored or how it was read.

A codebook belongs to one survey question and holds a tree of codes. Texts that analysts read
(labels, definitions, rules, examples, keywords) are kept per language (``sv``, ``fi``, ``en``)
so the TUI, the suggester and the exports can each pick the analyst's language.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

LANGUAGES: tuple[str, ...] = ("sv", "fi", "en")
"""The languages coder works in, in the order labels are shown when one is missing."""


def pick(texts: dict[str, str], lang: str, fallback: str = "") -> str:
    """The text in ``lang``, else in the first language that has one, else ``fallback``."""
    if texts.get(lang):
        return texts[lang]
    for other in (*LANGUAGES, *sorted(texts)):
        if texts.get(other):
            return texts[other]
    return fallback


@dataclass
class Code:
    """One theme in a codebook; ``children`` are its sub-themes."""

    id: str
    labels: dict[str, str] = field(default_factory=dict)
    definition: dict[str, str] = field(default_factory=dict)
    include: dict[str, str] = field(default_factory=dict)
    exclude: dict[str, str] = field(default_factory=dict)
    examples: dict[str, list[str]] = field(default_factory=dict)
    keywords: dict[str, list[str]] = field(default_factory=dict)
    colour: str | None = None
    shortcut: str | None = None
    codable: bool = True
    children: list[Code] = field(default_factory=list)
    guid: str | None = None
    """REFI-QDA identity, kept so a codebook exported to .qdc and read back is the same one."""

    def label(self, lang: str) -> str:
        """The label in ``lang`` (falling back to another language, then the id)."""
        return pick(self.labels, lang, self.id)


@dataclass
class Codebook:
    """A tree of codes for one question, with its title and the question text per language."""

    id: str
    title: dict[str, str] = field(default_factory=dict)
    question: dict[str, str] = field(default_factory=dict)
    codes: list[Code] = field(default_factory=list)
    source: str | None = None

    def walk(self) -> Iterator[tuple[Code, Code | None, int]]:
        """Every code in codebook order (depth first) with its parent and depth (0 = root)."""

        def visit(
            codes: list[Code], parent: Code | None, depth: int
        ) -> Iterator[tuple[Code, Code | None, int]]:
            for code in codes:
                yield code, parent, depth
                yield from visit(code.children, code, depth + 1)

        yield from visit(self.codes, None, 0)

    def all_codes(self) -> list[Code]:
        """Every code, depth first."""
        return [code for code, _parent, _depth in self.walk()]

    def find(self, code_id: str) -> Code | None:
        """The code with this id, or None."""
        for code in self.all_codes():
            if code.id == code_id:
                return code
        return None
