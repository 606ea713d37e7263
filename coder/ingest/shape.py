"""Turn a table into respondents, questions and answers (long or wide shape).

Long: one row per answer (`--id`, `--question-col`, one `--text`). Wide: one row per
respondent, each `--text COL[=QID]` a question. All checks that name a row happen here, before
anything touches the database, so a bad file changes nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from coder.errors import InputError, Message
from coder.ingest.formats import (
    MARKUP_OPTIONS,
    SHORT_ANSWERS,
    Profile,
    header_like,
    header_names,
    not_open_text,
    recognise,
    shared_values,
)
from coder.ingest.language import language_code
from coder.ingest.markup import has_markup, markup_text
from coder.ingest.table import Table, read_table
from coder.store.imports import id_length_limits


@dataclass
class SurveyAnswer:
    """One non-blank answer as read from the file."""

    respondent_id: str
    question_id: str
    text: str
    language: str | None  # from --language-col; None means detect
    row: int


@dataclass
class Survey:
    """Everything read from one file, checked and ready to be stored."""

    source: str
    format: str
    questions: dict[str, str] = field(default_factory=dict)  # id -> title, in file order
    respondents: dict[str, dict[str, str]] = field(default_factory=dict)  # id -> attributes
    answers: list[SurveyAnswer] = field(default_factory=list)
    blank: int = 0
    rows: int = 0
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    layout: str = ""  # which of the tool's layouts
    header_rows: int = 1  # rows read as headers
    row_ids: bool = False  # respondent ids are row numbers (the export has no id column)
    id_column: str | None = None
    text_columns: list[str] = field(default_factory=list)  # chosen from their content
    skipped_columns: dict[str, Message] = field(default_factory=dict)  # column -> why not text
    skipped_rows: list[int] = field(default_factory=list)  # header rows found among the data
    warnings: list[str | Message] = field(default_factory=list)
    explicit_titles: set[str] = field(default_factory=set)  # question ids titled by --title


@dataclass(frozen=True)
class ImportOptions:
    """The `coder import` options that shape the reading."""

    id_col: str | None = None
    question_col: str | None = None
    text: tuple[str, ...] = ()
    attrs: tuple[str, ...] = ()
    language_col: str | None = None
    sheet: str | None = None
    encoding: str | None = None
    titles: tuple[str, ...] = ()  # "QID=TITLE": a question's title, replacing a stored one


def _clean(text: str) -> str:
    """An answer as stored: outer spaces trimmed, Windows and old Mac line ends as \\n."""
    text = text.strip()
    return text if "\r" not in text else text.replace("\r\n", "\n").replace("\r", "\n")


def _text_specs(table: Table, specs: tuple[str, ...]) -> list[tuple[int, str]]:
    """`COL` or `COL=QID` -> (column index, question id); a whole column name wins."""
    out: list[tuple[int, str]] = []
    for spec in specs:
        column, qid = spec, ""
        if not table.has_column(spec) and "=" in spec:
            column, qid = spec.rsplit("=", 1)
            if not qid.strip():
                raise InputError("error.ingest.text_empty_id", spec=spec)
        index = table.column(column, "--text")
        out.append((index, qid.strip() or table.header[index]))
    seen: dict[str, str] = {}
    for index, qid in out:
        if qid in seen:
            raise InputError(
                "error.ingest.question_twice",
                question=qid,
                first=seen[qid],
                second=table.header[index],
            )
        seen[qid] = table.header[index]
    return out


def _guess_text_columns(
    survey: Survey, table: Table, profile: Profile, used: set[int], labels: Counter[int]
) -> list[tuple[int, str]]:
    """For a recognised tool export without --text: the columns whose content is open answers.

    Metadata columns of the tool are never taken, nor columns whose cells are mostly answer
    options written in HTML markup (``labels``: such cells per column, see `_strip_markup`);
    the others are judged by what they hold (`not_open_text`), and each skipped one is
    recorded with the reason, for the summary.
    """
    metadata = {
        i for i, name in enumerate(table.header) if name.strip().casefold() in profile.metadata
    }
    shared = shared_values(table, used | metadata)
    marked, choices = set(profile.text_columns), set(profile.choice_columns)
    found: list[tuple[int, str]] = []
    for index, name in enumerate(table.header):
        if index in used or not name:
            continue
        if index in metadata:
            survey.skipped_columns[name] = Message("import.skip.metadata", tool=profile.name)
            continue
        if name in choices:
            survey.skipped_columns[name] = Message("import.skip.not_text_entry", tool=profile.name)
            continue
        values = [row[index] for row in table.rows]
        if labels[index] and labels[index] * 2 >= sum(1 for v in values if v.strip()):
            survey.skipped_columns[name] = MARKUP_OPTIONS
            continue
        why = not_open_text(values, shared, marked=name in marked)
        if why is None:
            found.append((index, name))
            survey.text_columns.append(name)
        else:
            survey.skipped_columns[name] = why
    if not found:  # no long free text: the columns of short worded answers, if any
        found = [
            (index, name)
            for index, name in enumerate(table.header)
            if name in survey.skipped_columns and survey.skipped_columns[name].key == SHORT_ANSWERS
        ]
        for _, name in found:
            del survey.skipped_columns[name]
            survey.text_columns.append(name)
        if found:
            survey.warnings.append(
                Message("import.warn.short_columns", columns=", ".join(repr(n) for _, n in found))
            )
    if not found:
        raise InputError("error.ingest.no_open_column", file=table.name, profile=profile.name)
    return found


def _id_column(table: Table, profile: Profile, given: str | None) -> int | None:
    if given:
        return table.column(given, "--id")
    for name in profile.id_columns:
        if table.has_column(name):
            return table.column(name)
    if profile.row_ids:
        return None  # Google Forms has no respondent id: the row order gives one
    raise InputError("error.ingest.give_id", file=table.name)


def _language(table: Table, row: list[str], index: int | None, row_no: int) -> str | None:
    if index is None or not row[index].strip():
        return None
    code = language_code(row[index])
    if code is None:
        raise InputError(
            "error.ingest.unknown_language",
            file=table.name,
            row=row_no,
            column=table.header[index],
            value=row[index],
        )
    return code


def _add_attributes(
    survey: Survey, table: Table, rid: str, row: list[str], attrs: list[int], row_no: int
) -> None:
    """Record a respondent's attributes; a long file must not contradict itself."""
    known = survey.respondents.setdefault(rid, {})
    for index in attrs:
        name, value = table.header[index], row[index].strip()
        if not value:
            continue
        old = known.get(name)
        if old is not None and old != value:
            raise InputError(
                "error.ingest.attribute_changes",
                file=table.name,
                row=row_no,
                column=name,
                respondent=rid,
                value=value,
                old=old,
            )
        known[name] = value


