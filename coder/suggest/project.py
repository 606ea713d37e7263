"""The suggester over a project: what a coder has coded, one training path, auto-coding.

Reads and writes go through :mod:`coder.store` (this module holds no SQL); the learning stays
in :class:`coder.suggest.Suggester`, which knows nothing about databases. The command line and
the TUI both train through :func:`training_inputs`, so an answer gets the same suggestion in
both.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from coder.bulk import paused_gc
from coder.codebook.model import Codebook
from coder.store.actions import code_by_key, set_codes, toggle_code
from coder.store.project import Project, Session
from coder.store.suggest import auto_code as store_auto_code
from coder.store.suggest import (
    code_ids_by_key,
    coding_sources,
    suggester_question,
    undo_auto_run,
)
from coder.suggest.confidence import (
    MIN_CODED_FOR_AUTO,
    NonAnswers,
    non_answers,
    with_non_answers,
)
from coder.suggest.evaluate import cross_validate
from coder.suggest.queue import order_queue
from coder.suggest.suggester import CodeSuggestion, Suggester
from coder.text import TextProcessor

MAX_TRAIN = 5000
"""Coded answers a fit learns from at most (an even sample beyond that): a full fit stays in
seconds, and the TUI's first fit and ``coder suggest`` sample the same answers."""


@dataclass
class QuestionData:
    """A question's answers in survey order, its codebook and what one coder has coded."""

    question_id: str
    coder: str
    codebook: Codebook
    answer_ids: list[int] = field(default_factory=list)
    respondent_ids: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    langs: list[str] = field(default_factory=list)
    coded: dict[int, set[str]] = field(default_factory=dict)
    """Answer id -> code ids (keys) the coder gave; an empty set = coded, no code applies."""

    def training(self) -> tuple[list[str], list[str], list[set[str]]]:
        """(texts, languages, label sets) of the answers the coder has coded."""
        texts, langs, labels = [], [], []
        for aid, text, lang in zip(self.answer_ids, self.texts, self.langs, strict=True):
            if aid in self.coded:
                texts.append(text)
                langs.append(lang)
                labels.append(self.coded[aid])
        return texts, langs, labels

    def non_answers(self) -> NonAnswers:
        """How the coder has coded the non-answers among their coded answers."""
        texts, _langs, labels = self.training()
        return NonAnswers.of(texts, labels)

    def uncoded(self) -> list[int]:
        """Positions (into the answer lists) of the answers the coder has not coded yet."""
        return [i for i, aid in enumerate(self.answer_ids) if aid not in self.coded]


@dataclass(frozen=True)
class TrainingInputs:
    """Everything a fit needs, as plain data (it crosses a pipe to the TUI's child process)."""

    codebook: Codebook
    texts: list[str]
    langs: list[str]
    labels: list[list[str]]
    corpus_texts: list[str]
    corpus_langs: list[str]

    def fit(self, suggester: Suggester | None = None) -> Suggester:
        """A suggester fitted on these inputs (a new one unless given)."""
        suggester = suggester or Suggester(self.codebook)
        return suggester.fit(
            self.texts, self.langs, self.labels, corpus=(self.corpus_texts, self.corpus_langs)
        )


def load_question(
    session: Session, question_id: str, coder: str, known_coder: bool = True
) -> QuestionData:
    """Read a question's answers, active codebook and the coder's codings.

    Raises NotFoundError for an unknown question, a question without a codebook, or (when
    ``known_coder``) a coder the project has never seen: a misspelt name on the command line
    must not quietly train on nothing. The TUI passes False: a new coder starts from zero.
    Codings of codes that are no longer active (retired) are left out of the labels.
    """
    codebook, answers, coded = suggester_question(session, question_id, coder, known_coder)
    data = QuestionData(question_id, coder, codebook, coded=coded)
    for aid, rid, text, lang in answers:
        data.answer_ids.append(aid)
        data.respondent_ids.append(rid)
        data.texts.append(text)
        data.langs.append(lang)
    return data


