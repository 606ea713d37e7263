"""Near-duplicate groups and the order answers are shown in."""

from __future__ import annotations

import numpy as np
import pytest

from coder.suggest.duplicates import group_duplicates, normalise
from coder.suggest.queue import order_queue


def test_non_answers_are_grouped() -> None:
    texts = [
        "En vet",  # 0
        "Ei kommentoitavaa",  # 1
        "en vet.",  # 2
        "-",  # 3
        "ei kommentoitavaa!!",  # 4
        "Rahoitus puuttuu ja työaikaa ei ole varattu lainkaan.",  # 5
        "EN VET",  # 6
        "Ei kommentoitavaaa",  # 7 typo
        "",  # 8
        "Byrokratia hidastaa kaikkea eikä kukaan ota vastuuta.",  # 9
        ".",  # 10
    ]
    groups = group_duplicates(texts)
    # Every non-answer ("En vet", "Ei kommentoitavaa", "-", "", ".") is one group.
    assert groups == [[0, 1, 2, 3, 4, 6, 7, 8, 10]]
    assert not any(5 in g or 9 in g for g in groups)


def test_long_answers_group_only_when_equal_after_normalising() -> None:
    a = "Rahoitus puuttuu ja työaikaa ei ole varattu lainkaan."
    b = "Rahoitus puuttuu ja työaikaa ei ole varattu ollenkaan."
    assert group_duplicates([a, b]) == []
    assert group_duplicates([a, a.upper() + "!"]) == [[0, 1]]
    assert normalise("  En   vet!! ") == "en vet"


def test_survey_order_keeps_order() -> None:
    scores = np.random.default_rng(0).random((5, 3))
    assert order_queue(scores, np.full(3, 0.5), np.zeros(3), "survey") == [0, 1, 2, 3, 4]
    with pytest.raises(ValueError, match="unknown queue order"):
        order_queue(scores, np.full(3, 0.5), np.zeros(3), "random")


def test_informative_puts_uncertain_first_and_shows_rare_codes() -> None:
    scores = np.array(
        [
            [0.98, 0.01],  # sure: code 0
            [0.50, 0.02],  # unsure about code 0
            [0.02, 0.97],  # sure: code 1 (rare)
            [0.99, 0.02],  # sure: code 0
        ]
    )
    positives = np.array([40.0, 1.0])
    order = order_queue(scores, np.array([0.5, 0.5]), positives, rare_every=2)
    assert order[0] == 1  # the most uncertain answer first
    assert order[1] == 2  # the rare code's best candidate early
    assert sorted(order) == [0, 1, 2, 3]
