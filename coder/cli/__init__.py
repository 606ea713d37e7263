"""The `coder` command line: a thin click layer over the domain core.

Commands are registered by name with a one-line summary and imported only when invoked, so
`coder --help` lists them without importing any command module (each of which imports the
project's modules it needs at its top), and no command loads what another needs.
"""

from __future__ import annotations

import importlib
import sys
import textwrap
from typing import Any

import click

from coder import __version__
from coder.cli.messages import (
    ERROR_PREFIX,
    PROGRAM_PREFIX,
    choose,
    forget,
    language,
    msg,
    one_line,
    usage_message,
)
from coder.errors import CoderError

# command name -> "module:attribute" under coder.cli; each module holds one command group.
COMMANDS: dict[str, str] = {
    "init": "coder.cli.project_cmds:init",
    "status": "coder.cli.project_cmds:status",
    "answers": "coder.cli.project_cmds:answers",
    "import": "coder.cli.import_cmds:import_survey",
    "import-codes": "coder.cli.import_cmds:import_codes",
    "codebook": "coder.cli.codebook_cmds:codebook",
    "demo": "coder.cli.demo_cmds:demo",
    "code": "coder.cli.tui_cmds:code",
    "suggest": "coder.cli.suggest_cmds:suggest",
    "evaluate": "coder.cli.suggest_cmds:evaluate",
    "agreement": "coder.cli.agreement_cmds:agreement",
    "reconcile": "coder.cli.agreement_cmds:reconcile",
    "role": "coder.cli.role_cmds:role",
    "export": "coder.cli.export_cmds:export",
    "backup": "coder.cli.admin_cmds:backup",
    "restore": "coder.cli.admin_cmds:restore",
    "check": "coder.cli.admin_cmds:check",
    "redact": "coder.cli.admin_cmds:redact",
}
# command name -> the first paragraph of its help, shown by `coder --help` without importing
# the command (a test keeps the two equal). A command missing here is imported for its help.
SUMMARIES: dict[str, str] = {
    "init": "Create an empty project in DB (a SQLite file or a database URL).",
    "status": "Summarise the project: questions, answers, languages, codes and who has coded what.",
    "answers": "List the answers with their language and respondent attributes.",
    "import": "Import survey answers from FILE (CSV, TSV or XLSX) into the project DB.",
    "import-codes": "Import coding done elsewhere from a CSV with header "
    "respondent_id,question,codes.",
    "codebook": "Codebooks: validate files, attach them to questions, show and export them.",
    "demo": "Build the demo project (idempotently) and open the coding TUI on it.",
    "code": "Code answers in the keyboard-first TUI (? inside shows every key).",
    "suggest": "Suggest codes for every answer NAME has not coded yet.",
    "evaluate": "How far to trust the suggester on this question, by cross-validation on "
    "NAME's codings.",
    "agreement": "Inter-coder agreement for a question's codings, or for reliability data in "
    "--matrix.",
    "reconcile": "Reconcile coders into a consensus coding (stored as its own coder, with who "
    "decided).",
    "role": "Give NAME a role in the project: lead or coder.",
    "export": "Export theme tables, charts, code matrices, quotes, codebooks or the whole project.",
    "backup": "Back up the project in DB to FILE (--out FILE, or OUT).",
    "restore": "Restore BACKUP (a SQLite backup or a *.coderdump) into a new, empty project DB.",
    "check": "Verify the project's integrity and say what was found.",
    "redact": "Remove e-mail addresses, phone numbers, URLs and listed names from stored answers.",
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return load_command(cmd_name) if cmd_name in COMMANDS else None

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """Click's, with "did you mean" drawn from the registered (not yet imported) names."""
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.NoSuchCommand as exc:
            raise click.exceptions.NoSuchCommand(
                exc.command_name, possibilities=COMMANDS, ctx=ctx
            ) from None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from SUMMARIES, so `coder --help` imports no command module."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = [(name, _short(summary(name), limit)) for name in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def summary(name: str) -> str:
    """The registered one-line summary of command ``name`` (importing it when there is none)."""
    if name in SUMMARIES:
        return SUMMARIES[name]
    return first_paragraph(load_command(name).help or "")


def first_paragraph(help_text: str) -> str:
    """A command's help up to its first blank line, on one line."""
    return " ".join(help_text.strip().split("\n\n")[0].split())


def _short(text: str, limit: int) -> str:
    """``text`` cut at a word to fit ``limit`` characters, as click shortens command help."""
    return textwrap.shorten(text, width=max(limit, 10), placeholder="...")


def load_command(name: str) -> click.Command:
    """The command registered as ``name``, imported now.

    A module that fails to import is an error naming it (never a command that silently
    vanishes from ``coder --help``).
    """
    module_name, attr = COMMANDS[name].split(":")
    try:
        module = importlib.import_module(module_name)
    except Exception as exc:
        raise CoderError(
            msg(
                "cli.load.failed",
                name=repr(name),
                module=module_name,
                error=f"{type(exc).__name__}: {exc}",
            )
        ) from exc
    command = getattr(module, attr, None)
    if not isinstance(command, click.Command):
        raise CoderError(
            msg("cli.load.not_a_command", name=repr(name), module=module_name, attr=repr(attr))
        )
    return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="coder")
@click.option("--debug", is_flag=True, help="Show full tracebacks for errors.")
def cli(debug: bool) -> None:
    """coder: code open-ended survey answers into themes, measure agreement, report tables.

    DB is a path to a SQLite file or an SQLAlchemy URL
    (postgresql+psycopg://user:pw@host/dbname; needs `pip install "coder[postgres]"`).
    """
    # --debug is acted on by main(): errors are turned into one line outside click's context.


def main(argv: list[str] | None = None) -> Any:
    """Console-script entry point: every error is one line on stderr (docs/cli.md).

    Exit status 2 for wrong usage (with a hint where to read the help), 1 for a user-facing
    error, 130 when interrupted. Messages are in the language `coder.cli.messages` chooses.
    """
    args = argv if argv is not None else sys.argv[1:]
    choose(args)
    try:
        return _run(args, argv)
    finally:
        forget()


def _run(args: list[str], argv: list[str] | None) -> Any:
    """`main`'s work, in the language chosen for the run."""
    debug = "--debug" in args
    try:
        result = cli.main(args=argv, prog_name="coder", standalone_mode=False)
        return result if isinstance(result, int) else None
    except click.exceptions.NoArgsIsHelpError as exc:  # bare `coder`, `coder codebook`
        click.echo(exc.ctx.get_help() if exc.ctx else cli.get_help(click.Context(cli)))
        sys.exit(0)
    except click.exceptions.Abort:
        click.echo(PROGRAM_PREFIX + msg("cli.aborted"), err=True)
        sys.exit(1)
    except click.UsageError as exc:
        click.echo(ERROR_PREFIX + usage_line(exc), err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        click.echo(ERROR_PREFIX + one_line(exc.format_message()), err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except CoderError as exc:
        if debug:
            raise
        click.echo(ERROR_PREFIX + exc.text(language()), err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo(PROGRAM_PREFIX + msg("cli.interrupted"), err=True)
        sys.exit(130)


def usage_line(exc: click.UsageError) -> str:
    """Click's usage error as one line with a hint, instead of its three-line usage block."""
    command = exc.ctx.command_path if exc.ctx is not None else "coder"
    return usage_message(exc) + msg("cli.usage.hint", command=command)
