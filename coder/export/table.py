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

from coder.codebook.model import pick
from coder.errors import InputError, NotFoundError
from coder.export.words import counted, note, word
from coder.store import reports
from coder.store.project import Session
from coder.store.queries import require_question
from coder.store.reports import CodebookHeading, ReportCode
from coder.store.segments import quote_of, segment_quotes

MISSING_GROUP = "(no value)"
"""The group of respondents who have no value for the ``--by`` attribute, in English; the
table names it in its own language (``missing_group``)."""

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
    suppressed_note: str = ""
    """The note naming the suppressed groups (also the last of ``notes``), "" when none."""

    @property
    def other_notes(self) -> list[str]:
        """The notes but the suppressed-groups one, for formats that show that one by the
        table (so the groups are listed once)."""
        return [n for n in self.notes if n != self.suppressed_note or not n]

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
    if coder_name is not None and reports.coder_is_consensus(session, coder_name) is not None:
        return coder_name
    coded_by = reports.question_coders(session, question_id)
    names = [name for name, _ in coded_by]
    if coder_name is not None:  # named, but no such coder
        raise (
            NotFoundError(
                "error.export.no_coder_of",
                name=coder_name,
                question_id=question_id,
                names=", ".join(names),
            )
            if names
            else NotFoundError("error.store.no_coder", name=coder_name)
        )
    consensus = [name for name, is_consensus in coded_by if is_consensus]
    if len(consensus) == 1:
        return consensus[0]
    if len(names) == 1:
        return names[0]
    if not names:
        raise NotFoundError("error.export.nobody_coded", question_id=question_id)
    raise InputError("error.export.whose_table", question_id=question_id, names=", ".join(names))


attribute_names = reports.attribute_names


def missing_group(lang: str) -> str:
    """The name of the group of respondents without a value, in ``lang``."""
    return word("no_value", lang)


def split_groups(
    sizes: Counter[str], min_group: int, missing: str = MISSING_GROUP
) -> tuple[dict[str, int], list[str]]:
    """(shown groups with their sizes, suppressed group names), both in a stable order: the
    group without a value (named ``missing``) after the others."""

    def order(item: tuple[str, int]) -> tuple[int, str]:
        return (1 if item[0] == missing else 0, item[0].casefold())

    shown = {g: n for g, n in sorted(sizes.items(), key=order) if n >= min_group}
    hidden = sorted(g for g, n in sizes.items() if n < min_group)
    return shown, hidden


def _points(text: str) -> list[str]:
    """A memo as summary points: one per line, list markers dropped."""
    points = []
    for line in text.splitlines():
        cleaned = line.strip().lstrip("-*•").strip()
        if cleaned:
            points.append(cleaned)
    return points


def _memos(session: Session, codes: list[ReportCode], coder: str) -> dict[int, list[str]]:
    """Code record id -> summary points: the coder's own memo, else other analysts' memos."""
    keys: dict[str, list[ReportCode]] = defaultdict(list)
    for code in codes:
        keys[code.key].append(code)
        keys[str(code.id)].append(code)
    own: dict[int, list[str]] = defaultdict(list)
    others: dict[int, list[str]] = defaultdict(list)
    for key, text, name in reports.code_memos(session, list(keys)):
        for code in keys[key]:
            (own if name == coder else others)[code.id].extend(_points(text))
    return {cid: own.get(cid) or others.get(cid, []) for cid in {*own, *others}}


def _starred(session: Session, question_id: str, coder: str) -> set[int]:
    """Answers starred as quotes by the coder (for a consensus coder: by any analyst)."""
    consensus = reports.coder_is_consensus(session, coder)
    return reports.starred_by(session, question_id, None if consensus else coder)


