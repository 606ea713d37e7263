"""`coder code`: open the coding TUI for one coder."""

from __future__ import annotations

import click

from coder.cli.common import DB_ARGUMENT, open_project


@click.command("code")
@DB_ARGUMENT
@click.option(
    "--coder", "coder_name", required=True, help="Your name as a coder (created on first use)."
)
@click.option(
    "--question", "question_id", help="Question to code (default: the first with a codebook)."
)
@click.option(
    "--ui-lang",
    type=click.Choice(["en", "sv", "fi"]),
    help="Language of the interface and code labels (default: config file, else en).",
)
@click.option(
    "--order",
    type=click.Choice(["survey", "informative"]),
    help="Queue order: the survey's, or the suggester's most informative first "
    "(default: what you last chose, else survey; O switches inside).",
)
def code(
    db: str, coder_name: str, question_id: str | None, ui_lang: str | None, order: str | None
) -> None:
    """Code answers in the keyboard-first TUI (? inside shows every key)."""
    from coder.errors import InputError
    from coder.tui.app import CoderApp
    from coder.tui.config import load_config

    if not coder_name.strip():
        raise InputError("--coder must name you (e.g. --coder anna)")
    config = load_config()
    with open_project(db) as project:
        app = CoderApp(project, coder_name.strip(), question_id, ui_lang, config, order=order)
        # Load the question before the screen takes over, so a bad --question is one clear line.
        app.state = app.load_state()
        app.run_and_leave()
