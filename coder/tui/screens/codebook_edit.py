"""The codebook editor: add, rename, redefine, re-key, move, merge, split and retire codes.

Every change goes through ``coder.store.codebooks`` in its own transaction, so it is versioned
and logged; an edit of a code someone else changed meanwhile is refused there (ConflictError)
and shown here as a message, after which the tree is reloaded with the fresh state.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from coder.codebook.model import LANGUAGES, pick
from coder.errors import CoderError
from coder.store.project import Project
from coder.tui.codebook_state import BookState, CodebookState, CodeRow, text_language
from coder.tui.config import Config, command_keys, load_config
from coder.tui.footer import CoderFooter, FittedFooter, help_rows
from coder.tui.screens.editor_strings import localise_bindings, tr
from coder.tui.screens.forms import (
    ChoiceForm,
    CodeForm,
    ConfirmForm,
    LineForm,
    SplitForm,
    TextsForm,
)
from coder.tui.screens.modals import HelpScreen
from coder.tui.screens.split_queue import SplitQueueScreen
from coder.tui.screens.status_line import StatusLine

TOP_LEVEL = -1
"""The parent choice that means 'top level' in the move form."""

FOOTER_NAMES = {
    "help": "action.help",
    "add": "cb.add",
    "rename": "cb.rename",
    "edit_texts": "cb.edit",
    "shortcut": "cb.shortcut_key",
    "move": "cb.move",
    "move_up": "cb.up",
    "move_down": "cb.down",
    "merge": "cb.merge",
    "split": "cb.split",
    "retire": "cb.retire",
    "export": "cb.export",
    "text_language": "cb.lang",
    "undo": "cb.undo",
    "close": "cb.close",
}


class CodebookEditScreen(FittedFooter, Screen[None]):
    """Edit the codebook of one question; Escape returns to the caller."""

    CSS_PATH = Path(__file__).with_name(
        "codebook_edit.tcss"
    )  # absolute: subclasses elsewhere keep it
    BINDINGS = [
        Binding("question_mark,f1", "help", "Help"),
        Binding("a", "add", "Add"),
        Binding("r", "rename", "Rename"),
        Binding("e", "edit_texts", "Definition"),
        Binding("ctrl+z", "undo", "Undo"),
        Binding("k", "shortcut", "Shortcut"),
        Binding("m", "move", "Move"),
        Binding("ctrl+up,left_square_bracket", "move_up", "Up", show=False),
        Binding("ctrl+down,right_square_bracket", "move_down", "Down", show=False),
        Binding("g", "merge", "Merge"),
        Binding("s", "split", "Split"),
        Binding("x", "retire", "Retire"),
        Binding("w", "export", "Export"),
        Binding("l", "text_language", "Language", show=False),
        Binding("escape,q", "close", "Close", show=False),
    ]
    FOOTER_ORDER = (
        "help",
        "add",
        "rename",
        "edit_texts",
        "undo",
        "move",
        "merge",
        "split",
        "retire",
        "shortcut",
        "export",
    )

    def __init__(
        self,
        project: Project,
        question_id: str,
        coder_name: str,
        *,
        lang: str = "en",
        text_lang: str | None = None,
    ) -> None:
        super().__init__()
        self.project = project
        self.question_id = question_id
        self.coder_name = coder_name
        self.lang = lang
        self.text_lang = text_lang or text_language(lang)
        self.edits = CodebookState(project, question_id, coder_name)
        localise_bindings(self, FOOTER_NAMES, lang)

    @property
    def state(self) -> BookState:
        """The codebook as last read."""
        return self.edits.book

    # --- layout ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static("", id="cb-title")
        with Horizontal(id="cb-body"):
            tree: Tree[int] = Tree("codebook", id="cb-tree")
            tree.show_root = False
            tree.guide_depth = 2
            yield tree
            with VerticalScroll(id="cb-detail-box"):
                yield Static("", id="cb-detail")
        yield StatusLine("", id="cb-status")
        yield CoderFooter()

    def on_mount(self) -> None:
        config = getattr(self.app, "config_data", None)
        if not isinstance(config, Config):
            try:
                config = load_config()
            except CoderError:
                config = Config()
        self.edits.reserved = command_keys(config, self.lang)
        self.fit_footer()
        self.reload()
        self.query_one("#cb-tree", Tree).focus()

    def action_help(self) -> None:
        """Every key of the editor, those the footer has no room for too."""
        title = tr("cb.help_title", self.lang)
        self.app.push_screen(HelpScreen(help_rows(self), None, self.lang, None, title=title))

    # --- reading and showing --------------------------------------------------------------
    @property
    def current(self) -> CodeRow | None:
        """The code under the tree cursor."""
        node = self.query_one("#cb-tree", Tree).cursor_node
        if node is None or node.data is None:
            return None
        return self.state.codes.get(node.data)

    def reload(self, select: int | None = None) -> None:
        """Read the codebook again and redraw, keeping (or moving) the cursor to ``select``."""
        if select is None and self.current is not None:
            select = self.current.id
        try:
            self.edits.reload()
        except CoderError as exc:
            self.show_message(exc.text(self.lang), error=True)
            return
        title = (
            tr("cb.title", self.lang, name=self.state.name, version=self.state.version)
            + "  ·  "
            + tr("cb.editing_lang", self.lang, tl=self.text_lang)
        )
        if self.state.blind:
            title += "  ·  " + tr("cb.own_counts", self.lang)
        self.query_one("#cb-title", Static).update(title)
        tree: Tree[int] = self.query_one("#cb-tree", Tree)
        tree.clear()
        lines: list[int] = []

        def add(parent: TreeNode[int], ids: list[int]) -> None:
            for code_id in ids:
                row = self.state.codes[code_id]
                label = self._node_label(row)
                lines.append(code_id)
                if row.children:
                    add(parent.add(label, data=code_id, expand=True), row.children)
                else:
                    parent.add_leaf(label, data=code_id)

        add(tree.root, self.state.roots)
        if lines:
            # every node is expanded, so a code's line is its place in depth-first order
            tree.move_cursor_to_line(lines.index(select) if select in lines else 0)
        self.show_detail()

    def _node_label(self, row: CodeRow) -> Text:
        text = Text()
        text.append(f"[{row.shortcut}] " if row.shortcut else "    ", style="bold")
        text.append(pick(row.labels, self.text_lang, row.key))
        text.append(f"  {row.count}", style="dim")
        return text

    def show_detail(self) -> None:
        """The selected code in full, in the text language; for a lead, coders' edits."""
        row = self.current
        detail = self.query_one("#cb-detail", Static)
        changes = self._changes()
        if row is None:
            empty = Text(tr("cb.empty", self.lang) if not self.state.codes else "")
            detail.update(empty + changes)
            return
        lang = self.text_lang
        text = Text()

        def line(name: str, value: str) -> None:
            text.append(f"{tr(name, self.lang)}: ", style="bold")
            text.append(value + "\n")

        line("cb.key", row.key)
        for code_lang in LANGUAGES:
            if row.labels.get(code_lang):
                text.append(f"  {code_lang}: {row.labels[code_lang]}\n")
        line("cb.shortcut", row.shortcut or tr("cb.none", self.lang))
        line("cb.uses_own" if self.state.blind else "cb.uses", str(row.count))
        line("cb.revision", str(row.revision))
        text.append(f"\n{tr('cb.definition', self.lang)} ({lang}):\n", style="bold")
        text.append((row.definition.get(lang) or tr("cb.none", self.lang)) + "\n")
        examples = row.examples.get(lang) or []
        text.append(f"\n{tr('cb.examples', self.lang)} ({lang}):\n", style="bold")
        for example in examples:
            text.append(f"  - {example}\n")
        if not examples:
            text.append(tr("cb.none", self.lang) + "\n")
        text.append("\n" + tr("cb.hint", self.lang), style="dim")
        detail.update(text + changes)

    def _changes(self) -> Text:
        """Codes added and reworded by coders, listed for a lead to review."""
        if not self.state.changes:
            return Text()
        text = Text("\n\n" + tr("cb.coder_changes", self.lang) + "\n", style="bold")
        for who, kind, key in self.state.changes:
            text.append("  " + tr(f"cb.change.{kind}", self.lang, who=who, key=key) + "\n")
        return text

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[int]) -> None:
        self.show_detail()

    def show_message(self, message: str, error: bool = False) -> None:
        """Report on the status line (errors also as a toast)."""
        self.query_one("#cb-status", StatusLine).say(message, error)

    # --- writing ----------------------------------------------------------------------------
    def write(self, change: Callable[[], Any], done: str, select: int | None = None) -> Any:
        """Run one state command; report it, or the refusal, then reload."""
        try:
            result = change()
        except CoderError as exc:
            self.show_message(exc.text(self.lang), error=True)
            self.reload()
            return None
        if done:
            self.show_message(done)
        self.reload(select)
        return result

    def edit(self, row: CodeRow, done: str, **changes: Any) -> None:
        """One edit of the row as it was read (a stale revision is refused)."""
        self.write(
            lambda: self.edits.edit(row, **changes),
            tr(done, self.lang, key=changes.get("key", row.key)),
            row.id,
        )

    def _need_code(self) -> CodeRow | None:
        row = self.current
        if row is None:
            self.show_message(tr("cb.no_code", self.lang), error=True)
        return row

    # --- actions ------------------------------------------------------------------------------
    def action_add(self) -> None:
        """A new code beside the selected one (same parent), or at the top level."""
        row = self.current
        parent_id = row.parent_id if row is not None else None

        def save(value: dict[str, Any] | None) -> None:
            if not value:
                return
            created = self.write(
                lambda: self.edits.add(value["key"], value["labels"], parent_id),
                tr("cb.added", self.lang, key=value["key"]),
            )
            if created is not None:
                self.reload(created)

        self.app.push_screen(CodeForm(tr("form.add_title", self.lang), self.lang), save)

    def action_rename(self) -> None:
        """Change the id and the labels (a rename keeps the code's codings)."""
        row = self._need_code()
        if row is None:
            return

        def save(value: dict[str, Any] | None) -> None:
            if not value:
                return
            changes: dict[str, Any] = {}
            if value["key"] != row.key:
                changes["key"] = value["key"]
            if value["labels"] != row.labels:
                changes["labels"] = value["labels"]
            if changes:
                self.edit(row, "cb.renamed", **changes)

        self.app.push_screen(
            CodeForm(
                tr("form.rename_title", self.lang, key=row.key),
                self.lang,
                key=row.key,
                labels=row.labels,
            ),
            save,
        )

    def action_edit_texts(self) -> None:
        """Edit the definition and examples in the text language."""
        row = self._need_code()
        if row is None:
            return

        def save(value: dict[str, Any] | None) -> None:
            if value is None:
                return
            definition = dict(row.definition)
            examples = dict(row.examples)
            for target, new in ((definition, value["definition"]), (examples, value["examples"])):
                if new:
                    target[self.text_lang] = new
                else:
                    target.pop(self.text_lang, None)
            if definition != row.definition or examples != row.examples:
                self.edit(row, "cb.edited", definition=definition, examples=examples)

        self.app.push_screen(
            TextsForm(
                tr("form.edit_title", self.lang, key=row.key, tl=self.text_lang),
                self.lang,
                self.text_lang,
                row.definition.get(self.text_lang, ""),
                row.examples.get(self.text_lang, []),
            ),
            save,
        )

    def action_shortcut(self) -> None:
        """Give the code a one-key shortcut (empty removes it; a command's key is refused)."""
        row = self._need_code()
        if row is None:
            return

        def save(value: str | None) -> None:
            if value is not None and (value or None) != row.shortcut:
                self.edit(row, "cb.edited", shortcut=value or None)

        self.app.push_screen(
            LineForm(
                tr("form.shortcut_title", self.lang, key=row.key),
                self.lang,
                row.shortcut or "",
                max_length=1,
            ),
            save,
        )

    def action_move(self) -> None:
        """Move the code (with its sub-codes) under another code or to the top level."""
        row = self._need_code()
        if row is None:
            return
        choices = [
            (tr("cb.top_level", self.lang), TOP_LEVEL),
            *self.edits.choices(self.edits.subtree(row.id), self.text_lang),
        ]

        def save(parent: int | None) -> None:
            if parent is None:
                return
            parent_id = None if parent == TOP_LEVEL else parent
            if parent_id == row.parent_id:
                return
            self.write(
                lambda: self.edits.move_under(row, parent_id),
                tr("cb.moved", self.lang, key=row.key),
                row.id,
            )

        self.app.push_screen(
            ChoiceForm[int](tr("form.move_title", self.lang, key=row.key), self.lang, choices),
            save,
        )

    def _shift(self, step: int) -> None:
        """Swap the code with its previous (-1) or next (+1) sibling."""
        row = self._need_code()
        if row is not None:
            self.write(
                lambda: self.edits.shift(row, step), tr("cb.moved", self.lang, key=row.key), row.id
            )

    def action_move_up(self) -> None:
        self._shift(-1)

    def action_move_down(self) -> None:
        self._shift(+1)

    def action_merge(self) -> None:
        """Merge the code into another, after a confirmation (ctrl+z undoes it)."""
        row = self._need_code()
        if row is None:
            return

        def chosen(target: int | None) -> None:
            if target is None:
                return
            into = self.state.codes[target]

            def confirmed(yes: bool | None) -> None:
                if not yes:
                    return
                moved = self.write(lambda: self.edits.merge(row, target), "", target)
                if moved is not None:
                    self.show_message(
                        tr("cb.merged", self.lang, source=row.key, target=into.key, moved=moved)
                        + " "
                        + tr("cb.undo_hint", self.lang)
                    )

            self.app.push_screen(
                ConfirmForm(
                    tr(
                        "form.merge_confirm",
                        self.lang,
                        source=row.key,
                        target=into.key,
                        n=row.count,
                    ),
                    self.lang,
                ),
                confirmed,
            )

        self.app.push_screen(
            ChoiceForm[int](
                tr("form.merge_title", self.lang, key=row.key),
                self.lang,
                self.edits.choices({row.id}, self.text_lang),
            ),
            chosen,
        )

    def action_undo(self) -> None:
        """Undo this analyst's latest merge."""
        try:
            key = self.edits.undo()
        except CoderError as exc:
            self.show_message(exc.text(self.lang), error=True)
            self.reload()
            return
        if key is None:
            self.show_message(tr("cb.nothing_to_undo", self.lang))
            return
        self.show_message(tr("cb.unmerged", self.lang, key=key))
        self.reload()

    def action_split(self) -> None:
        """Create new codes beside this one, then reassign its answers one by one."""
        row = self._need_code()
        if row is None:
            return

        def save(lines: list[tuple[str, str]] | None) -> None:
            if not lines:
                return
            result = self.write(
                lambda: self.edits.start_split(row, lines, self.text_lang),
                tr("cb.added", self.lang, key=", ".join(k for k, _ in lines)),
            )
            if result is None:
                return
            new_codes, items = result
            if not items:
                self.show_message(tr("cb.split_none", self.lang, key=row.key))
                return
            self.app.push_screen(
                SplitQueueScreen(
                    self.project,
                    row.id,
                    row.key,
                    new_codes,
                    items,
                    self.coder_name,
                    lang=self.lang,
                    show_coders=not self.state.blind,
                ),
                self._split_finished,
            )

        self.app.push_screen(
            SplitForm(tr("form.split_title", self.lang, key=row.key), self.lang), save
        )

    def _split_finished(self, message: str | None) -> None:
        self.reload()
        if message:
            self.show_message(message)

    def action_retire(self) -> None:
        """Retire the code after a confirmation; its codings stay for the record."""
        row = self._need_code()
        if row is None:
            return

        def save(yes: bool | None) -> None:
            if yes:
                self.write(lambda: self.edits.retire(row), tr("cb.retired", self.lang, key=row.key))

        self.app.push_screen(
            ConfirmForm(tr("form.retire_title", self.lang, key=row.key), self.lang), save
        )

    def action_export(self) -> None:
        """Write the active codebook to a YAML (or .qdc) file."""

        def save(value: str | None) -> None:
            if not value:
                return
            path = Path(value).expanduser()
            try:
                self.edits.export(path)
            except CoderError as exc:
                self.show_message(exc.text(self.lang), error=True)
                return
            self.show_message(tr("cb.exported", self.lang, path=str(path)))

        self.app.push_screen(
            LineForm(tr("form.export_title", self.lang), self.lang, f"{self.state.name}.yaml"),
            save,
        )

    def action_text_language(self) -> None:
        """Show and edit the codes' texts in the next language (sv, fi, en)."""
        index = LANGUAGES.index(self.text_lang) if self.text_lang in LANGUAGES else -1
        self.text_lang = LANGUAGES[(index + 1) % len(LANGUAGES)]
        self.reload()

    def action_close(self) -> None:
        self.dismiss(None)
