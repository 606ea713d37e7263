"""`coder demo`: build the bundled demo project and open the coding TUI on it."""

from __future__ import annotations

import click

from coder.cli.common import JSON_OPTION, emit_json, note
from coder.cli.messages import msg, msg_n
from coder.cli.tui_cmds import code
from coder.demo.build import build_demo, default_path


@click.command()
@click.option(
    "--path",
    "db",
    metavar="DB",
    help="Where to build it: a SQLite file or a database URL "
    "(default: coder-demo.sqlite in your user data folder).",
)
@click.option("--no-tui", is_flag=True, help="Only build the demo and print where it is.")
@click.option(
    "--coder", "coder_name", default="anna", show_default=True, metavar="NAME", help="Code as NAME."
)
@click.option(
    "--question",
    "question_id",
    default="microcredential_challenges",
    show_default=True,
    metavar="QID",
    help="Question to open in the TUI.",
)
@JSON_OPTION
def demo(db: str | None, no_tui: bool, coder_name: str, question_id: str, as_json: bool) -> None:
    """Build the demo project (idempotently) and open the coding TUI on it.

    The demo is a survey of some 250 university staff answering five open questions in Finnish,
    Swedish and English, with the shipped codebooks attached and two coders (anna, ben) who
    have coded parts of it. Building again leaves an up-to-date demo (and your coding) as is.
    """
    target = db or str(default_path())
    result = build_demo(target, on_build=lambda: note(msg("cli.demo.building", db=target)))
    if result.built:
        note(
            msg(
                "cli.demo.built",
                answers=msg_n("cli.count.answers", result.answers),
                respondents=msg_n("cli.count.respondents", result.respondents),
                questions=msg_n("cli.count.questions", len(result.questions)),
                coders=", ".join(f"{name} ({n})" for name, n in sorted(result.codings.items())),
            )
        )
    else:
        note(msg("cli.demo.up_to_date", db=result.db))
    if as_json:
        emit_json(result.to_json())
    if no_tui or as_json:
        if not as_json:
            click.echo(result.db)
        return
    click.get_current_context().invoke(
        code, db=result.db, coder_name=coder_name, question_id=question_id, lang=None
    )
