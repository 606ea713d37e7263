"""`coder export`: theme tables, charts, code matrices, quotes, codebook manuals, REFI-QDA."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

import click

from coder.cli.common import (
    DB_ARGUMENT,
    JSON_OPTION,
    coder_option,
    emit_json,
    lang_option,
    names_option,
    open_project,
    out_option,
    output_folder,
    print_result,
    stage_bars,
    warn,
)
from coder.cli.messages import msg
from coder.errors import InputError
from coder.export.formats import ALL_FORMATS, FORMATS_BY_TABLE
from coder.export.run import ExportOptions, run_export
from coder.redaction import read_names

STDOUT = Path("-")
"""``--out -``: the export goes to standard output."""
BINARY_FORMATS = ("xlsx", "docx", "png", "svg", "qdpx")
"""Formats that are not one text document (workbooks, Word files, one chart per question, a
zip archive): never written to standard output."""


@click.command()
@DB_ARGUMENT
@click.option(
    "--question",
    "question_ids",
    metavar="QID",
    multiple=True,
    help="Question to export (repeatable; default: every question with a codebook, "
    "every question for qdpx).",
)
@coder_option(
    "Whose coding (default: the consensus coder, else the only coder of the question; "
    "qdpx holds every coder's work unless --only-coder).",
    required=False,
)
@click.option(
    "--only-coder",
    is_flag=True,
    help="qdpx: only the --coder's work (codings, stars, answers seen, memos); "
    "default: every coder's, as REFI-QDA exchanges a whole project.",
)
@click.option(
    "--format",
    "fmt",
    required=True,
    type=click.Choice(ALL_FORMATS),
    help="md, csv, xlsx, docx, html, json; png/svg (charts); qdc (codebook); qdpx (project).",
)
@out_option(
    "The file to write (missing folders above it are created); '-' writes a text format "
    "(md, csv, json, html, qdc) to standard output."
)
@click.option("--by", metavar="ATTR", help="Break the table down by a respondent attribute.")
@lang_option("Language of labels and headings.")
@click.option(
    "--min-group",
    metavar="N",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="Groups with fewer answering respondents are suppressed (listed, never shown).",
)
@click.option(
    "--table",
    type=click.Choice(list(FORMATS_BY_TABLE)),
    default="theme",
    show_default=True,
    help="theme: the theme table; matrix: one row per answer, a 0/1 column per code; "
    "quotes: one row per coding with the text; manual: the codebook as a document.",
)
@click.option(
    "--redact",
    is_flag=True,
    help="Redact e-mail addresses, phone numbers and URLs in quotes.",
)
@names_option(
    "File of names (one per line) to redact in quotes (implies --redact).",
    aliases=("--redact-names",),
)
@click.option("--starred-only", is_flag=True, help="Quotes table: only starred answers.")
@click.option("--no-charts", is_flag=True, help="Leave the charts out of docx and html.")
@click.option(
    "--matrix-sheet",
    is_flag=True,
    help="Theme xlsx: add a 0/1 code matrix sheet per question (--table matrix writes it alone).",
)
@JSON_OPTION
def export(
    db: str,
    question_ids: tuple[str, ...],
    coder_name: str | None,
    only_coder: bool,
    fmt: str,
    out: Path,
    by: str | None,
    lang: str,
    min_group: int,
    table: str,
    redact: bool,
    names_file: Path | None,
    starred_only: bool,
    no_charts: bool,
    matrix_sheet: bool,
    as_json: bool,
) -> None:
    """Export theme tables, charts, code matrices, quotes, codebooks or the whole project.

    \b
    coder export DB --question Q1 --coder anna --format xlsx --out q1.xlsx --by role
    coder export DB --question Q1 --format html --out report.html --lang sv
    coder export DB --question Q1 --format csv --table matrix --out matrix.csv
    coder export DB --format qdpx --out project.qdpx
    coder export DB --question Q1 --format csv --out - | head
    """
    if only_coder and (fmt != "qdpx" or coder_name is None):
        raise click.UsageError(msg("cli.export.only_coder"))
    if out == STDOUT:
        if fmt in BINARY_FORMATS:
            raise click.UsageError(msg("cli.export.stdout_binary", fmt=fmt))
        if as_json:
            raise click.UsageError(msg("cli.export.stdout_json"))
    names: list[str] = []
    if names_file is not None:
        try:
            names = read_names(names_file.read_text(encoding="utf-8-sig").splitlines())
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(msg("cli.names.unreadable", file=names_file, reason=exc)) from exc
    options = ExportOptions(
        fmt=fmt,
        out=out,
        question_ids=list(question_ids),
        coder=coder_name,
        only_coder=only_coder,
        by=by,
        lang=lang,
        min_group=min_group,
        table=table,
        redact=redact or bool(names),
        redact_names=names,
        starred_only=starred_only,
        charts=not no_charts,
        matrix_sheets=matrix_sheet,
    )
    if out == STDOUT:
        summary = _to_stdout(db, options)
    else:
        with open_project(db) as project, stage_bars() as report, output_folder(out):
            summary = run_export(project, options, progress=report)
    _warn_suppressed(summary)
    if out == STDOUT:
        return
    if as_json:
        emit_json(summary)
        return
    print_result(msg("cli.export.wrote", files=", ".join(summary["files"])))


def _to_stdout(db: str, options: ExportOptions) -> dict[str, Any]:
    """Export to a file of a private folder, then copy its bytes to standard output: the
    document is exactly what ``--out FILE`` would hold, and nothing else goes to stdout."""
    with tempfile.TemporaryDirectory(prefix="coder-export-") as folder:
        options.out = Path(folder) / f"export.{options.fmt}"
        with open_project(db) as project, stage_bars() as report:
            summary = run_export(project, options, progress=report)
        sys.stdout.flush()
        sys.stdout.buffer.write(options.out.read_bytes())
        sys.stdout.buffer.flush()
    return summary


def _warn_suppressed(summary: dict[str, Any]) -> None:
    """Groups left out by --min-group, one warning per question (stderr)."""
    for q in summary.get("questions", []):
        suppressed = q.get("suppressed_groups")
        if suppressed:
            warn(msg("cli.export.suppressed", question=q["question"], groups=", ".join(suppressed)))