@dataclass
class _Counts:
    """What the coder's codings add up to, per code and per shown group."""

    total: int
    shown: dict[str, int]
    hidden: list[str]
    coded: int
    no_code: int
    several: int
    codings: int
    counts: Counter[str]
    """Code key -> answers given the code."""
    group_counts: dict[str, Counter[str]]
    """Code key -> answers given the code, per shown group."""
    subtree: dict[str, int]
    """Code key -> answers given the code or any of its sub-codes."""
    no_code_groups: Counter[str]


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
    """The theme table of a question for a coder (default: the consensus coder).

    Counting happens in the database (`store.reports.code_counts`): only the counts, the
    starred quotes and the memos reach Python, so a 100,000-answer table takes a fraction of
    a second.
    """
    require_question(session, question_id)
    if min_group < 1:
        raise InputError("error.export.min_group", min_group=min_group)
    book = reports.codebook_heading(session, question_id)
    if book is None:
        raise NotFoundError("error.export.no_codebook", question_id=question_id)
    coder = choose_coder(session, question_id, coder)
    codes = reports.report_codes(session, question_id)
    tally = _count(session, question_id, coder, codes, by, min_group, lang)
    starred = _starred(session, question_id, coder) if quotes else set()
    quote_texts = reports.answers_by_id(session, sorted(starred))  # only the quotes' texts
    quote_codes = _quote_codes(session, coder, codes, set(quote_texts))
    # a quote of an answer coded in segments shows the coded parts (coder.store.segments)
    spans = segment_quotes(session, question_id, coder, starred) if starred else {}
    quoting = _Quoting(quote_texts, quote_codes, spans, redactor)
    memo_points = _memos(session, codes, coder)
    rows = _rows(codes, lang, tally, quoting, memo_points)
    table = _table(question_id, book, coder, lang, by, min_group, tally)
    table.rows = rows
    table.notes = count_notes(table)
    return table


def _group_namer(lang: str) -> Callable[[str | None], str]:
    """A respondent's group: the attribute's value, or the missing group (named in ``lang``)
    when blank or absent."""
    missing = missing_group(lang)

    def name(value: str | None) -> str:
        return value if value is not None and value.strip() else missing

    return name


def _count(
    session: Session,
    question_id: str,
    coder: str,
    codes: list[ReportCode],
    by: str | None,
    min_group: int,
    lang: str,
) -> _Counts:
    """Count the coder's codings per code, per group of ``by`` and per code subtree."""
    by_id = {c.id: c for c in codes}
    below: dict[int, list[int]] = defaultdict(list)  # code id -> itself and its descendants
    for code in codes:
        node: ReportCode | None = code
        while node is not None:
            below[node.id].append(code.id)
            node = by_id.get(node.parent_id) if node.parent_id is not None else None
    parents = {cid: ids for cid, ids in below.items() if len(ids) > 1}
    raw = reports.code_counts(session, question_id, coder, list(by_id), parents, by)
    if by is not None and set(raw.answers) <= {None}:
        known = ", ".join(attribute_names(session, question_id))
        raise (
            NotFoundError("error.export.no_attribute", question_id=question_id, by=by, known=known)
            if known
            else NotFoundError("error.export.no_attributes", question_id=question_id, by=by)
        )

    group_name = _group_namer(lang)
    sizes = _merge(raw.answers, group_name)
    shown, hidden = (
        split_groups(sizes, min_group, missing_group(lang)) if by is not None else ({}, [])
    )
    counts: Counter[str] = Counter()
    group_counts: dict[str, Counter[str]] = {}
    for code_id, per_group in raw.per_code.items():
        key = by_id[code_id].key
        counts[key] = sum(per_group.values())
        grouped = _merge(per_group, group_name)
        group_counts[key] = Counter({g: grouped.get(g, 0) for g in shown})
    no_code = _merge(raw.coded, group_name)
    no_code.subtract(_merge(raw.with_code, group_name))
    return _Counts(
        total=sum(raw.answers.values()),
        shown=shown,
        hidden=hidden,
        coded=sum(raw.coded.values()),
        no_code=sum(raw.coded.values()) - sum(raw.with_code.values()),
        several=raw.several,
        codings=sum(counts.values()),
        counts=counts,
        group_counts=group_counts,
        subtree={by_id[cid].key: n for cid, n in raw.subtree.items()},
        no_code_groups=no_code,
    )


def _merge(counter: Counter[str | None], name: Callable[[str | None], str]) -> Counter[str]:
    """A counter over raw values added up by the name each value maps to."""
    merged: Counter[str] = Counter()
    for key, n in counter.items():
        merged[name(key)] += n
    return merged


@dataclass
class _Quoting:
    """The starred answers' texts and coded segments, quoted per code."""

    texts: dict[int, tuple[str, str, str]]
    """Starred answer id -> (respondent id, text, language)."""
    coded: dict[int, set[str]]
    """Starred answer id -> the keys of the active codes the coder gave it."""
    spans: dict[tuple[int, str], list[tuple[int, int]]]
    """(answer id, code key) -> the segments' (start, end); absent for whole-answer codings."""
    redactor: Callable[[str], str] | None

    def quotes(self, code_key: str) -> list[Quote]:
        """The quotes of one code: the coded segments' text, or the whole answer."""
        found = []
        for aid in sorted(self.texts):
            if code_key not in self.coded.get(aid, ()):
                continue
            rid, text, language = self.texts[aid]
            spans = self.spans.get((aid, code_key))
            quoted = quote_of(text, spans) if spans else text
            found.append(
                Quote(aid, rid, self.redactor(quoted) if self.redactor else quoted, language)
            )
        return found


