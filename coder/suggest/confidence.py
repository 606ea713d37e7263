"""How likely the suggester's predicted set is exactly the coder's, and where auto-coding is safe.

An answer's predicted set is right only if every code's decision is right. The raw evidence is
the product over codes of the probability of that decision (p for an assigned code, 1 - p for
one left out). A logistic regression (with Platt's smoothed targets) turns it, together with
how sure the weakest assigned code and the strongest code left out are, the number of codes
assigned and the answer's length, into a probability. It is fitted on out-of-fold hits:
answers the model had not trained on, whose predicted set either equalled the coder's codes or
did not. So ``confidence`` is calibrated on the coder's own codings of this question, not on
any benchmark.

Auto-coding walks down from the surest out-of-fold answer and stops before the first point
where the answers above were right less than ``min_precision`` of the time, by the lower end
of a Wilson interval rather than the plain rate (only answers with at least one predicted code
count: an empty prediction codes nothing).

Non-answers ("-", "eos", "no idea": :func:`coder.text.nonanswers.is_non_answer`) are the
exception: :class:`NonAnswers` auto-codes them as "coded, no code applies" when the coder's
own coded non-answers were left without a code often enough, by the same kind of bound.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from coder.text.nonanswers import is_non_answer

FloatArray = NDArray[np.float64]

MIN_ANSWERS = 20
"""Out-of-fold answers needed before the confidence is calibrated rather than the raw product."""

MIN_ABOVE = 10
"""Out-of-fold answers a threshold must keep above it for its precision to count."""

MIN_CODED_FOR_AUTO = 150
"""Coded answers before auto-coding is offered at all. On the development questions the
estimate was too hopeful below that: asked 90 %, measured 77 % exact sets after 50 coded; after
100, 88 % to 95 % across the settings of the rule tried (10 seeds each), after 150 90 % to
96 %. A stricter interval (z = 1.64) or 20 answers above the level left nothing to
auto-code even after 100."""

Z = 0.5
"""Width of the interval whose lower end must reach the precision asked for: out-of-fold
hits of a few dozen answers overstate it (on the development questions, thresholds set on the
plain hit rate gave 72 % exact sets where 90 % was asked, after 25 coded). Going down from the
surest answer, the level stops at the first answer where the bound falls short; taking the
lowest level anywhere below that still clears it (as before, with z = 1) picks the luckiest
stretch of a noisy curve: on the development questions it gave 78 % exact sets where 95 % was
asked."""


def set_evidence(scores: FloatArray, assigned: NDArray[np.bool_]) -> FloatArray:
    """Log of the product of each code's decision probability, one value per answer."""
    p = np.clip(np.asarray(scores, dtype=float), 1e-6, 1 - 1e-6)
    out: FloatArray = np.where(assigned, np.log(p), np.log1p(-p)).sum(axis=1)
    return out


def set_features(
    scores: FloatArray,
    assigned: NDArray[np.bool_],
    lengths: NDArray[Any],
    set_share: FloatArray | None = None,
) -> FloatArray:
    """What tells a sure set from a doubtful one, one row per answer: the set's evidence,
    the log-probability that the likeliest code left out is indeed out and that the weakest
    code assigned is indeed in, how many codes are assigned, the answer's length (its
    number of content words, logged): a long answer often says one more thing than its
    strongest codes; how far the best code's score stands above the second's (log ratio):
    two codes close together are a coin toss between one set and another; and the logged
    share of the coder's coded answers that carry exactly the predicted set (``set_share``;
    zeros when not given): a set the coder often gives is likelier right than a combination
    they have never used."""
    p = np.clip(np.asarray(scores, dtype=float), 1e-6, 1 - 1e-6)
    assigned = np.asarray(assigned, dtype=bool)
    evidence = np.where(assigned, np.log(p), np.log1p(-p)).sum(axis=1)
    left_out = np.log1p(-np.where(assigned, 1e-6, p).max(axis=1, initial=1e-6))
    weakest = np.log(np.where(assigned, p, 1.0).min(axis=1, initial=1.0))
    length = np.log1p(np.asarray(lengths, dtype=float))
    ranked = -np.sort(-p, axis=1)
    gap = np.log(ranked[:, 0]) - np.log(ranked[:, 1]) if p.shape[1] > 1 else np.zeros(len(p))
    share = np.zeros(len(p)) if set_share is None else np.log(set_share)
    return np.column_stack([evidence, left_out, weakest, assigned.sum(axis=1), length, gap, share])


