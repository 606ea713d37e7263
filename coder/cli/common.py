"""Helpers shared by the command modules: opening projects, output, options, progress bars.

The command line's conventions (docs/cli.md) live here so every command follows them the
same way: results on stdout (`print_result`), messages and warnings on stderr (`note`, `warn`), the
same option for the same thing (`coder_option`, `lang_option`, `names_option`, `out_option`),
old spellings kept as hidden aliases that warn (`alias_option`), output folders created alike
(`output_folder`).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from coder.cli.messages import WARNING_PREFIX, msg
from coder.errors import InputError
from coder.progress import Progress
from coder.store.project import Project

DB_ARGUMENT = click.argument("db", metavar="DB")
JSON_OPTION = click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON document on stdout."
)


@contextmanager
def open_project(db: str) -> Iterator[Project]:
    """Open an existing project (never creates one) and close it afterwards."""
    project = Project.open(db)
    try:
        yield project
    finally:
        project.close()


def emit_json(document: Any) -> None:
    """Print exactly one JSON document on stdout."""
    click.echo(json.dumps(document, ensure_ascii=False, indent=2, default=str))


def print_result(message: str) -> None:
    """A command's result or summary: stdout, so `coder import ... > log` keeps it."""
    click.echo(message)


def note(message: str) -> None:
    """A message for the person at the terminal (stderr, so stdout stays clean)."""
    click.echo(message, err=True)


def warn(message: str) -> None:
    """A warning: one line on stderr, never mixed into results (its prefix in every language)."""
    click.echo(WARNING_PREFIX + message, err=True)


# --- options that mean the same thing in every command ------------------------------------

LANGUAGES = ("sv", "fi", "en")
Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def alias_option(alias: str, canonical: str, dest: str) -> Decorator:
    """A hidden, deprecated spelling of `canonical` that still works and warns on stderr.

    Its value is handed over in `ctx.meta`; `take_alias`, the canonical option's callback,
    uses it when the canonical option was not given itself.
    """

    def remember(ctx: click.Context, param: click.Parameter, value: Any) -> None:
        if value is None or value == ():
            return
        warn(msg("cli.option.deprecated", old=alias, new=canonical))
        if dest in ctx.params:  # processed first only when given on the command line too
            raise click.UsageError(msg("cli.option.both", new=canonical, old=alias), ctx)
        ctx.meta[f"coder.alias.{dest}"] = value

    return click.option(
        alias,
        f"_alias_{dest}",
        hidden=True,
        expose_value=False,
        callback=remember,
        help=f"Deprecated spelling of {canonical}.",
    )


def take_alias(required: str | None = None) -> Callable[[click.Context, click.Parameter, Any], Any]:
    """Callback for a canonical option: use a deprecated alias's value when it was given.

    With `required` (the option's name), a value from neither spelling is a usage error, so
    the option need not be click-required (click would refuse before the alias is read).
    """

    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        key = f"coder.alias.{param.name}"
        source = ctx.get_parameter_source(param.name or "")
        if key in ctx.meta and source in (None, ParameterSource.DEFAULT):
            value = param.type_cast_value(ctx, ctx.meta[key])
        if required and (value is None or value == ()):
            raise click.UsageError(msg("cli.usage.missing_option", name=required), ctx)
        return value

    return callback


def option_with_aliases(
    flag: str,
    dest: str,
    help: str,
    *,
    aliases: tuple[str, ...] = (),
    required: bool = False,
    **settings: Any,
) -> Decorator:
    """An option under its one name, with older spellings kept as hidden aliases that warn.

    `required` is enforced after the aliases are read (click's own check would come first).
    """

    def decorate(f: Callable[..., Any]) -> Callable[..., Any]:
        f = click.option(
            flag,
            dest,
            help=f"{help}  [required]" if required else help,
            callback=take_alias(flag if required else None),
            **settings,
        )(f)
        for alias in aliases:
            f = alias_option(alias, flag, dest)(f)
        return f

    return decorate


def coder_option(
    help: str, *, required: bool = True, aliases: tuple[str, ...] = (), dest: str = "coder_name"
) -> Decorator:
    """`--coder NAME`: the person who acts or whose coding is read, in every command.

    `aliases` are older spellings (such as `reconcile --by`) kept working, hidden, with a
    warning.
    """
    return option_with_aliases(
        "--coder", dest, help, aliases=aliases, required=required, metavar="NAME"
    )


