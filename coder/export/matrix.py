"""Row-level exports for downstream analysis: the 0/1 code matrix and the quotes table.

The matrix has one row per answer and a 0/1 column per code, with respondent attributes, for
R, SPSS or Stata. The quotes table has one row per coding: answer text, code and code path.
Attribute values held by fewer than ``min_group`` of the question's respondents are masked,
the same anonymity rule as the theme table's groups.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coder.export.table import DEFAULT_MIN_GROUP, choose_coder
from coder.progress import Progress
from coder.store import reports
from coder.store.codebooks import active_codes
from coder.store.queries import require_question

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from coder.store.models import CodeRecord

PROGRESS_EVERY = 10_000

MASKED = "(suppressed)"
"""What a masked attribute value reads as."""


@dataclass
class CodeMatrix:
    """One question's answers as 0/1 code indicators with respondent attributes."""

    question: str
    coder: str
    codes: list[str]
    labels: list[str]
    attributes: list[str]
    respondent_ids: list[str] = field(default_factory=list)
    coded: list[int] = field(default_factory=list)
    values: list[list[int]] = field(default_factory=list)
    attribute_values: list[list[str]] = field(default_factory=list)
    masked: dict[str, list[str]] = field(default_factory=dict)
    """Attribute -> values masked because too few respondents hold them."""

    def header(self) -> list[str]:
        """Column names: respondent, question, coded, one per code, one per attribute."""
        return ["respondent_id", "question", "coded", *self.codes, *self.attributes]

    def records(self) -> list[list[object]]:
        """The rows as cell values (ints stay ints)."""
        return [
            [rid, self.question, coded, *values, *attrs]
            for rid, coded, values, attrs in zip(
                self.respondent_ids, self.coded, self.values, self.attribute_values, strict=True
            )
        ]


@dataclass
class QuotesTable:
    """Every coding of a question with the answer text and attributes, one record each:
    respondent, question, code, code path, starred (0/1), language, text, attributes."""

    question: str
    coder: str
    attributes: list[str]
    rows: list[list[object]] = field(default_factory=list)

    def header(self) -> list[str]:
        """Column names of the table."""
        return [
            "respondent_id",
            "question",
            "code",
            "code_path",
            "starred",
            "language",
            "text",
            *self.attributes,
        ]

    def records(self) -> list[list[object]]:
        """The rows as cell values."""
        return self.rows


def _masking(
    session: Session, question_id: str, min_group: int
) -> tuple[list[str], list[dict[str | None, str]], dict[str, list[str]]]:
    """(attribute names, per attribute a map raw value -> shown value, attribute -> masked
    values). A value held by fewer than ``min_group`` of the question's respondents shows as
    ``MASKED``; a missing value shows as ""."""
    held = reports.attribute_value_counts(session, question_id)
    names = sorted({name for name, _value in held})
    hidden: dict[str, list[str]] = {name: [] for name in names}
    shown: list[dict[str | None, str]] = [{None: ""} for _ in names]
    index = {name: i for i, name in enumerate(names)}
    for (name, value), n in sorted(held.items()):
        masked = n < min_group and value != ""
        shown[index[name]][value] = MASKED if masked else value
        if masked:
            hidden[name].append(value)
    return names, shown, {k: v for k, v in hidden.items() if v}


def build_code_matrix(
    session: Session,
    question_id: str,
    coder: str | None = None,
    *,
    lang: str = "en",
    min_group: int = DEFAULT_MIN_GROUP,
    progress: Progress | None = None,
) -> CodeMatrix:
    """The question's 0/1 code matrix for a coder (default: the consensus coder).

    Three flat queries (answers with their attributes, codings, done marks) and one pass:
    a 100,000-answer matrix is built in about a second.
    """
    require_question(session, question_id)
    coder = choose_coder(session, question_id, coder)
    codes = active_codes(session, question_id)
    names, shown, masked = _masking(session, question_id, min_group)
    answers = reports.answer_rows(session, question_id, names)  # ids only: no text
    pairs, coded = reports.coding_pairs(session, question_id, coder)
    matrix = CodeMatrix(
        question=question_id,
        coder=coder,
        codes=[c.key for c in codes],
        labels=[c.label(lang) for c in codes],
        attributes=names,
        masked=masked,
    )
    column = {c.id: i for i, c in enumerate(codes)}  # codes retired since are not columns
    given: dict[int, list[int]] = {}
    zeros = [0] * len(codes)
    for aid, code_id in pairs:
        i = column.get(code_id)
        if i is not None:
            row = given.get(aid)
            if row is None:
                row = given[aid] = zeros.copy()
            row[i] = 1
    for n, (aid, rid, *values) in enumerate(answers, start=1):
        if progress and n % PROGRESS_EVERY == 0:
            progress(f"code matrix {question_id}", n, len(answers))
        matrix.respondent_ids.append(rid)
        matrix.coded.append(1 if aid in coded else 0)
        matrix.values.append(given.get(aid) or zeros)
        matrix.attribute_values.append([m[v] for m, v in zip(shown, values, strict=True)])
    return matrix


def build_quotes_table(
    session: Session,
    question_id: str,
    coder: str | None = None,
    *,
    lang: str = "en",
    min_group: int = DEFAULT_MIN_GROUP,
    redactor: Callable[[str], str] | None = None,
    starred_only: bool = False,
    progress: Progress | None = None,
) -> QuotesTable:
    """Every coding of the question (or only starred answers) with text and code path."""
    require_question(session, question_id)
    coder = choose_coder(session, question_id, coder)
    codes = active_codes(session, question_id)
    by_id = {c.id: c for c in codes}
    paths: dict[int, str] = {}
    for code in codes:
        parts: list[str] = []
        node: CodeRecord | None = code
        while node is not None:
            parts.append(node.label(lang))
            node = by_id.get(node.parent_id) if node.parent_id is not None else None
        paths[code.id] = " > ".join(reversed(parts))
    order = {c.id: i for i, c in enumerate(codes)}
    keys = {c.id: c.key for c in codes}
    names, shown, _masked = _masking(session, question_id, min_group)
    answers = reports.answer_rows(session, question_id, names, with_text=True)
    pairs, _coded = reports.coding_pairs(session, question_id, coder)
    given: dict[int, list[int]] = {}
    for aid, code_id in pairs:
        if code_id in order:
            codes_given = given.setdefault(aid, [])
            if code_id not in codes_given:  # several segments of one code: one row
                codes_given.append(code_id)
    starred = reports.starred_by(session, question_id)
    table = QuotesTable(question=question_id, coder=coder, attributes=names)
    for n, (aid, rid, text, language, *raw) in enumerate(answers, start=1):
        if progress and n % PROGRESS_EVERY == 0:
            progress(f"quotes {question_id}", n, len(answers))
        code_ids = given.get(aid)
        if not code_ids or (starred_only and aid not in starred):
            continue
        if len(code_ids) > 1:
            code_ids.sort(key=order.__getitem__)
        shown_text = redactor(text) if redactor else text
        values = [m[v] for m, v in zip(shown, raw, strict=True)]
        for code_id in code_ids:
            table.rows.append(
                [
                    rid,
                    question_id,
                    keys[code_id],
                    paths[code_id],
                    1 if aid in starred else 0,
                    language,
                    shown_text,
                    *values,
                ]
            )
    return table
