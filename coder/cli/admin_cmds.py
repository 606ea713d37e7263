"""`coder backup`, `coder restore`, `coder check` and `coder redact`."""

from __future__ import annotations

import getpass
from pathlib import Path

import click

from coder.cli.common import (
    DB_ARGUMENT,
    JSON_OPTION,
    emit_json,
    names_option,
    note,
    open_project,
    out_file,
    out_option_or_positional,
    output_folder,
    print_result,
    progress,
)
from coder.cli.messages import msg, msg_n
from coder.errors import InputError
from coder.redaction import read_names
from coder.store.engine import display_name
from coder.store.maintenance import backup as do_backup
from coder.store.maintenance import check as do_check
from coder.store.maintenance import restore as do_restore
from coder.store.project import Project
from coder.store.queries import require_question
from coder.store.redact import KINDS, redact_answers


@click.command()
@DB_ARGUMENT
@out_option_or_positional("Where to write the backup")
def backup(db: str, out_positional: Path | None, out: Path | None) -> None:
    """Back up the project in DB to FILE (--out FILE, or OUT).

    A SQLite project is copied with SQLite's online backup (safe while others code). Name the
    file *.coderdump for a portable dump, which any project (PostgreSQL too) can be written as
    and restored from into SQLite or PostgreSQL.
    """
    target = out_file(out, out_positional)
    with (
        open_project(db) as project,
        progress(msg("cli.stage.backup")) as update,
        output_folder(target),
    ):
        kind = do_backup(
            project,
            str(target),
            progress=lambda _stage, done, total: update(done, total),
        )
    print_result(msg("cli.backup.sqlite" if kind == "sqlite" else "cli.backup.dump", file=target))


@click.command()
@click.argument("backup_file", metavar="BACKUP", type=click.Path(dir_okay=False))
@DB_ARGUMENT
def restore(backup_file: str, db: str) -> None:
    """Restore BACKUP (a SQLite backup or a *.coderdump) into a new, empty project DB."""
    with progress(msg("cli.stage.restore")) as update:
        project = do_restore(
            backup_file, db, progress=lambda _stage, done, total: update(done, total)
        )
    project.close()
    print_result(msg("cli.restore.done", backup=backup_file, db=display_name(db)))


@click.command()
@DB_ARGUMENT
@JSON_OPTION
def check(db: str, as_json: bool) -> None:
    """Verify the project's integrity and say what was found.

    Checks SQLite's integrity and foreign keys, orphan codings, codings on codes of another
    question, duplicates, the schema revision, and codings that use retired or merged codes.
    Exit status 1 when an error is found (warnings alone keep 0).
    """
    with open_project(db) as project:
        findings = do_check(project)
    errors = [f for f in findings if f.level == "error"]
    if as_json:
        emit_json(
            {
                "ok": not errors,
                "findings": [{"level": f.level, "message": f.message} for f in findings],
            }
        )
    else:
        for finding in findings:  # the level stays a keyword: error or warning
            click.echo(f"{finding.level}: {finding.message}")
        click.echo(
            msg("cli.check.clean")
            if not findings
            else msg(
                "cli.check.found",
                errors=msg_n("cli.count.errors", len(errors)),
                warnings=msg_n("cli.count.warnings", len(findings) - len(errors)),
            )
        )
    if errors:
        raise SystemExit(1)


@click.command()
@DB_ARGUMENT
@names_option(
    "Names to remove too: one per line (UTF-8), blank lines and # comments skipped.",
    aliases=("--redact-names",),
)
@click.option("--question", "question_id", metavar="QID", help="Only this question's answers.")
@click.option(
    "--coder",
    "actor",
    metavar="NAME",
    help="Who is redacting, for the event log (default: your login name).",
)
@click.option("--dry-run", is_flag=True, help="Report what would be removed; change nothing.")
@JSON_OPTION
def redact(
    db: str,
    names_file: Path | None,
    question_id: str | None,
    actor: str | None,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Remove e-mail addresses, phone numbers, URLs and listed names from stored answers.

    Each is replaced by a placeholder ([e-mail], [phone], [URL], [name]) in one transaction.
    The event log records who redacted which answer and how many of each kind were removed,
    never the removed text. Prints what was removed per answer and in total.
    """
    names = _read_names_file(names_file) if names_file is not None else []
    with open_project(db) as project:
        if question_id is not None:
            _require_question(project, question_id)
        result = redact_answers(
            project, names, actor=actor or _login(), dry_run=dry_run, question_id=question_id
        )
    if as_json:
        emit_json(result.to_json())
        return
    for answer in result.answers:
        found = ", ".join(_count(answer.removed[k], k) for k in KINDS if answer.removed.get(k))
        click.echo(f"{answer.respondent_id} {answer.question}: {found}")
    total = ", ".join(_count(result.removed[k], k) for k in KINDS) or msg("cli.redact.nothing")
    summary = msg_n(
        "cli.redact.would" if dry_run else "cli.redact.done",
        result.answers_scanned,
        touched=result.answers_touched,
        removed=total,
    )
    if names_file is not None:
        summary += msg_n("cli.redact.listed", result.names_listed)
    click.echo(summary)
    if result.wal_cleared is False:
        note(msg("cli.redact.wal_busy"))
    if not dry_run and result.answers and project.dialect == "postgresql":
        note(msg("cli.redact.vacuum"))


# What redaction removes (coder.store.redact.KINDS) -> its counted noun in the catalogue.
_KIND_KEYS = {
    "email": "cli.count.emails",
    "phone": "cli.count.phones",
    "url": "cli.count.urls",
    "name": "cli.count.names",
}


def _count(n: int, kind: str) -> str:
    return msg_n(_KIND_KEYS[kind], n)


def _read_names_file(path: Path) -> list[str]:
    """The names of a --names file, or an InputError naming it."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(msg("cli.names.unreadable", file=path, reason=exc.strerror)) from exc
    except UnicodeDecodeError as exc:
        raise InputError(msg("cli.names.not_utf8", file=path)) from exc
    names = read_names(text.splitlines())
    if not names:
        raise InputError(msg("cli.names.empty", file=path))
    return names


def _require_question(project: Project, question_id: str) -> None:
    with project.session(write=False) as session:
        require_question(session, question_id)


def _login() -> str:
    """The person at the terminal, for the event log."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "redact"
