"""A REFI-QDA project as plain data: what the reader returns and the writer takes.

Only what coder reads or writes is modelled (users, codes, variables, cases, text sources
with their coded selections, notes, sets); guids are kept as the file spells them, and
compared lower-cased, since tools differ in case.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from coder.errors import Message


@dataclass
class User:
    guid: str
    name: str


@dataclass
class RefiCode:
    """A ``<Code>``; its ``name`` is kept exactly (any characters, not unique)."""

    guid: str
    name: str
    codable: bool = True
    colour: str | None = None
    description: str = ""
    children: list[RefiCode] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)


class Selection(NamedTuple):
    """A code on ``text[start:end]`` of a source, applied by ``user`` (a user guid or None).

    A named tuple rather than a frozen dataclass: a large export makes one per coding, and a
    frozen dataclass is several times slower to build."""

    code_guid: str
    start: int
    end: int
    user: str | None


@dataclass
class TextSource:
    """A text source; ``selections`` hold its codings (a source-wide coding covers it all)."""

    guid: str
    name: str
    text: str
    selections: list[Selection] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)
    """Values of variables written on the source itself (MAXQDA's file variables)."""
    description: str = ""


@dataclass
class Case:
    guid: str
    name: str | None
    values: dict[str, str] = field(default_factory=dict)
    """Variable name -> value."""
    sources: list[str] = field(default_factory=list)
    """Guids of the case's sources."""


@dataclass
class Note:
    """A ``<Note>`` (a memo); ``targets`` are the guids of what it is about."""

    guid: str
    name: str
    text: str
    user: str | None = None
    targets: list[str] = field(default_factory=list)


@dataclass
class SourceSet:
    guid: str
    name: str
    description: str = ""
    sources: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class RefiProject:
    name: str = ""
    origin: str = ""
    users: list[User] = field(default_factory=list)
    codes: list[RefiCode] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)
    """Variable guid -> name."""
    cases: list[Case] = field(default_factory=list)
    sources: list[TextSource] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    sets: list[SourceSet] = field(default_factory=list)
    selection_sources: dict[str, str] = field(default_factory=dict)
    """Selection guid -> its source's guid (lower-cased), for notes and links on selections."""
    skipped: list[Message] = field(default_factory=list)
    """Sources that are not text (pictures, PDFs, audio, video) or whose text is missing, as
    ``kind 'name'`` lines for the import summary (English as strings, said in any language)."""
    warnings: list[Message] = field(default_factory=list)

    def all_codes(self) -> Iterator[tuple[RefiCode, RefiCode | None]]:
        """Every code depth first, with its parent."""

        def visit(codes: list[RefiCode], parent: RefiCode | None) -> Iterator:  # type: ignore[type-arg]
            for code in codes:
                yield code, parent
                yield from visit(code.children, code)

        yield from visit(self.codes, None)

    def segment_set(self) -> set[tuple[str, str, int, int, str]]:
        """Every (code name, source text, start, end, user name): what a round trip keeps."""
        names = {code.guid.lower(): code.name for code, _parent in self.all_codes()}
        users = {user.guid.lower(): user.name for user in self.users}
        return {
            (
                names.get(s.code_guid.lower(), s.code_guid),
                source.text,
                s.start,
                s.end,
                users.get((s.user or "").lower(), s.user or ""),
            )
            for source in self.sources
            for s in source.selections
        }
