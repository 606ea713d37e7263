"""The theme table as data: what every export format shows, computed once from the store.

One row per active code in codebook order (sub-codes right after their parent), with the
number of answers the coder gave the code, its share of the respondents who answered the
question, the same per group of a respondent attribute, the coder's memo on the code (the
analyst's summary points) and the starred quotes. Groups smaller than ``min_group`` are
suppressed: listed by name, never shown with numbers, since small groups identify people.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from coder.errors import InputError, NotFoundError
from coder.store.chunking import chunks
from coder.store.codebooks import active_codes, get_codebook_record
from coder.store.models import (
    Answer,
    Coder,
    CodeRecord,
    Coding,
    Memo,
    RespondentAttribute,
    Review,
)
from coder.store.queries import codings_by_answer, require_question

MISSING_GROUP = "(no value)"
"""The group of respondents who have no value for the ``--by`` attribute."""

DEFAULT_MIN_GROUP = 5


@dataclass
class GroupCell:
    """A code's number of answers in one group, and its share of the group's respondents."""

    count: int
    share: float


@dataclass
class Quote:
    """A starred answer shown under a code (already redacted if asked)."""

    answer_id: int
    respondent_id: str
    text: str
    language: str


@dataclass
class ThemeRow:
    """One code of the theme table."""

    code: str
    label: str
    depth: int
    parent: str | None
    path: list[str]
    count: int
    """Answers the coder gave this code itself."""
    count_with_subcodes: int
    """Answers given this code or any of its sub-codes (each answer once)."""
    share: float
    """``count`` over the respondents who answered the question."""
    groups: dict[str, GroupCell] = field(default_factory=dict)
    points: list[str] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    has_children: bool = False
    codable: bool = True


@dataclass
class ThemeTable:
    """The theme table of one question for one coder."""

    question: str
    question_text: str
    title: str
    coder: str
    lang: str
    answers: int
    """Respondents who answered the question (the denominator of every share)."""
    coded: int
    not_coded: int
    no_code: int
    several_codes: int
    codings: int
    by: str | None
    min_group: int
    group_sizes: dict[str, int] = field(default_factory=dict)
    suppressed_groups: list[str] = field(default_factory=list)
    no_code_groups: dict[str, GroupCell] = field(default_factory=dict)
    rows: list[ThemeRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def nested(self) -> bool:
        """Whether any code has sub-codes (then counts with sub-codes are worth showing)."""
        return any(row.has_children for row in self.rows)

    @property
    def groups(self) -> list[str]:
        """The shown groups, in order."""
        return list(self.group_sizes)

    def to_json(self) -> dict[str, Any]:
        """The contract's JSON document (with more fields than it requires)."""
        return {
            "question": self.question,
            "question_text": self.question_text,
            "coder": self.coder,
            "lang": self.lang,
            "answers": self.answers,
            "coded": self.coded,
            "not_coded": self.not_coded,
            "no_code": self.no_code,
            "several_codes": self.several_codes,
            "codings": self.codings,
            "by": self.by,
            "min_group": self.min_group,
            "group_sizes": dict(self.group_sizes),
            "suppressed_groups": list(self.suppressed_groups),
            "rows": [
                {
                    "code": row.code,
                    "label": row.label,
                    "parent": row.parent,
                    "depth": row.depth,
                    "path": row.path,
                    "count": row.count,
                    "count_with_subcodes": row.count_with_subcodes,
                    "share": row.share,
                    "groups": {
                        g: {"count": c.count, "share": c.share} for g, c in row.groups.items()
                    },
                    "suppressed_groups": list(self.suppressed_groups),
                    "points": row.points,
                    "quotes": [
                        {"respondent_id": q.respondent_id, "text": q.text, "language": q.language}
                        for q in row.quotes
                    ],
                }
                for row in self.rows
            ],
            "no_code_groups": {
                g: {"count": c.count, "share": c.share} for g, c in self.no_code_groups.items()
            },
            "notes": list(self.notes),
        }


def share(count: int, total: int) -> float:
    """``count / total`` rounded to four decimals (0.0 when nobody answered)."""
    return round(count / total, 4) if total else 0.0


def choose_coder(session: Session, question_id: str, coder_name: str | None) -> str:
    """The coder whose table to make: the one named, else the consensus coder, else the only one.

    Raises NotFoundError naming the coders there are when the choice is unknown or ambiguous.
    """
    coded_by = list(
        session.execute(
            select(Coder.name, Coder.is_consensus)
            .where(
                Coder.id.in_(
                    select(Review.coder_id)
                    .join(Answer, Review.answer_id == Answer.id)
                    .where(Answer.question_id == question_id)
                    .union(
                        select(Coding.coder_id)
                        .join(Answer, Coding.answer_id == Answer.id)
                        .where(Answer.question_id == question_id)
                    )
                )
            )
            .order_by(Coder.name)
        )
    )
    names = [name for name, _ in coded_by]
    if coder_name is not None:
        if session.scalar(select(Coder.id).where(Coder.name == coder_name)) is None:
            raise NotFoundError(
                f"no coder named {coder_name!r} in this project"
                + (f" (coders of {question_id}: {', '.join(names)})" if names else "")
            )
        return coder_name
    consensus = [name for name, is_consensus in coded_by if is_consensus]
    if len(consensus) == 1:
        return consensus[0]
    if len(names) == 1:
        return names[0]
    if not names:
        raise NotFoundError(f"nobody has coded question {question_id!r} yet (give --coder)")
    raise InputError(
        f"question {question_id!r} is coded by {', '.join(names)}: say whose table with --coder"
    )


