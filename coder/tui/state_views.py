"""Views over the whole question in the coding session: the code view, the tables (counted in
the database), the memo list, and what is kept per user (language, queue order, position)."""

from __future__ import annotations

from collections import Counter

from coder.export.table import DEFAULT_MIN_GROUP, GroupCell, missing_group, share, split_groups
from coder.store import browse, crosstab, reports
from coder.store.reconciliation import CONSENSUS
from coder.tui.state_suggestions import Suggesting
from coder.tui.state_types import (
    AttributeRow,
    AttributeTable,
    CodeTables,
    group_name,
)


class QuestionViews(Suggesting):
    """Code view, tables, memos and the per-user state kept in the project."""

    def code_view_coder(self) -> str:
        """Whose codings the code view shows: the consensus once reconciliation is open."""
        if not self.reconciliation:
            return self.coder
        return CONSENSUS

    def answers_with_code(
        self, code_id: int, coder: str | None = None, offset: int = 0, limit: int | None = None
    ) -> list[browse.CodedAnswer]:
        """The answers coded with a code (by ``coder``, default :meth:`code_view_coder`), in
        survey order; ``offset`` and ``limit`` give one page."""
        with self.project.session(write=False) as s:
            return browse.answers_with_code(
                s,
                self.question_id,
                code_id,
                coder or self.code_view_coder(),
                offset=offset,
                limit=limit,
            )

    def count_with_code(self, code_id: int, coder: str | None = None) -> int:
        """How many answers are coded with a code (by ``coder``, default the code view's)."""
        with self.project.session(write=False) as s:
            return browse.count_answers_with_code(
                s, self.question_id, code_id, coder or self.code_view_coder()
            )

    def cooccurrence(self) -> CodeTables:
        """Answers per pair of codes (the diagonal: per code), counted in the database; the
        numbers of the export's code matrix (``coder export`` of the matrix)."""
        with self.project.session(write=False) as s:
            found = crosstab.code_pairs(s, self.question_id, self.code_view_coder())
        ids = [c.id for c in self.codes]
        counts = [[found.pairs.get((a, b), 0) for b in ids] for a in ids]
        return CodeTables(
            [c.key for c in self.codes], [c.label for c in self.codes], counts, found.coded
        )

    def by_attribute(self, attribute: str, min_group: int = DEFAULT_MIN_GROUP) -> AttributeTable:
        """Answers per code and per group of ``attribute``, counted in the database; the
        numbers of the export's theme table ``--by attribute`` (groups smaller than
        ``min_group`` are named, never counted)."""
        with self.project.session(write=False) as s:
            found = crosstab.code_counts_by_value(
                s, self.question_id, self.code_view_coder(), attribute
            )
        missing = missing_group(self.lang)
        sizes: Counter[str] = Counter()
        for value, n in found.answers.items():
            sizes[group_name(value, missing)] += n
        shown, hidden = split_groups(sizes, min_group, missing)
        total = sum(sizes.values())
        rows = []
        for code in self.codes:
            per_group: Counter[str] = Counter()
            for value, n in found.per_code.get(code.id, {}).items():
                per_group[group_name(value, missing)] += n
            count = sum(per_group.values())
            cells = {g: GroupCell(per_group[g], share(per_group[g], n)) for g, n in shown.items()}
            rows.append(
                AttributeRow(code.key, code.label, code.depth, count, share(count, total), cells)
            )
        return AttributeTable(attribute, total, shown, hidden, rows)

    def attribute_names(self) -> list[str]:
        """The respondent attributes of this question's answers."""
        with self.project.session(write=False) as s:
            return reports.attribute_names(s, self.question_id)

    def all_memos(self) -> list[browse.MemoItem]:
        """Every memo of this coder on this question's answers and codes, newest first."""
        with self.project.session(write=False) as s:
            found = browse.memos_of(s, self.coder)
        return [
            m
            for m in found
            if (
                m.target_type == "answer"
                and m.target_key.isdigit()
                and int(m.target_key) in self.pos_of
            )
            or (
                m.target_type == "code"
                and m.target_key.isdigit()
                and int(m.target_key) in self.code_by_id
            )
        ]

    def code_memo(self, code_id: int) -> str:
        """The coder's memo on a code, read when the code is shown (kept until it changes)."""
        cached = self._code_memos.get(code_id)
        if cached is None:
            cached = self.memo("code", str(code_id))
            self._code_memos[code_id] = cached
        return cached

    # -- per-user state kept in the project ------------------------------------------------
    def preferences(self) -> tuple[str | None, str | None]:
        """(UI language, queue order) this coder last chose in the app."""
        with self.project.session(write=False) as s:
            return browse.tui_preferences(s, self.coder)

    def save_preferences(self, ui_lang: str | None = None, queue_order: str | None = None) -> None:
        """Remember the coder's UI language and/or queue order for the next session."""
        with self.project.session() as s:
            browse.save_tui_preferences(s, self.coder, ui_lang=ui_lang, queue_order=queue_order)

    def save_position(self) -> None:
        """Remember the answer under the cursor (reopening the question returns there)."""
        answer_id = self.current_id
        if answer_id is None or answer_id == self._saved_position:
            return
        with self.project.session() as s:
            browse.save_position(s, self.coder, self.question_id, answer_id)
        self._saved_position = answer_id
