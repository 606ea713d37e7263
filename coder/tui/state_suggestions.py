"""Suggested codes in the coding session: keyword matches until the learned suggester scored
an answer, then its scores; what the screen shows and ``A`` accepts."""

from __future__ import annotations

from coder.text.nonanswers import is_non_answer
from coder.tui.state_navigation import Navigation
from coder.tui.suggestions import Suggestion


class Suggesting(Navigation):
    """The suggestions of each answer, and the training data the suggester learns from."""

    def suggestions(self, answer_id: int) -> list[Suggestion]:
        """Suggested codes for an answer that the coder has not already given it.

        The learned suggester's, once it has scored the answer; codebook keyword matches
        (computed here, for this answer only) until then.
        """
        found = self._suggestions.get(answer_id)
        if found is None:
            detail = self.detail(answer_id)
            found = (
                []
                if is_non_answer(detail.text)
                else self.matcher.suggest(detail.text, detail.language)
            )
            self._store_suggestions(answer_id, found)
        mine = self.my_codes.get(answer_id, set())
        return [s for s in found if s.code_id not in mine]

    def is_non_answer(self, answer_id: int) -> bool:
        """Whether the answer says nothing ("-", "eos", "En vet"): no code is suggested for it."""
        return is_non_answer(self.detail(answer_id).text)

    def shown_suggestions(self, answer_id: int) -> list[Suggestion]:
        """The suggestions as the screen shows them and ``A`` accepts them.

        None for a non-answer (the screen shows a "no answer" hint instead); of a code and its
        parent (or child) only the stronger; the predicted ones first, each by score.
        """
        if self.is_non_answer(answer_id):
            return []
        items = self.suggestions(answer_id)
        by_code = {s.code_id: s for s in items}
        kept: list[Suggestion] = []
        for item in items:
            related = [
                other
                for code_id in self._lineage(item.code_id)
                if (other := by_code.get(code_id)) is not None and other is not item
            ]
            if all(_stronger(item, other) for other in related):
                kept.append(item)
        return sorted(kept, key=lambda s: (not s.predicted, -s.score, s.code_id))

    def _lineage(self, code_id: int) -> set[int]:
        """A code's ancestors and descendants (the codes a suggestion competes with)."""
        found: set[int] = set()
        code = self.code_by_id.get(code_id)
        while code is not None and code.parent_id is not None:
            found.add(code.parent_id)
            code = self.code_by_id.get(code.parent_id)
        stack = [c.id for c in self.codes if c.parent_id == code_id]
        while stack:
            child = stack.pop()
            found.add(child)
            stack.extend(c.id for c in self.codes if c.parent_id == child)
        return found

    def set_suggestions(self, found: dict[int, list[Suggestion]], model: bool = True) -> None:
        """Take suggestions computed elsewhere (the background suggester) for some answers."""
        for answer_id, items in found.items():
            self._store_suggestions(answer_id, items)
            if model:
                self.model_scored.add(answer_id)

    def _store_suggestions(self, answer_id: int, items: list[Suggestion]) -> None:
        self._suggestions[answer_id] = items
        pos = self.pos_of.get(answer_id)
        if pos is not None:
            if any(s.predicted for s in items):
                self.suggested.add(pos)
            else:
                self.suggested.discard(pos)

    def learning_rows(
        self, coded: dict[int, set[int]] | None = None
    ) -> list[tuple[int, str, list[str]]]:
        """(answer id, language, code keys) of every answer the coder has coded (in ``coded``,
        a copy of :attr:`my_codes` taken for another thread, default the codings now)."""
        keys = {c.id: c.key for c in self.codes}
        return [
            (aid, self.languages[self.pos_of[aid]], sorted(keys[c] for c in codes if c in keys))
            for aid, codes in (self.my_codes if coded is None else coded).items()
            if aid in self.pos_of
        ]

    def labels_of(self, answer_id: int) -> list[str]:
        """The code keys the coder gave an answer."""
        return sorted(
            self.code_by_id[c].key for c in self.my_codes.get(answer_id, ()) if c in self.code_by_id
        )


def _stronger(item: Suggestion, other: Suggestion) -> bool:
    """Whether ``item`` wins over a related suggestion: predicted first, then score, then id."""
    return (item.predicted, item.score, -item.code_id) > (
        other.predicted,
        other.score,
        -other.code_id,
    )
