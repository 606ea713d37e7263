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
from typing import TYPE_CHECKING

from coder.codebook.model import pick
from coder.errors import NotFoundError
from coder.tui.suggestions import KeywordCode, KeywordMatcher, Suggestion

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from coder.store.models import Event
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
    """What the answer list shows: kind is None (all), status, language, code or attribute."""

    kind: str | None = None
    value: str = ""
    name: str = ""


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
        from coder.store import queries
        from coder.store.blind import memo_stamp

        self.project = project
        self.coder = coder
        self.lang = lang
        self.reserved_keys = reserved_keys
        with project.session(write=False) as s:
            self.question_id = question_id or _default_question(s)
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
            question = s.get(_question_model(), self.question_id)
            self.question_title = question.title if question is not None else ""
        self.pos_of: dict[int, int] = {aid: i for i, aid in enumerate(self.ids)}
        self.uncoded: list[int] = [i for i, aid in enumerate(self.ids) if aid not in self.my_codes]
        self.suggested: set[int] = set()
        self.view: list[int] = list(range(len(self.ids)))
        self.filter = Filter()
        self.cursor = 0
        self._details: OrderedDict[int, AnswerDetail] = OrderedDict()
        self._snippets: OrderedDict[int, str] = OrderedDict()
        self._suggestions: dict[int, list[Suggestion]] = {}
        self.model_scored: set[int] = set()
        """Answers whose suggestions came from the learned suggester (not keywords)."""
        self.codes: list[CodeItem] = []
        self.codebook_version = 0
        self.load_codebook()
        if self.uncoded:
            self.cursor = self.view_index_of(self.uncoded[0]) or 0

    # -- codebook -------------------------------------------------------------------------
    def load_codebook(self) -> None:
        """(Re)read the codebook, shortcuts and the coder's counts per code."""
        from coder.codebook.shortcuts import assign_shortcuts
        from coder.store import queries
        from coder.store.blind import inactive_codes
        from coder.store.codebooks import active_codes, get_codebook_record, to_model

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
        from coder.store import queries

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
        from coder.store.blind import memo_stamp
        from coder.store.queries import memo_targets

        with self.project.session(write=False) as s:
            stamp = memo_stamp(s, self.coder)
            if stamp == self.memo_stamp:
                return False
            self.memos = memo_targets(s, self.coder, "answer")
        self.memo_stamp = stamp
        self._details.clear()
        return True

    def codebook_changed(self) -> bool:
        """Whether someone changed the codebook since it was loaded (one cheap query)."""
        from coder.store.queries import codebook_version

        with self.project.session(write=False) as s:
            return codebook_version(s, self.question_id) != self.codebook_version

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

    def view_index_of(self, pos: int) -> int | None:
        """Where survey position ``pos`` is in the view (the view is in survey order)."""
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
        if self.filter.kind is None:  # the view is every answer: bisect the uncoded list
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
        from coder.store.actions import get_memo
        from coder.store.queries import get_answer_view
        from coder.store.segments import segment_spans

        with self.project.session(write=False) as s:
            view = get_answer_view(s, answer_id)
            key = str(answer_id)
            memo = get_memo(s, self.coder, "answer", key) if key in self.memos else ""
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
            from coder.store.queries import answer_texts

            with self.project.session(write=False) as s:
                texts = answer_texts(s, wanted, limit=width)
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
            found = self.matcher.suggest(detail.text, detail.language)
            self._store_suggestions(answer_id, found)
        mine = self.my_codes.get(answer_id, set())
        return [s for s in found if s.code_id not in mine]

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

    def learning_rows(self) -> list[tuple[int, str, list[str]]]:
        """(answer id, language, code keys) of every answer the coder has coded: training data."""
        keys = {c.id: c.key for c in self.codes}
        return [
            (aid, self.languages[self.pos_of[aid]], sorted(keys[c] for c in codes if c in keys))
            for aid, codes in self.my_codes.items()
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
        self.my_codes[answer_id] = set(codes)
        self.counts.update(codes)

    def _mark_uncoded(self, answer_id: int) -> None:
        before = self.my_codes.pop(answer_id, None)
        if before is not None:
            self.counts.subtract(before)
            insort(self.uncoded, self.pos_of[answer_id])

    def toggle(self, code_id: int) -> bool:
        """Toggle a code on the current answer; True if it is now on."""
        from coder.store.actions import toggle_code

        answer_id = self._require_current()
        with self.project.session() as s:
            on = toggle_code(s, answer_id, code_id, self.coder)
        codes = set(self.my_codes.get(answer_id, set()))
        if on:
            codes.add(code_id)
        else:
            codes.discard(code_id)
        self._mark_coded(answer_id, codes)
        return on

    def toggle_key(self, key: str) -> tuple[CodeItem, bool] | None:
        """Toggle the code whose shortcut is ``key``; None if no code has it."""
        code_id = self.shortcuts.get(key)
        if code_id is None:
            return None
        return self.code_by_id[code_id], self.toggle(code_id)

    def accept(self) -> list[CodeItem]:
        """Add the suggested codes to the current answer (as accepted suggestions)."""
        from coder.store.actions import set_codes

        answer_id = self._require_current()
        pending = [s for s in self.suggestions(answer_id) if s.predicted]
        if not pending:
            return []
        mine = set(self.my_codes.get(answer_id, set()))
        wanted = mine | {s.code_id for s in pending}
        with self.project.session() as s:
            set_codes(
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
        from coder.store.actions import mark_done

        answer_id = self._require_current()
        if answer_id in self.my_codes:
            return
        with self.project.session() as s:
            mark_done(s, answer_id, self.coder)
        self._mark_coded(answer_id, set())

    def toggle_star(self) -> bool:
        """Star or unstar the current answer as a quote; True if now starred."""
        from coder.store.actions import set_star

        answer_id = self._require_current()
        starred = answer_id not in self.starred
        with self.project.session() as s:
            set_star(s, answer_id, self.coder, starred)
        if starred:
            self.starred.add(answer_id)
        else:
            self.starred.discard(answer_id)
        return starred

    def undo(self) -> tuple[str, int | None] | None:
        """Undo the coder's latest action (on any answer); (kind, answer id) or None."""
        from coder.store.undo import undo

        return self._replay(undo)

    def redo(self) -> tuple[str, int | None] | None:
        """Redo the coder's latest undone action; (kind, answer id) or None."""
        from coder.store.undo import redo

        return self._replay(redo)

    def _replay(
        self, step: Callable[[Session, str], Event | None]
    ) -> tuple[str, int | None] | None:
        with self.project.session() as s:
            event = step(s, self.coder)
            if event is None:
                return None
            kind, answer_id = event.kind, event.answer_id
            if answer_id is not None:
                self._refresh_answer(s, answer_id)
        return kind, answer_id

    def _refresh_answer(self, session: Session, answer_id: int) -> None:
        """Re-read one answer's codes, done flag and star (after undo/redo)."""
        from coder.store.actions import codes_of, get_coder
        from coder.store.models import Review

        coder = get_coder(session, self.coder)
        session.flush()
        codes = codes_of(session, answer_id, coder.id)
        review = session.get(Review, (answer_id, coder.id))
        done = bool(review.done) if review is not None else False
        if codes or done:
            self._mark_coded(answer_id, codes)
        else:
            self._mark_uncoded(answer_id)
        if review is not None and review.starred:
            self.starred.add(answer_id)
        else:
            self.starred.discard(answer_id)

    def memo(self, target_type: str, target_key: str) -> str:
        """The coder's memo on an answer or code."""
        from coder.store.actions import get_memo

        with self.project.session(write=False) as s:
            return get_memo(s, self.coder, target_type, target_key)

    def save_memo(self, target_type: str, target_key: str, text: str) -> None:
        """Write the coder's memo (empty text deletes it)."""
        from coder.store.actions import set_memo
        from coder.store.blind import memo_stamp

        with self.project.session() as s:
            set_memo(s, self.coder, target_type, target_key, text)
        with self.project.session(write=False) as s:
            self.memo_stamp = memo_stamp(s, self.coder)
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

    # -- filters --------------------------------------------------------------------------
    def set_filter(self, flt: Filter) -> None:
        """Show only the answers matching ``flt`` (an explicit action: may walk the answers)."""
        current = self.current_pos
        self.filter = flt
        if flt.kind is None:
            self.view = list(range(len(self.ids)))
        else:
            keep = self._matcher_for(flt)
            self.view = [p for p in range(len(self.ids)) if keep(p)]
        self.cursor = 0
        if current is not None and self.view:
            self.cursor = min(bisect_left(self.view, current), len(self.view) - 1)

    def _matcher_for(self, flt: Filter):  # type: ignore[no-untyped-def]
        ids = self.ids
        if flt.kind == "language":
            return lambda p: self.languages[p] == flt.value
        if flt.kind == "code":
            code_id = int(flt.value)
            return lambda p: code_id in self.my_codes.get(ids[p], ())
        if flt.kind == "attribute":
            from coder.store.queries import respondents_with

            name, _, value = flt.value.partition("=")
            with self.project.session(write=False) as s:
                wanted = respondents_with(s, name, value)
            return lambda p: self.respondents[p] in wanted
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
        from coder.store.queries import attribute_values

        with self.project.session(write=False) as s:
            return attribute_values(s, self.question_id)

    def language_counts(self) -> Counter[str]:
        """Language -> answers (for the filter menu)."""
        return Counter(self.languages)

    def all_texts(self) -> tuple[list[int], list[str]]:
        """Every answer id with its text, for fuzzy search (read when a search starts)."""
        from coder.store.queries import answer_texts

        with self.project.session(write=False) as s:
            texts = answer_texts(s, self.ids)
        return self.ids, [texts.get(aid, "") for aid in self.ids]


def _question_model():  # type: ignore[no-untyped-def]
    from coder.store.models import Question

    return Question


def _default_question(session: object) -> str:
    """The first question that has a codebook, else the first question."""
    from sqlalchemy.orm import Session

    from coder.store.codebooks import get_codebook_record
    from coder.store.queries import questions

    assert isinstance(session, Session)
    found = questions(session)
    if not found:
        raise NotFoundError(
            "this project has no questions yet (import answers with `coder import`)"
        )
    for question in found:
        if get_codebook_record(session, question.id) is not None:
            return question.id
    return found[0].id
