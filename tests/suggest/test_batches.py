"""Answers are scored and explained a batch at a time: a batch gives every answer exactly what
it gets alone, and the bulk work leaves Python's garbage collector as it found it."""

from __future__ import annotations

import gc

import numpy as np
import pytest

from coder.bulk import paused_gc
from coder.codebook.model import Code, Codebook
from coder.suggest import Suggester
from coder.suggest.coldstart import ColdStart
from coder.text import TextProcessor

from .conftest import SEPARABLE

PROBES = [
    ("Ei rahaa eikä rahoitusta, ja byrokratia vie kaiken ajan", "fi"),
    ("Rahoituksen puute ja rahoitus loppuu", "fi"),
    ("Inga pengar, bara byråkrati och pappersarbete", "sv"),
    ("Marknadsföringen saknas och ingen marknadsföring når folk", "sv"),
    ("No money, not enough funding, and the paperwork never ends", "en"),
    ("Advertising and marketing reach nobody; marketing money is gone", "en"),
    ("", "en"),
    ("ok", "sv"),
]


@pytest.fixture
def phrase_codebook(codebook: Codebook) -> Codebook:
    """The shared codebook plus a code with several-word keywords (phrases)."""
    extra = Code(
        id="workload",
        labels={"en": "Workload", "fi": "Työkuorma", "sv": "Arbetsbörda"},
        keywords={"en": ["not enough time", "too much work"], "fi": ["liian vähän aikaa"]},
    )
    return Codebook(id=codebook.id, codes=[*codebook.codes, extra])


def test_codebook_scores_and_matches_of_a_batch_equal_each_answer_alone(
    phrase_codebook: Codebook,
) -> None:
    processor = TextProcessor()
    docs = processor.process_many(*zip(*PROBES, strict=True))
    docs.append(processor.process("There is not enough time and too much work", "en"))
    cold = ColdStart(phrase_codebook, processor=processor)
    batch = cold.predict_proba(docs)
    assert batch[-1, cold.code_ids_.index("workload")] > 0.8  # both phrases, in full
    for i, doc in enumerate(docs):
        alone = ColdStart(phrase_codebook, processor=processor).predict_proba([doc])[0]
        assert np.array_equal(batch[i], alone), PROBES[i] if i < len(PROBES) else doc
        raw, matched = cold.raw_scores(doc)
        assert np.array_equal(1.0 - np.exp(-raw), alone)
        for j, found in enumerate(matched):
            assert [m.word for m in found] == [m.word for m in cold.matches(doc, {j})[j]]
            assert all(m.word in doc.tokens and m.weight > 0 for m in found)


def test_explanations_of_a_batch_equal_each_answer_explained_alone(codebook: Codebook) -> None:
    texts, langs, labels = (list(column) for column in zip(*SEPARABLE, strict=True))
    learned = Suggester(codebook).fit(texts, langs, [set(x) for x in labels])
    for suggester in (learned, Suggester(codebook)):  # with a model, and codebook only
        batch = suggester.suggest_many(*zip(*PROBES, strict=True), k=3, explain=True)
        assert any(s.words for row in batch for s in row)
        for (text, lang), row in zip(PROBES, batch, strict=True):
            assert suggester.suggest(text, lang, k=3) == row, text
            for s in row:
                assert not s.words or s.score > 0
                assert set(s.words) <= set(TextProcessor().process(text, lang).tokens)


def test_bulk_work_leaves_the_garbage_collector_as_it_found_it(codebook: Codebook) -> None:
    texts, langs, labels = (list(column) for column in zip(*SEPARABLE, strict=True))
    assert gc.isenabled()
    Suggester(codebook).fit(texts, langs, [set(x) for x in labels]).suggest_many(texts, langs)
    assert gc.isenabled()
    with pytest.raises(RuntimeError), paused_gc():
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block leaves it to the outer one
        raise RuntimeError("interrupted")
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()  # off before, off after
    finally:
        gc.enable()


def test_without_the_corpus_matrix_every_suggestion_is_the_same(codebook: Codebook) -> None:
    """The TUI's process keeps no corpus feature rows (memory) and computes them when asked:
    it must suggest exactly what ``coder suggest``, which keeps them, suggests."""
    texts, langs, labels = (list(column) for column in zip(*SEPARABLE, strict=True))
    corpus = (texts + [t for t, _ in PROBES], langs + [lang for _, lang in PROBES])
    kept = Suggester(codebook).fit(texts, langs, [set(x) for x in labels], corpus=corpus)
    lean = Suggester(codebook, corpus_features=False)
    lean.fit_processed(
        lean.processor.process_many(texts, langs),
        [set(x) for x in labels],
        lean.processor.process_many(*corpus),
    )
    assert np.array_equal(kept.predict_proba(*corpus), lean.predict_proba(*corpus))
    assert kept.suggest_with_confidence(*corpus, explain=True) == lean.suggest_with_confidence(
        *corpus, explain=True
    )
