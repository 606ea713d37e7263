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
