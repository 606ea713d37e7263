"""Tables inside the app: code co-occurrence and code by attribute.

The numbers are counted in the database (``coder.store.crosstab``) the way the exports count
them (the code matrix and the theme table), so they are those of ``coder export``: your
codings, or the consensus once reconciliation is open. ``a`` switches the attribute, ``t`` switches between the two tables.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from coder.errors import CoderError
from coder.tui.i18n import t
from coder.tui.state import AttributeTable, CodeTables, CodingState


class TablesScreen(ModalScreen[None]):
    """Co-occurrence of codes, or codes by a respondent attribute."""

    BINDINGS = [
        Binding("escape,T", "close", "Close"),
        Binding("t", "switch", "Switch table"),
        Binding("a", "next_attribute", "Next attribute"),
    ]

    def __init__(self, state: CodingState, lang: str) -> None:
        super().__init__()
        self.state = state
        self.lang = lang
        self.showing = "cooccurrence"
        self.attributes: list[str] | None = None
        """The question's respondent attributes (read with the first table by attribute)."""
        self.attribute_index = 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(t("tables.loading", self.lang), classes="dialog-title", id="tables-title")
            yield DataTable(id="tables-grid", zebra_stripes=True, cursor_type="row")
            yield Label(t("tables.hint", self.lang), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self._load()

    @work(thread=True, exclusive=True, group="tables", exit_on_error=False)
    def _load(self) -> None:
        try:
            if self.showing == "cooccurrence":
                table: CodeTables | AttributeTable | None = self.state.cooccurrence()
            else:
                if self.attributes is None:
                    self.attributes = self.state.attribute_names()
                table = (
                    self.state.by_attribute(self.attributes[self.attribute_index])
                    if self.attributes
                    else None
                )
        except CoderError as exc:
            self.app.call_from_thread(self._failed, exc.text(self.lang))
            return
        self.app.call_from_thread(self._show, table)

    def _failed(self, message: str) -> None:
        self.query_one("#tables-title", Label).update(message)

    def _show(self, table: CodeTables | AttributeTable | None) -> None:
        grid = self.query_one(DataTable)
        grid.clear(columns=True)
        title = self.query_one("#tables-title", Label)
        if isinstance(table, CodeTables):
            title.update(t("tables.cooccurrence", self.lang, coded=f"{table.coded:,}"))
            grid.add_column(t("tables.code", self.lang), key="code")
            for key in table.codes:
                grid.add_column(key, key=key)
            for label, counts in zip(table.labels, table.counts, strict=True):
                grid.add_row(label, *[f"{n:,}" for n in counts])
            return
        if table is None:
            title.update(t("tables.no_attributes", self.lang))
            return
        title.update(
            t("tables.by_attribute", self.lang, attribute=table.by, answers=f"{table.answers:,}")
        )
        grid.add_column(t("tables.code", self.lang), key="code")
        grid.add_column(t("tables.all", self.lang), key="all")
        for group in table.groups:
            grid.add_column(f"{group} ({table.group_sizes[group]:,})", key=f"g:{group}")
        for row in table.rows:
            cells = [f"{row.count:,} ({row.share:.0%})"]
            for group in table.groups:
                cell = row.groups.get(group)
                cells.append(f"{cell.count:,} ({cell.share:.0%})" if cell else "")
            grid.add_row("  " * row.depth + row.label, *cells)
        if table.suppressed_groups:
            title.update(
                str(title.content)
                + " · "
                + t("tables.suppressed", self.lang, groups=", ".join(table.suppressed_groups))
            )

    def action_switch(self) -> None:
        self.showing = "attribute" if self.showing == "cooccurrence" else "cooccurrence"
        self._load()

    def action_next_attribute(self) -> None:
        if self.showing == "attribute" and self.attributes:
            self.attribute_index = (self.attribute_index + 1) % len(self.attributes)
        self.showing = "attribute"
        self._load()

    def action_close(self) -> None:
        self.dismiss(None)