def shape_table(table: Table, profile: Profile, options: ImportOptions) -> Survey:
    """Build the Survey from a read table."""
    survey = Survey(
        table.name,
        profile.name,
        encoding=table.encoding,
        delimiter=table.delimiter,
        sheet=table.sheet,
        rows=len(table.rows),
        layout=profile.layout,
        header_rows=profile.header_rows,
        warnings=list(profile.warnings),
    )
    _skip_header_rows(survey, table, profile)
    markup, labels = _strip_markup(table)
    id_index = _id_column(table, profile, options.id_col)
    survey.id_column = table.header[id_index] if id_index is not None else None
    survey.row_ids = id_index is None
    attrs = [table.column(a, "--attr") for a in options.attrs]
    lang_index = (
        table.column(options.language_col, "--language-col") if options.language_col else None
    )
    used = {i for i in [id_index, lang_index, *attrs] if i is not None}
    if options.question_col:
        if (
            len(options.text) != 1
            or "=" in options.text[0]
            and not table.has_column(options.text[0])
        ):
            raise InputError("error.ingest.long_one_text")
        _shape_long(survey, table, options, id_index, attrs, lang_index)
        return survey
    if options.text:
        texts = _text_specs(table, options.text)
    elif profile.name != "generic":
        texts = _guess_text_columns(survey, table, profile, used, labels)
    else:
        raise InputError("error.ingest.give_text", file=table.name)
    for index, qid in texts:
        title = profile.titles.get(table.header[index], table.header[index])
        survey.questions[qid] = (
            markup_text(title).replace("\n", " ") if has_markup(title) else title
        )
    # a cell that is its column's question text (not the bare column name) is no answer
    question_texts = {
        index: survey.questions[qid]
        for index, qid in texts
        if survey.questions[qid] != table.header[index]
    }
    marked_up = sum(markup[index] for index, _ in texts)
    if marked_up:
        survey.warnings.append(Message("import.warn.markup", n=marked_up))
    repeated: Counter[str] = Counter()
    seen_rows: dict[str, int] = {}
    for n, row in enumerate(table.rows):
        row_no = table.row_number(n)
        if not any(c.strip() for c in row):
            continue
        rid = row[id_index].strip() if id_index is not None else str(n + 1)
        if not rid:
            raise InputError(
                "error.ingest.empty_id",
                file=table.name,
                row=row_no,
                column=table.header[id_index or 0],
            )
        if rid in seen_rows:
            raise InputError(
                "error.ingest.respondent_twice",
                file=table.name,
                row=row_no,
                respondent=rid,
                first=seen_rows[rid],
            )
        seen_rows[rid] = row_no
        _add_attributes(survey, table, rid, row, attrs, row_no)
        language = _language(table, row, lang_index, row_no)
        for index, qid in texts:
            text = _clean(row[index])
            if text and text == question_texts.get(index):
                repeated[qid] += 1
                text = ""
            if text:
                survey.answers.append(SurveyAnswer(rid, qid, text, language, row_no))
            else:
                survey.blank += 1
    if repeated:
        count = sum(repeated.values())
        survey.warnings.append(
            Message(
                "import.warn.repeated_question",
                n=count,
                questions=", ".join(repr(q) for q in repeated),
            )
        )
    return survey


