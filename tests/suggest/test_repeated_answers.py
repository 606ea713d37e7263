"""Survey answers repeat: each processed form is worked on once, and the result is the same as
working on every copy."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from coder.codebook.model import Codebook
from coder.suggest import Suggester, features
from coder.suggest.features import AnswerVectorizer
from coder.text import Processed, TextProcessor

from .conftest import SEPARABLE

REPEATED = [
    ("No money for this, no budget!", "en"),
    ("no money for this no budget", "en"),  # same words: one processed form
    ("Paperwork and bureaucracy everywhere (2)", "en"),
    ("Ei rahaa, ei rahoitusta", "fi"),
    ("Paperwork and bureaucracy everywhere (7)", "en"),
    ("Marknadsföring saknas helt", "sv"),
    ("No money for this, no budget!", "en"),
]


def test_equal_processed_forms_share_one_object() -> None:
    processor = TextProcessor()
    docs = processor.process_many(*zip(*REPEATED, strict=True))
    assert docs[0] is docs[1] is docs[6] and docs[2] is docs[4]
    assert docs[0] is not docs[3]


def test_features_of_repeated_answers_equal_scikit_learns_tfidf_on_every_copy() -> None:
    """Vocabulary and IDF as TfidfVectorizer fits them on every copy; each row what its
    transform gives with the stop words' weights (so a row computed later, in another
    process, is the same)."""
    processor = TextProcessor()
    docs = processor.process_many(*zip(*(REPEATED * 3), strict=True))
    for params in ({}, {"max_features": 20}, {"min_df": 2}):
        _assert_as_scikit_learn(docs, params)


def test_features_counted_a_few_answers_at_a_time_equal_scikit_learns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The fit names and counts the features of a chunk of answers at a time (each chunk's
    names sorted on their own): with chunks of two answers, and answers without any content
    word, the vocabulary, IDF and rows are still scikit-learn's, bit for bit."""
    monkeypatch.setattr(features, "_CHUNK", 2)
    odd = [("", "en"), ("2024 (3)", "fi"), ("and the of it", "en"), ("ja se on", "fi")]
    processor = TextProcessor()
    docs = processor.process_many(*zip(*(REPEATED + odd + REPEATED[::-1]), strict=True))
    for params in (
        {},
        {"stop_words": False},
        {"word_ngram_range": (1, 3)},
        {"word_ngram_range": (2, 2), "char_ngram_range": (2, 4)},
        {"max_features": 25, "min_df": 2},
    ):
        _assert_as_scikit_learn(docs, params)


def _assert_as_scikit_learn(docs: list[Processed], params: dict[str, Any]) -> None:
    ours = AnswerVectorizer(**params)
    got = ours.fit_transform(docs)
    analyzer = {k: v for k, v in params.items() if k not in ("max_features", "min_df")}
    reference = TfidfVectorizer(
        analyzer=AnswerVectorizer(**analyzer).analyze,
        sublinear_tf=True,
        max_features=params.get("max_features", 100_000),
        min_df=params.get("min_df", 1),
    )
    reference.fit(docs)
    assert ours.feature_names_ == reference.get_feature_names_out().tolist()
    assert np.array_equal(ours.idf_, reference.idf_)
    # a stop word's IDF then weighs as its form's character n-grams would
    reference.idf_ = reference.idf_ * ours.stop_weights(ours.feature_names_)
    want = reference.transform(docs)
    for a, b in ((got, want), (ours.transform(docs[:3]), reference.transform(docs[:3]))):
        assert np.array_equal(a.indptr, b.indptr)
        assert np.array_equal(a.indices, b.indices)
        assert np.array_equal(a.data, b.data)  # bit for bit, row order included
    # rows computed later for any of the answers are the fitted rows, bit for bit
    again = ours.transform(docs)
    assert np.array_equal(again.indices, got.indices) and np.array_equal(again.data, got.data)
    # fitting without the matrix gives the same vocabulary and IDF
    lean = AnswerVectorizer(**params)
    assert lean.fit_transform_unique(docs, rows=False)[0] is None
    assert lean.feature_names_ == ours.feature_names_
    assert np.array_equal(lean.idf_, ours.idf_)


def test_repeated_answers_get_the_same_suggestions_as_a_single_one(codebook: Codebook) -> None:
    texts, langs, labels = (list(column) for column in zip(*SEPARABLE, strict=True))
    corpus_texts = texts + [t for t, _ in REPEATED]
    corpus_langs = langs + [lang for _, lang in REPEATED]
    s = Suggester(codebook).fit(
        texts, langs, [set(x) for x in labels], corpus=(corpus_texts, corpus_langs)
    )
    many = s.suggest_with_confidence(*zip(*REPEATED, strict=True), k=2, explain=True)
    for i, (text, lang) in enumerate(REPEATED):
        one = s.suggest_with_confidence([text], [lang], k=2, explain=True)
        assert (many[0][i], many[1][i], many[2][i]) == (one[0][0], one[1][0], one[2][0])
    assert many[0][0] == many[0][1] == many[0][6]
    assert many[0][0] is not many[0][6]  # each answer its own list
