"""`coder demo`: build the bundled demo project and open the coding TUI on it."""

from __future__ import annotations

import click

from coder.cli.common import JSON_OPTION, emit_json, note


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
    from coder.demo.build import build_demo, default_path

    target = db or str(default_path())
    note(f"building the demo project at {target} ...")
    result = build_demo(target)
    if result.built:
        note(
            f"demo built: {result.answers} answers from {result.respondents} respondents to "
            f"{len(result.questions)} questions; coded by "
            + ", ".join(f"{name} ({count})" for name, count in sorted(result.codings.items()))
        )
    else:
        note("demo already up to date")
    if as_json:
        emit_json(result.to_json())
    if no_tui or as_json:
        if not as_json:
            click.echo(result.db)
        return
    _open_tui(result.db, coder_name, question_id)


def _open_tui(db: str, coder_name: str, question_id: str) -> None:
    """Run `coder code` on the demo, or say how once the TUI is not installed."""
    from coder.cli import LazyGroup
    from coder.errors import CoderError

    code = LazyGroup._load("code")
    if code is None:
        raise CoderError(
            f"the coding TUI is not available in this build of coder; the demo is at {db} "
            "(use `coder demo --no-tui`)"
        )
    code.main(
        args=[db, "--coder", coder_name, "--question", question_id],
        prog_name="coder code",
        standalone_mode=False,
    )
