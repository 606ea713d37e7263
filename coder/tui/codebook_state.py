"""The codebook editing session behind the codebook editor, without any Textual.

Reads the question's codebook (with counts: only the editor's own while coding is blind) and
turns each edit into one store command in its own transaction, so it is versioned and logged.
Edits that the project's roles reserve for a lead are refused by the store with who may do
them; a shortcut that a coding-screen command uses is refused here with the command's name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coder.codebook.io import format_of, write_codebook
from coder.codebook.model import LANGUAGES, Codebook, pick
from coder.codebook.problems import Problem
from coder.codebook.validate import Locations, check
from coder.errors import InputError
from coder.store import codebooks
from coder.store.blind import own_code_counts
from coder.store.project import Project
from coder.store.roles import BLIND, coder_changes, is_lead, leads, phase
from coder.store.undo import undo
from coder.store.usage import code_answer_counts


@dataclass
class CodeRow:
    """What the editor shows of one active code (read once per reload)."""

    id: int
    key: str
    parent_id: int | None
    position: int
    revision: int
    shortcut: str | None
    labels: dict[str, str]
    definition: dict[str, str]
    examples: dict[str, list[str]]
    count: int = 0
    children: list[int] = field(default_factory=list)


@dataclass
class BookState:
    """The question's codebook as the editor last read it."""

    name: str = ""
    version: int = 0
    codes: dict[int, CodeRow] = field(default_factory=dict)
    roots: list[int] = field(default_factory=list)
    blind: bool = True  # counts are the editor's own
    lead: bool = True  # the editor acts as a lead
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # coders' edits (leads)


def export_problems(codebook: Codebook, path: Path) -> list[Problem]:
    """What would make the exported YAML codebook unreadable (e.g. a label missing in fi),
    each said in the reader's language by ``Problem.text``."""
    if format_of(path) != "yaml":
        return []
    return check(codebook, Locations(path.name), native_ids=True)


def export_refusal(path: Path, problems: list[Problem]) -> InputError:
    """The one line that refuses an export: the first problem, and how many more there are."""
    first = problems[0].said or problems[0].message
    if len(problems) == 1:
        return InputError("error.tui.export_problem", file=path.name, problem=first)
    return InputError(
        "error.tui.export_problems", file=path.name, problem=first, n=len(problems) - 1
    )