def _set_keys(assigned: NDArray[np.bool_]) -> list[bytes]:
    """One hashable key per row of a 0/1 code matrix: the code set it stands for."""
    packed = np.packbits(np.asarray(assigned, dtype=bool), axis=1)
    return [row.tobytes() for row in packed]


@dataclass
class Confidence:
    """Calibrated exact-set confidence and the thresholds for auto-coding."""

    coef: FloatArray = field(default_factory=lambda: np.zeros(0))
    intercept: float = 0.0
    calibrated: bool = False
    oof_confidence: FloatArray = field(default_factory=lambda: np.zeros(0))
    oof_hit: NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, dtype=bool))
    oof_nonempty: NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, dtype=bool))
    set_counts: dict[bytes, int] = field(default_factory=dict)
    """How many of the coder's coded answers carry each code set (keyed as :func:`_set_keys`)."""
    n_sets: int = 0

    @classmethod
    def fit(
        cls,
        scores: FloatArray,
        assigned: NDArray[np.bool_],
        truth: NDArray[Any],
        lengths: NDArray[Any],
    ) -> Confidence:
        """Calibrate on out-of-fold ``scores``, their ``assigned`` sets, the true sets and
        the answers' ``lengths`` (content words)."""
        truth = np.asarray(truth, dtype=bool)
        hit = (assigned == truth).all(axis=1)
        made = cls()
        made.set_counts = dict(Counter(_set_keys(truth)))
        made.n_sets = len(truth)
        # each answer's own set is left out of the counts its feature is taken from: the
        # frequency of a right set would otherwise always include the answer itself
        features = set_features(scores, assigned, lengths, made._set_share(assigned, hit))
        if len(hit) >= MIN_ANSWERS:
            made.coef, made.intercept = _calibrate(features, hit)
            made.calibrated = True
        made.oof_confidence = made.predict(scores, assigned, lengths)
        made.oof_hit = hit
        made.oof_nonempty = np.asarray(np.asarray(assigned).any(axis=1), dtype=bool)
        return made

    def predict(
        self, scores: FloatArray, assigned: NDArray[np.bool_], lengths: NDArray[Any]
    ) -> FloatArray:
        """Estimated probability, per answer, that ``assigned`` is exactly the coder's set."""
        if not self.calibrated:
            return np.exp(set_evidence(scores, assigned))
        from scipy.special import expit  # lazy

        features = set_features(scores, assigned, lengths, self._set_share(assigned))
        out: FloatArray = expit(features @ self.coef + self.intercept)
        return out

    def _set_share(
        self, assigned: NDArray[np.bool_], own: NDArray[np.bool_] | None = None
    ) -> FloatArray:
        """Smoothed share of the coded answers that carry each row's set, less one where
        ``own`` says the row is itself one of them."""
        counts = np.array([self.set_counts.get(k, 0) for k in _set_keys(assigned)], dtype=float)
        if own is not None:
            counts -= own
        out: FloatArray = (counts + 0.5) / (self.n_sets + 1.0)
        return out

    def threshold(self, min_precision: float) -> float | None:
        """The lowest confidence down to which every level's out-of-fold answers at or above
        it (with a predicted code) had their set exactly right at least ``min_precision`` of
        the time (from :data:`MIN_ABOVE` answers on); None if the first such level fails."""
        keep = self.oof_nonempty
        conf, hit = self.oof_confidence[keep], self.oof_hit[keep]
        if not self.calibrated or len(self.oof_hit) < MIN_CODED_FOR_AUTO or len(conf) < MIN_ABOVE:
            return None
        order = np.argsort(-conf, kind="stable")
        conf, hit = conf[order], hit[order]
        lower = wilson_lower(np.cumsum(hit), np.arange(1, len(hit) + 1))
        best: float | None = None
        for i in range(MIN_ABOVE - 1, len(conf)):
            if i + 1 < len(conf) and conf[i + 1] == conf[i]:
                continue  # a threshold takes every answer of equal confidence
            if lower[i] < min_precision:
                break
            best = float(conf[i])
        return best


