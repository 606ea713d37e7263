"""`coder codebook add|validate|show|export|convert`: codebook files in and out of a project."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import click

from coder.cli.common import (
    DB_ARGUMENT,
    JSON_OPTION,
    emit_json,
    lang_option,
    note,
    open_project,
    out_file,
    out_option,
    out_option_or_positional,
    output_folder,
    print_result,
    warn,
)
from coder.cli.messages import language, msg, msg_n, quoted
from coder.codebook.io import read_codebook, write_codebook
from coder.codebook.model import Code, Codebook, pick
from coder.codebook.problems import CodebookInvalid, Problem
from coder.codebook.shortcuts import assign_shortcuts
from coder.errors import CoderError, InputError
from coder.store.codebooks import attach_codebook, get_codebook_record, require_codebook, to_model
from coder.store.roles import require_codebook_change, restructured_in_use

QUESTION_OPTION = click.option(
    "--question", "question_id", required=True, metavar="QID", help="The survey question."
)
FILE_ARGUMENT = click.argument(
    "file", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path)
)
FORMAT_OPTION = click.option(
    "--format",
    "fmt",
    type=click.Choice(["yaml", "qdc"]),
    help="Output format (default: from the file extension: .yaml/.yml or .qdc).",
)


@click.group()
def codebook() -> None:
    """Codebooks: validate files, attach them to questions, show and export them.

    FILE is a native codebook (.yaml, see docs/codebooks.md) or a REFI-QDA codebook (.qdc).
    """


@codebook.command()
@DB_ARGUMENT
@FILE_ARGUMENT
@QUESTION_OPTION
@click.option(
    "--create-question",
    is_flag=True,
    help="Create the question if the project does not hold it yet (before importing answers).",
)
@click.option(
    "--coder",
    "actor",
    default="",
    metavar="NAME",
    help="Who is adding it (event log). Once the project has a lead, retiring or moving codes "
    "that other coders have used needs a lead here.",
)
@JSON_OPTION
def add(
    db: str, file: Path, question_id: str, create_question: bool, actor: str, as_json: bool
) -> None:
    """Attach the codebook in FILE to question QID.

    Adding a changed codebook again makes a new version: codes are matched by id, changed codes
    get a new revision, codes no longer in the file are retired with their codings kept.
    Adding the same codebook again changes nothing. Once the project has a lead, a version
    that would retire, move or make a grouping node of codes that other coders have used is
    refused unless --coder names a lead; a first codebook, new codes and changed wording need
    no role.
    """
    book = _read(file)
    with open_project(db) as project, project.session() as session:
        require_codebook_change(session, question_id, book, actor.strip())
        in_use = restructured_in_use(session, question_id, book)
        before = get_codebook_record(session, question_id)
        old_version = before.version if before is not None else None
        record = attach_codebook(
            session,
            question_id,
            book,
            actor=actor.strip(),
            source=file.name,
            create_question=create_question,
        )
        version = record.version
    count = len(book.all_codes())
    changed = old_version != version
    say = note if as_json else print_result  # with --json, stdout holds the JSON alone
    key = (
        "cli.codebook.attached"
        if old_version is None
        else "cli.codebook.updated"
        if changed
        else "cli.codebook.unchanged"
    )
    say(msg_n(key, count, codebook=repr(book.id), question=question_id, version=version))
    if in_use:
        warn(msg_n("cli.codebook.restructured_in_use", len(in_use), codes=quoted(in_use)))
    if as_json:
        emit_json(
            {
                "question": question_id,
                "codebook": book.id,
                "version": version,
                "codes": count,
                "changed": changed,
            }
        )


@codebook.command()
@click.argument(
    "files",
    metavar="FILE...",
    nargs=-1,
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
)
@JSON_OPTION
def validate(files: tuple[Path, ...], as_json: bool) -> None:
    """Check codebook files; list every problem as `file:line: problem` and exit 1 if any."""
    reports: list[dict[str, Any]] = []
    total = 0
    for file in files:
        problems: list[Problem] = []
        codes = 0
        try:
            codes = len(read_codebook(file).all_codes())
        except CodebookInvalid as exc:
            problems = exc.problems
        except CoderError as exc:
            problems = [Problem(str(file), None, exc)]
        total += len(problems)
        for problem in problems:
            click.echo(problem.text(language()), err=True)
        if not problems:
            note(msg_n("cli.codebook.valid", codes, file=file))
        reports.append(
            {
                "file": str(file),
                "valid": not problems,
                "codes": codes,
                "problems": [p.as_dict() for p in problems],
            }
        )
    if as_json:
        emit_json({"valid": total == 0, "files": reports})
    if total:
        bad = sum(1 for r in reports if not r["valid"])
        raise CoderError(
            msg(
                "cli.codebook.invalid",
                problems=msg_n("cli.count.problems", total),
                files=msg_n("cli.codebook.in_files", bad),
            )
        )


@codebook.command()
@DB_ARGUMENT
@QUESTION_OPTION
@lang_option("Label language.")
@JSON_OPTION
def show(db: str, question_id: str, lang: str, as_json: bool) -> None:
    """Show the codebook attached to question QID as a tree (id, shortcut, label)."""
    with open_project(db) as project, project.session(write=False) as session:
        version = require_codebook(session, question_id).version
        book = to_model(session, question_id)
    if as_json:
        emit_json(
            {
                "question": question_id,
                "codebook": book.id,
                "version": version,
                "title": book.title,
                "question_text": book.question,
                "codes": [_code_json(code) for code in book.codes],
            }
        )
        return
    keys = assign_shortcuts(book)
    title = pick(book.title, lang)
    click.echo(
        msg("cli.codebook.heading", codebook=book.id, version=version, question=question_id)
        + (f": {title}" if title else "")
    )
    group = msg("cli.codebook.group")
    for code, _parent, depth in book.walk():
        key = f"[{keys[code.id]}]" if code.id in keys else "   "
        marker = f"  {group}" if not code.codable else ""
        click.echo(f"{'  ' * depth}{key} {code.id}  {code.label(lang)}{marker}")


def _code_json(code: Code) -> dict[str, Any]:
    """A code and its children as JSON, in the native format's field names."""
    return {
        "id": code.id,
        "label": code.labels,
        "definition": code.definition,
        "include": code.include,
        "exclude": code.exclude,
        "examples": code.examples,
        "keywords": code.keywords,
        "colour": code.colour,
        "shortcut": code.shortcut,
        "codable": code.codable,
        "guid": code.guid,
        "children": [_code_json(child) for child in code.children],
    }