class CodebookState:
    """One analyst editing one question's codebook."""

    def __init__(
        self,
        project: Project,
        question_id: str,
        editor: str,
        *,
        reserved: dict[str, str] | None = None,
    ) -> None:
        self.project = project
        self.question_id = question_id
        self.editor = editor
        self.reserved = dict(reserved or {})
        """Key -> the coding-screen command that uses it (refused as a code shortcut)."""
        self.book = BookState()

    # -- reading ----------------------------------------------------------------------------
    def reload(self) -> BookState:
        """The active codes in codebook order, with counts (own while the question is blind)."""
        with self.project.session(write=False) as session:
            record = codebooks.require_codebook(session, self.question_id)
            blind = phase(session, self.question_id) == BLIND
            counts = (
                own_code_counts(session, self.question_id, self.editor)
                if blind
                else code_answer_counts(session, self.question_id)
            )
            lead = is_lead(session, self.editor)
            book = BookState(name=record.name, version=record.version, blind=blind, lead=lead)
            if lead and leads(session):
                book.changes = coder_changes(session, self.question_id)
            for code in codebooks.active_codes(session, self.question_id):
                book.codes[code.id] = CodeRow(
                    id=code.id,
                    key=code.key,
                    parent_id=code.parent_id,
                    position=code.position,
                    revision=code.revision,
                    shortcut=code.shortcut,
                    labels=dict(code.labels or {}),
                    definition=dict(code.definition or {}),
                    examples={k: list(v) for k, v in (code.examples or {}).items()},
                    count=counts.get(code.id, 0),
                )
        for row in book.codes.values():
            parent = book.codes.get(row.parent_id) if row.parent_id is not None else None
            (parent.children if parent else book.roots).append(row.id)
        self.book = book
        return book

    def subtree(self, code_id: int) -> set[int]:
        """The code and every code under it."""
        found = {code_id}
        for child in self.book.codes[code_id].children:
            found |= self.subtree(child)
        return found

    def choices(self, exclude: set[int], text_lang: str) -> list[tuple[str, int]]:
        """Every other active code, indented as in the tree."""
        result: list[tuple[str, int]] = []

        def visit(ids: list[int], depth: int) -> None:
            for code_id in ids:
                row = self.book.codes[code_id]
                if code_id not in exclude:
                    label = pick(row.labels, text_lang, row.key)
                    result.append((f"{'  ' * depth}{label} ({row.key})", code_id))
                    visit(row.children, depth + 1)

        visit(self.book.roots, 0)
        return result

    # -- writing: one store command per edit -------------------------------------------------
    def add(self, key: str, labels: dict[str, str], parent_id: int | None) -> int:
        with self.project.session() as session:
            return codebooks.add_code(
                session, self.question_id, key, labels, actor=self.editor, parent_id=parent_id
            ).id

    def edit(self, row: CodeRow, **changes: Any) -> None:
        """One ``edit_code`` of the row as it was read (a stale revision is refused)."""
        if changes.get("shortcut"):
            self.check_shortcut(changes["shortcut"])
        with self.project.session() as session:
            codebooks.edit_code(
                session, row.id, actor=self.editor, expected_revision=row.revision, **changes
            )

    def check_shortcut(self, key: str) -> None:
        """Refuse a shortcut that a coding-screen command uses, naming the command."""
        command = self.reserved.get(key)
        if command is not None:
            raise InputError("error.tui.shortcut_reserved", key=key, command=command)

    def move_under(self, row: CodeRow, parent_id: int | None) -> None:
        with self.project.session() as session:
            codebooks.move_under(
                session, row.id, parent_id, actor=self.editor, expected_revision=row.revision
            )

    def shift(self, row: CodeRow, step: int) -> bool:
        """Swap with the previous (-1) or next (+1) sibling; False at either end."""
        with self.project.session() as session:
            return codebooks.swap_siblings(
                session, row.id, step, actor=self.editor, expected_revision=row.revision
            )

    def merge(self, row: CodeRow, target_id: int) -> int:
        with self.project.session() as session:
            return codebooks.merge_codes(
                session, row.id, target_id, actor=self.editor, expected_revision=row.revision
            )

    def retire(self, row: CodeRow) -> None:
        with self.project.session() as session:
            codebooks.retire_code(
                session, row.id, actor=self.editor, expected_revision=row.revision
            )

    def start_split(
        self, row: CodeRow, lines: list[tuple[str, str]], text_lang: str
    ) -> tuple[list[tuple[int, str]], list[tuple[int, list[str]]]]:
        """Add the split's new codes; (their ids and labels, the answers to step through:
        only the editor's own while the question is blind)."""
        with self.project.session() as session:
            ids, items = codebooks.start_split(
                session,
                row.id,
                [(key, {text_lang: label} if label else {}) for key, label in lines],
                actor=self.editor,
                only_coder=self.editor if self.book.blind else None,
            )
        return [(i, label or key) for i, (key, label) in zip(ids, lines, strict=True)], items

    def undo(self) -> str | None:
        """Undo the editor's latest merge (the editor's own undoable edit); its key, or None."""
        question_id = self.question_id
        with self.project.session() as session:
            event = undo(
                session,
                self.editor,
                only=lambda e: e.kind == "code.merge" and e.question_id == question_id,
            )
            return None if event is None else str(event.payload.get("key", ""))

    def export(self, path: Path) -> None:
        """Write the active codebook to YAML (or .qdc); refuse one that would not read back."""
        with self.project.session(write=False) as session:
            codebook = codebooks.to_model(session, self.question_id)
        problems = export_problems(codebook, path)
        if problems:
            raise export_refusal(path, problems)
        write_codebook(codebook, path)


def text_language(lang: str) -> str:
    """The codes' text language to start with: the UI's, if codes have texts in it."""
    return lang if lang in LANGUAGES else LANGUAGES[0]
