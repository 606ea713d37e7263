"""`coder import` (survey answers) and `coder import-codes` (coding done elsewhere)."""

from __future__ import annotations

from pathlib import Path

import click

from coder.cli.common import (
    DB_ARGUMENT,
    JSON_OPTION,
    emit_json,
    open_project,
    print_result,
    stage_bars,
)

FILE_ARGUMENT = click.argument(
    "file", metavar="FILE", type=click.Path(path_type=Path, dir_okay=False)
)


@click.command("import")
@DB_ARGUMENT
@FILE_ARGUMENT
@click.option("--id", "id_col", metavar="COL", help="Column with the respondent id.")
@click.option(
    "--question-col",
    metavar="COL",
    help="Long shape (one row per answer): the column with the question id.",
)
@click.option(
    "--text",
    "texts",
    metavar="COL[=QID]",
    multiple=True,
    help="Column of answers (repeatable). Wide shape: each becomes a question, its id the "
    "column name or QID. Long shape: the one column holding the answer.",
)
@click.option(
    "--attr",
    "attrs",
    metavar="COL",
    multiple=True,
    help="Respondent attribute column (repeatable).",
)
@click.option("--language-col", metavar="COL", help="Take each answer's language from this column.")
@click.option("--sheet", metavar="NAME", help="Sheet of an XLSX workbook (default: the first).")
@click.option("--encoding", metavar="NAME", help="Override the detected text encoding.")
@click.option("--dry-run", is_flag=True, help="Read and check the file, write nothing.")
@JSON_OPTION
def import_survey(
    db: str,
    file: Path,
    id_col: str | None,
    question_col: str | None,
    texts: tuple[str, ...],
    attrs: tuple[str, ...],
    language_col: str | None,
    sheet: str | None,
    encoding: str | None,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Import survey answers from FILE (CSV, TSV or XLSX) into the project DB.

    \b
    Long shape, one row per answer:
      coder import DB answers.csv --id resp --question-col q --text answer
    Wide shape, one row per respondent:
      coder import DB survey.xlsx --id ResponseId --text Q3 --text "Q5_TEXT=Q5"
    Exports of Qualtrics, LimeSurvey, Webropol, Google Forms and Microsoft Forms are
    recognised: the respondent id column is found, and without --text the columns of open
    answers are guessed. Encoding and delimiter are detected; re-importing is idempotent.
    A REFI-QDA project (.qdpx, or a bare .qde) brings its sources, cases, codebook,
    codings and notes; a REFI-QDA codebook (.qdc) a codebook only.
    """
    if file.suffix.lower() in (".qdpx", ".qde", ".qdc"):  # REFI-QDA: coder.refi reads it
        from coder.cli.export_cmds import import_qdpx_file

        import_qdpx_file(db, file, as_json)
        return
    from coder.ingest.importer import import_survey as run_import
    from coder.ingest.shape import ImportOptions

    options = ImportOptions(
        id_col=id_col,
        question_col=question_col,
        text=texts,
        attrs=attrs,
        language_col=language_col,
        sheet=sheet,
        encoding=encoding,
    )
    with open_project(db) as project, stage_bars() as report:
        result = run_import(project, file, options, progress=report, dry_run=dry_run)
    if as_json:
        emit_json(result.to_json())
        return
    langs = ", ".join(f"{k} {v}" for k, v in result.languages.items()) or "none"
    print_result(
        f"{result.file} ({result.format}"
        + (f", {result.encoding}" if result.encoding else "")
        + (f", delimiter {result.delimiter!r}" if result.delimiter else "")
        + f"): {result.answers} answers to {len(result.questions)} questions from "
        f"{result.respondents} respondents; {result.blank} blank skipped"
    )
    print_result(
        f"{'would add' if dry_run else 'added'} {result.answers_added}, "
        f"updated {result.answers_updated}, unchanged {result.answers_unchanged}; "
        f"new respondents {result.respondents_added}, new questions {result.questions_added}; "
        f"languages: {langs}"
    )


@click.command("import-codes")
@DB_ARGUMENT
@FILE_ARGUMENT
@click.option("--coder", "coder_name", required=True, metavar="NAME", help="Whose coding it is.")
@JSON_OPTION
def import_codes(db: str, file: Path, coder_name: str, as_json: bool) -> None:
    """Import coding done elsewhere from a CSV with header respondent_id,question,codes.

    Codes are code ids joined by ';'; an empty cell means the answer was seen and given no
    code. An unknown respondent, question or code is an error naming the row, and then
    nothing is imported.
    """
    from coder.ingest.codes import import_codes as run_import_codes

    with open_project(db) as project, stage_bars() as report:
        result = run_import_codes(project, file, coder_name, progress=report)
    if as_json:
        emit_json(result.to_json())
        return
    print_result(
        f"{result.file}: {result.answers} answers coded by {result.coder} "
        f"({result.uncoded} with no code); codings added {result.codings_added}, "
        f"removed {result.codings_removed}"
    )
