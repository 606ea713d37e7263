"""Row-level exports for downstream analysis: the 0/1 code matrix and the quotes table.

The matrix has one row per answer and a 0/1 column per code, with respondent attributes, for
R, SPSS or Stata. The quotes table has one row per coding: answer text, code and code path.
Attribute values held by fewer than ``min_group`` of the question's respondents are masked,
the same anonymity rule as the theme table's groups.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coder.export.table import DEFAULT_MIN_GROUP, choose_coder
from coder.progress import Progress
from coder.store import reports
from coder.store.codebooks import active_codes
from coder.store.queries import attributes_of, codings_by_answer, require_question

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
class QuoteRow:
    """One coding in the quotes table."""

    respondent_id: str
    question: str
    code: str
    code_path: str
    starred: bool
    language: str
    text: str
    attributes: list[str]


@dataclass
class QuotesTable:
    """Every coding of a question with the answer text and attributes."""

    question: str
    coder: str
    attributes: list[str]
    rows: list[QuoteRow] = field(default_factory=list)

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
        return [
            [
                r.respondent_id,
                r.question,
                r.code,
                r.code_path,
                int(r.starred),
                r.language,
                r.text,
                *r.attributes,
            ]
            for r in self.rows
        ]


def _masked_attributes(
    attrs: dict[str, dict[str, str]], respondents: list[str], min_group: int
) -> tuple[list[str], dict[str, dict[str, str]], dict[str, list[str]]]:
    """(attribute names, respondent -> shown values, attribute -> masked values)."""
    names = sorted({name for rid in respondents for name in attrs.get(rid, {})})
    counts: dict[str, Counter[str]] = {name: Counter() for name in names}
    for rid in respondents:
        for name, value in attrs.get(rid, {}).items():
            counts[name][value] += 1
    hidden = {
        name: sorted(v for v, n in c.items() if n < min_group and v != "")
        for name, c in counts.items()
    }
    shown: dict[str, dict[str, str]] = {}
    for rid in respondents:
        values = attrs.get(rid, {})
        shown[rid] = {
            name: (MASKED if values.get(name, "") in hidden[name] else values.get(name, ""))
            for name in names
        }
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
    """The question's 0/1 code matrix for a coder (default: the consensus coder)."""
    require_question(session, question_id)
    coder = choose_coder(session, question_id, coder)
    codes = active_codes(session, question_id)
    answers = reports.answer_respondents(session, question_id)  # the matrix shows no text
    coded = codings_by_answer(session, question_id, coder)
    respondents = [rid for _aid, rid in answers]
    names, shown, masked = _masked_attributes(attributes_of(session), respondents, min_group)
    keys = [c.key for c in codes]
    matrix = CodeMatrix(
        question=question_id,
        coder=coder,
        codes=keys,
        labels=[c.label(lang) for c in codes],
        attributes=names,
        masked=masked,
    )
    column = {key: i for i, key in enumerate(keys)}
    zeros = [0] * len(keys)
    for n, (aid, rid) in enumerate(answers, start=1):
        if progress and n % PROGRESS_EVERY == 0:
            progress(f"code matrix {question_id}", n, len(answers))
        given = coded.get(aid)
        values = zeros.copy()
        for key in given or ():
            if key in column:  # codes retired since are not columns
                values[column[key]] = 1
        matrix.respondent_ids.append(rid)
        matrix.coded.append(0 if given is None else 1)
        matrix.values.append(values)
        matrix.attribute_values.append([shown[rid][name] for name in names])
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
    paths: dict[str, str] = {}
    for code in codes:
        parts: list[str] = []
        node: CodeRecord | None = code
        while node is not None:
            parts.append(node.label(lang))
            node = by_id.get(node.parent_id) if node.parent_id is not None else None
        paths[code.key] = " > ".join(reversed(parts))
    order = {c.key: i for i, c in enumerate(codes)}
    answers = reports.answers_with_text(session, question_id)
    coded = codings_by_answer(session, question_id, coder)
    starred = reports.starred_by(session, question_id)
    respondents = [rid for _aid, rid, _t, _l in answers]
    names, shown, _masked = _masked_attributes(attributes_of(session), respondents, min_group)
    table = QuotesTable(question=question_id, coder=coder, attributes=names)
    for n, (aid, rid, text, language) in enumerate(answers, start=1):
        if progress and n % PROGRESS_EVERY == 0:
            progress(f"quotes {question_id}", n, len(answers))
        if starred_only and aid not in starred:
            continue
        keys = [k for k in coded.get(aid, ()) if k in order]
        if not keys:
            continue
        if len(keys) > 1:
            keys.sort(key=order.__getitem__)
        shown_text = redactor(text) if redactor else text
        values = [shown[rid][name] for name in names]
        is_starred = aid in starred
        for key in keys:
            table.rows.append(
                QuoteRow(
                    respondent_id=rid,
                    question=question_id,
                    code=key,
                    code_path=paths[key],
                    starred=is_starred,
                    language=language,
                    text=shown_text,
                    attributes=values,
                )
            )
    return table
