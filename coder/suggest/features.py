"""Answer -> sparse feature row: lemma n-grams plus character n-grams of the words.

Lemma n-grams carry meaning across inflection; character n-grams (within word boundaries)
catch compounds, typos and endings that the lemma tables miss ("resurssipula",
"mikromeriterna"). The vocabulary is fitted once, on every answer of the question (coded or
not) plus the codebook's own texts, and then kept fixed: retraining after one more coded
answer only refits the linear heads, never the vocabulary.

Character n-grams are computed once per distinct word and remembered: survey answers reuse
the same few thousand words, so featurising 100,000 answers is mostly list concatenation.

Stop words are features too, one per word form (``s:``), weighed as much as the character
n-grams a content word of that length brings (see :meth:`AnswerVectorizer.stop_weights`):
the stop lists are made for search, and in survey answers "already", "one", "through",
"someone" or "jo", "kautta", "allt" carry a code. The codebook matching and the explanations
keep leaving them out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from coder.text import Processed

_CHUNK = 2048
"""Distinct answers counted per step (bounds the memory of the feature occurrences)."""

WORD = "w:"
CHAR = "c:"
STOP = "s:"
"""Feature name prefixes: lemma n-grams, character n-grams and stop words."""


def unique_docs(docs: Sequence[Processed]) -> tuple[list[Processed], NDArray[np.int64]]:
    """The distinct docs (by identity) in order of first sight, and each doc's index there."""
    first: dict[int, int] = {}
    unique: list[Processed] = []
    rows = np.empty(len(docs), dtype=np.int64)
    for i, doc in enumerate(docs):
        row = rows[i] = first.setdefault(id(doc), len(unique))
        if row == len(unique):
            unique.append(doc)
    return unique, rows


