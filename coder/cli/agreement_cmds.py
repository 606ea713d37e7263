"""`coder agreement` (inter-coder agreement figures) and `coder reconcile` (consensus coding).

Heavy parts (numpy, scipy) are imported inside the commands so `coder --help` stays fast.
"""

from __future__ import annotations

from typing import Any

import click

from coder.agreement.collect import load_table, parse_coders
from coder.agreement.matrix import matrix_report, read_matrix
from coder.agreement.reconcile import (
    accept_agreed,
    against_consensus,
    list_disagreements,
    open_reconciliation,
    resolve,
)
from coder.agreement.render import matrix_markdown, note_text, report_markdown
from coder.agreement.report import agreement_report
from coder.cli.common import (
    DB_ARGUMENT,
    JSON_OPTION,
    coder_option,
    emit_json,
    note,
    open_project,
    print_result,
)
from coder.cli.messages import decimal, language, msg, msg_n, percent
from coder.errors import InputError, NotFoundError
from coder.store.actions import find_answer
from coder.store.queries import is_consensus_coder
from coder.store.reports import code_labels

LEVEL_CHOICES = ("nominal", "ordinal", "interval", "ratio")
QUESTION_OPTION = click.option(
    "--question", "question_id", metavar="QID", required=True, help="The question to reconcile."
)
CODERS_OPTION = click.option(
    "--coders", "coders_text", metavar="A,B[,C...]", required=True, help="Coders, comma separated."
)
CONSENSUS_OPTION = click.option(
    "--consensus",
    default="consensus",
    show_default=True,
    metavar="NAME",
    help="The consensus coder that holds reconciled codings.",
)


def _print(doc: dict[str, Any], as_json: bool, markdown: str) -> None:
    if as_json:
        emit_json(doc)
    else:
        click.echo(markdown, nl=False)


@click.command()
@click.argument("db", metavar="[DB]", required=False)
@click.option(
    "--question", "question_id", metavar="QID", help="The question whose codings to compare."
)
@click.option(
    "--coders", "coders_text", metavar="A,B[,C...]", help="Coders to compare, comma separated."
)
@click.option(
    "--matrix",
    "matrix_file",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Reliability data CSV (unit,CODER1,CODER2,...) instead of a project.",
)
@click.option(
    "--level",
    type=click.Choice(LEVEL_CHOICES),
    default="nominal",
    show_default=True,
    help="Level of measurement of --matrix data.",
)
@click.option(
    "--bootstrap",
    "n_boot",
    metavar="N",
    type=click.IntRange(0, 100_000),
    default=1000,
    show_default=True,
    help="Bootstrap resamples for alpha's confidence interval (0: none).",
)
@click.option(
    "--seed", metavar="N", type=int, default=0, show_default=True, help="Bootstrap random seed."
)
@click.option(
    "--details/--no-details",
    default=True,
    show_default=True,
    help="Include the confusion tables and disagreement lists in --json.",
)
@CONSENSUS_OPTION
@JSON_OPTION
@click.option("--md", "as_md", is_flag=True, help="Print a Markdown table for a report.")
def agreement(
    db: str | None,
    question_id: str | None,
    coders_text: str | None,
    matrix_file: str | None,
    level: str,
    n_boot: int,
    seed: int,
    details: bool,
    consensus: str,
    as_json: bool,
    as_md: bool,
) -> None:
    """Inter-coder agreement for a question's codings, or for reliability data in --matrix.

    With DB: over the answers coded by at least two of the listed coders, per code (each
    answer present/absent for each coder: percent agreement, Cohen's kappa for two coders or
    Fleiss' kappa for more, Krippendorff's alpha, Gwet's AC1, Brennan-Prediger) and overall
    (identical code sets; set-valued alpha with MASI and Jaccard distances), with 95 %
    intervals, Krippendorff's reading of alpha, a confusion table and the disagreements.
    """
    if as_json and as_md:
        raise click.UsageError(msg("cli.agreement.json_or_md"))
    if matrix_file is not None:
        if db is not None or question_id or coders_text:
            raise click.UsageError(msg("cli.agreement.matrix_alone"))
        doc = matrix_report(read_matrix(matrix_file), level, n_boot=n_boot, seed=seed)  # type: ignore[arg-type]
        _print(doc, as_json, matrix_markdown(doc, language()))
        return
    if db is None:
        raise click.UsageError(msg("cli.agreement.db_or_matrix"))
    if not question_id or not coders_text:
        raise click.UsageError(msg("cli.agreement.db_needs"))
    if level != "nominal":
        raise click.UsageError(msg("cli.agreement.level"))
    coders = parse_coders(coders_text)
    if len(coders) < 2:
        raise InputError(msg("cli.agreement.one_coder", coder=coders[0]))
    with open_project(db) as project, project.session(write=False) as session:
        table = load_table(session, question_id, coders)
        doc = agreement_report(
            table, question=question_id, n_boot=n_boot, seed=seed, details=details
        )
        if consensus not in coders and is_consensus_coder(session, consensus):
            doc["against_consensus"] = against_consensus(
                session, question_id, coders, consensus=consensus
            )["coders"]
        labels = code_labels(session, question_id)
    if doc.get("note"):
        note(msg("cli.agreement.note", note=note_text(doc["note"], language())))
    _print(doc, as_json, report_markdown(doc, labels, language()))


@click.group()
def reconcile() -> None:
    """Reconcile coders into a consensus coding (stored as its own coder, with who decided)."""


