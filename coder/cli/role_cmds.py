"""`coder role`: name a project lead (or make someone a coder again)."""

from __future__ import annotations

import click

from coder.cli.common import DB_ARGUMENT, open_project, print_result
from coder.cli.messages import msg
from coder.store.roles import leads, set_role


@click.command("role")
@DB_ARGUMENT
@click.argument("name", metavar="NAME")
@click.argument("role", metavar="lead|coder", type=click.Choice(["lead", "coder"]))
def role(db: str, name: str, role: str) -> None:
    """Give NAME a role in the project: lead or coder.

    While a project has no lead everyone acts as one (a solo analyst). Once it has one, only
    a lead opens reconciliation (ending blind coding) and merges, splits, retires or moves
    codes on a question that other coders have coded; coders may add codes and change
    wording. A working agreement, not access control: the project file holds everyone's work.
    """
    with open_project(db) as project, project.session() as session:
        set_role(session, name, role)
        now = leads(session)
    print_result(
        msg("cli.role.now_lead" if role == "lead" else "cli.role.now_coder", name=name.strip())
        + (msg("cli.role.leads", leads=", ".join(now)) if now else msg("cli.role.no_lead"))
    )
