"""`coder code`: open the coding TUI for one coder."""

from __future__ import annotations

import sys

import click

from coder.cli.common import DB_ARGUMENT, coder_option, lang_option, open_project
from coder.cli.consensus import refuse_consensus
from coder.cli.messages import msg
from coder.errors import InputError
from coder.tui.config import check_code_keys, load_config


@click.command("code")
@DB_ARGUMENT
@coder_option("Your name as a coder (created on first use).")
@click.option(
    "--question",
    "question_id",
    metavar="QID",
    help="Question to code (default: the first with a codebook).",
)
@lang_option(
    "Language of the interface and code labels (default: config file, else en).",
    default=None,
    aliases=("--ui-lang",),
)
@click.option(
    "--order",
    type=click.Choice(["survey", "informative"]),
    help="Queue order: the survey's, or the suggester's most informative first "
    "(default: what you last chose, else survey; O switches inside).",
)
def code(
    db: str, coder_name: str, question_id: str | None, lang: str | None, order: str | None
) -> None:
    """Code answers in the keyboard-first TUI (? inside shows every key)."""
    from coder.tui.app import CoderApp  # Textual: imported only when the TUI opens

    if not coder_name.strip():
        raise InputError(msg("cli.code.no_name"))
    config = load_config()
    with open_project(db) as project:
        refuse_consensus(project, coder_name.strip())
        app = CoderApp(project, coder_name.strip(), question_id, lang, config, order=order)
        # Load the question before the screen takes over, so a bad --question is one clear line.
        app.state = app.load_state()
        check_code_keys(
            config, {k: app.state.code_by_id[i].key for k, i in app.state.shortcuts.items()}
        )
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            raise InputError(msg("cli.code.no_terminal"))
        app.run_and_leave()
