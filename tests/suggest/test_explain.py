"""Explanations name words an analyst can check: never stop words, not even kept negations."""

from __future__ import annotations

import numpy as np

from coder.codebook.model import Codebook
from coder.suggest import Suggester
from coder.suggest.explain import _best_first
from coder.text.stopwords import display_stop_words

from .conftest import SEPARABLE


def test_explanations_leave_out_stop_words_and_say_where_a_score_comes_from(
    codebook: Codebook,
) -> None:
    texts, langs, labels = (list(column) for column in zip(*SEPARABLE, strict=True))
    s = Suggester(codebook).fit(texts, langs, [set(x) for x in labels])
    probes = [
        ("Ei ole rahaa eikä rahoitusta", "fi"),
        ("Inga pengar och ingen budget", "sv"),
        ("We don't have no budget and nothing for grants", "en"),
    ]
    for text, lang in probes:
        shown = [w for suggestion in s.suggest(text, lang, k=3) for w in suggestion.words]
        assert shown, text
        assert not set(shown) & display_stop_words(lang), (text, shown)
        assert not {"ei", "eikä", "ingen", "inga", "n't", "not", "no"} & set(shown)
    top = s.suggest("The grant money runs out, no budget", "en", k=1)[0]
    assert top.code == "funding" and top.source == "model"  # learned from coded answers
    cold = Suggester(codebook).suggest("Rahoitus puuttuu", "fi", k=1)[0]
    assert cold.code == "funding" and cold.source == "codebook"  # nothing learned yet


def test_words_are_ranked_by_score_then_first_sight_within_each_answer_and_code() -> None:
    """The order that picks an explanation's words (per answer and code: the largest summed
    weight first, ties in the order the words were first counted) is np.lexsort's over
    the three keys, also when the single sort key would not fit in 63 bits."""
    rng = np.random.default_rng(3)
    cell = np.sort(rng.integers(0, 40, 500))
    total = rng.choice([0.25, 0.5, 0.5, 1.0, 2.0], 500)  # many ties
    first = rng.permutation(500)  # distinct, as each group's first rank is
    want = np.lexsort((first, -total, cell))
    assert np.array_equal(_best_first(cell, total, first), want)
    big = cell * 2**50  # the single key would overflow: np.lexsort itself
    assert np.array_equal(_best_first(big, total, first), np.lexsort((first, -total, big)))
    assert len(_best_first(cell[:0], total[:0], first[:0])) == 0
