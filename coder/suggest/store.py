"""The suggester's thin layer over a project: what a coder has coded, and accepting suggestions.

Everything here reads or writes through :mod:`coder.store`; the learning itself stays in
:class:`coder.suggest.Suggester`, which knows nothing about databases.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coder.codebook.model import Codebook
from coder.suggest.suggester import CodeSuggestion, Suggester
from coder.text import TextProcessor


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

    def uncoded(self) -> list[int]:
        """Positions (into the answer lists) of the answers the coder has not coded yet."""
        return [i for i, aid in enumerate(self.answer_ids) if aid not in self.coded]


def load_question(session: Session, question_id: str, coder: str) -> QuestionData:
    """Read a question's answers, active codebook and the coder's codings.

    Raises NotFoundError for an unknown question or one without a codebook. Codings of codes
    that are no longer active (retired) are left out of the labels.
    """
    from coder.store.codebooks import require_codebook, to_model
    from coder.store.models import Answer
    from coder.store.queries import codings_by_answer, require_question

    require_question(session, question_id)
    require_codebook(session, question_id)
    codebook = to_model(session, question_id)
    active = {code.id for code in codebook.all_codes()}
    data = QuestionData(question_id, coder, codebook)
    rows = session.execute(
        select(Answer.id, Answer.respondent_id, Answer.text, Answer.language)
        .where(Answer.question_id == question_id)
        .order_by(Answer.position, Answer.id)
    )
    for aid, rid, text, lang in rows:
        data.answer_ids.append(aid)
        data.respondent_ids.append(rid)
        data.texts.append(text or "")
        data.langs.append(lang or "und")
    data.coded = {
        aid: {key for key in keys if key in active}
        for aid, keys in codings_by_answer(session, question_id, coder).items()
    }
    return data


def train(data: QuestionData, processor: TextProcessor | None = None) -> Suggester:
    """A suggester trained on what the coder has coded (and the codebook), vocabulary from
    every answer of the question."""
    texts, langs, labels = data.training()
    return Suggester(data.codebook, processor=processor).fit(
        texts, langs, labels, corpus=(data.texts, data.langs)
    )


def suggest_document(data: QuestionData, suggester: Suggester, top: int = 3) -> dict[str, Any]:
    """The ``coder suggest --json`` document: suggestions for every answer not yet coded."""
    todo = data.uncoded()
    rows = suggester.suggest_many(
        [data.texts[i] for i in todo], [data.langs[i] for i in todo], k=top, explain=True
    )
    return {
        "question": data.question_id,
        "coder": data.coder,
        "trained_on": suggester.n_trained_,
        "suggestions": [
            {
                "respondent_id": data.respondent_ids[i],
                "codes": [{"code": s.code, "score": s.score, "words": list(s.words)} for s in row],
                "predicted": [s.code for s in row if s.predicted],
            }
            for i, row in zip(todo, rows, strict=True)
        ],
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
    from coder.store.actions import code_by_key, set_codes, toggle_code

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
    from coder.store.models import Answer, Coder, Coding

    rows = session.execute(
        select(Coding.source, func.count())
        .join(Answer, Coding.answer_id == Answer.id)
        .join(Coder, Coding.coder_id == Coder.id)
        .where(Answer.question_id == question_id, Coder.name == coder)
        .group_by(Coding.source)
    ).all()
    total = sum(count for _source, count in rows)
    if not total:
        return None
    return sum(count for source, count in rows if source == "suggestion") / total


def order_uncoded(
    data: QuestionData, suggester: Suggester, items: list[dict[str, Any]], rare_every: int = 4
) -> list[dict[str, Any]]:
    """``items`` (one per uncoded answer, in survey order) reordered most informative first."""
    from coder.suggest.queue import order_queue

    todo = data.uncoded()
    scores = suggester.predict_proba([data.texts[i] for i in todo], [data.langs[i] for i in todo])
    thresholds = suggester.decision_.thresholds
    order = order_queue(scores, thresholds, suggester.positives_, "informative", rare_every)
    return [items[i] for i in order]


def evaluate_question(data: QuestionData, folds: int = 5, k: int = 3) -> dict[str, Any]:
    """The ``coder evaluate --json`` document: cross-validated quality on the coder's codings."""
    from coder.suggest.evaluate import cross_validate

    texts, langs, labels = data.training()
    report = cross_validate(
        texts,
        langs,
        labels,
        lambda: Suggester(data.codebook),
        folds=folds,
        corpus=(data.texts, data.langs),
        k=k,
    )
    return {"question": data.question_id, "coder": data.coder, **report}
