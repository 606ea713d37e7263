"""The coding session's data and where the cursor is: the base of :class:`~coder.tui.state.CodingState`.

The session is built in layers, one concern each: this module (what is loaded, the answer
on screen), ``state_filters`` (filters and queue order), ``state_navigation`` (moving),
``state_suggestions`` (suggested codes), ``state_views`` (code view, tables, memos, per-user
state) and ``state`` (loading and the actions that change data).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, OrderedDict
from typing import TYPE_CHECKING, Any

from coder.errors import NotFoundError
from coder.store import actions, queries
from coder.store.segments import segment_spans
from coder.tui.state_types import (
    AnswerDetail,
    CodeItem,
    Filter,
)
from coder.tui.suggestions import KeywordMatcher, Suggestion

if TYPE_CHECKING:
    from coder.store.project import Project


class AnswerData:
    """What a coding session holds (filled in by :class:`~coder.tui.state.CodingState`) and
    the answers as the screen reads them."""

    project: Project
    coder: str
    lang: str
    reserved_keys: tuple[str, ...]
    question_id: str
    question_title: str
    ids: list[int]
    """Answer ids in survey order (a position is an index into this list)."""
    respondents: list[str]
    languages: list[str]
    pos_of: dict[int, int]
    my_codes: dict[int, set[int]]
    """Answer id -> the codes this coder gave it, for every answer the coder has coded."""
    uncoded: list[int]
    """Positions of the answers this coder has not coded, ascending."""
    starred: set[int]
    memos: set[str]
    memo_stamp: Any
    reconciliation: bool
    disagreements: set[int]
    suggested: set[int]
    model_scored: set[int]
    view: list[int]
    """Positions shown, in the order shown (filters and queue order applied)."""
    filters: dict[str, Filter]
    order: str
    _order_positions: list[int] | None
    _view_index: dict[int, int] | None
    view_coded: int
    cursor: int
    """Index into :attr:`view` of the answer on screen."""
    _details: OrderedDict[int, AnswerDetail]
    _snippets: OrderedDict[int, str]
    _suggestions: dict[int, list[Suggestion]]
    _code_memos: dict[int, str]
    _saved_position: int | None
    codes: list[CodeItem]
    code_by_id: dict[int, CodeItem]
    code_by_key: dict[str, CodeItem]
    shortcuts: dict[str, int]
    counts: Counter[int]
    matcher: KeywordMatcher
    codebook_version: int
    has_codebook: bool
    inactive: dict[int, Any]

    # -- where we are ---------------------------------------------------------------------
    @property
    def total(self) -> int:
        """Answers to the question."""
        return len(self.ids)

    @property
    def coded_count(self) -> int:
        """Answers this coder has coded."""
        return len(self.ids) - len(self.uncoded)

    @property
    def current_pos(self) -> int | None:
        """Position (in survey order) of the answer under the cursor, or None if none shown."""
        if not self.view:
            return None
        return self.view[min(self.cursor, len(self.view) - 1)]

    @property
    def current_id(self) -> int | None:
        """The answer under the cursor."""
        pos = self.current_pos
        return None if pos is None else self.ids[pos]

    @property
    def view_pos(self) -> int:
        """1-based place of the cursor in the (filtered) view: the counter's "n of m"."""
        return min(self.cursor, len(self.view) - 1) + 1 if self.view else 0

    def view_index_of(self, pos: int) -> int | None:
        """Where survey position ``pos`` is in the view."""
        if self._view_index is not None:
            return self._view_index.get(pos)
        i = bisect_left(self.view, pos)
        return i if i < len(self.view) and self.view[i] == pos else None

    def status_of(self, pos: int) -> str:
        """The status symbol's name for the answer at ``pos``."""
        aid = self.ids[pos]
        if aid in self.disagreements:
            return "disagreement"
        if aid in self.my_codes:
            return "coded"
        if pos in self.suggested:
            return "suggested"
        return "uncoded"

    def _require_current(self) -> int:
        answer_id = self.current_id
        if answer_id is None:
            raise NotFoundError("error.tui.nothing_shown")
        return answer_id

    # -- the answers' texts ----------------------------------------------------------------
    def detail(self, answer_id: int) -> AnswerDetail:
        """Text, attributes and memo of one answer (fetched on demand, a few kept)."""
        cached = self._details.get(answer_id)
        if cached is not None:
            self._details.move_to_end(answer_id)
            return cached

        with self.project.session(write=False) as s:
            view = queries.get_answer_view(s, answer_id)
            key = str(answer_id)
            memo = actions.get_memo(s, self.coder, "answer", key) if key in self.memos else ""
            spans = segment_spans(s, answer_id, self.coder)
        detail = AnswerDetail(
            view.id, view.respondent_id, view.language, view.text, view.attributes, memo
        )
        detail.segments = [(p.start or 0, p.end or 0, p.code_id) for p in spans]
        self._details[answer_id] = detail
        if len(self._details) > 200:
            self._details.popitem(last=False)
        return detail

    def snippets(self, positions: list[int], width: int = 120) -> dict[int, str]:
        """Position -> first line of the text, for the rows the list shows (fetched in one query)."""
        wanted = [self.ids[p] for p in positions if self.ids[p] not in self._snippets]
        if wanted:
            with self.project.session(write=False) as s:
                texts = queries.answer_texts(s, wanted, limit=width)
            for aid in wanted:
                self._snippets[aid] = " ".join(texts.get(aid, "").split())
            while len(self._snippets) > 5000:
                self._snippets.popitem(last=False)
        return {p: self._snippets.get(self.ids[p], "") for p in positions}

    def all_texts(self) -> tuple[list[int], list[str]]:
        """Every answer id with its text, for fuzzy search (read when a search starts)."""
        texts = self.texts_of(self.ids)
        return self.ids, [texts.get(aid, "") for aid in self.ids]

    def texts_of(self, answer_ids: list[int]) -> dict[int, str]:
        """Answer id -> full text (one query per 900 answers)."""
        with self.project.session(write=False) as s:
            return queries.answer_texts(s, answer_ids)

    def memo(self, target_type: str, target_key: str) -> str:
        """The coder's memo on an answer or code."""

        with self.project.session(write=False) as s:
            return actions.get_memo(s, self.coder, target_type, target_key)
