"""Moving through the answers the coding session shows."""

from __future__ import annotations

from bisect import bisect_right

from coder.tui.state_filters import FilteredView
from coder.tui.state_types import (
    Filter,
)


class Navigation(FilteredView):
    """The cursor: next, previous, to an answer, to the next one not coded."""

    def move(self, delta: int) -> bool:
        """Move the cursor by ``delta`` answers in the view; False at either end."""
        if not self.view:
            return False
        target = max(0, min(len(self.view) - 1, self.cursor + delta))
        moved = target != self.cursor
        self.cursor = target
        return moved

    def go_to(self, answer_id: int) -> bool:
        """Put the cursor on an answer, showing every answer if the filter hides it."""
        pos = self.pos_of.get(answer_id)
        if pos is None:
            return False
        index = self.view_index_of(pos)
        if index is None:
            self.set_filter(Filter())
            index = pos
        self.cursor = index
        return True

    def next_uncoded(self) -> bool:
        """Move to the next answer in view that this coder has not coded (wrapping around)."""
        if not self.uncoded or not self.view:
            return False
        here = self.current_pos or 0
        if not self.filters and self._view_index is None:  # every answer in survey order
            i = bisect_right(self.uncoded, here)
            pos = self.uncoded[i % len(self.uncoded)]
            if pos == here and self.ids[here] not in self.my_codes and len(self.uncoded) == 1:
                return False
            self.cursor = pos
            return True
        n = len(self.view)
        for step in range(1, n + 1):
            index = (self.cursor + step) % n
            if self.ids[self.view[index]] not in self.my_codes:
                if index == self.cursor:
                    return False
                self.cursor = index
                return True
        return False