def _quote_codes(
    session: Session, coder: str, codes: list[ReportCode], answer_ids: set[int]
) -> dict[int, set[str]]:
    """Starred answer id -> the keys of the active codes the coder gave it."""
    key_of = {c.id: c.key for c in codes}
    given = reports.codes_of_answers(session, coder, sorted(answer_ids))
    return {aid: {key_of[c] for c in ids if c in key_of} for aid, ids in given.items()}


def _rows(
    codes: list[ReportCode],
    lang: str,
    tally: _Counts,
    quoting: _Quoting,
    memo_points: dict[int, list[str]],
) -> list[ThemeRow]:
    """One row per code, in codebook order, with its path of labels, counts and quotes."""
    by_id = {c.id: c for c in codes}
    labels = {c.id: c.label(lang) for c in codes}
    children = {c.parent_id for c in codes if c.parent_id in by_id}
    depth: dict[int, int] = {}
    rows: list[ThemeRow] = []
    for code in codes:
        parent = by_id.get(code.parent_id) if code.parent_id is not None else None
        depth[code.id] = depth[parent.id] + 1 if parent is not None else 0
        path: list[str] = []
        node: ReportCode | None = code
        while node is not None:
            path.append(labels[node.id])
            node = by_id.get(node.parent_id) if node.parent_id else None
        group_counts = tally.group_counts.get(code.key, Counter())
        count = tally.counts[code.key]
        rows.append(
            ThemeRow(
                code=code.key,
                label=labels[code.id],
                depth=depth[code.id],
                parent=parent.key if parent is not None else None,
                path=list(reversed(path)),
                count=count,
                count_with_subcodes=tally.subtree.get(code.key, count),
                share=share(count, tally.total),
                groups={
                    g: GroupCell(group_counts[g], share(group_counts[g], n))
                    for g, n in tally.shown.items()
                },
                points=memo_points.get(code.id, []),
                quotes=quoting.quotes(code.key),
                has_children=code.id in children,
                codable=bool(code.codable),
            )
        )
    return rows


def _table(
    question_id: str,
    book: CodebookHeading,
    coder: str,
    lang: str,
    by: str | None,
    min_group: int,
    tally: _Counts,
) -> ThemeTable:
    """The table's head: titles, totals, groups (its rows and notes are added after)."""
    return ThemeTable(
        question=question_id,
        question_text=pick(book.question_text, lang, "") or book.question_title or question_id,
        title=pick(book.title, lang, "") or book.name,
        coder=coder,
        lang=lang,
        answers=tally.total,
        coded=tally.coded,
        not_coded=tally.total - tally.coded,
        no_code=tally.no_code,
        several_codes=tally.several,
        codings=tally.codings,
        by=by,
        min_group=min_group,
        group_sizes=tally.shown,
        suppressed_groups=tally.hidden,
        no_code_groups={
            g: GroupCell(tally.no_code_groups.get(g, 0), share(tally.no_code_groups.get(g, 0), n))
            for g, n in tally.shown.items()
        },
    )


def count_notes(table: ThemeTable) -> list[str]:
    """How the table counts, said plainly in the table's language."""
    lang, coder = table.lang, table.coder
    respondents = counted(table.answers, "respondents", lang)
    notes = [note("denominator", lang, respondents=respondents, coded=table.coded, coder=coder)]
    if table.not_coded:
        notes.append(note("not_coded", lang, not_coded=table.not_coded, coder=coder))
    notes.append(note("no_code", lang, no_code=table.no_code))
    codings = counted(table.codings, "codings", lang)
    notes.append(note("several", lang, several=table.several_codes, codings=codings))
    if table.nested:
        notes.append(note("nested", lang))
    if table.by is not None:
        notes.append(note("groups", lang, by=table.by, min_group=table.min_group))
        if table.suppressed_groups:
            table.suppressed_note = note(
                "suppressed", lang, groups=", ".join(table.suppressed_groups)
            )
            notes.append(table.suppressed_note)
    return notes
