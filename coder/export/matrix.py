"""Row-level exports for downstream analysis: the 0/1 code matrix and the quotes table.

The matrix has one row per answer and a 0/1 column per code, with respondent attributes, for
R, SPSS or Stata. The quotes table has one row per coding: answer text, code and code path.
Attribute values held by fewer than ``min_group`` of the question's respondents are masked,
the same anonymity rule as the theme table's groups.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from coder.export.cells import InertTexts, safe_text
from coder.export.table import DEFAULT_MIN_GROUP, choose_coder
from coder.progress import Progress
from coder.store import reports
from coder.store.project import Session
from coder.store.queries import require_question

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

    def csv_records(self) -> Iterator[tuple[object, ...]]:
        """The rows with every text made inert for a spreadsheet (what CSV writes): the
        respondent id on each row, the attribute values once per combination."""
        question = InertTexts()[self.question]
        inert = InertTexts()
        shown: dict[int, list[str]] = {}
        """id() of an answer's attribute values (answers with the same values share one
        list, held by the matrix) -> the values made inert."""
        for rid, coded, values, attrs in zip(
            self.respondent_ids, self.coded, self.values, self.attribute_values, strict=True
        ):
            safe = shown.get(id(attrs))
            if safe is None:
                safe = shown[id(attrs)] = [inert[a] for a in attrs]
            yield (safe_text(rid), question, coded, *values, *safe)

    def __len__(self) -> int:
        return len(self.respondent_ids)


@dataclass
class QuotesTable:
    """Every coding of a question with the answer text and attributes, one record each:
    respondent, question, code, code path, starred (0/1), language, text, attributes."""

    question: str
    coder: str
    attributes: list[str]
    rows: list[list[Any]] = field(default_factory=list)

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

    def csv_records(self) -> Iterator[tuple[object, ...]]:
        """The rows with every text made inert for a spreadsheet (what CSV writes): respondent
        ids and texts once per answer, codes, paths, languages and attribute values once
        each."""
        inert = InertTexts()
        last_text: str | None = None
        shown_text = ""
        for rid, question, key, path, star, language, text, *values in self.rows:
            if text is not last_text:  # an answer's rows share its text
                last_text, shown_text = text, safe_text(text)
            yield (
                safe_text(rid),
                inert[question],
                inert[key],
                inert[path],
                star,
                inert[language],
                shown_text,
                *map(inert.__getitem__, values),
            )

    def __len__(self) -> int:
        return len(self.rows)


_FIRST_ATTRIBUTE = 4
"""Where the attribute values start in a row of ``reports.answer_table`` without text."""


def _masking(
    names: Sequence[str], rows: Sequence[Sequence[Any]], first: int, min_group: int
) -> tuple[list[dict[str | None, str]], dict[str, list[str]]]:
    """(per attribute a map raw value -> shown value, attribute -> masked values), from the
    question's answers (one respondent each) with the attributes' values from column
    ``first`` on. A value held by fewer than ``min_group`` of the question's respondents
    shows as ``MASKED``; a missing value shows as ""."""
    hidden: dict[str, list[str]] = {}
    shown: list[dict[str | None, str]] = []
    for i, name in enumerate(names):
        held = Counter(row[first + i] for row in rows)
        held.pop(None, None)
        mapping: dict[str | None, str] = {None: ""}
        for value, n in sorted(held.items()):
            masked = n < min_group and value != ""
            mapping[value] = MASKED if masked else value
            if masked:
                hidden.setdefault(name, []).append(value)
        shown.append(mapping)
    return shown, hidden


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

    One query returns every answer with the codes given it and its attributes; rows with
    the same codes share one list of indicators."""
    require_question(session, question_id)
    coder = choose_coder(session, question_id, coder)
    codes = reports.report_codes(session, question_id)
    names = reports.attribute_names(session, question_id)
    answers = reports.answer_table(session, question_id, coder, names)
    shown, masked = _masking(names, answers, _FIRST_ATTRIBUTE, min_group)
    matrix = CodeMatrix(
        question=question_id,
        coder=coder,
        codes=[c.key for c in codes],
        labels=[c.label(lang) for c in codes],
        attributes=names,
        masked=masked,
    )
    column = {c.id: i for i, c in enumerate(codes)}  # codes retired since are not columns
    zeros = [0] * len(codes)
    indicators: dict[str | None, list[int]] = {None: zeros}
    attribute_values: dict[tuple[Any, ...], list[str]] = {}
    """Raw attribute values -> the shown ones: answers with the same values share a list."""
    for n, row in enumerate(answers, start=1):
        if progress and n % PROGRESS_EVERY == 0:
            progress(f"code matrix {question_id}", n, len(answers))
        _aid, rid, done, given = row[:_FIRST_ATTRIBUTE]
        given_row = indicators.get(given)
        if given_row is None:
            given_row = indicators[given] = zeros.copy()
            for code_id in reports.given_code_ids(given):
                if code_id in column:
                    given_row[column[code_id]] = 1
        raw = row[_FIRST_ATTRIBUTE:]
        values = attribute_values.get(raw)
        if values is None:
            values = attribute_values[raw] = [m[v] for m, v in zip(shown, raw, strict=True)]
        matrix.respondent_ids.append(rid)
        matrix.coded.append(1 if done or given is not None else 0)
        matrix.values.append(given_row)
        matrix.attribute_values.append(values)
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
    codes = reports.report_codes(session, question_id)
    by_id = {c.id: c for c in codes}
    paths: dict[int, str] = {}
    for code in codes:
        parts: list[str] = []
        node: reports.ReportCode | None = code
        while node is not None:
            parts.append(node.label(lang))
            node = by_id.get(node.parent_id) if node.parent_id is not None else None
        paths[code.id] = " > ".join(reversed(parts))
    order = {c.id: i for i, c in enumerate(codes)}
    keys = {c.id: c.key for c in codes}
    names = reports.attribute_names(session, question_id)
    answers = reports.answer_table(session, question_id, coder, names, with_text=True)
    shown, _masked = _masking(names, answers, _FIRST_ATTRIBUTE + 2, min_group)
    starred = reports.starred_by(session, question_id)
    in_order: dict[str, list[int]] = {}
    """The codes column -> the active codes it names, once each, in codebook order."""
    attribute_values: dict[tuple[Any, ...], list[str]] = {}
    """Raw attribute values -> the shown ones, made once."""
    table = QuotesTable(question=question_id, coder=coder, attributes=names)
    for n, (aid, rid, _done, given, text, language, *raw) in enumerate(answers, start=1):
        if progress and n % PROGRESS_EVERY == 0:
            progress(f"quotes {question_id}", n, len(answers))
        if given is None or (starred_only and aid not in starred):
            continue
        code_ids = in_order.get(given)
        if code_ids is None:
            code_ids = in_order[given] = sorted(
                (c for c in reports.given_code_ids(given) if c in order), key=order.__getitem__
            )
        if not code_ids:
            continue
        shown_text = redactor(text) if redactor else text
        key = tuple(raw)
        values = attribute_values.get(key)
        if values is None:
            values = attribute_values[key] = [m[v] for m, v in zip(shown, raw, strict=True)]
        star = 1 if aid in starred else 0
        for code_id in code_ids:
            table.rows.append(
                [
                    rid,
                    question_id,
                    keys[code_id],
                    paths[code_id],
                    star,
                    language,
                    shown_text,
                    *values,
                ]
            )
    return table
