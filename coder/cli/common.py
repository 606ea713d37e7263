"""Helpers shared by the command modules: opening projects, JSON output, progress bars."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING, Any

import click

from coder.progress import Progress

if TYPE_CHECKING:
    from coder.store.project import Project

DB_ARGUMENT = click.argument("db", metavar="DB")
JSON_OPTION = click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON document on stdout."
)


@contextmanager
def open_project(db: str) -> Iterator[Project]:
    """Open an existing project (never creates one) and close it afterwards."""
    from coder.store.project import Project

    project = Project.open(db)
    try:
        yield project
    finally:
        project.close()


def emit_json(document: Any) -> None:
    """Print exactly one JSON document on stdout."""
    click.echo(json.dumps(document, ensure_ascii=False, indent=2, default=str))


def note(message: str) -> None:
    """A message for the person at the terminal (stderr, so stdout stays clean)."""
    click.echo(message, err=True)


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
                current[stage] = stack.enter_context(progress(stage, total))
            current[stage](done, total)

        yield report
