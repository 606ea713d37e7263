"""What the coding session holds and hands to the screens: codes, filters, the answer on screen,
tables, and what undo changed (plain data, no database)."""

from __future__ import annotations

from dataclasses import dataclass, field

from coder.export.table import GroupCell

STATUSES: tuple[str, ...] = ("uncoded", "coded", "suggested", "disagreement", "starred")
SYMBOLS: dict[str, str] = {"uncoded": "·", "coded": "✓", "suggested": "◆", "disagreement": "≠"}


@dataclass
class CodeItem:
    """A code as the coding screen shows it."""

    id: int
    key: str
    label: str
    definition: str
    include: str
    exclude: str
    shortcut: str | None
    depth: int
    parent_id: int | None
    codable: bool
    keywords: dict[str, list[str]]
    revision: int


@dataclass
class Filter:
    """One condition on the answer list: kind is None (all), status, language, code, attribute,
    memo (has a memo) or source (has a coding from that source, e.g. ``auto``).

    Conditions of different kinds combine (all must hold); a new one replaces its own kind.
    """

    kind: str | None = None
    value: str = ""
    name: str = ""


ORDERS: tuple[str, ...] = ("survey", "informative")
"""Queue orders: the survey's, or the suggester's most informative first."""


@dataclass
class AnswerDetail:
    """The answer on screen, fetched on demand."""

    id: int
    respondent_id: str
    language: str
    text: str
    attributes: dict[str, str] = field(default_factory=dict)
    memo: str = ""
    segments: list[tuple[int, int, int]] = field(default_factory=list)
    """The coder's codings of part of the text: (start, end, code id), for highlighting."""


@dataclass
class CodeTables:
    """Code co-occurrence: ``counts[i][j]`` answers have both code i and code j."""

    codes: list[str]
    labels: list[str]
    counts: list[list[int]]
    coded: int


@dataclass
class AttributeRow:
    """One code in the table by attribute: answers in all and per shown group."""

    key: str
    label: str
    depth: int
    count: int
    share: float
    """``count`` over the answers to the question."""
    groups: dict[str, GroupCell]


@dataclass
class AttributeTable:
    """Codes by the groups of a respondent attribute (the theme table's counts)."""

    by: str
    answers: int
    group_sizes: dict[str, int]
    suppressed_groups: list[str]
    rows: list[AttributeRow]

    @property
    def groups(self) -> list[str]:
        """The shown groups, in order."""
        return list(self.group_sizes)


def group_name(value: str | None, missing: str) -> str:
    """A respondent's group: the attribute's value, or ``missing`` (the theme table's name of
    the group without a value, in the table's language) when blank or absent."""
    return value if value is not None and value.strip() else missing


@dataclass
class Replayed:
    """What undo or redo changed: event kind, the answer, the codes' labels, group size."""

    kind: str
    answer_id: int | None
    codes: list[str] = field(default_factory=list)
    group: int = 0