def _strip_markup(table: Table) -> tuple[Counter[int], Counter[int]]:
    """Replace each cell holding HTML markup by its text (blank when it was all markup).

    Returns, per column, the cells that held markup and those among them whose text recurs
    in another markup cell: an answer option written in the survey's editor appears in every
    cell that chose it, while an answer typed inside markup is the respondent's own.
    """
    markup: Counter[int] = Counter()
    found: list[tuple[int, str]] = []
    for row in table.rows:
        for index, cell in enumerate(row):
            if "<" in cell and has_markup(cell):
                row[index] = markup_text(cell)
                markup[index] += 1
                found.append((index, row[index]))
    recurring = Counter(text for _, text in found if text)
    labels = Counter(index for index, text in found if recurring[text] > 1)
    return markup, labels


def _skip_header_rows(survey: Survey, table: Table, profile: Profile) -> None:
    """Leave out data rows that repeat the header (or a tool's metadata rows), with a warning.

    A header row never becomes a respondent, whether or not the tool was recognised and
    whatever columns were named.
    """
    known = header_names(table, profile)
    for n, row in enumerate(table.rows):
        if header_like(row, known):
            survey.skipped_rows.append(table.row_number(n))
            table.rows[n] = [""] * len(row)  # emptied, not removed: row numbers stay right
    if not survey.skipped_rows:
        return
    count = len(survey.skipped_rows)
    shown = ", ".join(str(r) for r in survey.skipped_rows[:5]) + (", ..." if count > 5 else "")
    survey.rows -= count
    survey.warnings.append(Message("import.warn.header_rows", n=count, rows=shown))


