"""`coder backup`, `coder restore`, `coder check` and `coder redact`."""

from __future__ import annotations

import click

from coder.cli.common import DB_ARGUMENT, JSON_OPTION, emit_json, note, open_project, progress


@click.command()
@DB_ARGUMENT
@click.argument("out", type=click.Path(dir_okay=False))
def backup(db: str, out: str) -> None:
    """Back up the project in DB to OUT.

    A SQLite project is copied with SQLite's online backup (safe while others code). Name OUT
    *.coderdump for a portable dump, which any project (PostgreSQL too) can be written as and
    restored from into SQLite or PostgreSQL.
    """
    from coder.store.maintenance import backup as do_backup

    with open_project(db) as project, progress("backing up") as update:
        kind = do_backup(project, out, progress=update)
    note(f"backup written ({'SQLite copy' if kind == 'sqlite' else 'portable dump'}): {out}")


@click.command()
@click.argument("backup_file", metavar="BACKUP", type=click.Path(dir_okay=False))
@DB_ARGUMENT
def restore(backup_file: str, db: str) -> None:
    """Restore BACKUP (a SQLite backup or a *.coderdump) into a new, empty project DB."""
    from coder.store.maintenance import restore as do_restore

    with progress("restoring") as update:
        project = do_restore(backup_file, db, progress=update)
    project.close()
    note(f"restored {backup_file} into {db}")


@click.command()
@DB_ARGUMENT
@JSON_OPTION
def check(db: str, as_json: bool) -> None:
    """Verify the project's integrity and say what was found.

    Checks SQLite's integrity and foreign keys, orphan codings, codings on codes of another
    question, duplicates, the schema revision, and codings that use retired or merged codes.
    Exit status 1 when an error is found (warnings alone keep 0).
    """
    from coder.store.maintenance import check as do_check

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
        for finding in findings:
            click.echo(f"{finding.level}: {finding.message}")
        click.echo(
            "check: no problems found"
            if not findings
            else f"check: {len(errors)} errors, {len(findings) - len(errors)} warnings"
        )
    if errors:
        raise SystemExit(1)
