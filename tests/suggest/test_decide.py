"""From scores to assigned codes: a second code must be nearly as clear as the first."""

from __future__ import annotations

import numpy as np

from coder.suggest.decide import Decision, choose_decision


def test_ratio_keeps_a_weak_second_code_out() -> None:
    scores = np.array([[0.9, 0.5, 0.1], [0.6, 0.55, 0.1]])
    hits = Decision(np.full(3, 0.4), ratio=0.8).apply(scores)
    assert hits.tolist() == [[True, False, False], [True, True, False]]


def test_choose_decision_learns_the_ratio_from_scores() -> None:
    # half the answers carry two close codes with low scores; the others one clear code whose
    # runner-up scores higher than those second codes: no threshold alone tells them apart
    rng = np.random.default_rng(0)
    low = rng.uniform(0.3, 0.5, 100)
    high = rng.uniform(0.8, 0.95, 100)
    scores = np.vstack(
        [
            np.column_stack([low, low * 0.95, np.full(100, 0.01)]),
            np.column_stack([high, high * 0.6, np.full(100, 0.01)]),
        ]
    )
    truth = np.zeros((200, 3), dtype=int)
    truth[:, 0] = 1
    truth[:100, 1] = 1
    decision = choose_decision(scores, truth)
    assert decision.ratio > 0
    assert (decision.apply(scores) == truth.astype(bool)).all()
