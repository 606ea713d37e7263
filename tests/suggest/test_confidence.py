"""The exact-set confidence and the level auto-coding starts from (coder.suggest.confidence)."""

from __future__ import annotations

import numpy as np

from coder.suggest.confidence import Confidence, wilson_lower


def _oof(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Out-of-fold scores of n answers over 3 codes, each assigned its best code; long answers
    often carry a second code that was not assigned (as in real survey answers)."""
    rng = np.random.default_rng(seed)
    best = rng.integers(0, 3, n)
    scores = rng.uniform(0.02, 0.2, (n, 3))
    scores[np.arange(n), best] = rng.uniform(0.6, 0.95, n)
    assigned = scores >= 0.5
    lengths = rng.integers(1, 30, n)
    truth = assigned.copy()
    second = (lengths > 12) & (rng.random(n) < 0.7)
    truth[second, (best[second] + 1) % 3] = True
    return scores, assigned, truth, lengths


def test_a_long_answer_is_trusted_less_than_a_short_one_with_the_same_scores() -> None:
    scores, assigned, truth, lengths = _oof(300)
    confidence = Confidence.fit(scores, assigned, truth, lengths)
    assert confidence.calibrated
    row = np.array([[0.9, 0.05, 0.05]])
    short = confidence.predict(row, row >= 0.5, np.array([2]))
    long_ = confidence.predict(row, row >= 0.5, np.array([25]))
    assert short[0] > 0.8 > long_[0] + 0.2
    # calibrated: on the answers it was fitted on, the mean confidence is the hit rate
    hit = (assigned == truth).all(axis=1)
    predicted = confidence.predict(scores, assigned, lengths)
    assert abs(predicted.mean() - hit.mean()) < 0.05


def test_auto_coding_stops_at_the_first_level_that_falls_short() -> None:
    """A lucky stretch of right answers below a run of wrong ones does not lower the level."""
    n = 200
    made = Confidence(calibrated=True)
    made.oof_confidence = np.linspace(0.99, 0.2, n)
    hit = np.zeros(n, dtype=bool)
    hit[:30] = True  # the surest 30: all right
    hit[30:40] = False  # then ten wrong...
    hit[40:] = True  # ...then a long right stretch: the curve climbs back over 90 %
    made.oof_hit = hit
    made.oof_nonempty = np.ones(n, dtype=bool)
    assert hit.mean() == 0.95
    level = made.threshold(0.85)
    assert level is not None
    chosen = made.oof_confidence >= level
    assert 30 <= chosen.sum() < 40 and hit[chosen].mean() >= 0.85
    # too few coded answers (auto-coding needs 150): no auto-coding at all
    few = Confidence(calibrated=True)
    few.oof_confidence, few.oof_hit, few.oof_nonempty = (
        made.oof_confidence[:50],
        hit[:50],
        np.ones(50, dtype=bool),
    )
    assert few.threshold(0.85) is None


def test_the_wilson_bound_is_below_the_plain_rate_and_tightens_with_more_answers() -> None:
    few, many = wilson_lower(np.array([9, 90]), np.array([10, 100]))
    assert few < many < 0.9


def test_a_code_set_the_coder_never_gives_is_trusted_less_than_one_they_often_give() -> None:
    """Out of fold, the suggester sometimes predicted code 2 alone, a set the coder never
    gave: at the same scores, that set gets a lower confidence than code 0 alone."""
    rng = np.random.default_rng(1)
    n = 300
    best = rng.choice([0, 1, 2], n, p=[0.45, 0.45, 0.1])
    scores = rng.uniform(0.02, 0.2, (n, 3))
    scores[np.arange(n), best] = rng.uniform(0.6, 0.95, n)
    assigned = scores >= 0.5
    truth = assigned.copy()
    truth[best == 2] = [True, False, False]  # the coder's set was code 0 there
    wrong = rng.random(n) < 0.1
    truth[wrong & (best < 2), 2] = True  # and a few others miss too
    confidence = Confidence.fit(scores, assigned, truth, np.full(n, 5))
    common = np.array([[0.9, 0.05, 0.05]])
    never = np.array([[0.05, 0.05, 0.9]])
    sure, unsure = confidence.predict(np.vstack([common, never]), np.vstack([common, never]) >= 0.5, np.array([5, 5]))  # fmt: skip
    assert sure > 0.8 and unsure < sure - 0.3


def test_two_codes_close_in_score_are_trusted_less_than_one_clear_best() -> None:
    """Out of fold, when the second code scored almost as high as the first, the coder's set
    was often the second alone: such an answer is trusted less than one with a clear best."""
    rng = np.random.default_rng(2)
    n = 300
    scores = rng.uniform(0.02, 0.1, (n, 3))
    scores[:, 0] = rng.uniform(0.6, 0.9, n)
    close = rng.random(n) < 0.4
    scores[close, 1] = scores[close, 0] - rng.uniform(0.0, 0.05, close.sum())
    assigned = np.zeros((n, 3), dtype=bool)
    assigned[:, 0] = True
    truth = assigned.copy()
    swap = close & (rng.random(n) < 0.5)
    truth[swap] = [False, True, False]
    confidence = Confidence.fit(scores, assigned, truth, np.full(n, 5))
    rows = np.array([[0.8, 0.05, 0.05], [0.8, 0.45, 0.05]])
    clear, tied = confidence.predict(rows, rows >= 0.5, np.array([5, 5]))
    assert clear > tied + 0.2
