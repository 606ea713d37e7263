"""`coder init`, `coder status` and `coder answers`."""

from __future__ import annotations

import click

from coder.cli.common import DB_ARGUMENT, JSON_OPTION, emit_json, open_project, print_result
from coder.cli.messages import msg, msg_n
from coder.store.engine import display_name
from coder.store.project import Project
from coder.store.queries import answers as list_answers
from coder.store.queries import status as project_status


@click.command()
@DB_ARGUMENT
def init(db: str) -> None:
    """Create an empty project in DB (a SQLite file or a database URL).

    Idempotent: on an existing project it changes nothing.
    """
    project = Project.create(db)
    project.close()
    print_result(msg("cli.init.ready", db=display_name(db)))


@click.command()
@DB_ARGUMENT
@JSON_OPTION
def status(db: str, as_json: bool) -> None:
    """Summarise the project: questions, answers, languages, codes and who has coded what."""
    with open_project(db) as project, project.session(write=False) as session:
        summary = project_status(session)
    if as_json:
        emit_json(summary)
        return
    click.echo(
        msg(
            "cli.status.project",
            respondents=msg_n("cli.count.respondents", summary["respondents"]),
            questions=msg_n("cli.count.questions", len(summary["questions"])),
        )
    )
    for q in summary["questions"]:
        langs = ", ".join(f"{k} {v}" for k, v in q["languages"].items()) or "-"
        coders = ", ".join(f"{name} {c['coded']}/{q['answers']}" for name, c in q["coders"].items())
        click.echo(
            msg(
                "cli.status.question",
                question=q["id"],
                answers=msg_n("cli.count.answers", q["answers"]),
                languages=langs,
                codes=msg_n("cli.count.codes", q["codes"]),
            )
            + (msg("cli.status.coded", coders=coders) if coders else "")
        )


@click.command()
@DB_ARGUMENT
@click.option("--question", "question_id", metavar="QID", help="Only the answers to this question.")
@JSON_OPTION
def answers(db: str, question_id: str | None, as_json: bool) -> None:
    """List the answers with their language and respondent attributes."""
    with open_project(db) as project, project.session(write=False) as session:
        views = list_answers(session, question_id)
    if as_json:
        emit_json(
            {
                "answers": [
                    {
                        "respondent_id": v.respondent_id,
                        "question": v.question_id,
                        "language": v.language,
                        "text": v.text,
                        "attributes": v.attributes,
                    }
                    for v in views
                ]
            }
        )
        return
    for v in views:
        text = " ".join(v.text.split())
        click.echo(f"{v.respondent_id}\t{v.question_id}\t{v.language}\t{text[:100]}")