def _calibrate(features: FloatArray, hit: NDArray[np.bool_]) -> tuple[FloatArray, float]:
    """Coefficients and intercept of a logistic regression from ``features`` to ``hit``, on
    Platt's smoothed targets (each answer once as a hit and once as a miss, weighted by
    them): never certain, and defined when every out-of-fold set was right."""
    from sklearn.linear_model import LogisticRegression  # lazy

    n_hit, n_miss = int(hit.sum()), int((~hit).sum())
    target = np.where(hit, (n_hit + 1.0) / (n_hit + 2.0), 1.0 / (n_miss + 2.0))
    labels = np.concatenate([np.ones(len(hit)), np.zeros(len(hit))]).astype(int)
    lr = LogisticRegression(C=1.0, solver="newton-cholesky")
    lr.fit(
        np.concatenate([features, features]),
        labels,
        sample_weight=np.concatenate([target, 1.0 - target]),
    )
    return lr.coef_[0].astype(float), float(lr.intercept_[0])


def wilson_lower(hits: NDArray[Any], n: NDArray[Any], z: float | None = None) -> FloatArray:
    """Lower end of the Wilson score interval for a proportion of ``hits`` in ``n``."""
    z = Z if z is None else z
    n = np.asarray(n, dtype=float)
    p = np.asarray(hits, dtype=float) / n
    centre = p + z * z / (2 * n)
    spread = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    out: FloatArray = (centre - spread) / (1 + z * z / n)
    return out


@dataclass(frozen=True)
class NonAnswers:
    """How the coder codes non-answers ("-", "eos", "no idea"): of the ``coded`` ones they
    have coded, ``empty`` were left without a code.

    A non-answer says nothing, so the model's scores tell little about it; the coder's own
    decisions on earlier non-answers do. Whether an answer is a non-answer is fixed by
    :func:`coder.text.nonanswers.is_non_answer` (its phrase list is not tuned on any
    labelled set), so the only thing left to estimate is how often this coder leaves such
    an answer without a code: auto-coding codes the uncoded non-answers as "no code" once the
    lower end of the Wilson interval (the same z as for the levels) of that rate reaches the
    precision asked for: 3 of 3 for 90 %, 5 of 5 for 95 %. A coder who gives non-answers a
    code (a "no answer" code of their codebook) never has them auto-coded empty.
    """

    coded: int = 0
    empty: int = 0

    @classmethod
    def of(cls, texts: Sequence[str], label_sets: Sequence[Iterable[str]]) -> NonAnswers:
        """Count the coder's coded non-answers among ``texts`` and those left with no code."""
        coded = empty = 0
        for text, labels in zip(texts, label_sets, strict=True):
            if is_non_answer(text):
                coded += 1
                empty += not any(True for _ in labels)
        return cls(coded, empty)

    @property
    def confidence(self) -> float:
        """Estimated probability that an uncoded non-answer gets no code from this coder
        (Laplace's rule of succession over their coded non-answers)."""
        return (self.empty + 1.0) / (self.coded + 2.0)

    @property
    def supported(self) -> bool:
        """Whether the coder's codings say non-answers get no code (bound at least 1/2): then
        an uncoded non-answer's predicted set is empty, with :attr:`confidence`."""
        return self.reaches(0.5)

    def reaches(self, min_precision: float) -> bool:
        """Whether uncoded non-answers may be auto-coded "no code" at ``min_precision``."""
        if not self.coded:
            return False
        return bool(wilson_lower(np.array(self.empty), np.array(self.coded)) >= min_precision)


def non_answers(texts: Sequence[str]) -> NDArray[np.bool_]:
    """Which of ``texts`` are non-answers (see :func:`coder.text.nonanswers.is_non_answer`)."""
    return np.fromiter((is_non_answer(t) for t in texts), dtype=bool, count=len(texts))


def with_non_answers(
    chosen: NDArray[np.bool_],
    silent: NDArray[np.bool_],
    rule: NonAnswers,
    min_precision: float,
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """What auto-coding at ``min_precision`` codes, given the answers the confidence chose
    (``chosen``) and which answers are non-answers (``silent``): (every answer coded, those
    coded "no code"). Non-answers are coded "no code" when ``rule`` reaches the precision,
    and then never with the predicted codes."""
    empty = np.asarray(silent, dtype=bool) & rule.reaches(min_precision)
    out: NDArray[np.bool_] = np.asarray(chosen, dtype=bool) | empty
    return out, empty
