"""`coder suggest` and `coder evaluate`: the ML suggester from the command line."""

from __future__ import annotations

import ctypes
import json
import sys

import click

from coder.agreement.render import evaluation_table
from coder.bulk import paused_gc
from coder.cli.common import (
    DB_ARGUMENT,
    JSON_OPTION,
    coder_option,
    emit_json,
    note,
    open_project,
    progress,
)
from coder.cli.consensus import refuse_consensus
from coder.cli.messages import decimal, language, msg, msg_n, percent
from coder.errors import InputError
from coder.store.reports import code_labels
from coder.store.suggest import undo_auto_run
from coder.suggest.project import (
    auto_code,
    evaluate_question,
    load_question,
    order_uncoded,
    suggest_document,
    train,
)

QUESTION_OPTION = click.option(
    "--question", "question_id", required=True, metavar="QID", help="The question to work on."
)
CODER_OPTION = coder_option("Learn from this coder's codings.", dest="coder")


def keep_freed_memory() -> None:
    """Let the C allocator keep memory a bulk command frees, for the allocations after it.

    Fitting and listing 100,000 answers allocates and frees arrays of up to tens of MB
    again and again; by default glibc hands each one back to the kernel (an ``mmap`` of its
    own, or trimming the heap), and every page of the next one is faulted in anew: about
    300,000 page faults and 1.4 s of system time in ``coder suggest`` on 100,000 answers.
    With blocks up to 32 MB served from the heap and the heap trimmed only past 512 MB
    free, the same run takes about 1 s less (and 30-40 MB more at its peak). Elsewhere
    than glibc nothing changes.
    """
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (AttributeError, OSError, TypeError):  # no such symbol; no process handle (Windows)
        return
    mallopt(_M_MMAP_THRESHOLD, 32 * 2**20)
    mallopt(_M_TRIM_THRESHOLD, 512 * 2**20)


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
"""glibc's ``mallopt`` parameters (malloc.h)."""

