"""Answer -> sparse feature row: word n-grams of lemmas plus character n-grams of word forms.

Lemma n-grams carry meaning across inflection; character n-grams (within word boundaries)
catch compounds, typos and endings that the lemma tables miss ("resurssipula",
"mikromeriterna"). The vocabulary is fitted once, on every answer of the question (coded or
not) plus the codebook's own texts, and then kept fixed: retraining after one more coded
answer only refits the linear heads, never the vocabulary.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coder.text import Processed


def _identity(doc: Any) -> Any:
    return doc


class AnswerVectorizer:
    """Word (lemma) and character TF-IDF, stacked side by side; sklearn-style fit/transform."""

    def __init__(
        self,
        word_ngram_range: tuple[int, int] = (1, 2),
        char_ngram_range: tuple[int, int] = (3, 5),
        char_weight: float = 1.0,
        max_features: int = 200_000,
    ) -> None:
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.char_weight = char_weight
        self.max_features = max_features

    def _word_docs(self, docs: Sequence[Processed]) -> list[str]:
        return [doc.content_text for doc in docs]

    def _char_docs(self, docs: Sequence[Processed]) -> list[str]:
        return [" ".join(doc.tokens) for doc in docs]

    def fit(self, docs: Sequence[Processed]) -> AnswerVectorizer:
        """Learn both vocabularies and their IDF from ``docs``."""
        from sklearn.feature_extraction.text import TfidfVectorizer  # lazy

        self.word_ = TfidfVectorizer(
            analyzer="word",
            token_pattern=r"\S+",
            ngram_range=self.word_ngram_range,
            sublinear_tf=True,
            max_features=self.max_features,
            lowercase=False,
        ).fit(self._word_docs(docs))
        self.char_ = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=self.char_ngram_range,
            sublinear_tf=True,
            max_features=self.max_features,
            lowercase=False,
        ).fit(self._char_docs(docs))
        self.n_word_features_ = len(self.word_.vocabulary_)
        self.feature_names_ = [
            *self.word_.get_feature_names_out().tolist(),
            *self.char_.get_feature_names_out().tolist(),
        ]
        return self

    def transform(self, docs: Sequence[Processed]) -> Any:
        """A CSR matrix with one row per doc: word columns first, then character columns."""
        import scipy.sparse as sp  # lazy

        words = self.word_.transform(self._word_docs(docs))
        chars = self.char_.transform(self._char_docs(docs))
        if self.char_weight != 1.0:
            chars = chars * self.char_weight
        return sp.hstack([words, chars], format="csr")

    def fit_transform(self, docs: Sequence[Processed]) -> Any:
        """:meth:`fit` then :meth:`transform`."""
        return self.fit(docs).transform(docs)