def respondent_groups(session: Session, question_id: str, attribute: str) -> dict[int, str]:
    """Answer id -> the answering respondent's value of ``attribute`` (answers whose
    respondent has the attribute; a blank value is the missing group)."""
    rows = session.execute(
        select(Answer.id, RespondentAttribute.value)
        .join(RespondentAttribute, RespondentAttribute.respondent_id == Answer.respondent_id)
        .where(Answer.question_id == question_id, RespondentAttribute.name == attribute)
    )
    return {aid: (value if value.strip() else MISSING_GROUP) for aid, value in rows}


def attribute_names(session: Session, question_id: str | None = None) -> list[str]:
    """The respondent attributes present (among the question's respondents, if given)."""
    query = select(RespondentAttribute.name).distinct()
    if question_id is not None:
        query = query.where(
            RespondentAttribute.respondent_id.in_(
                select(Answer.respondent_id).where(Answer.question_id == question_id)
            )
        )
    return sorted(session.scalars(query))


def split_groups(sizes: Counter[str], min_group: int) -> tuple[dict[str, int], list[str]]:
    """(shown groups with their sizes, suppressed group names), both in a stable order."""
    shown = {g: n for g, n in sorted(sizes.items(), key=_group_order) if n >= min_group}
    hidden = sorted(g for g, n in sizes.items() if n < min_group)
    return shown, hidden


def _group_order(item: tuple[str, int]) -> tuple[int, str]:
    return (1 if item[0] == MISSING_GROUP else 0, item[0].casefold())


def _points(text: str) -> list[str]:
    """A memo as summary points: one per line, list markers dropped."""
    points = []
    for line in text.splitlines():
        cleaned = line.strip().lstrip("-*•").strip()
        if cleaned:
            points.append(cleaned)
    return points


def _memos(session: Session, codes: list[CodeRecord], coder: str) -> dict[int, list[str]]:
    """Code record id -> summary points: the coder's own memo, else other analysts' memos."""
    keys: dict[str, list[CodeRecord]] = defaultdict(list)
    for code in codes:
        keys[code.key].append(code)
        keys[str(code.id)].append(code)
    if not keys:
        return {}
    rows = session.execute(
        select(Memo.target_key, Memo.text, Coder.name)
        .join(Coder, Memo.coder_id == Coder.id)
        .where(Memo.target_type == "code", Memo.target_key.in_(list(keys)))
        .order_by(Coder.name)
    )
    own: dict[int, list[str]] = defaultdict(list)
    others: dict[int, list[str]] = defaultdict(list)
    for key, text, name in rows:
        for code in keys[key]:
            (own if name == coder else others)[code.id].extend(_points(text))
    return {cid: own.get(cid) or others.get(cid, []) for cid in {*own, *others}}


def _starred(session: Session, question_id: str, coder: str) -> set[int]:
    """Answers starred as quotes by the coder (for a consensus coder: by any analyst)."""
    record = session.scalar(select(Coder).where(Coder.name == coder))
    query = (
        select(Review.answer_id)
        .join(Answer, Review.answer_id == Answer.id)
        .where(Answer.question_id == question_id, Review.starred.is_(True))
    )
    if record is not None and not record.is_consensus:
        query = query.where(Review.coder_id == record.id)
    return set(session.scalars(query))