def lang_option(
    help: str, *, default: str | None = "en", aliases: tuple[str, ...] = ()
) -> Decorator:
    """`--lang sv|fi|en`: the language of labels, headings and the interface alike."""
    return option_with_aliases(
        "--lang",
        "lang",
        help,
        aliases=aliases,
        type=click.Choice(LANGUAGES),
        default=default,
        show_default=default is not None,
    )


def names_option(help: str, *, aliases: tuple[str, ...] = ()) -> Decorator:
    """`--names FILE`: a file of personal names to redact (one per line), in every command."""
    return option_with_aliases(
        "--names",
        "names_file",
        help,
        aliases=aliases,
        metavar="FILE",
        type=click.Path(path_type=Path, dir_okay=False),
    )


def out_option(help: str, *, required: bool = True) -> Decorator:
    """`--out FILE`: where a command writes its output file."""
    return click.option(
        "--out",
        "out",
        required=required,
        metavar="FILE",
        type=click.Path(path_type=Path, dir_okay=False),
        help=help,
    )


def out_option_or_positional(help: str) -> Decorator:
    """`--out FILE`, or the positional OUT that older scripts pass (see `out_file`)."""

    def decorate(f: Callable[..., Any]) -> Callable[..., Any]:
        f = out_option(f"{help} (or give it as OUT).", required=False)(f)
        return click.argument(
            "out_positional",
            metavar="[OUT]",
            required=False,
            type=click.Path(dir_okay=False, path_type=Path),
        )(f)

    return decorate


def out_file(out_option_value: Path | None, positional: Path | None) -> Path:
    """The output file of a command that takes `--out FILE` or, as before, a positional OUT."""
    if out_option_value is not None and positional is not None:
        raise click.UsageError(msg("cli.out.twice"))
    out = out_option_value or positional
    if out is None:
        raise click.UsageError(msg("cli.usage.missing_option", name="--out FILE"))
    return out


@contextmanager
def output_folder(out: Path) -> Iterator[None]:
    """Create the missing folders above an output file, as `coder init` does for its DB.

    If the command then fails, the folders it created are removed again, so a failed command
    leaves nothing behind.
    """
    created: list[Path] = []
    folder = out.parent
    while not folder.exists():
        created.append(folder)
        folder = folder.parent
    if created and not folder.is_dir():
        raise InputError(msg("cli.out.not_a_folder", folder=folder))
    for path in reversed(created):
        path.mkdir()
    try:
        yield
    except BaseException:
        for path in created:
            try:
                path.rmdir()
            except OSError:
                break
        raise


@contextmanager
def progress(label: str, total: int | None = None) -> Iterator[Callable[[int, int | None], None]]:
    """A progress bar on stderr; yields ``update(done, total)``. Silent when stderr is no terminal."""
    if not sys.stderr.isatty():

        def silent(done: int, new_total: int | None = None) -> None:
            return None

        yield silent
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,}/{task.total:,}"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=total)

        def update(done: int, new_total: int | None = None) -> None:
            if new_total is not None:
                bar.update(task, total=new_total)
            bar.update(task, completed=done)

        yield update


# The core's stage names (coder.progress) -> the bars' labels in the catalogue.
STAGE_LABELS = {
    "theme tables": "cli.stage.theme_tables",
    "charts": "cli.stage.charts",
    "writing answers": "cli.stage.writing_answers",
    "detecting languages": "cli.stage.detecting_languages",
    "importing codes": "cli.stage.importing_codes",
    "writing sources": "cli.stage.writing_sources",
    "writing texts": "cli.stage.writing_texts",
    "backup": "cli.stage.backup",
    "restore": "cli.stage.restore",
}


def stage_label(stage: str) -> str:
    """A stage's bar label in the CLI's language (a stage the catalogue lacks as it is named)."""
    return msg(STAGE_LABELS[stage]) if stage in STAGE_LABELS else stage


@contextmanager
def stage_bars() -> Iterator[Progress]:
    """Adapt the core's (stage, done, total) callback to one stderr bar per stage."""
    with ExitStack() as stack:
        current: dict[str, Callable[[int, int | None], None]] = {}

        def report(stage: str, done: int, total: int | None) -> None:
            if total is not None and total < 2000:  # short work needs no bar
                return
            if stage not in current:
                stack.close()
                current.clear()
                current[stage] = stack.enter_context(progress(stage_label(stage), total))
            current[stage](done, total)

        yield report
