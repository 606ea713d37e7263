"""The coding session behind the coding screen, without any Textual: ids, status, counts, actions.

Loaded once at start: the question's answer ids (not their texts), the coder's own codings,
stars and the codebook. Afterwards every action is one committed transaction followed by an
incremental update of the in-memory status and counts, so no keypress walks all answers and a
change is in the database before the screen shows it. Other coders' codings are never loaded
(blind coding) unless reconciliation is open for the question.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from coder.codebook.model import pick
from coder.codebook.shortcuts import assign_shortcuts
from coder.errors import NotFoundError
from coder.export.table import DEFAULT_MIN_GROUP, MISSING_GROUP, GroupCell, share, split_groups
from coder.store import actions, browse, crosstab, queries, reports, undo
from coder.store.blind import inactive_codes, memo_stamp
from coder.store.codebooks import active_codes, get_codebook_record, to_model
from coder.store.segments import segment_spans
from coder.text.nonanswers import is_non_answer
from coder.tui.suggestions import KeywordCode, KeywordMatcher, Suggestion

if TYPE_CHECKING:
    from coder.store.project import Project

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


class CodingState:
    """One coder coding one question of a project."""

    def __init__(
        self,
        project: Project,
        coder: str,
        question_id: str | None = None,
        lang: str = "en",
        reserved_keys: tuple[str, ...] = (),
    ) -> None:
        self.project = project
        self.coder = coder
        self.lang = lang
        self.reserved_keys = reserved_keys
        with project.session(write=False) as s:
            self.question_id = question_id or browse.default_question(s)
            index = queries.answer_index(s, self.question_id)
            self.ids: list[int] = [row[0] for row in index]
            self.respondents: list[str] = [row[1] for row in index]
            self.languages: list[str] = [row[2] for row in index]
            self.my_codes: dict[int, set[int]] = queries.my_codings(s, self.question_id, coder)
            self.starred: set[int] = queries.starred_answer_ids(s, self.question_id, coder)
            self.memos: set[str] = queries.memo_targets(s, coder, "answer")
            self.memo_stamp = memo_stamp(s, coder)
            self.reconciliation = queries.reconciliation_open(s, self.question_id)
            self.disagreements: set[int] = (
                queries.disagreements(s, self.question_id, coder) if self.reconciliation else set()
            )
            self.question_title = browse.question_title(s, self.question_id)
            last = browse.last_position(s, coder, self.question_id)
        self.pos_of: dict[int, int] = {aid: i for i, aid in enumerate(self.ids)}
        self.uncoded: list[int] = [i for i, aid in enumerate(self.ids) if aid not in self.my_codes]
        self.suggested: set[int] = set()
        self.view: list[int] = list(range(len(self.ids)))
        self.filters: dict[str, Filter] = {}
        self.order = "survey"
        self._order_positions: list[int] | None = None
        """Survey positions in the informative order (None until the suggester gave one)."""
        self._view_index: dict[int, int] | None = None
        """Position -> view index when the view is not in survey order (else bisect)."""
        self.view_coded = self.coded_count
        """Answers in the (filtered) view that this coder has coded: the counter's figure."""
        self.cursor = 0
        self._details: OrderedDict[int, AnswerDetail] = OrderedDict()
        self._snippets: OrderedDict[int, str] = OrderedDict()
        self._suggestions: dict[int, list[Suggestion]] = {}
        self._code_memos: dict[int, str] = {}
        self._saved_position: int | None = last
        self.model_scored: set[int] = set()
        """Answers whose suggestions came from the learned suggester (not keywords)."""
        self.codes: list[CodeItem] = []
        self.codebook_version = 0
        self.load_codebook()
        if last is not None and last in self.pos_of:
            self.cursor = self.pos_of[last]  # where the coder left off
        elif self.uncoded:
            self.cursor = self.view_index_of(self.uncoded[0]) or 0

    # -- codebook -------------------------------------------------------------------------
    def load_codebook(self) -> None:
        """(Re)read the codebook, shortcuts and the coder's counts per code."""

        with self.project.session(write=False) as s:
            self.codebook_version = queries.codebook_version(s, self.question_id)
            records = active_codes(s, self.question_id)
            has_book = get_codebook_record(s, self.question_id) is not None
            shortcuts = (
                assign_shortcuts(to_model(s, self.question_id), self.reserved_keys)
                if has_book
                else {}
            )
            if self.codes:  # a reload: merges may have moved codings
                self.my_codes = queries.my_codings(s, self.question_id, self.coder)
            self.inactive = inactive_codes(s, self.question_id)
        self.has_codebook = has_book
        depth: dict[int, int] = {}
        items: list[CodeItem] = []
        for r in records:
            depth[r.id] = depth[r.parent_id] + 1 if r.parent_id in depth else 0
            items.append(
                CodeItem(
                    id=r.id,
                    key=r.key,
                    label=pick(dict(r.labels or {}), self.lang, r.key),
                    definition=pick(dict(r.definition or {}), self.lang),
                    include=pick(dict(r.include or {}), self.lang),
                    exclude=pick(dict(r.exclude or {}), self.lang),
                    shortcut=shortcuts.get(r.key),
                    depth=depth[r.id],
                    parent_id=r.parent_id,
                    codable=bool(r.codable),
                    keywords={k: list(v) for k, v in (r.keywords or {}).items()},
                    revision=r.revision,
                )
            )
        self.codes = items
        self.code_by_id: dict[int, CodeItem] = {c.id: c for c in items}
        self.code_by_key: dict[str, CodeItem] = {c.key: c for c in items}
        self.shortcuts: dict[str, int] = {c.shortcut: c.id for c in items if c.shortcut}
        self.counts: Counter[int] = Counter(
            code for codes in self.my_codes.values() for code in codes
        )
        self.matcher = KeywordMatcher(
            [KeywordCode(c.id, c.keywords) for c in items if c.codable and c.keywords]
        )
        self._suggestions.clear()
        self.model_scored.clear()
        self.suggested.clear()

    def refresh_reconciliation(self) -> bool:
        """Re-read whether reconciliation is open (and then where coders differ); True if changed."""
        with self.project.session(write=False) as s:
            now_open = queries.reconciliation_open(s, self.question_id)
            found = queries.disagreements(s, self.question_id, self.coder) if now_open else set()
        changed = now_open != self.reconciliation or found != self.disagreements
        self.reconciliation, self.disagreements = now_open, found
        return changed

    def retired_only(self, answer_id: int) -> list[str]:
        """Labels of the retired (or merged) codes the coder gave an answer when none of its
        codes is active any more (else empty): such an answer is shown as such."""
        codes = self.my_codes.get(answer_id)
        if not codes or any(c in self.code_by_id for c in codes):
            return []
        return sorted(
            pick(self.inactive[c][1], self.lang, self.inactive[c][0])
            for c in codes
            if c in self.inactive
        )

    def refresh_memos(self) -> bool:
        """Pick up memos this coder wrote in another session; True if any changed."""
        with self.project.session(write=False) as s:
            stamp = memo_stamp(s, self.coder)
            if stamp == self.memo_stamp:
                return False
            self.memos = queries.memo_targets(s, self.coder, "answer")
        self.memo_stamp = stamp
        self._details.clear()
        self._code_memos.clear()
        return True

    def codebook_changed(self) -> bool:
        """Whether someone changed the codebook since it was loaded (one cheap query)."""
        with self.project.session(write=False) as s:
            return queries.codebook_version(s, self.question_id) != self.codebook_version

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

    # -- moving ---------------------------------------------------------------------------
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

    # -- the answer on screen -------------------------------------------------------------
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

    # -- actions: one committed transaction each, then the in-memory update ---------------
    def _mark_coded(self, answer_id: int, codes: set[int]) -> None:
        before = self.my_codes.get(answer_id)
        if before is not None:
            self.counts.subtract(before)
        else:
            pos = self.pos_of[answer_id]
            i = bisect_left(self.uncoded, pos)
            if i < len(self.uncoded) and self.uncoded[i] == pos:
                del self.uncoded[i]
            if self.view_index_of(pos) is not None:
                self.view_coded += 1
        self.my_codes[answer_id] = set(codes)
        self.counts.update(codes)

    def _mark_uncoded(self, answer_id: int) -> None:
        before = self.my_codes.pop(answer_id, None)
        if before is not None:
            self.counts.subtract(before)
            insort(self.uncoded, self.pos_of[answer_id])
            if self.view_index_of(self.pos_of[answer_id]) is not None:
                self.view_coded -= 1

    def toggle(self, code_id: int) -> bool:
        """Toggle a code on the current answer; True if it is now on."""

        answer_id = self._require_current()
        with self.project.session() as s:
            on = actions.toggle_code(s, answer_id, code_id, self.coder)
        codes = set(self.my_codes.get(answer_id, set()))
        if on:
            codes.add(code_id)
        else:
            codes.discard(code_id)
        if codes:
            self._mark_coded(answer_id, codes)
        else:  # its last code taken off: not coded any more (as on disk)
            self._mark_uncoded(answer_id)
        return on

    def toggle_key(self, key: str) -> tuple[CodeItem, bool] | None:
        """Toggle the code whose shortcut is ``key``; None if no code has it."""
        code_id = self.shortcuts.get(key)
        if code_id is None:
            return None
        return self.code_by_id[code_id], self.toggle(code_id)

    def accept(self) -> list[CodeItem]:
        """Add the suggested codes to the current answer (as accepted suggestions)."""

        answer_id = self._require_current()
        pending = [s for s in self.shown_suggestions(answer_id) if s.predicted]
        if not pending:
            return []
        mine = set(self.my_codes.get(answer_id, set()))
        wanted = mine | {s.code_id for s in pending}
        with self.project.session() as s:
            actions.set_codes(
                s,
                answer_id,
                self.coder,
                wanted,
                source="suggestion",
                scores={s.code_id: s.score for s in pending},
            )
        self._mark_coded(answer_id, wanted)
        return [self.code_by_id[s.code_id] for s in pending if s.code_id in self.code_by_id]

    def mark_done(self) -> None:
        """Record that the current answer was seen and needs no (more) codes."""

        answer_id = self._require_current()
        if answer_id in self.my_codes:
            return
        with self.project.session() as s:
            actions.mark_done(s, answer_id, self.coder)
        self._mark_coded(answer_id, set())

    def toggle_star(self) -> bool:
        """Star or unstar the current answer as a quote; True if now starred."""

        answer_id = self._require_current()
        starred = answer_id not in self.starred
        with self.project.session() as s:
            actions.set_star(s, answer_id, self.coder, starred)
        if starred:
            self.starred.add(answer_id)
        else:
            self.starred.discard(answer_id)
        return starred

    def undo(self) -> Replayed | None:
        """Undo the coder's latest action (on any answer), or None when there is none."""
        return self._replay(undo.undo)

    def redo(self) -> Replayed | None:
        """Redo the coder's latest undone action, or None when there is none."""
        return self._replay(undo.redo)

    def _replay(self, step: Callable[[Any, str], Any]) -> Replayed | None:
        with self.project.session() as s:
            event = step(s, self.coder)
            if event is None:
                return None
            kind, answer_id, payload = event.kind, event.answer_id, dict(event.payload or {})
            touched = browse.group_items(event)
            for other in [answer_id, *touched] if answer_id is not None else touched:
                codes, done, starred = browse.answer_state(s, other, self.coder)
                if codes or done:
                    self._mark_coded(other, codes)
                else:
                    self._mark_uncoded(other)
                (self.starred.add if starred else self.starred.discard)(other)
        return Replayed(kind, answer_id, self._event_codes(kind, payload), len(touched))

    def _event_codes(self, kind: str, payload: dict[str, Any]) -> list[str]:
        """Labels of the codes an event changed (what undo and redo messages name)."""
        if kind in ("coding.add", "coding.remove"):
            ids = [payload.get("code_id")]
        elif kind == "codes.set":
            before, after = set(payload.get("before", [])), set(payload.get("after", []))
            ids = sorted(before ^ after)
        elif kind == browse.GROUP_EVENT:
            ids = list(payload.get("codes", []))
        else:
            return []
        return [self.code_by_id[c].label for c in ids if c in self.code_by_id]

    def code_near_duplicates(self, targets: list[int]) -> list[int]:
        """Give the current answer's codes to ``targets`` in one undoable step; the answers
        that changed. Nothing happens when the current answer has no code."""
        answer_id = self._require_current()
        codes = set(self.my_codes.get(answer_id, set()))
        if not codes:
            return []
        changed = [
            t for t in targets if t != answer_id and not codes <= self.my_codes.get(t, set())
        ]
        if not changed:
            return []
        with self.project.session() as s:
            result = browse.code_group(s, self.coder, answer_id, changed, codes)
        for other, now in result:
            self._mark_coded(other, now)
        return changed

    def memo(self, target_type: str, target_key: str) -> str:
        """The coder's memo on an answer or code."""

        with self.project.session(write=False) as s:
            return actions.get_memo(s, self.coder, target_type, target_key)

    def save_memo(self, target_type: str, target_key: str, text: str) -> None:
        """Write the coder's memo (empty text deletes it)."""
        with self.project.session() as s:
            actions.set_memo(s, self.coder, target_type, target_key, text)
        with self.project.session(write=False) as s:
            self.memo_stamp = memo_stamp(s, self.coder)
        if target_type == "code" and target_key.isdigit():
            self._code_memos[int(target_key)] = text
        if target_type == "answer":
            if text.strip():
                self.memos.add(target_key)
            else:
                self.memos.discard(target_key)
            detail = self._details.get(int(target_key))
            if detail is not None:
                detail.memo = text

    def _require_current(self) -> int:
        answer_id = self.current_id
        if answer_id is None:
            raise NotFoundError("no answer is shown (the filter hides every answer)")
        return answer_id

    # -- filters and queue order ------------------------------------------------------------
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
                sourced = browse.answers_coded_by_source(s, self.question_id, self.coder, flt.value)
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

    def all_texts(self) -> tuple[list[int], list[str]]:
        """Every answer id with its text, for fuzzy search (read when a search starts)."""
        texts = self.texts_of(self.ids)
        return self.ids, [texts.get(aid, "") for aid in self.ids]

    def texts_of(self, answer_ids: list[int]) -> dict[int, str]:
        """Answer id -> full text (one query per 900 answers)."""
        with self.project.session(write=False) as s:
            return queries.answer_texts(s, answer_ids)

    # -- views over the question ----------------------------------------------------------
    def code_view_coder(self) -> str:
        """Whose codings the code view shows: the consensus once reconciliation is open."""
        if not self.reconciliation:
            return self.coder
        from coder.agreement.reconcile import CONSENSUS  # lazy: the agreement code loads numpy

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
        sizes: Counter[str] = Counter()
        for value, n in found.answers.items():
            sizes[group_name(value)] += n
        shown, hidden = split_groups(sizes, min_group)
        total = sum(sizes.values())
        rows = []
        for code in self.codes:
            per_group: Counter[str] = Counter()
            for value, n in found.per_code.get(code.id, {}).items():
                per_group[group_name(value)] += n
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

    def set_lang(self, lang: str) -> None:
        """Show code labels and definitions in another language."""
        self.lang = lang
        self.load_codebook()


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


def group_name(value: str | None) -> str:
    """A respondent's group: the attribute's value, or the missing group when blank or absent
    (as the theme table names it)."""
    return value if value is not None and value.strip() else MISSING_GROUP


@dataclass
class Replayed:
    """What undo or redo changed: event kind, the answer, the codes' labels, group size."""

    kind: str
    answer_id: int | None
    codes: list[str] = field(default_factory=list)
    group: int = 0


def _stronger(item: Suggestion, other: Suggestion) -> bool:
    """Whether ``item`` wins over a related suggestion: predicted first, then score, then id."""
    return (item.predicted, item.score, -item.code_id) > (
        other.predicted,
        other.score,
        -other.code_id,
    )