def build_theme_table(
    session: Session,
    question_id: str,
    coder: str | None = None,
    *,
    lang: str = "en",
    by: str | None = None,
    min_group: int = DEFAULT_MIN_GROUP,
    redactor: Callable[[str], str] | None = None,
    quotes: bool = True,
) -> ThemeTable:
    """The theme table of a question for a coder (default: the consensus coder)."""
    question = require_question(session, question_id)
    if min_group < 1:
        raise InputError(f"--min-group must be at least 1, not {min_group}")
    book = get_codebook_record(session, question_id)
    if book is None:
        raise NotFoundError(
            f"question {question_id!r} has no codebook (attach one with `coder codebook add`)"
        )
    coder = choose_coder(session, question_id, coder)
    codes = active_codes(session, question_id)
    by_id = {c.id: c for c in codes}
    answer_ids = list(session.scalars(select(Answer.id).where(Answer.question_id == question_id)))
    coded = codings_by_answer(session, question_id, coder)
    active_keys = {c.key for c in codes}
    per_answer = {aid: keys & active_keys for aid, keys in coded.items()}

    group_of: dict[int, str] = {}
    sizes: Counter[str] = Counter()
    if by is not None:
        values = respondent_groups(session, question_id, by)
        if not values:
            known = ", ".join(attribute_names(session, question_id)) or "none"
            raise NotFoundError(
                f"no respondent of question {question_id!r} has attribute {by!r} "
                f"(attributes: {known})"
            )
        for aid in answer_ids:
            group_of[aid] = values.get(aid, MISSING_GROUP)
        sizes = Counter(group_of.values())
    shown, hidden = split_groups(sizes, min_group)

    counts: Counter[str] = Counter()
    group_counts: dict[str, Counter[str]] = defaultdict(Counter)
    for aid, keys in per_answer.items():
        group = group_of.get(aid)
        for key in keys:
            counts[key] += 1
            if group in shown:
                group_counts[key][group] += 1

    # answers carrying a code or any of its sub-codes
    parent_key = {c.key: by_id[c.parent_id].key for c in codes if c.parent_id in by_id}
    subtree: dict[str, set[int]] = defaultdict(set)
    for aid, keys in per_answer.items():
        for key in keys:
            node: str | None = key
            while node is not None:
                subtree[node].add(aid)
                node = parent_key.get(node)

    starred = _starred(session, question_id, coder) if quotes else set()
    texts: dict[int, tuple[str, str, str]] = {}
    wanted = sorted(starred)
    for chunk in chunks(wanted):  # only the quotes' texts are read
        for aid, rid, text, language in session.execute(
            select(Answer.id, Answer.respondent_id, Answer.text, Answer.language).where(
                Answer.id.in_(chunk)
            )
        ):
            texts[aid] = (rid, text, language)
    memo_points = _memos(session, codes, coder)
    total = len(answer_ids)
    depth: dict[int, int] = {}
    labels: dict[int, str] = {}
    rows: list[ThemeRow] = []
    children = {c.parent_id for c in codes if c.parent_id in by_id}
    for code in codes:
        parent = by_id.get(code.parent_id) if code.parent_id is not None else None
        depth[code.id] = depth[parent.id] + 1 if parent is not None else 0
        labels[code.id] = code.label(lang)
        path = []
        node_record: CodeRecord | None = code
        while node_record is not None:
            path.append(labels[node_record.id])
            node_record = by_id.get(node_record.parent_id) if node_record.parent_id else None
        quote_ids = sorted(aid for aid in starred if code.key in per_answer.get(aid, ()))
        rows.append(
            ThemeRow(
                code=code.key,
                label=labels[code.id],
                depth=depth[code.id],
                parent=parent.key if parent is not None else None,
                path=list(reversed(path)),
                count=counts[code.key],
                count_with_subcodes=len(subtree.get(code.key, ())),
                share=share(counts[code.key], total),
                groups={
                    g: GroupCell(group_counts[code.key][g], share(group_counts[code.key][g], n))
                    for g, n in shown.items()
                },
                points=memo_points.get(code.id, []),
                quotes=[
                    Quote(
                        aid,
                        texts[aid][0],
                        redactor(texts[aid][1]) if redactor else texts[aid][1],
                        texts[aid][2],
                    )
                    for aid in quote_ids
                ],
                has_children=code.id in children,
                codable=bool(code.codable),
            )
        )

    no_code_ids = [aid for aid, keys in per_answer.items() if not keys]
    no_code_by_group = Counter(group_of[aid] for aid in no_code_ids if aid in group_of)
    table = ThemeTable(
        question=question_id,
        question_text=_pick(book.question_text, lang) or question.title or question_id,
        title=_pick(book.title, lang) or book.name,
        coder=coder,
        lang=lang,
        answers=total,
        coded=len(per_answer),
        not_coded=total - len(per_answer),
        no_code=len(no_code_ids),
        several_codes=sum(1 for keys in per_answer.values() if len(keys) > 1),
        codings=sum(len(keys) for keys in per_answer.values()),
        by=by,
        min_group=min_group,
        group_sizes=shown,
        suppressed_groups=hidden,
        no_code_groups={
            g: GroupCell(no_code_by_group[g], share(no_code_by_group[g], n))
            for g, n in shown.items()
        },
        rows=rows,
    )
    table.notes = _notes(table)
    return table


def _pick(texts: dict[str, Any] | None, lang: str) -> str:
    from coder.codebook.model import pick

    return pick(dict(texts or {}), lang, "")


def _notes(table: ThemeTable) -> list[str]:
    """How the table counts, said plainly in the table's language."""
    from coder.export.words import note

    lang, coder = table.lang, table.coder
    notes = [note("denominator", lang, answers=table.answers, coded=table.coded, coder=coder)]
    if table.not_coded:
        notes.append(note("not_coded", lang, not_coded=table.not_coded, coder=coder))
    notes.append(note("no_code", lang, no_code=table.no_code))
    notes.append(note("several", lang, several=table.several_codes, codings=table.codings))
    if table.nested:
        notes.append(note("nested", lang))
    if table.by is not None:
        notes.append(note("groups", lang, by=table.by, min_group=table.min_group))
        if table.suppressed_groups:
            notes.append(note("suppressed", lang, groups=", ".join(table.suppressed_groups)))
    return notes
