"""Which answer the analyst should see next.

``survey`` keeps the order of the survey. ``informative`` puts first the answers whose
suggestions the model is least sure about (uncertainty sampling: scores near the decision
threshold), weighting rare codes up, and every ``rare_every``-th place goes to the best
candidate for the code with the fewest examples so far, so rare themes are seen early rather
than never.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

MODES = ("survey", "informative")


def uncertainty(scores: NDArray[Any], thresholds: NDArray[Any]) -> NDArray[np.float64]:
    """Per answer and code, 1 at the threshold falling to 0 at a score of 0 or 1."""
    scores = np.asarray(scores, dtype=float)
    thresholds = np.clip(np.asarray(thresholds, dtype=float), 1e-3, 1 - 1e-3)
    span = np.where(scores >= thresholds, 1.0 - thresholds, thresholds)
    out: NDArray[np.float64] = 1.0 - np.abs(scores - thresholds) / span
    return out


def order_queue(
    scores: NDArray[Any],
    thresholds: NDArray[Any],
    positives: NDArray[Any],
    mode: str = "informative",
    rare_every: int = 4,
) -> list[int]:
    """Indices of the uncoded answers (rows of ``scores``) in the order to show them.

    ``positives`` is how many coded answers each code (column) has so far.
    """
    n = len(scores)
    if mode not in MODES:
        raise ValueError(f"unknown queue order {mode!r} (use {' or '.join(MODES)})")
    if mode == "survey" or n == 0:
        return list(range(n))
    scores = np.asarray(scores, dtype=float)
    positives = np.asarray(positives, dtype=float)
    rarity = 1.0 / np.sqrt(1.0 + positives)
    # a code (column) at a time, the same numbers as the whole matrix at once: 100,000
    # answers' temporaries of every code held tens of MB in the suggester's process
    value = np.full(n, -np.inf) if scores.shape[1] else np.zeros(n)
    for j in range(scores.shape[1]):
        column = uncertainty(scores[:, j : j + 1], np.asarray(thresholds)[j : j + 1])[:, 0]
        np.maximum(value, column * rarity[j], out=value)
    by_value = np.argsort(-value, kind="stable")
    ranked: dict[int, NDArray[np.int64]] = {}  # each code's answers best first, when needed

    def by_code(j: int) -> NDArray[np.int64]:
        if j not in ranked:
            ranked[j] = np.argsort(-scores[:, j], kind="stable")
        return ranked[j]

    code_cursor = [0] * scores.shape[1]
    seen = positives.copy()
    taken = np.zeros(n, dtype=bool)
    order: list[int] = []
    cursor = 0
    while len(order) < n:
        pick = -1
        if rare_every > 0 and scores.shape[1] and (len(order) + 1) % rare_every == 0:
            j = int(np.argmin(seen))
            while code_cursor[j] < n and taken[by_code(j)[code_cursor[j]]]:
                code_cursor[j] += 1
            if code_cursor[j] < n:
                pick = int(by_code(j)[code_cursor[j]])
                seen[j] += 1  # expect the pick to be an example of this code
        if pick < 0:
            while taken[by_value[cursor]]:
                cursor += 1
            pick = int(by_value[cursor])
        taken[pick] = True
        order.append(pick)
    return order
