"""`coder export`: theme tables, charts, code matrices, quotes, codebook manuals, REFI-QDA."""

from __future__ import annotations

from pathlib import Path

import click

from coder.cli.common import DB_ARGUMENT, JSON_OPTION, emit_json, note, open_project, stage_bars
from coder.export.formats import ALL_FORMATS, FORMATS_BY_TABLE


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
@click.option(
    "--coder",
    metavar="NAME",
    help="Whose coding (default: the consensus coder, else the only coder of the question).",
)
@click.option(
    "--format",
    "fmt",
    required=True,
    type=click.Choice(ALL_FORMATS),
    help="md, csv, xlsx, docx, html, json; png/svg (charts); qdc (codebook); qdpx (project).",
)
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The file to write.",
)
@click.option("--by", metavar="ATTR", help="Break the table down by a respondent attribute.")
@click.option(
    "--lang",
    type=click.Choice(["sv", "fi", "en"]),
    default="en",
    show_default=True,
    help="Language of labels and headings.",
)
@click.option(
    "--min-group",
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
@click.option(
    "--redact-names",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="File of names (one per line) to redact in quotes (implies --redact).",
)
@click.option("--starred-only", is_flag=True, help="Quotes table: only starred answers.")
@click.option("--no-charts", is_flag=True, help="Leave the charts out of docx and html.")
@JSON_OPTION
def export(
    db: str,
    question_ids: tuple[str, ...],
    coder: str | None,
    fmt: str,
    out: Path,
    by: str | None,
    lang: str,
    min_group: int,
    table: str,
    redact: bool,
    redact_names: Path | None,
    starred_only: bool,
    no_charts: bool,
    as_json: bool,
) -> None:
    """Export theme tables, charts, code matrices, quotes, codebooks or the whole project.

    \b
    coder export DB --question Q1 --coder anna --format xlsx --out q1.xlsx --by role
    coder export DB --question Q1 --format html --out report.html --lang sv
    coder export DB --question Q1 --format csv --table matrix --out matrix.csv
    coder export DB --format qdpx --out project.qdpx
    """
    from coder.errors import InputError
    from coder.export.run import ExportOptions, run_export
    from coder.redaction import read_names

    names: list[str] = []
    if redact_names is not None:
        try:
            names = read_names(redact_names.read_text(encoding="utf-8-sig").splitlines())
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{redact_names}: cannot read the names file ({exc})") from exc
    options = ExportOptions(
        fmt=fmt,
        out=out,
        question_ids=list(question_ids),
        coder=coder,
        by=by,
        lang=lang,
        min_group=min_group,
        table=table,
        redact=redact or bool(names),
        redact_names=names,
        starred_only=starred_only,
        charts=not no_charts,
    )
    with open_project(db) as project, stage_bars() as report:
        summary = run_export(project, options, progress=report)
    if as_json:
        emit_json(summary)
        return
    for q in summary.get("questions", []):
        suppressed = q.get("suppressed_groups")
        if suppressed:
            note(
                f"{q['question']}: suppressed groups (too few respondents): {', '.join(suppressed)}"
            )
    note(f"wrote {', '.join(summary['files'])}")


def import_qdpx_file(db: str, file: Path, as_json: bool) -> None:
    """`coder import DB FILE.qdpx`: a REFI-QDA project's answers, codebook, coders, codings."""
    from coder.export.qdpx import import_qdpx

    with open_project(db) as project, stage_bars() as report:
        result = import_qdpx(project, file, progress=report)
    if as_json:
        emit_json(result.to_json())
        return
    for warning in result.warnings:
        note(f"warning: {warning}")
    note(
        f"{file} (REFI-QDA{', from ' + result.origin if result.origin else ''}): "
        f"{result.answers} answers to {', '.join(result.questions) or 'no question'} from "
        f"{result.respondents} respondents ({result.answers_added} new); {result.codes} codes; "
        f"{result.codings} codings by {', '.join(result.coders) or 'nobody'}"
        + (
            f" ({result.partial_codings} of part of an answer, kept for the whole answer)"
            if result.partial_codings
            else ""
        )
        + (f"; {result.skipped_sources} sources skipped" if result.skipped_sources else "")
    )
