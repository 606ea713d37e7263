"""The coding session behind the coding screen, without any Textual: ids, status, counts, actions.

Loaded once at start: the question's answer ids (not their texts), the coder's own codings,
stars and the codebook. Afterwards every action is one committed transaction followed by an
incremental update of the in-memory status and counts, so no keypress walks all answers and a
change is in the database before the screen shows it. Other coders' codings are never loaded
(blind coding) unless reconciliation is open for the question.

The session is split by concern into layers (see :mod:`coder.tui.state_base`); this module
loads it and holds the actions that change data. Its names are re-exported here, so the
screens import everything from ``coder.tui.state``.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import Counter, OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from coder.codebook.model import pick
from coder.codebook.shortcuts import assign_shortcuts
from coder.store import actions, browse, queries, undo
from coder.store.blind import inactive_codes, memo_stamp
from coder.store.codebooks import active_codes, get_codebook_record, to_model
from coder.tui.state_types import (
    ORDERS,
    STATUSES,
    SYMBOLS,
    AnswerDetail,
    AttributeRow,
    AttributeTable,
    CodeItem,
    CodeTables,
    Filter,
    Replayed,
    group_name,
)
from coder.tui.state_views import QuestionViews
from coder.tui.suggestions import KeywordCode, KeywordMatcher, Suggestion

if TYPE_CHECKING:
    from coder.store.project import Project

__all__ = [
    "CodingState",
    "STATUSES",
    "SYMBOLS",
    "ORDERS",
    "CodeItem",
    "Filter",
    "AnswerDetail",
    "CodeTables",
    "AttributeRow",
    "AttributeTable",
    "group_name",
    "Replayed",
]


class CodingState(QuestionViews):
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

    def set_lang(self, lang: str) -> None:
        """Show code labels and definitions in another language."""
        self.lang = lang
        self.load_codebook()