class AnswerVectorizer:
    """TF-IDF over lemma n-grams and character n-grams; sklearn-style fit/transform.

    Feature names start with ``w:`` (lemma n-gram, lemmas joined by spaces), ``c:``
    (character n-gram of a content word, padded with spaces at the word's edges) or ``s:``
    (a stop word's form; ``stop_words=False`` leaves them out).
    """

    def __init__(
        self,
        word_ngram_range: tuple[int, int] = (1, 2),
        char_ngram_range: tuple[int, int] = (3, 5),
        max_features: int = 100_000,
        min_df: int = 1,
        stop_words: bool = True,
    ) -> None:
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.max_features = max_features
        self.min_df = min_df
        self.stop_words = stop_words
        self._char_cache: dict[str, list[str]] = {}

    def _chars(self, word: str) -> list[str]:
        grams = self._char_cache.get(word)
        if grams is None:
            padded = f" {word} "
            low, high = self.char_ngram_range
            grams = [
                CHAR + padded[i : i + n]
                for n in range(low, high + 1)
                for i in range(len(padded) - n + 1)
            ]
            if len(self._char_cache) < 1_000_000:
                self._char_cache[word] = grams
        return grams

    def analyze(self, doc: Processed) -> list[str]:
        """The features of one answer (before counting and weighting)."""
        content = doc.content
        low, high = self.word_ngram_range
        features = [
            WORD + " ".join(content[i : i + n])
            for n in range(low, high + 1)
            for i in range(len(content) - n + 1)
        ]
        for word, lemma in zip(doc.tokens, doc.lemmas, strict=True):
            if lemma in content:
                features += self._chars(word)
            elif self.stop_words:
                features.append(STOP + word)
        return features

    def stop_weights(self, names: Sequence[str]) -> NDArray[np.float64]:
        """Per feature, the factor its IDF is multiplied by: 1, and for a stop word the
        square root of the number of character n-grams its form has.

        A content word brings k character n-grams that always occur together; under the
        model's L2 penalty and the rows' L2 norm they act as one feature of sqrt(k) times the
        weight. A stop word's one feature gets that weight, so the model can learn it as
        easily as a content word of its length, for a fraction of the features: on the
        development questions it gave the same figures as the k n-grams themselves (top-3
        recall after 100 coded +0.009), a plain one-feature stop word less than half that.
        """
        weights = np.ones(len(names))
        for j, name in enumerate(names):
            if name.startswith(STOP):
                weights[j] = np.sqrt(len(self._chars(name[len(STOP) :])))
        return weights

    def fit(self, docs: Sequence[Processed]) -> AnswerVectorizer:
        """Learn the vocabulary and IDF from ``docs``."""
        self.fit_transform(docs)
        return self

    def fit_transform(self, docs: Sequence[Processed]) -> Any:
        """:meth:`fit`, returning the CSR matrix of ``docs`` as well (one pass)."""
        matrix, rows = self.fit_transform_unique(docs)
        return matrix[rows]

    def fit_transform_unique(
        self, docs: Sequence[Processed], rows: bool = True
    ) -> tuple[Any, NDArray[np.int64]]:
        """:meth:`fit`, returning a CSR row for each distinct doc (by identity: the text
        processor shares one object per processed form) and each doc's row in it.

        The vocabulary and IDF are those scikit-learn's ``TfidfVectorizer`` (sublinear TF,
        smoothed IDF, L2 rows, ``max_features`` by corpus frequency) fits on every doc, bit
        for bit, and each row is what its ``transform`` gives for the doc with the IDF times
        :meth:`stop_weights` (indices sorted), also bit for bit, so a row computed later by
        :meth:`transform` equals the row computed here. Each distinct answer is analysed and counted once and its copies
        count through their number: survey answers repeat, and a corpus matrix with one
        row per copy held hundreds of MB. With ``rows`` false only the vocabulary and IDF
        are fitted and no matrix is kept (None is returned in its place): what a process
        that scores a few answers at a time needs, in a fraction of the memory.
        """
        import scipy.sparse as sp  # lazy
        from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer  # lazy

        unique, where = unique_docs(docs)
        copies = np.bincount(where, minlength=len(unique)).astype(np.float64)
        # feature ids in order of first sight, as CountVectorizer numbers them; a word's
        # character n-grams are looked up once, after which its ids are reused
        vocabulary: dict[str, int] = {}
        word_ids: dict[str, list[int]] = {}
        chunks: list[Any] = []
        # document and term frequencies over every copy of an answer, by feature id (sums
        # of whole numbers: exact in any order)
        df_seen = np.zeros(0)
        tfs_seen = np.zeros(0)
        for begin in range(0, len(unique), _CHUNK):
            ids: list[int] = []
            indptr = [0]
            stop_words = self.stop_words
            for doc in unique[begin : begin + _CHUNK]:
                content = doc.content
                low, high = self.word_ngram_range
                for n in range(low, high + 1):
                    for i in range(len(content) - n + 1):
                        ids.append(vocabulary.setdefault(WORD + " ".join(content[i : i + n]), len(vocabulary)))  # fmt: skip
                for word, lemma in zip(doc.tokens, doc.lemmas, strict=True):
                    if lemma in content:
                        found = word_ids.get(word)
                        if found is None:
                            found = word_ids[word] = [
                                vocabulary.setdefault(gram, len(vocabulary))
                                for gram in self._chars(word)
                            ]
                        ids += found
                    elif stop_words:
                        ids.append(vocabulary.setdefault(STOP + word, len(vocabulary)))
                indptr.append(len(ids))
            # one entry per feature occurrence; summing the ones of repeated ids gives the
            # counts (exact in float64)
            chunk = sp.csr_matrix(
                (np.ones(len(ids)), np.asarray(ids, dtype=np.int32), np.asarray(indptr)),
                shape=(len(indptr) - 1, len(vocabulary)),
            )
            chunk.sum_duplicates()
            weights = np.repeat(copies[begin : begin + chunk.shape[0]], np.diff(chunk.indptr))
            grown = len(vocabulary) - len(df_seen)
            df_seen = np.concatenate([df_seen, np.zeros(grown)])
            tfs_seen = np.concatenate([tfs_seen, np.zeros(grown)])
            df_seen += np.bincount(chunk.indices, weights=weights, minlength=len(vocabulary))
            tfs_seen += np.bincount(chunk.indices, weights=weights * chunk.data, minlength=len(vocabulary))  # fmt: skip
            if rows:
                if len(chunk.data) and chunk.data.max() < 2**16:  # counts, held in 2 bytes
                    chunk.data = chunk.data.astype(np.uint16)
                chunks.append(chunk)
        # features by name (CountVectorizer sorts them after counting)
        terms = sorted(vocabulary)
        by_name = np.empty(len(terms), dtype=np.int32)
        for new_index, term in enumerate(terms):
            by_name[vocabulary[term]] = new_index
        df = np.empty(len(terms))
        df[by_name] = df_seen
        tfs = np.empty(len(terms))
        tfs[by_name] = tfs_seen
        mask = df >= self.min_df
        if self.max_features is not None and mask.sum() > self.max_features:
            ranked = (-tfs[mask]).argsort()[: self.max_features]
            limited = np.zeros(len(df), dtype=bool)
            limited[np.where(mask)[0][ranked]] = True
            mask = limited
        kept = np.where(mask)[0]
        if len(kept) == 0:
            raise ValueError("no features: every answer and codebook text is empty")
        self.feature_names_: list[str] = [terms[k] for k in kept]
        self.vocabulary_ = {term: j for j, term in enumerate(self.feature_names_)}
        self.counter_ = CountVectorizer(
            analyzer=self.analyze, vocabulary=self.vocabulary_, dtype=np.float64
        )
        self.tfidf_ = TfidfTransformer(sublinear_tf=True)
        # the IDF of every copy, as TfidfTransformer.fit computes it (smoothed)
        df_kept = df[kept] + 1.0
        idf = np.full_like(df_kept, fill_value=len(docs) + 1, dtype=np.float64)
        idf /= df_kept
        np.log(idf, out=idf)
        idf += 1.0
        self.idf_ = idf
        self.tfidf_.idf_ = idf * self.stop_weights(self.feature_names_)
        self.tfidf_.n_features_in_ = len(kept)
        if not rows:
            return None, where
        # the chunks into one matrix, by feature name, each chunk released once copied
        nnz = sum(c.nnz for c in chunks)
        data = np.empty(nnz)
        indices = np.empty(nnz, dtype=np.int32)
        lengths = np.empty(len(unique), dtype=np.int64)
        at = row = 0
        chunks.reverse()
        while chunks:
            chunk = chunks.pop()
            size, n_rows = chunk.nnz, chunk.shape[0]
            data[at : at + size] = chunk.data  # (back to float64: whole numbers, exact)
            indices[at : at + size] = by_name.take(chunk.indices, mode="clip")
            lengths[row : row + n_rows] = np.diff(chunk.indptr)
            at, row = at + size, row + n_rows
        indptr_all = np.zeros(len(unique) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr_all[1:])
        X = sp.csr_matrix((data, indices, indptr_all), shape=(len(unique), len(terms)))
        if len(kept) < X.shape[1]:
            X = X[:, kept]
        # each row's features in column order, as CountVectorizer.transform leaves them: the
        # L2 norm then sums in the same order, and the rows equal transform's bit for bit
        X.has_sorted_indices = False
        X.sort_indices()
        return self.tfidf_.transform(X, copy=False), where

    def transform(self, docs: Sequence[Processed]) -> Any:
        """A CSR matrix with one row per doc."""
        return self.tfidf_.transform(self.counter_.transform(docs), copy=False)

    def word_matrix(self, words: Sequence[tuple[str, str]]) -> Any:
        """One CSR row per (word form, lemma): the IDF of each feature the word brings on its
        own (its lemma and its character n-grams), for explaining scores word by word."""
        import scipy.sparse as sp  # lazy

        vocabulary = self.vocabulary_
        idf = self.idf_
        indptr, indices = [0], []
        for form, lemma in words:
            found = {vocabulary.get(WORD + lemma)} | {vocabulary.get(g) for g in self._chars(form)}
            found.discard(None)
            indices += sorted(int(f) for f in found if f is not None)
            indptr.append(len(indices))
        cols = np.asarray(indices, dtype=np.int64)
        return sp.csr_matrix(
            (idf[cols], cols, np.asarray(indptr, dtype=np.int64)),
            shape=(len(words), len(self.feature_names_)),
        )
