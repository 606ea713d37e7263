"""One export, from options to files: picks the questions, builds the data, calls the writer.

The CLI (`coder export`) and the TUI call ``run_export``; it reads in one read-only
transaction and returns a summary of what it wrote.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coder.atomic import atomic_output, atomic_outputs
from coder.codebook.io import write_codebook
from coder.errors import InputError, Message, NotFoundError
from coder.export.charts import bar_chart
from coder.export.csvfile import theme_records, write_csv
from coder.export.formats import ALL_FORMATS, FORMATS_BY_TABLE, PROJECT_FORMATS
from coder.export.html import theme_html
from coder.export.manual import manual_markdown, write_manual_docx
from coder.export.markdown import quotes_markdown, theme_markdown
from coder.export.matrix import build_code_matrix, build_quotes_table
from coder.export.table import DEFAULT_MIN_GROUP, ThemeTable, build_theme_table
from coder.export.word import write_theme_docx
from coder.export.xlsx import write_rows_xlsx, write_theme_xlsx
from coder.progress import Progress
from coder.redaction import Redactor
from coder.refi.exporter import export_refi
from coder.store import reports
from coder.store.codebooks import to_model
from coder.store.project import Project, Session
from coder.store.queries import require_question


@dataclass
class ExportOptions:
    """What to export and how (the options of `coder export`)."""

    fmt: str
    out: Path
    question_ids: list[str] = field(default_factory=list)
    coder: str | None = None
    only_coder: bool = False
    """qdpx only: hold the ``coder``'s work alone (otherwise every coder's: the contract's
    one selection per coded segment and coder)."""
    by: str | None = None
    lang: str = "en"
    min_group: int = DEFAULT_MIN_GROUP
    table: str = "theme"
    redact: bool = False
    redact_names: list[str] = field(default_factory=list)
    starred_only: bool = False
    charts: bool = True
    matrix_sheets: bool = False
    """Theme XLSX only: add a 0/1 code matrix sheet per question (``--table matrix`` writes
    the matrix on its own)."""


def _questions(session: Session, options: ExportOptions, need_codebook: bool) -> list[str]:
    if options.question_ids:
        for qid in options.question_ids:
            require_question(session, qid)
        return list(options.question_ids)
    chosen = reports.question_ids(session, with_codebook=need_codebook)
    if not chosen:
        raise NotFoundError(
            "error.export.no_codebook_yet" if need_codebook else "error.export.no_questions"
        )
    return chosen


def _require_coder(session: Session, name: str) -> None:
    """A --coder that names nobody is an error even where the format writes every coder."""
    if reports.coder_is_consensus(session, name) is None:
        known = ", ".join(reports.coder_names(session))
        raise (
            NotFoundError("error.store.no_coder_known", name=name, known=known)
            if known
            else NotFoundError("error.store.no_coder_none", name=name)
        )


def _redactor(options: ExportOptions) -> Callable[[str], str] | None:
    if not options.redact and not options.redact_names:
        return None

    return Redactor(names=options.redact_names)


def _per_question(path: Path, qid: str, many: bool) -> Path:
    """``out`` itself, or ``out`` with the question id before the extension when many."""
    if not many:
        return path
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in qid)
    return path.with_name(f"{path.stem}_{safe}{path.suffix}")


def _theme_tables(
    session: Session, options: ExportOptions, qids: list[str], progress: Progress | None
) -> list[ThemeTable]:
    redactor = _redactor(options)
    tables = []
    for n, qid in enumerate(qids, start=1):
        tables.append(
            build_theme_table(
                session,
                qid,
                options.coder,
                lang=options.lang,
                by=options.by,
                min_group=options.min_group,
                redactor=redactor,
            )
        )
        if progress:
            progress("theme tables", n, len(qids))
    return tables


def run_export(
    project: Project, options: ExportOptions, progress: Progress | None = None
) -> dict[str, Any]:
    """Write the export described by ``options``; returns a summary (files, questions, rows)."""
    if options.fmt not in ALL_FORMATS:
        raise InputError("error.export.format", fmt=options.fmt, formats=", ".join(ALL_FORMATS))
    if options.fmt not in PROJECT_FORMATS:
        allowed = FORMATS_BY_TABLE.get(options.table)
        if allowed is None:
            raise InputError(
                "error.export.table", table=options.table, tables=", ".join(FORMATS_BY_TABLE)
            )
        if options.fmt not in allowed:
            raise InputError(
                "error.export.table_format",
                table=options.table,
                fmt=options.fmt,
                formats=", ".join(allowed),
            )
    if options.lang not in ("sv", "fi", "en"):
        raise InputError("error.export.lang", lang=options.lang)
    if not options.out.parent.exists():
        raise InputError("error.export.no_folder", folder=options.out.parent)
    with project.session(write=False) as session:
        if options.coder is not None and options.fmt in PROJECT_FORMATS:
            _require_coder(session, options.coder)  # the table formats check it as they choose
        if options.fmt == "qdpx":
            return _qdpx(session, options, progress)
        if options.fmt == "qdc":
            return _qdc(session, options)
        if options.table == "manual":
            return _manual(session, options)
        if options.table in ("matrix", "quotes"):
            return _rows(session, options, progress)
        return _theme(session, options, progress)


def _theme(session: Session, options: ExportOptions, progress: Progress | None) -> dict[str, Any]:
    qids = _questions(session, options, need_codebook=True)
    tables = _theme_tables(session, options, qids, progress)
    out, fmt = options.out, options.fmt
    if fmt in ("png", "svg"):  # the charts themselves, one file per question
        files = [_per_question(out, t.question, len(tables) > 1) for t in tables]
        with atomic_outputs(files) as targets:
            for t, target in zip(tables, targets, strict=True):
                target.write_bytes(bar_chart(t, fmt))
    else:
        files = [out]
        with atomic_output(out) as target:
            _write_theme(session, options, tables, target, progress)
    return {
        "format": fmt,
        "table": "theme",
        "files": [str(f) for f in files],
        "questions": [
            {
                "question": t.question,
                "coder": t.coder,
                "answers": t.answers,
                "coded": t.coded,
                "rows": len(t.rows),
                "groups": t.groups,
                "suppressed_groups": t.suppressed_groups,
            }
            for t in tables
        ],
    }


def _write_theme(
    session: Session,
    options: ExportOptions,
    tables: list[ThemeTable],
    target: Path,
    progress: Progress | None,
) -> None:
    """Write the theme tables in one file of ``options.fmt`` (not png/svg) at ``target``."""
    fmt = options.fmt
    if fmt == "md":
        target.write_text(theme_markdown(tables), encoding="utf-8")
    elif fmt == "csv":
        header, records = theme_records(tables)
        write_csv(target, header, records)
    elif fmt == "json":
        docs = [t.to_json() for t in tables]
        document = docs[0] if len(docs) == 1 else {"questions": docs}
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        target.write_text(text, encoding="utf-8")
    elif fmt == "xlsx":
        matrices = [
            build_code_matrix(
                session,
                t.question,
                t.coder,
                lang=options.lang,
                min_group=options.min_group,
                progress=progress,
            )
            for t in tables
            if options.matrix_sheets
        ]
        write_theme_xlsx(target, tables, matrices)
    else:  # docx, html: the report with its charts
        charts: dict[str, bytes] = {}
        if options.charts:
            for n, t in enumerate(tables, start=1):
                charts[t.question] = bar_chart(t, "png" if fmt == "docx" else "svg")
                if progress:
                    progress("charts", n, len(tables))
        if fmt == "docx":
            write_theme_docx(target, tables, charts, author=options.coder)
        else:
            target.write_text(theme_html(tables, charts), encoding="utf-8")


def _rows(session: Session, options: ExportOptions, progress: Progress | None) -> dict[str, Any]:

    qids = _questions(session, options, need_codebook=True)
    tables: list[tuple[str, Any]] = []
    redactor = _redactor(options)
    for n, qid in enumerate(qids, start=1):
        if options.table == "matrix":
            data: Any = build_code_matrix(
                session,
                qid,
                options.coder,
                lang=options.lang,
                min_group=options.min_group,
                progress=progress,
            )
            name = f"Matrix {qid}"
        else:
            data = build_quotes_table(
                session,
                qid,
                options.coder,
                lang=options.lang,
                min_group=options.min_group,
                redactor=redactor,
                starred_only=options.starred_only,
                progress=progress,
            )
            name = f"Quotes {qid}"
        tables.append((name, data))
        if progress:
            progress(f"{options.table} tables", n, len(qids))
    out, fmt = options.out, options.fmt
    header = tables[0][1].header()
    if fmt == "csv" and any(data.header() != header for _name, data in tables):
        raise InputError("error.export.different_codebooks")
    with atomic_output(out) as target:
        if fmt == "csv":  # the records made inert as they are written, no copy of them
            rows = (r for _name, data in tables for r in data.csv_records())
            write_csv(target, header, rows, inert=True)
        else:
            sheets = [(name, data.header(), data.records()) for name, data in tables]
            if fmt == "xlsx":
                write_rows_xlsx(target, sheets)
            elif fmt == "json":
                documents = [
                    {"question": data.question, "coder": data.coder, "columns": h, "rows": rows}
                    for (_name, data), (_, h, rows) in zip(tables, sheets, strict=True)
                ]
                document = documents[0] if len(documents) == 1 else {"questions": documents}
                text = json.dumps(document, ensure_ascii=False) + "\n"
                target.write_text(text, encoding="utf-8")
            else:  # quotes as Markdown
                target.write_text(quotes_markdown(sheets), encoding="utf-8")
    return {
        "format": fmt,
        "table": options.table,
        "files": [str(out)],
        "questions": [
            {"question": data.question, "coder": data.coder, "rows": len(data)}
            for _name, data in tables
        ],
    }


def _one_question(session: Session, options: ExportOptions, what: Message) -> str:
    qids = _questions(session, options, need_codebook=True)
    if len(qids) != 1:
        raise InputError("error.export.one_question", what=what)
    return qids[0]


def _qdc(session: Session, options: ExportOptions) -> dict[str, Any]:

    qid = _one_question(session, options, Message("error.export.what_qdc"))
    book = to_model(session, qid)
    with atomic_output(options.out) as target:
        write_codebook(book, target, "qdc")
    return {
        "format": "qdc",
        "files": [str(options.out)],
        "questions": [{"question": qid, "codes": len(book.all_codes())}],
    }


def _manual(session: Session, options: ExportOptions) -> dict[str, Any]:

    qid = _one_question(session, options, Message("error.export.what_manual"))
    book = to_model(session, qid)
    with atomic_output(options.out) as target:
        if options.fmt == "md":
            target.write_text(manual_markdown(book, options.lang), encoding="utf-8")
        else:
            write_manual_docx(target, book, options.lang)
    return {
        "format": options.fmt,
        "table": "manual",
        "files": [str(options.out)],
        "questions": [{"question": qid, "codes": len(book.all_codes())}],
    }


def _qdpx(session: Session, options: ExportOptions, progress: Progress | None) -> dict[str, Any]:

    qids = _questions(session, options, need_codebook=False)
    coder = options.coder if options.only_coder else None
    done = export_refi(
        session, options.out, qids, lang=options.lang, coder=coder, progress=progress
    )
    return {
        "format": "qdpx",
        "coder": coder,
        "files": [done.file],
        "questions": [{"question": q} for q in done.questions],
        "sources": done.sources,
        "cases": done.cases,
        "codes": done.codes,
        "users": done.users,
        "codings": done.codings,
        "segments": done.segments,
        "notes": done.notes,
    }