def _shape_long(
    survey: Survey,
    table: Table,
    options: ImportOptions,
    id_index: int | None,
    attrs: list[int],
    lang_index: int | None,
) -> None:
    assert options.question_col is not None
    q_index = table.column(options.question_col, "--question-col")
    t_index = table.column(options.text[0], "--text")
    if id_index is None:
        raise InputError("error.ingest.long_needs_id", file=table.name)
    seen: dict[tuple[str, str], int] = {}
    for n, row in enumerate(table.rows):
        row_no = table.row_number(n)
        if not any(c.strip() for c in row):
            continue
        rid, qid = row[id_index].strip(), row[q_index].strip()
        for value, index in ((rid, id_index), (qid, q_index)):
            if not value:
                raise InputError(
                    "error.ingest.empty_cell",
                    file=table.name,
                    row=row_no,
                    column=table.header[index],
                )
        _add_attributes(survey, table, rid, row, attrs, row_no)
        survey.questions.setdefault(qid, qid)
        text = _clean(row[t_index])
        if not text:
            survey.blank += 1
            continue
        if (rid, qid) in seen:
            raise InputError(
                "error.ingest.answer_twice",
                file=table.name,
                row=row_no,
                respondent=rid,
                question=qid,
                first=seen[(rid, qid)],
            )
        seen[(rid, qid)] = row_no
        language = _language(table, row, lang_index, row_no)
        survey.answers.append(SurveyAnswer(rid, qid, text, language, row_no))


def read_survey(path: Path, options: ImportOptions) -> Survey:
    """Read and check a survey file; raises InputError naming the file/row/column at fault."""
    if path.suffix.lower() == ".qdpx":
        raise InputError("error.ingest.qdpx_importer", file=path.name)
    table = read_table(path, options.sheet, options.encoding)
    profile = recognise(table)
    if not table.rows:
        raise InputError("error.ingest.no_rows", file=table.name)
    survey = shape_table(table, profile, options)
    _apply_titles(survey, options.titles)
    _check_id_lengths(survey)
    return survey


def _apply_titles(survey: Survey, specs: tuple[str, ...]) -> None:
    """`--title QID=TITLE`: the title a question gets, even one already in the project."""
    for spec in specs:
        qid, sep, title = spec.partition("=")
        qid, title = qid.strip(), title.strip()
        if not sep or not qid or not title:
            raise InputError("error.ingest.title_form", spec=spec)
        if qid not in survey.questions:
            known = ", ".join(repr(q) for q in list(survey.questions)[:10])
            raise InputError("error.ingest.title_question", spec=spec, question=qid, known=known)
        survey.questions[qid] = title
        survey.explicit_titles.add(qid)


# The kinds of id whose length is limited, as an error names them.
ID_WHAT = {
    "question id": Message("error.ingest.what_question"),
    "respondent id": Message("error.ingest.what_respondent"),
    "attribute name": Message("error.ingest.what_attribute"),
}


def _check_id_lengths(survey: Survey) -> None:
    """Refuse ids longer than the database stores (PostgreSQL would refuse them mid-write)."""
    limit_of = id_length_limits()
    limits = (
        ("question id", limit_of["question id"], survey.questions),
        ("respondent id", limit_of["respondent id"], survey.respondents),
        (
            "attribute name",
            limit_of["attribute name"],
            {n for attrs in survey.respondents.values() for n in attrs},
        ),
    )
    for what, limit, values in limits:
        for value in values:
            if limit is not None and len(value) > limit:
                rows = [a.row for a in survey.answers if value in (a.respondent_id, a.question_id)]
                raise (
                    InputError(
                        "error.ingest.id_too_long_row",
                        file=survey.source,
                        row=rows[0],
                        what=ID_WHAT[what],
                        value=value[:40],
                        n=len(value),
                        limit=limit,
                    )
                    if rows and what != "attribute name"
                    else InputError(
                        "error.ingest.id_too_long",
                        file=survey.source,
                        what=ID_WHAT[what],
                        value=value[:40],
                        n=len(value),
                        limit=limit,
                    )
                )