def training_inputs(data: QuestionData, max_train: int = MAX_TRAIN) -> TrainingInputs:
    """What the coder's suggester learns from: their coded answers (an even sample of at most
    ``max_train``), the codebook, and every answer of the question as the corpus."""
    texts, langs, labels = data.training()
    if len(texts) > max_train:
        keep = sorted(random.Random(0).sample(range(len(texts)), max_train))
        texts, langs, labels = [texts[i] for i in keep], [langs[i] for i in keep], [labels[i] for i in keep]  # fmt: skip
    return TrainingInputs(
        data.codebook,
        texts,
        langs,
        [sorted(codes) for codes in labels],
        list(data.texts),
        list(data.langs),
    )


def train(data: QuestionData, processor: TextProcessor | None = None) -> Suggester:
    """A suggester trained on what the coder has coded (see :func:`training_inputs`)."""
    return training_inputs(data).fit(Suggester(data.codebook, processor=processor))


def suggest_document(data: QuestionData, suggester: Suggester, top: int = 3) -> dict[str, Any]:
    """The ``coder suggest --json`` document: suggestions for every answer not yet coded."""
    with paused_gc():
        return _suggest_document(data, suggester, top)


def _suggest_document(data: QuestionData, suggester: Suggester, top: int) -> dict[str, Any]:
    todo = data.uncoded()
    texts = [data.texts[i] for i in todo]
    rows, predicted, confidence = suggester.suggest_with_confidence(
        texts, [data.langs[i] for i in todo], k=top, explain=True
    )
    rule = data.non_answers()
    if rule.supported:  # the coder leaves non-answers without a code: so would the suggester
        for n in non_answers(texts).nonzero()[0]:
            predicted[n], confidence[n] = [], round(rule.confidence, 4)
    # answers with the same processed form share their suggestion objects: one dict each
    as_dicts: dict[int, dict[str, Any]] = {}
    for row in rows:
        for s in row:
            if id(s) not in as_dicts:
                as_dicts[id(s)] = {
                    "code": s.code,
                    "score": s.score,
                    "words": list(s.words),
                    "source": s.source,
                }
    return {
        "question": data.question_id,
        "coder": data.coder,
        "trained_on": suggester.n_trained_,
        "confidence_calibrated": suggester.confidence_calibrated_,
        "suggestions": [
            {
                "respondent_id": data.respondent_ids[i],
                "codes": [as_dicts[id(s)] for s in row],
                "predicted": codes,
                "confidence": conf,
            }
            for i, row, codes, conf in zip(todo, rows, predicted, confidence, strict=True)
        ],
    }


def auto_code(
    session: Session,
    data: QuestionData,
    suggester: Suggester,
    min_precision: float,
) -> dict[str, Any]:
    """Code, with source ``auto``, the uncoded answers whose confidence reaches the level
    estimated (on the coder's own codings, out of fold) to give ``min_precision`` exact sets,
    and mark the uncoded non-answers "coded, no code applies" where the coder's own coded
    non-answers say so at that precision (:class:`coder.suggest.confidence.NonAnswers`).

    Returns {"threshold", "trained_on", "needs_coded" (the coded answers auto-coding of answers
    with codes waits for), "coded": [{"respondent_id", "codes", "confidence"}], "event"}; the
    run is one event, taken back as a whole by :func:`coder.store.suggest.undo_auto_run`.
    """
    threshold = suggester.auto_threshold(min_precision)
    rule = data.non_answers()
    todo = data.uncoded()
    texts, langs = [data.texts[i] for i in todo], [data.langs[i] for i in todo]
    codes: list[list[str]] = [[] for _ in todo]
    confidence = np.zeros(len(todo))
    picked = np.zeros(len(todo), dtype=bool)
    if threshold is not None:
        _scores, assigned, confidence = suggester.decide(texts, langs)
        codes = [[suggester.code_ids_[j] for j in row.nonzero()[0]] for row in assigned]
        picked = (confidence >= threshold) & assigned.any(axis=1)
    picked, empty = with_non_answers(picked, non_answers(texts), rule, min_precision)
    chosen = [
        (todo[n], [] if empty[n] else codes[n],
         round(rule.confidence if empty[n] else float(confidence[n]), 4))
        for n in picked.nonzero()[0]
    ]  # fmt: skip
    ids = code_ids_by_key(session, data.question_id)
    chosen = [item for item in chosen if all(c in ids for c in item[1])]
    items = [(data.answer_ids[i], [ids[c] for c in codes], conf) for i, codes, conf in chosen]
    details = {
        "min_precision": min_precision,
        "threshold": threshold,
        "non_answers": {"coded": rule.coded, "empty": rule.empty},
    }
    event = store_auto_code(session, data.coder, data.question_id, items, details)
    return {
        "question": data.question_id,
        "coder": data.coder,
        "min_precision": min_precision,
        "threshold": None if threshold is None else math.floor(threshold * 1e4) / 1e4,
        "trained_on": suggester.n_trained_,
        "needs_coded": MIN_CODED_FOR_AUTO,
        "event": event,
        "coded": [
            {"respondent_id": data.respondent_ids[i], "codes": codes, "confidence": conf}
            for i, codes, conf in chosen
        ]
        if event is not None
        else [],
    }