_ECHO_PIECE = 2**20
"""Characters of a long JSON document written at a time."""


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
@click.option(
    "--auto-code",
    "auto",
    is_flag=True,
    help="Code the answers whose confidence reaches --min-precision (source 'auto', one "
    "undoable run) and list them, instead of listing suggestions.",
)
@click.option(
    "--min-precision",
    metavar="P",
    type=click.FloatRange(0.5, 1.0),
    default=0.95,
    show_default=True,
    help="With --auto-code: the share of auto-coded answers whose code set should be exactly "
    "right, as estimated by cross-validation on NAME's own codings.",
)
@click.option(
    "--undo-auto",
    "undo_auto",
    is_flag=True,
    help="Take back NAME's latest --auto-code run on the question (answers NAME has changed "
    "since stay as they are).",
)
@JSON_OPTION
@paused_gc(freeze=True)  # millions of small objects and no cycles: see coder.bulk
def suggest(
    db: str,
    question_id: str,
    coder: str,
    top: int,
    order: str,
    auto: bool,
    min_precision: float,
    undo_auto: bool,
    as_json: bool,
) -> None:
    """Suggest codes for every answer NAME has not coded yet.

    Trains on what NAME has coded for the question and on the codebook itself (labels,
    definitions, examples, keywords in sv/fi/en), then scores each uncoded answer. Each
    suggestion lists the top codes with scores in [0, 1], the words that drove them and
    whether each comes mostly from the codebook or from the learned model; the codes the
    suggester would assign on its own ("predicted"); and "confidence", the estimated
    probability that "predicted" is exactly NAME's set. Read-only unless --auto-code or
    --undo-auto is given.
    """
    keep_freed_memory()
    if undo_auto:
        with open_project(db) as project, project.session() as session:
            reverted = undo_auto_run(session, coder, question_id)
        if as_json:
            emit_json({"question": question_id, "coder": coder, "reverted": reverted})
        else:
            note(msg_n("cli.suggest.undone", reverted, question=question_id))
        return
    with open_project(db) as project, project.session(write=False) as session:
        if auto:
            refuse_consensus(project, coder.strip(), "cli.suggest.consensus")
        data = load_question(session, question_id, coder)
    note(msg_n("cli.suggest.training", len(data.coded), coder=coder))
    suggester = train(data)
    if auto:
        with open_project(db) as project, project.session() as session:
            report = auto_code(session, data, suggester, min_precision)
        if as_json:
            emit_json(report)
            return
        for item in report["coded"]:
            click.echo(
                f"{item['respondent_id']}\t{'; '.join(item['codes'])}\t{item['confidence']:.3f}"
            )
        too_few = report["trained_on"] < report["needs_coded"]
        if report["threshold"] is None and report["coded"]:
            note(
                msg_n(
                    "cli.suggest.auto_non_answers",
                    len(report["coded"]),
                    precision=percent(min_precision, 0),
                )
            )
        if report["threshold"] is None and too_few:
            note(
                msg_n(
                    "cli.suggest.auto_too_few",
                    report["trained_on"],
                    coder=coder,
                    needed=report["needs_coded"],
                )
            )
        elif report["threshold"] is None and not report["coded"]:
            note(
                msg_n(
                    "cli.suggest.no_level",
                    len(data.coded),
                    precision=percent(min_precision, 0),
                    coder=coder,
                )
            )
        else:
            note(
                msg_n(
                    "cli.suggest.auto_coded",
                    len(report["coded"]),
                    threshold=decimal(report["threshold"], 3),
                )
            )
        return
    document = suggest_document(data, suggester, top=top)
    if order == "informative":
        document["suggestions"] = order_uncoded(data, suggester, document["suggestions"])
    # the fitted model and the answers are no longer needed: their memory (the corpus's
    # feature matrix alone is 150 MB for 100,000 answers) serves the output instead
    del suggester, data
    if as_json:
        # compact: json's C encoder (an indented document of 100,000 answers took seconds);
        # plain dicts and lists with no cycle, so no cycle check (0.1 s of 0.55 here)
        text = json.dumps(document, ensure_ascii=False, check_circular=False)
        del document
        # a megabyte at a time: 100,000 answers' JSON encoded in one piece held another copy
        # of it (about 50 MB) in new pages
        for begin in range(0, len(text), _ECHO_PIECE):
            click.echo(text[begin : begin + _ECHO_PIECE], nl=False)
        click.echo()
        return
    for item in document["suggestions"]:
        codes = ", ".join(
            f"{c['code']} {c['score']:.2f}" + (f" ({' '.join(c['words'])})" if c["words"] else "")
            for c in item["codes"]
        )
        mark = "; ".join(item["predicted"]) or "-"
        click.echo(f"{item['respondent_id']}\t{mark}\t{item['confidence']:.2f}\t{codes}")
    note(msg_n("cli.suggest.listed", len(document["suggestions"]), trained=document["trained_on"]))


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
@paused_gc(freeze=True)
def evaluate(db: str, question_id: str, coder: str, folds: int, top: int, as_json: bool) -> None:
    """How far to trust the suggester on this question, by cross-validation on NAME's codings.

    Reports, per code, precision, recall and F1 of the codes the suggester would assign; the
    share of true codes among its top-K suggestions; and a learning curve (quality after
    training on 10, 25, 50... coded answers). Read-only: nothing is written.
    """
    with open_project(db) as project, project.session(write=False) as session:
        data = load_question(session, question_id, coder)
        labels = code_labels(session, question_id)
    if len(data.coded) < 2 * folds:
        raise InputError(
            msg_n(
                "cli.evaluate.too_few",
                len(data.coded),
                coder=coder,
                question=question_id,
                folds=folds,
                needed=2 * folds,
            )
        )
    note(msg_n("cli.evaluate.start", len(data.coded), coder=coder))
    with progress(msg("cli.stage.cross_validating")) as bar:

        def update(done: int, total: int) -> None:
            bar(done, total)
            if not sys.stderr.isatty() and done % folds == 0:  # no bar: a line per step
                note(msg("cli.evaluate.step", done=done, total=total))

        report = evaluate_question(data, folds=folds, k=top, progress=update)
    if as_json:
        emit_json(report)
        return
    micro = report["micro"]
    click.echo(
        msg_n(
            "cli.evaluate.heading",
            report["answers"],
            question=question_id,
            coder=coder,
            folds=folds,
        )
    )
    click.echo(
        msg(
            "cli.evaluate.micro",
            precision=decimal(micro["precision"], 3),
            recall=decimal(micro["recall"], 3),
            f1=decimal(micro["f1"], 3),
            k=top,
            top_k=decimal(report[f"top{top}_recall"], 3),
        )
    )
    click.echo(
        msg(
            "cli.evaluate.auto",
            exact=decimal(report["exact_set_accuracy"], 3),
            levels=", ".join(
                msg(
                    "cli.evaluate.auto_level",
                    share=percent(row["share"]),
                    level=percent(float(level), 0),
                )
                + (
                    msg("cli.evaluate.measured", precision=percent(row["precision"]))
                    if row["precision"] is not None
                    else ""
                )
                for level, row in report["auto_code"].items()
            ),
        )
    )
    for line in evaluation_table(report["per_code"], labels, language()):
        click.echo(line)
    click.echo(
        msg(
            "cli.evaluate.curve",
            points=", ".join(
                msg(
                    "cli.evaluate.point",
                    trained=p["trained_on"],
                    f1=decimal(p["micro_f1"], 2),
                    k=top,
                    top_k=decimal(p[f"top{top}_recall"], 2),
                )
                for p in report["learning_curve"]
            ),
        )
    )
