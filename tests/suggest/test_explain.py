"""Explanations name words an analyst can check: never stop words, not even kept negations."""

from __future__ import annotations

from coder.codebook.model import Codebook
from coder.suggest import Suggester
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