def accept(
    session: Session,
    answer_id: int,
    coder: str,
    question_id: str,
    codes: Iterable[str],
    suggestions: Sequence[CodeSuggestion] = (),
) -> None:
    """Record a coder's codes on an answer; codes taken from ``suggestions`` are stored with
    source "suggestion" and their score, the others as typed ("manual")."""
    wanted = list(dict.fromkeys(codes))
    suggested = {s.code: s.score for s in suggestions}
    ids = {key: code_by_key(session, question_id, key).id for key in wanted}
    from_suggestion = [key for key in wanted if key in suggested]
    set_codes(
        session,
        answer_id,
        coder,
        [ids[key] for key in from_suggestion],
        source="suggestion",
        scores={ids[key]: suggested[key] for key in from_suggestion},
    )
    for key in wanted:
        if key not in suggested:
            toggle_code(session, answer_id, ids[key], coder, source="manual")


def acceptance_rate(session: Session, question_id: str, coder: str) -> float | None:
    """Share of the coder's codings on this question that were accepted suggestions
    (None before any coding): the live figure the TUI shows."""
    counts = coding_sources(session, question_id, coder)
    total = sum(counts.values())
    return counts.get("suggestion", 0) / total if total else None


def order_uncoded(
    data: QuestionData, suggester: Suggester, items: list[dict[str, Any]], rare_every: int = 4
) -> list[dict[str, Any]]:
    """``items`` (one per uncoded answer, in survey order) reordered most informative first."""
    todo = data.uncoded()
    scores = suggester.predict_proba([data.texts[i] for i in todo], [data.langs[i] for i in todo])
    thresholds = suggester.decision_.thresholds
    order = order_queue(scores, thresholds, suggester.positives_, "informative", rare_every)
    return [items[i] for i in order]


def evaluate_question(
    data: QuestionData,
    folds: int = 5,
    k: int = 3,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """The ``coder evaluate --json`` document: cross-validated quality on the coder's codings."""
    inputs = training_inputs(data)
    with paused_gc():
        report = cross_validate(
            inputs.texts,
            inputs.langs,
            inputs.labels,
            lambda: Suggester(data.codebook),
            folds=folds,
            corpus=(inputs.corpus_texts, inputs.corpus_langs),
            k=k,
            progress=progress,
        )
    return {"question": data.question_id, "coder": data.coder, **report}


def run_auto_code(db: str, question_id: str, coder: str, min_precision: float) -> dict[str, Any]:
    """Open the project at ``db``, train the coder's suggester and auto-code (one transaction
    for the writes): what ``coder suggest --auto-code`` does, callable from another process."""
    with Project.open(db) as project:
        with project.session(write=False) as session:
            data = load_question(session, question_id, coder)
        suggester = train(data)
        with project.session() as session:
            return auto_code(session, data, suggester, min_precision)


def run_undo_auto(db: str, question_id: str, coder: str) -> int:
    """Take back the coder's latest auto-coding run on the question; how many answers."""
    with Project.open(db) as project, project.session() as session:
        return undo_auto_run(session, coder, question_id)