@codebook.command()
@DB_ARGUMENT
@QUESTION_OPTION
@out_option("Where to write the codebook.")
@FORMAT_OPTION
def export(db: str, question_id: str, out: Path, fmt: str | None) -> None:
    """Write the codebook of question QID to a YAML or REFI-QDA .qdc file."""
    with open_project(db) as project, project.session(write=False) as session:
        book = to_model(session, question_id)
    _write(book, out, fmt)


@codebook.command()
@FILE_ARGUMENT
@out_option_or_positional("Where to write the converted codebook")
@FORMAT_OPTION
def convert(file: Path, out_positional: Path | None, out: Path | None, fmt: str | None) -> None:
    """Convert a codebook file between the native YAML format and REFI-QDA .qdc."""
    _write(_read(file), out_file(out, out_positional), fmt)


SHARED_RULES = "error.codebook."
"""The problems the shared codebook rules find (`coder.codebook.validate`), often only a
consequence of a problem with the file itself (no codes, when `codes:` is not a list)."""


def _read(file: Path) -> Codebook:
    """The codebook in FILE. An invalid one is refused in one line: its first problem (file
    and line; a problem with the file's own syntax or shape before what the shared rules then
    find), and how many more there are, which `codebook validate` lists."""
    try:
        return read_codebook(file)
    except CodebookInvalid as exc:
        raise refusal(file, exc) from exc


def refusal(file: Path, invalid: CodebookInvalid) -> InputError:
    """An invalid codebook's one-line refusal (see `_read`); `coder import FILE.qdc` says it
    the same way."""
    problems = invalid.problems
    shape = [p for p in problems if not getattr(p.said, "key", "").startswith(SHARED_RULES)]
    first = (shape or problems)[0].text(language())
    if len(problems) == 1:
        return InputError(first)
    command = shlex.join(["coder", "codebook", "validate", str(file)])
    return InputError(
        msg_n("cli.codebook.first_problem", len(problems) - 1, problem=first, command=command)
    )


def _write(book: Codebook, out: Path, fmt: str | None) -> None:
    with output_folder(out):
        used = write_codebook(book, out, fmt)
    print_result(msg_n("cli.codebook.wrote", len(book.all_codes()), file=out, format=used))
