"""Which words of an answer drove a suggestion.

A linear model's score is a sum over features of value x weight; each feature is a lemma
n-gram or a character n-gram, and each maps back to the answer words it came from. Summing the
positive contributions per word gives the words an analyst can check at a glance.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np

from coder.suggest.features import WORD
from coder.text import Processed


def contributions(
    doc: Processed, row: Any, coef: np.ndarray[Any, Any], feature_names: list[str]
) -> dict[str, float]:
    """Answer word -> summed positive contribution to the score whose weights are ``coef``.

    ``row`` is the answer's CSR feature row; feature names are lemma n-grams (``w:``) or
    character n-grams of word forms (``c:``). Only content words (not stop words) are
    credited: "och" explains nothing to an analyst.
    """
    per_word: dict[str, float] = defaultdict(float)
    by_lemma: dict[str, list[str]] = defaultdict(list)
    content = set(doc.content)
    for word, lemma in zip(doc.tokens, doc.lemmas, strict=True):
        if lemma in content and word not in by_lemma[lemma]:
            by_lemma[lemma].append(word)
    content_words = [w for words in by_lemma.values() for w in words]
    for index, value in zip(row.indices, row.data, strict=True):
        weight = float(value * coef[index])
        if weight <= 0:
            continue
        name = feature_names[index]
        if name.startswith(WORD):
            words = [w for lemma in name[2:].split(" ") for w in by_lemma.get(lemma, [])]
        else:
            gram = name[2:]
            words = [w for w in content_words if gram in f" {w} "]
        if not words:
            continue
        for word in words:
            per_word[word] += weight / len(words)
    return dict(per_word)


def top_words(weights: dict[str, float], top: int = 3) -> list[str]:
    """The ``top`` words with the largest positive weight, strongest first."""
    ranked = sorted((w for w in weights.items() if w[1] > 0), key=lambda item: -item[1])
    return [word for word, _ in ranked[:top]]
