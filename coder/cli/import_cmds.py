"""`coder import` (survey answers) and `coder import-codes` (coding done elsewhere)."""

from __future__ import annotations

from pathlib import Path

import click

from coder.cli.codebook_cmds import refusal
from coder.cli.common import (
    DB_ARGUMENT,
    JSON_OPTION,
    coder_option,
    emit_json,
    open_project,
    print_result,
    stage_bars,
    warn,
)
from coder.cli.consensus import refuse_consensus
from coder.cli.messages import language, msg, msg_n, quoted
from coder.codebook.problems import CodebookInvalid
from coder.errors import said
from coder.ingest.codes import import_codes as run_import_codes
from coder.ingest.importer import ImportResult
from coder.ingest.importer import import_survey as run_import
from coder.ingest.shape import ImportOptions
from coder.refi.importer import import_refi

IMPORTER = "import"
"""Who imports when ``--coder`` names no one (the event log's actor)."""
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
@click.option(
    "--title",
    "titles",
    metavar="QID=TITLE",
    multiple=True,
    help="A question's title (repeatable); replaces the title a question already has "
    "(re-imports otherwise keep it).",
)
@click.option("--encoding", metavar="NAME", help="Override the detected text encoding.")
@click.option(
    "--question",
    "question_id",
    metavar="QID",
    help="REFI-QDA files only. A codebook (.qdc): the question it is attached to, as "
    "`coder codebook add` does. A project from another tool (.qdpx, .qde): the question its "
    "sources become (default: the file's name).",
)
@click.option("--dry-run", is_flag=True, help="Read and check the file, write nothing.")
@coder_option(
    "Who imports (event log). For a REFI-QDA file, once the project has a lead, a codebook "
    "that retires or moves codes other coders have used needs a lead here.",
    required=False,
    dest="actor",
)
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
    titles: tuple[str, ...],
    encoding: str | None,
    question_id: str | None,
    dry_run: bool,
    actor: str | None,
    as_json: bool,
) -> None:
    """Import survey answers from FILE (CSV, TSV or XLSX) into the project DB.

    \b
    Long shape, one row per answer:
      coder import DB answers.csv --id resp --question-col q --text answer
    Wide shape, one row per respondent:
      coder import DB survey.xlsx --id ResponseId --text Q3 --text "Q5_TEXT=Q5"
    Exports of Qualtrics (current, 2016-17 and legacy layouts), SurveyMonkey, LimeSurvey,
    Webropol, Google Forms and Microsoft Forms are recognised: their header rows are skipped,
    the respondent id column is found, and without --text the columns of open answers are
    chosen from their content. Encoding and delimiter are detected; re-importing is
    idempotent and keeps question titles (unless --title). A REFI-QDA project (.qdpx) brings
    its sources, cases, codebook, codings and notes (a bare .qde too); a REFI-QDA codebook
    (.qdc) a codebook only, attached to --question QID. The summary is printed on stdout.
    """
    if file.suffix.lower() in (".qdpx", ".qde", ".qdc"):  # REFI-QDA: coder.refi reads it
        import_qdpx_file(db, file, as_json, actor, question_id)
        return
    if question_id is not None:
        raise click.UsageError(msg("cli.import.question_not_refi"))
    options = ImportOptions(
        id_col=id_col,
        question_col=question_col,
        text=texts,
        attrs=attrs,
        language_col=language_col,
        sheet=sheet,
        encoding=encoding,
        titles=titles,
    )
    with open_project(db) as project, stage_bars() as report:
        result = run_import(
            project, file, options, progress=report, dry_run=dry_run, actor=actor or IMPORTER
        )
    for warning in result.warnings:
        warn(str(said(warning, language())))
    if as_json:
        emit_json(result.to_json())
        return
    for line in import_summary(result):
        print_result(line)


