"""Which words of an answer drove a suggestion.

A linear model's score is a sum over features of value x weight; each feature is a lemma
n-gram or a character n-gram, and each maps back to the answer words it came from. Summing the
positive contributions per word gives the words an analyst can check at a glance. Each
word's weights are computed once per model (:class:`WordScores`) and reused for every answer
that holds it: explaining every answer of a 17,000-answer question feature by feature, answer
by answer, took 25 s.

Only words that say something are shown: besides the stop words the suggester drops, the
words it keeps because they carry meaning in context (negations such as "eikä", "ingen",
"n't") are left out of explanations, where on their own they explain nothing.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from numpy.typing import NDArray

from coder.suggest.features import AnswerVectorizer
from coder.text import Processed
from coder.text.stopwords import display_stop_words


def explainable_words(doc: Processed) -> dict[str, list[str]]:
    """Content lemma -> the answer's word forms of it that may appear in an explanation."""
    hidden = display_stop_words(doc.lang)
    by_lemma: dict[str, list[str]] = defaultdict(list)
    content = set(doc.content)
    for word, lemma in zip(doc.tokens, doc.lemmas, strict=True):
        if lemma not in content or word in hidden or lemma in hidden:
            continue
        if word not in by_lemma[lemma]:
            by_lemma[lemma].append(word)
    return dict(by_lemma)


class WordScores:
    """Each word's own positive weight for every code, computed once per word and model.

    A word's weight for a code is the sum, over the features it brings on its own (its lemma,
    its character n-grams), of IDF x the code's coefficient where that is positive: what the
    word adds to the code's score in any answer, up to the answer's length normalisation
    (which is the same for all its words, so it does not change their order).
    """

    def __init__(self, vectorizer: AnswerVectorizer, coef: NDArray[np.float64]) -> None:
        self.vectorizer = vectorizer
        self.positive_coef = np.maximum(np.asarray(coef), 0.0)
        self._by_word: dict[tuple[str, str], NDArray[np.float64]] = {}

    def prepare(self, words: list[tuple[str, str]]) -> None:
        """Compute the weights of the words not seen yet, all in one matrix product."""
        new = list(dict.fromkeys(w for w in words if w not in self._by_word))
        if new:
            added = np.asarray(self.vectorizer.word_matrix(new) @ self.positive_coef.T)
            self._by_word.update(zip(new, added, strict=True))

    def of(self, words: list[tuple[str, str]]) -> NDArray[np.float64]:
        """(len(words), n_codes) weights of (word form, lemma) pairs."""
        self.prepare(words)
        return np.array([self._by_word[w] for w in words])


def top_words(weights: dict[str, float], top: int = 3) -> list[str]:
    """The ``top`` words with the largest positive weight, strongest first."""
    ranked = sorted((w for w in weights.items() if w[1] > 0), key=lambda item: -item[1])
    return [word for word, _ in ranked[:top]]