@reconcile.command("list")
@DB_ARGUMENT
@QUESTION_OPTION
@CODERS_OPTION
@CONSENSUS_OPTION
@click.option("--all", "include_resolved", is_flag=True, help="Include answers already resolved.")
@JSON_OPTION
def reconcile_list(
    db: str,
    question_id: str,
    coders_text: str,
    consensus: str,
    include_resolved: bool,
    as_json: bool,
) -> None:
    """List the answers on which the coders' code sets differ (unresolved first)."""
    coders = parse_coders(coders_text)
    with open_project(db) as project, project.session(write=False) as session:
        items = list_disagreements(
            session, question_id, coders, consensus=consensus, include_resolved=include_resolved
        )
    if as_json:
        emit_json(
            {
                "question": question_id,
                "coders": coders,
                "disagreements": [d.to_dict() for d in items],
            }
        )
        return
    if not items:
        click.echo(msg("cli.reconcile.none_left"))
    for d in items:
        sets = "; ".join(
            f"{c}: {_codes(v)}" if v is not None else msg("cli.reconcile.not_coded", coder=c)
            for c, v in d.codes.items()
        )
        done = (
            msg("cli.reconcile.decided", codes=_codes(d.consensus))
            if d.consensus is not None
            else ""
        )
        click.echo(f"{d.respondent_id}: {sets}{done}")


def _codes(keys: list[str]) -> str:
    """A code set as a list, or "(no code)"."""
    return ", ".join(keys) or msg("cli.reconcile.no_code")


@reconcile.command("resolve")
@DB_ARGUMENT
@QUESTION_OPTION
@CODERS_OPTION
@click.option(
    "--respondent", "respondent_id", required=True, metavar="RID", help="The answer's respondent."
)
@click.option(
    "--take", metavar="CODER|union|intersection", help="Take one coder's codes, or combine them."
)
@click.option(
    "--codes",
    "codes_text",
    metavar="K1;K2",
    help="An explicit code set (';'-separated; '' for none).",
)
@coder_option("Who decides (recorded with the decision).", aliases=("--by",), dest="decided_by")
@CONSENSUS_OPTION
@JSON_OPTION
def reconcile_resolve(
    db: str,
    question_id: str,
    coders_text: str,
    respondent_id: str,
    take: str | None,
    codes_text: str | None,
    decided_by: str,
    consensus: str,
    as_json: bool,
) -> None:
    """Decide one answer's consensus codes (one transaction, written to the event log).

    The decision opens reconciliation of the question (its phase becomes reconciling); once
    the project has a lead, only a lead decides.
    """
    if (take is None) == (codes_text is None):
        raise click.UsageError(msg("cli.reconcile.take_or_codes"))
    coders = parse_coders(coders_text)
    codes = codes_text.split(";") if codes_text is not None else None
    with open_project(db) as project, project.session() as session:
        answer = find_answer(session, respondent_id, question_id)
        if answer is None:
            raise NotFoundError(
                msg(
                    "cli.reconcile.no_answer",
                    respondent=repr(respondent_id),
                    question=repr(question_id),
                )
            )
        keys = resolve(
            session,
            question_id,
            answer.id,
            coders,
            decided_by,
            take=take,
            codes=codes,
            consensus=consensus,
        )
        open_reconciliation(session, question_id, decided_by)
    if as_json:
        emit_json(
            {
                "question": question_id,
                "respondent_id": respondent_id,
                "consensus": keys,
                "decided_by": decided_by,
            }
        )
    else:
        print_result(
            msg(
                "cli.reconcile.resolved",
                respondent=respondent_id,
                codes=_codes(keys),
                coder=decided_by,
            )
        )


@reconcile.command("agreed")
@DB_ARGUMENT
@QUESTION_OPTION
@CODERS_OPTION
@coder_option("Who accepts the agreed codes.", aliases=("--by",), dest="decided_by")
@CONSENSUS_OPTION
@JSON_OPTION
def reconcile_agreed(
    db: str, question_id: str, coders_text: str, decided_by: str, consensus: str, as_json: bool
) -> None:
    """Accept every answer on which the coders agree as consensus (one transaction).

    This opens reconciliation of the question (its phase becomes reconciling); once the
    project has a lead, only a lead accepts.
    """
    coders = parse_coders(coders_text)
    with open_project(db) as project, project.session() as session:
        settled = accept_agreed(session, question_id, coders, decided_by, consensus=consensus)
        open_reconciliation(session, question_id, decided_by)
    if as_json:
        emit_json({"question": question_id, "settled": settled})
    else:
        print_result(msg_n("cli.reconcile.agreed", settled, consensus=repr(consensus)))


@reconcile.command("report")
@DB_ARGUMENT
@QUESTION_OPTION
@CODERS_OPTION
@CONSENSUS_OPTION
@JSON_OPTION
def reconcile_report(
    db: str, question_id: str, coders_text: str, consensus: str, as_json: bool
) -> None:
    """Agreement of each coder with the consensus."""
    coders = parse_coders(coders_text)
    with open_project(db) as project, project.session(write=False) as session:
        doc = against_consensus(session, question_id, coders, consensus=consensus)
    if as_json:
        emit_json(doc)
        return
    for coder, row in doc["coders"].items():
        pa, alpha = row["percent_agreement"], row["krippendorff_alpha_masi"]
        click.echo(
            msg_n(
                "cli.reconcile.against",
                row["units"],
                coder=coder,
                consensus=consensus,
                identical=msg("cli.na") if pa is None else percent(pa),
                alpha=msg("cli.na") if alpha is None else decimal(alpha, 3),
            )
        )