def import_summary(result: ImportResult) -> list[str]:
    """What an import read and did, as lines for stdout."""
    tool = "" if result.format == "generic" else msg("cli.import.tool", tool=result.format)
    if tool and result.layout:
        tool += msg("cli.import.layout", layout=result.layout)
    read_as = [
        part
        for part in (
            tool,
            msg_n("cli.import.header_rows", result.header_rows) if result.header_rows > 1 else "",
            result.encoding or "",
            msg("cli.import.delimiter", delimiter=repr(result.delimiter))
            if result.delimiter
            else "",
            msg("cli.import.sheet", sheet=repr(result.sheet)) if result.sheet else "",
        )
        if part
    ]
    if result.row_ids:
        ids = msg("cli.import.row_ids")
    else:
        ids = msg("cli.import.id_column", column=repr(result.id_column)) if result.id_column else ""
    respondents = msg("cli.import.respondents", count=result.respondents)
    if ids:
        respondents += f" ({ids})"
    languages = ", ".join(f"{k} {v}" for k, v in result.languages.items())
    lines = [
        f"{result.file} ({', '.join(read_as)})",
        "  " + respondents + msg("cli.import.new", added=result.respondents_added),
        "  "
        + msg("cli.import.questions", count=len(result.questions))
        + f" ({quoted(result.questions)})"
        + msg("cli.import.new", added=result.questions_added),
        "  "
        + msg(
            "cli.import.answers_would" if result.dry_run else "cli.import.answers",
            count=result.answers,
            added=result.answers_added,
            updated=result.answers_updated,
            unchanged=result.answers_unchanged,
            blank=result.blank,
        ),
        "  " + msg("cli.import.languages", languages=languages or msg("cli.import.no_language")),
    ]
    if result.text_columns:
        lines.append("  " + msg("cli.import.text_columns", columns=quoted(result.text_columns)))
    if result.skipped_columns:
        by_reason: dict[str, list[str]] = {}
        for name, why in result.skipped_columns.items():
            by_reason.setdefault(why.text(language()), []).append(name)
        lines.append("  " + msg("cli.import.skipped_columns", count=len(result.skipped_columns)))
        lines.extend(f"    {why}: {quoted(names)}" for why, names in by_reason.items())
    if result.skipped_rows:
        rows = ", ".join(str(r) for r in result.skipped_rows)
        lines.append("  " + msg("cli.import.skipped_rows", rows=rows))
    if result.titles_kept:
        lines.append("  " + msg("cli.import.titles_kept", questions=quoted(result.titles_kept)))
    return lines


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
    with open_project(db) as project, stage_bars() as report:
        refuse_consensus(project, coder_name.strip(), "cli.import_codes.consensus")
        result = run_import_codes(project, file, coder_name, progress=report)
    if as_json:
        emit_json(result.to_json())
        return
    print_result(
        msg_n(
            "cli.import_codes.summary",
            result.answers,
            file=result.file,
            coder=result.coder,
            uncoded=result.uncoded,
            added=result.codings_added,
            removed=result.codings_removed,
        )
    )


def _codings_by(codings: int, by_coder: dict[str, int]) -> str:
    """ "18 codings by Jukka (9), Maria (9)", or "0 codings" when no one coded."""
    counted = msg_n("cli.count.codings", codings)
    if not by_coder:
        return counted
    coders = ", ".join(f"{name} ({n})" for name, n in by_coder.items())
    return msg("cli.refi.codings_by", codings=counted, coders=coders)


def import_qdpx_file(
    db: str, file: Path, as_json: bool, actor: str | None = None, question_id: str | None = None
) -> None:
    """`coder import DB FILE` for a REFI-QDA file (.qdpx, .qde, .qdc); ``actor`` is who
    imports (the roles of the project apply to the codebook it brings, as to `codebook add`),
    ``question_id`` the question a .qdc is attached to or a foreign project's sources become."""
    with open_project(db) as project, stage_bars() as report:
        try:
            result = import_refi(
                project, file, question_id=question_id, actor=actor or IMPORTER, progress=report
            )
        except CodebookInvalid as exc:  # a .qdc: refused in one line, as `codebook add` does
            raise refusal(file, exc) from exc
    if as_json:
        emit_json(result.to_json())
        return
    lang = language()
    for warning in result.warnings:
        warn(warning.text(lang))
    if question_id is not None and result.kind == "project" and question_id not in result.questions:
        warn(msg("cli.refi.question_unused", file=file, question=repr(question_id)))
    if result.kind == "codebook":
        print_result(
            msg_n("cli.refi.codebook", result.codes, file=file, question=repr(result.questions[0]))
        )
        return
    if result.skipped_sources:
        warn(
            msg_n(
                "cli.refi.skipped",
                len(result.skipped_sources),
                sources=", ".join(source.text(lang) for source in result.skipped_sources),
            )
        )
    print_result(
        msg(
            "cli.refi.summary",
            file=file,
            origin=msg("cli.refi.origin", origin=result.origin) if result.origin else "",
            answers=msg_n("cli.count.answers", result.answers),
            questions=", ".join(result.questions) or "-",
            respondents=msg_n("cli.count.respondents", result.respondents),
            added=result.answers_added,
            codes=msg_n("cli.count.codes", result.codes),
            codings=_codings_by(result.codings, result.codings_by_coder),
        )
        + (msg_n("cli.refi.segments", result.segments) if result.segments else "")
        + (
            msg("cli.refi.memos", memos=msg_n("cli.count.memos", result.memos))
            if result.memos
            else ""
        )
    )
