"""Filters and queue order of the coding session: which answers the list shows, in what order."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable

from coder.errors import NotFoundError
from coder.store import browse, queries
from coder.store.suggest import AUTO_SOURCE, auto_coded_answers
from coder.tui.state_base import AnswerData
from coder.tui.state_types import (
    ORDERS,
    Filter,
)


class FilteredView(AnswerData):
    """Combined filters (one per kind) and the survey's or the informative queue order."""

    def set_filter(self, flt: Filter) -> None:
        """Add ``flt`` to the filters (replacing one of its kind); ``Filter()`` clears them all.

        An explicit action: may walk the answers once.
        """
        if flt.kind is None:
            self.filters = {}
        elif not flt.value:  # a kind without a value: drop that filter
            self.filters.pop(flt.kind, None)
        else:
            self.filters[flt.kind] = flt
        self._rebuild_view()

    def remove_filter(self, kind: str) -> None:
        """Drop the filter of one kind."""
        if self.filters.pop(kind, None) is not None:
            self._rebuild_view()

    def set_order(self, order: str, positions: list[int] | None = None) -> None:
        """Show the answers in the survey's order or in ``positions`` (informative order:
        the uncoded answers most worth coding first, then the rest in survey order)."""
        if order not in ORDERS:
            raise NotFoundError(f"unknown queue order {order!r} (use {' or '.join(ORDERS)})")
        self.order = order
        if positions is not None:
            seen = set(positions)
            self._order_positions = positions + [p for p in range(len(self.ids)) if p not in seen]
        self._rebuild_view()

    def _rebuild_view(self) -> None:
        current = self.current_pos
        base = (
            self._order_positions
            if self.order == "informative" and self._order_positions is not None
            else range(len(self.ids))
        )
        if not self.filters:
            self.view = list(base)
        else:
            tests = [self._matcher_for(flt) for flt in self.filters.values()]
            self.view = [p for p in base if all(keep(p) for keep in tests)]
        survey_order = all(a < b for a, b in zip(self.view, self.view[1:], strict=False))
        self._view_index = None if survey_order else {p: i for i, p in enumerate(self.view)}
        self.view_coded = sum(1 for p in self.view if self.ids[p] in self.my_codes)
        self.cursor = 0
        if current is not None and self.view:
            found = self.view_index_of(current)
            if found is not None:
                self.cursor = found
            elif self._view_index is None:
                self.cursor = min(bisect_left(self.view, current), len(self.view) - 1)

    @property
    def filter_name(self) -> str:
        """The active filters as one line ("" when every answer shows)."""
        return " + ".join(flt.name or f"{flt.kind}={flt.value}" for flt in self.filters.values())

    def _matcher_for(self, flt: Filter) -> Callable[[int], bool]:
        ids = self.ids
        if flt.kind == "language":
            return lambda p: self.languages[p] == flt.value
        if flt.kind == "code":
            code_id = int(flt.value)
            return lambda p: code_id in self.my_codes.get(ids[p], ())
        if flt.kind == "attribute":
            name, _, value = flt.value.partition("=")
            with self.project.session(write=False) as s:
                wanted = queries.respondents_with(s, name, value)
            return lambda p: self.respondents[p] in wanted
        if flt.kind == "memo":
            return lambda p: str(ids[p]) in self.memos
        if flt.kind == "source":
            with self.project.session(write=False) as s:
                sourced = (  # auto-coding's "no code" answers carry no coding to tell them
                    auto_coded_answers(s, self.question_id, self.coder)
                    if flt.value == AUTO_SOURCE
                    else browse.answers_coded_by_source(s, self.question_id, self.coder, flt.value)
                )
            return lambda p: ids[p] in sourced
        if flt.kind == "status":
            if flt.value == "starred":
                return lambda p: ids[p] in self.starred
            if flt.value == "coded":
                return lambda p: ids[p] in self.my_codes
            if flt.value == "uncoded":
                return lambda p: ids[p] not in self.my_codes
            if flt.value == "disagreement":
                return lambda p: ids[p] in self.disagreements
            if flt.value == "suggested":
                return lambda p: p in self.suggested and ids[p] not in self.my_codes
        raise NotFoundError(f"unknown filter {flt.kind}={flt.value!r}")

    def attribute_values(self) -> dict[str, dict[str, int]]:
        """Attribute name -> value -> answers (for the filter menu)."""

        with self.project.session(write=False) as s:
            return queries.attribute_values(s, self.question_id)

    def language_counts(self) -> Counter[str]:
        """Language -> answers (for the filter menu)."""
        return Counter(self.languages)
