"""`coder suggest` and `coder evaluate`: the ML suggester from the command line."""

from __future__ import annotations

import click

from coder.cli.common import (
    DB_ARGUMENT,
    JSON_OPTION,
    coder_option,
    emit_json,
    note,
    open_project,
)

QUESTION_OPTION = click.option(
    "--question", "question_id", required=True, metavar="QID", help="The question to work on."
)
CODER_OPTION = coder_option("Learn from this coder's codings.", dest="coder")


@click.command()
@DB_ARGUMENT
@QUESTION_OPTION
@CODER_OPTION
@click.option(
    "--top",
    "top",
    metavar="K",
    type=click.IntRange(1, 50),
    default=3,
    show_default=True,
    help="How many codes to suggest per answer.",
)
@click.option(
    "--order",
    "order",
    type=click.Choice(["survey", "informative"]),
    default="survey",
    show_default=True,
    help="List answers in survey order, or the most informative to code first.",
)
@JSON_OPTION
def suggest(db: str, question_id: str, coder: str, top: int, order: str, as_json: bool) -> None:
    """Suggest codes for every answer NAME has not coded yet.

    Trains on what NAME has coded for the question and on the codebook itself (keywords,
    examples, definitions in sv/fi/en), then scores each uncoded answer. Each suggestion lists
    the top codes with scores in [0, 1], the words that drove them, and the codes the
    suggester would assign on its own ("predicted"). Read-only: nothing is written.
    """
    from coder.agreement.collect import require_coders
    from coder.suggest.store import load_question, order_uncoded, suggest_document, train

    with open_project(db) as project, project.session(write=False) as session:
        data = load_question(session, question_id, coder)
        require_coders(session, [coder])
    note(f"training on {len(data.coded)} answers coded by {coder} ...")
    suggester = train(data)
    document = suggest_document(data, suggester, top=top)
    if order == "informative":
        document["suggestions"] = order_uncoded(data, suggester, document["suggestions"])
    if as_json:
        emit_json(document)
        return
    for item in document["suggestions"]:
        codes = ", ".join(
            f"{c['code']} {c['score']:.2f}" + (f" ({' '.join(c['words'])})" if c["words"] else "")
            for c in item["codes"]
        )
        mark = "; ".join(item["predicted"]) or "-"
        click.echo(f"{item['respondent_id']}\t{mark}\t{codes}")
    note(f"{len(document['suggestions'])} answers, trained on {document['trained_on']}")


@click.command()
@DB_ARGUMENT
@QUESTION_OPTION
@CODER_OPTION
@click.option(
    "--folds",
    metavar="N",
    type=click.IntRange(2, 20),
    default=5,
    show_default=True,
    help="Cross-validation folds.",
)
@click.option(
    "--top",
    "top",
    metavar="K",
    type=click.IntRange(1, 50),
    default=3,
    show_default=True,
    help="K of the top-K recall.",
)
@JSON_OPTION
def evaluate(db: str, question_id: str, coder: str, folds: int, top: int, as_json: bool) -> None:
    """How far to trust the suggester on this question, by cross-validation on NAME's codings.

    Reports, per code, precision, recall and F1 of the codes the suggester would assign; the
    share of true codes among its top-K suggestions; and a learning curve (quality after
    training on 10, 25, 50... coded answers). Read-only: nothing is written.
    """
    from coder.agreement.collect import require_coders
    from coder.errors import InputError
    from coder.store.reports import code_labels
    from coder.suggest.store import evaluate_question, load_question

    with open_project(db) as project, project.session(write=False) as session:
        data = load_question(session, question_id, coder)
        require_coders(session, [coder])
        labels = code_labels(session, question_id)
    if len(data.coded) < 2 * folds:
        raise InputError(
            f"{coder} has coded {len(data.coded)} answers of {question_id}; "
            f"{folds}-fold cross-validation needs at least {2 * folds}"
        )
    note(f"cross-validating on {len(data.coded)} answers coded by {coder} ...")
    report = evaluate_question(data, folds=folds, k=top)
    if as_json:
        emit_json(report)
        return
    micro = report["micro"]
    click.echo(
        f"{question_id} / {coder}: {report['answers']} coded answers, {folds} folds\n"
        f"micro precision {micro['precision']:.3f}  recall {micro['recall']:.3f}  "
        f"F1 {micro['f1']:.3f}  top-{top} recall {report[f'top{top}_recall']:.3f}"
    )
    from coder.agreement.render import evaluation_table

    for line in evaluation_table(report["per_code"], labels):
        click.echo(line)
    click.echo(
        "learning curve: "
        + ", ".join(
            f"{p['trained_on']}: F1 {p['micro_f1']:.2f} top-{top} {p[f'top{top}_recall']:.2f}"
            for p in report["learning_curve"]
        )
    )
