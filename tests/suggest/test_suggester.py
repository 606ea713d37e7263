"""The suggester learns from coded answers and explains itself."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from coder.codebook.model import Codebook
from coder.suggest import Suggester
from coder.suggest.model import LinearCodeModel

from .conftest import SEPARABLE


@pytest.fixture(scope="module")
def trained(codebook: Codebook) -> Suggester:
    texts, langs, labels = zip(*SEPARABLE, strict=True)
    return Suggester(codebook).fit(list(texts), list(langs), list(labels))


def test_fit_returns_self_and_counts(codebook: Codebook) -> None:
    texts, langs, labels = zip(*SEPARABLE, strict=True)
    s = Suggester(codebook)
    assert s.fit(list(texts), list(langs), list(labels)) is s
    assert s.n_trained_ == len(SEPARABLE)
    assert s.code_ids_ == ["funding", "bureaucracy", "marketing"]


def test_separable_answers_get_the_right_code(trained: Suggester) -> None:
    # none of these words is in the codebook: only learning can place them
    cases = {
        "The grant is over and there is no budget": "funding",
        "Committee approval forms never end": "bureaucracy",
        "Our newsletter reaches nobody, people never hear of it": "marketing",
    }
    for text, code in cases.items():
        best = trained.suggest(text, "en", k=3)
        assert best[0].code == code, (text, best)
        assert best[0].predicted


def test_suggestions_are_ordered_scored_and_explained(trained: Suggester) -> None:
    result = trained.suggest("The grant is over and there is no budget", "en", k=2)
    assert len(result) == 2
    assert result[0].score >= result[1].score
    assert all(0.0 <= s.score <= 1.0 for s in result)
    assert set(result[0].words) <= {"grant", "over", "budget", "no"}
    assert {"grant", "budget"} & set(result[0].words)


def test_predict_and_predict_proba_shapes(trained: Suggester) -> None:
    texts = ["no budget", "forms and committee"]
    proba = trained.predict_proba(texts, ["en", "en"])
    assert proba.shape == (2, 3)
    predicted = trained.predict(texts, ["en", "en"])
    assert predicted[0] == {"funding"} and predicted[1] == {"bureaucracy"}


def test_cold_start_before_any_coding(codebook: Codebook) -> None:
    s = Suggester(codebook).fit([], [], [])
    top = s.suggest("Markkinointiin ei ole panostettu", "fi", k=1)[0]
    assert top.code == "marketing"
    assert top.words == ("markkinointiin",)


def test_add_learns_one_more_answer_cheaply(codebook: Codebook) -> None:
    texts, langs, labels = zip(*SEPARABLE, strict=True)
    s = Suggester(codebook).fit(list(texts), list(langs), list(labels))
    vectorizer = s._state.vectorizer
    before = s.predict_proba(["Conference travel is impossible"], ["en"])[0, 0]
    for _ in range(3):
        s.add("Conference travel is impossible, no budget for it", "en", {"funding"})
    after = s.predict_proba(["Conference travel is impossible"], ["en"])[0, 0]
    assert s.n_trained_ == len(SEPARABLE) + 3
    assert s._state.vectorizer is vectorizer  # the vocabulary stays fixed
    assert after > before


def test_new_code_in_labels_is_learned(codebook: Codebook) -> None:
    texts, langs, labels = zip(*SEPARABLE, strict=True)
    s = Suggester(codebook).fit(list(texts), list(langs), list(labels))
    s.add_many(
        ["Teachers lack digital skills", "Digital skills training is missing"] * 3,
        ["en"] * 6,
        [{"skills"}] * 6,
    )
    assert "skills" in s.code_ids_
    assert s.suggest("Digital skills of teachers", "en", k=1)[0].code == "skills"


def test_retraining_in_a_thread_never_breaks_suggest(codebook: Codebook) -> None:
    """The TUI suggests on the UI thread while a worker retrains: each call sees one model."""
    texts, langs, labels = zip(*SEPARABLE, strict=True)
    s = Suggester(codebook).fit(list(texts), list(langs), list(labels))
    errors: list[BaseException] = []

    def retrain() -> None:
        try:
            for i in range(5):
                s.add(f"Grant number {i} is gone", "en", {"funding"})
                s.refit()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    worker = threading.Thread(target=retrain)
    worker.start()
    while worker.is_alive():
        result = s.suggest("Committee approval forms never end", "en", k=3)
        assert [r.code for r in result][0] == "bureaucracy"
    worker.join()
    assert not errors
    assert s.n_trained_ == len(SEPARABLE) + 5


def test_linear_model_follows_sklearn_conventions() -> None:
    from sklearn.base import clone

    rng = np.random.default_rng(0)
    X = rng.random((40, 6))
    Y = np.column_stack([X[:, 0] > 0.5, X[:, 1] > 0.5]).astype(int)
    model = LinearCodeModel(calibrate_cv=0)
    assert model.fit(X, Y) is model
    assert model.coef_.shape == (2, 6) and model.n_codes_ == 2
    assert model.predict_proba(X).shape == (40, 2)
    assert (model.predict(X) == Y.astype(bool)).mean() > 0.8
    copy = clone(model)
    assert copy.get_params() == model.get_params() and not hasattr(copy, "coef_")
    sgd = LinearCodeModel(sgd_from=10, calibrate_cv=3).fit(X, Y)
    assert sgd.oof_proba_ is not None and sgd.oof_proba_.shape == (40, 2)
    assert sgd.update(X, Y) is sgd


def test_corpus_answers_score_the_same_as_new_ones(codebook: Codebook) -> None:
    """Answers of the corpus come from the per-fit cache; the scores must not depend on it."""
    texts, langs, labels = zip(*SEPARABLE, strict=True)
    corpus = (["Forms pile up in the committee", "Kukaan ei tiedä kursseista"], ["en", "fi"])
    cached = Suggester(codebook).fit(list(texts), list(langs), list(labels), corpus=corpus)
    from coder.text import TextProcessor

    fresh_processor = TextProcessor()  # other Processed objects: nothing found in the cache
    fresh = cached.predict_proba(*corpus)
    cached.processor = fresh_processor
    assert np.allclose(cached.predict_proba(*corpus), fresh)


def test_minibatch_update_moves_towards_the_new_answers(codebook: Codebook) -> None:
    texts, langs, labels = zip(*(SEPARABLE * 3), strict=True)
    s = Suggester(codebook, model_factory=lambda: LinearCodeModel(sgd_from=20)).fit(
        list(texts), list(langs), list(labels)
    )
    probe = (["Conference travel is impossible"], ["en"])
    before = s.predict_proba(*probe)[0, 0]
    for _ in range(5):
        s.add("Conference travel is impossible", "en", {"funding"})
    assert s.predict_proba(*probe)[0, 0] > before
    assert s.suggest("Committee approval forms never end", "en", k=1)[0].code == "bureaucracy"
