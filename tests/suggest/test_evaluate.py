"""Cross-validated evaluation reports what an analyst needs to judge the suggester."""

from __future__ import annotations

import numpy as np

from coder.codebook.model import Codebook
from coder.suggest import Suggester
from coder.suggest.evaluate import cross_validate, micro_f1, top_k_recall

from .conftest import SEPARABLE


def test_metrics_on_known_cases() -> None:
    truth = np.array([[1, 0, 0], [0, 1, 1]], dtype=bool)
    assert micro_f1(truth, truth) == 1.0
    assert micro_f1(np.zeros_like(truth), truth) == 0.0
    scores = np.array([[0.9, 0.5, 0.1], [0.8, 0.7, 0.1]])
    assert top_k_recall(scores, truth, 1) == 1 / 3
    assert top_k_recall(scores, truth, 3) == 1.0


def test_cross_validation_report(codebook: Codebook) -> None:
    texts, langs, labels = zip(*(SEPARABLE * 2), strict=True)
    report = cross_validate(
        list(texts), list(langs), list(labels), lambda: Suggester(codebook), folds=4, curve=(5, 10)
    )
    assert report["answers"] == len(texts) and report["folds"] == 4
    assert report["top3_recall"] > 0.9
    assert report["micro"]["f1"] > 0.7
    assert set(report["per_code"]) == {"funding", "bureaucracy", "marketing"}
    assert report["per_code"]["funding"]["support"] == 10
    assert [p["trained_on"] for p in report["learning_curve"]] == [5, 10, 21]
