"""Answer -> sparse feature row: lemma n-grams plus character n-grams of the words.

Lemma n-grams carry meaning across inflection; character n-grams (within word boundaries)
catch compounds, typos and endings that the lemma tables miss ("resurssipula",
"mikromeriterna"). The vocabulary is fitted once, on every answer of the question (coded or
not) plus the codebook's own texts, and then kept fixed: retraining after one more coded
answer only refits the linear heads, never the vocabulary.

Character n-grams are computed once per distinct word and remembered: survey answers reuse
the same few thousand words. Fitting names each distinct n-gram and word once and counts the
features of the answers on arrays of ids (:class:`_Occurrences`); the columns come out in
order as they are counted, where sorting each row's ids afterwards took a second on 100,000
answers.

Stop words are features too, one per word form (``s:``), weighed as much as the character
n-grams a content word of that length brings (see :meth:`AnswerVectorizer.stop_weights`):
the stop lists are made for search, and in survey answers "already", "one", "through",
"someone" or "jo", "kautta", "allt" carry a code. The codebook matching and the explanations
keep leaving them out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import chain, compress, filterfalse
from typing import Any

import numpy as np
from numpy.typing import NDArray

from coder.suggest.tokens import IntArray, distinct_ids, ranges
from coder.text import Processed

_CHUNK = 2048
"""Distinct answers analysed and counted per step (bounds the memory of the occurrences)."""

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

        The work is done on arrays of ids rather than answer by answer, :data:`_CHUNK`
        answers at a time: each distinct n-gram and word of the chunk is named once, the
        names sorted, and each answer's features counted by sorting (answer, name) keys,
        which leaves every row's features in name order as they are counted; the chunk's
        names, in order, then become columns of the whole vocabulary, in the same order.
        """
        from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer  # lazy

        unique, where = unique_docs(docs)
        copies = np.bincount(where, minlength=len(unique)).astype(np.float64)
        # every feature name seen -> its number in order of first sight
        vocabulary: dict[str, int] = {}
        # document and term frequencies over every copy of an answer, by that number (sums
        # of whole numbers: exact in any order)
        df_seen = np.zeros(0)
        tfs_seen = np.zeros(0)
        counted: list[tuple[NDArray[Any], NDArray[np.int32], IntArray, IntArray]] = []
        for begin in range(0, len(unique), _CHUNK):
            end = min(begin + _CHUNK, len(unique))
            found = _Occurrences.of(
                unique[begin:end], self.word_ngram_range, self._chars, self.stop_words
            )
            lengths, column, count = found.count()
            new_terms = list(filterfalse(vocabulary.__contains__, found.terms))
            vocabulary.update(zip(new_terms, range(len(vocabulary), len(vocabulary) + len(new_terms)), strict=True))  # fmt: skip
            numbers = np.fromiter(map(vocabulary.__getitem__, found.terms), np.int64, len(found.terms))  # fmt: skip
            grown = len(vocabulary) - len(df_seen)
            df_seen = np.concatenate([df_seen, np.zeros(grown)])
            tfs_seen = np.concatenate([tfs_seen, np.zeros(grown)])
            weights = np.repeat(copies[begin:end], lengths)
            seen = numbers[column]
            df_seen += np.bincount(seen, weights=weights, minlength=len(vocabulary))
            weights *= count
            tfs_seen += np.bincount(seen, weights=weights, minlength=len(vocabulary))
            del seen
            if rows:
                if len(count) and count.max() < 2**16:  # counts, held in 2 bytes
                    count = count.astype(np.uint16)
                counted.append((count, column, lengths, numbers))
        # features by name (the columns, as CountVectorizer sorts them after counting)
        terms = sorted(vocabulary)
        n_terms = len(terms)
        by_name = np.empty(n_terms, dtype=np.int32)
        by_name[np.fromiter(map(vocabulary.__getitem__, terms), np.int64, n_terms)] = np.arange(
            n_terms, dtype=np.int32
        )
        df = np.empty(n_terms)
        df[by_name] = df_seen
        tfs = np.empty(n_terms)
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
        import sklearn.preprocessing  # lazy

        # a chunk's columns are its own names' order; as every chunk's names are in the
        # order of all names, each row's columns stay in order in the whole matrix
        chunks: list[tuple[NDArray[Any], NDArray[np.int32], IntArray]] = []
        counted.reverse()
        while counted:  # (each chunk's own columns released as it is renumbered)
            count, column, lengths, numbers = counted.pop()
            chunks.append((count, by_name[numbers][column], lengths))
        if len(kept) < n_terms:  # columns left out: as TfidfTransformer.transform does it
            counts = _assemble(chunks, len(unique), n_terms, lambda count, column: count)
            counts = counts[:, kept]
            counts.sort_indices()
            return self.tfidf_.transform(counts, copy=False), where
        # TfidfTransformer.transform's weights, (log(count) + 1) * its idf_, from a table of
        # log(count) + 1 (the same float64 operations on the same numbers) as each chunk is
        # copied into the matrix; then its L2 norm of each row, which sums in column order
        most = max((int(c[0].max()) for c in chunks if len(c[0])), default=0)
        tf = np.ones(most + 1)
        tf[1:] = np.log(np.arange(1.0, most + 1.0))
        tf[1:] += 1.0

        weighted_idf = self.tfidf_.idf_  # (the stop words' IDF times their weight)

        def tf_idf(count: NDArray[Any], column: NDArray[np.int32]) -> NDArray[np.float64]:
            weight: NDArray[np.float64] = weighted_idf[column]
            more = np.flatnonzero(count > 1)  # (a single occurrence's factor is 1.0 exactly)
            weight[more] *= tf[count[more]]
            return weight

        X = _assemble(chunks, len(unique), n_terms, tf_idf)
        return sklearn.preprocessing.normalize(X, copy=False), where

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


def _assemble(
    counted: list[tuple[NDArray[Any], NDArray[np.int32], IntArray]],
    n_rows: int,
    n_columns: int,
    values: Callable[[NDArray[Any], NDArray[np.int32]], NDArray[np.float64]],
) -> Any:
    """One CSR matrix (float64, each row's columns in order) from chunks of (counts,
    columns, row lengths), the values of a chunk given by ``values(counts, columns)``; each
    chunk is released once copied."""
    import scipy.sparse as sp  # lazy

    nnz = sum(len(c[0]) for c in counted)
    data = np.empty(nnz)
    indices = np.empty(nnz, dtype=np.int32)
    lengths = np.empty(n_rows, dtype=np.int64)
    at = row = 0
    counted.reverse()
    while counted:
        count, column, row_lengths = counted.pop()
        data[at : at + len(count)] = values(count, column)
        indices[at : at + len(count)] = column
        lengths[row : row + len(row_lengths)] = row_lengths
        at, row = at + len(count), row + len(row_lengths)
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    X = sp.csr_matrix((data, indices, indptr), shape=(n_rows, n_columns))
    X.has_sorted_indices = True
    return X


def _distinct(values: IntArray) -> tuple[IntArray, IntArray]:
    """A position of each distinct value, and each value's index among the distinct ones
    (``np.unique``'s ``return_index`` and ``return_inverse``, by a sort: several times
    faster here)."""
    order = np.argsort(values)
    ordered = values[order]
    new = np.empty(len(values), dtype=bool)
    new[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    inverse = np.empty(len(values), dtype=np.int64)
    inverse[order] = np.cumsum(new) - 1
    return order[new], inverse


@dataclass(frozen=True)
class _Occurrences:
    """Where the features of a list of distinct answers occur, as arrays of ids: word
    n-grams by position and stop words by token, character n-grams through the word they
    come from. Columns are the feature names' positions in name order, as scikit-learn
    numbers them."""

    n_docs: int
    terms: list[str]
    """Every feature name, sorted: the columns."""
    gram_doc: list[NDArray[np.int32]]
    """Per n of the word n-grams, then for the stop words: each occurrence's answer (in
    answer order)."""
    gram_column: list[NDArray[np.int32]]
    """The same: each occurrence's column."""
    token_doc: NDArray[np.int32]
    """Per token whose character n-grams count (its lemma is a content lemma of the
    answer): its answer (in answer order)."""
    token_word: IntArray
    """Per such token: its word, an index into ``word_start`` and ``word_length``."""
    word_start: IntArray
    word_length: NDArray[np.int32]
    """Per distinct word: where its character n-grams' columns start in ``word_columns``,
    and how many there are."""
    word_columns: NDArray[np.int32]

    @classmethod
    def of(
        cls,
        docs: Sequence[Processed],
        ngram_range: tuple[int, int],
        chars: Callable[[str], list[str]],
        stop_words: bool = True,
    ) -> _Occurrences:
        n_docs = len(docs)
        low, high = ngram_range
        content_lengths = np.fromiter(map(len, (d.content for d in docs)), np.int64, n_docs)
        token_lengths = np.fromiter(map(len, (d.tokens for d in docs)), np.int64, n_docs)
        n_content = int(content_lengths.sum())
        # content lemmas first: the lemmas that are features get the first ids
        lemma_names, lemma_ids = distinct_ids(
            list(chain.from_iterable(d.content for d in docs))
            + list(chain.from_iterable(d.lemmas for d in docs))
        )
        content, token_lemma = lemma_ids[:n_content], lemma_ids[n_content:]
        n_content_lemmas = int(content.max()) + 1 if n_content else 0
        content_doc = np.repeat(np.arange(n_docs, dtype=np.int32), content_lengths)
        # word n-grams: the id of the n-gram that starts at each position where one fits
        # (the n-gram before it, one lemma longer), each distinct one named once
        names: list[list[str]] = []
        gram_doc: list[NDArray[np.int32]] = []
        gram_ids: list[IntArray] = []
        gram = content
        gram_names = lemma_names[:n_content_lemmas]
        fits = np.arange(n_content)
        for n in range(1, high + 1):
            if n > 1:
                width = max(n_content - n + 1, 0)
                fits = fits[fits < width]
                fits = fits[content_doc[fits] == content_doc[fits + n - 1]]
                pairs = gram[fits] * n_content_lemmas + content[fits + n - 1]
                first, inverse = _distinct(pairs)
                last = content[fits[first] + n - 1].tolist()
                gram_names = [
                    f"{gram_names[before]} {lemma_names[lemma]}"
                    for before, lemma in zip(gram[fits[first]].tolist(), last, strict=True)
                ]
                gram = np.full(n_content, -1, dtype=np.int64)
                gram[fits] = inverse
            if n >= low:
                names.append([WORD + name for name in gram_names])
                gram_doc.append(content_doc[fits])
                gram_ids.append(gram[fits])
        # the tokens whose (answer, lemma) is among the answer's content lemmas
        token_doc = np.repeat(np.arange(n_docs, dtype=np.int32), token_lengths)
        width = max(len(lemma_names), 1)
        content_pairs = np.sort(content_doc.astype(np.int64) * width + content)
        keys = token_doc.astype(np.int64) * width + token_lemma
        if len(content_pairs):
            at = np.minimum(np.searchsorted(content_pairs, keys), len(content_pairs) - 1)
            counts = content_pairs[at] == keys
        else:
            counts = np.zeros(len(keys), dtype=bool)
        tokens = list(chain.from_iterable(d.tokens for d in docs))
        words, token_word = distinct_ids(list(compress(tokens, counts.tolist())))
        if stop_words:  # every other token is a stop word's feature
            others = ~counts
            stops, stop_ids = distinct_ids(list(compress(tokens, others.tolist())))
            names.append([STOP + word for word in stops])
            gram_doc.append(token_doc[others])
            gram_ids.append(stop_ids)
        del tokens
        word_grams = list(map(chars, words))
        word_length = np.fromiter(map(len, word_grams), np.int32, len(word_grams))
        char_names = list(chain.from_iterable(word_grams))
        terms = sorted(dict.fromkeys(chain(chain.from_iterable(names), char_names)))
        column = dict(zip(terms, range(len(terms)), strict=True))

        def columns(of: list[str]) -> NDArray[np.int32]:
            return np.fromiter(map(column.__getitem__, of), np.int32, len(of))

        return cls(
            n_docs,
            terms,
            gram_doc,
            [columns(named)[ids] for named, ids in zip(names, gram_ids, strict=True)],
            token_doc[counts],
            token_word,
            np.cumsum(word_length) - word_length,
            word_length,
            columns(char_names),
        )

    def count(self) -> tuple[IntArray, NDArray[np.int32], IntArray]:
        """The feature counts of the answers: how many features each answer has, and the
        column and count of each, in answer order and each answer's in column order."""
        n_terms = max(len(self.terms), 1)
        # one key per occurrence, (answer, column) in one integer: sorting puts the answers
        # in order and each answer's columns in order, and equal keys side by side
        dtype = np.int32 if self.n_docs * n_terms < 2**31 else np.int64
        char_lengths = self.word_length[self.token_word]
        key: NDArray[Any] = np.empty(
            sum(map(len, self.gram_doc)) + int(char_lengths.sum()), dtype=dtype
        )
        at = 0
        for doc, column in zip(self.gram_doc, self.gram_column, strict=True):
            part: NDArray[Any] = key[at : at + len(doc)]
            part[:] = doc
            part *= n_terms
            part += column
            at += len(doc)
        part = key[at:]
        part[:] = np.repeat(self.token_doc, char_lengths)
        part *= n_terms
        part += self.word_columns[ranges(self.word_start[self.token_word], char_lengths)]
        del part
        key.sort()
        new = np.empty(len(key), dtype=bool)
        new[:1] = True
        np.not_equal(key[1:], key[:-1], out=new[1:])
        starts = np.flatnonzero(new)
        count = np.empty(len(starts), dtype=np.int64)
        np.subtract(starts[1:], starts[:-1], out=count[:-1])
        count[-1:] = len(key) - starts[-1:]
        key = key[starts]
        # where each answer starts among the sorted keys (a division per key costs more)
        first_keys = np.arange(self.n_docs + 1, dtype=dtype) * n_terms
        lengths = np.diff(np.searchsorted(key, first_keys))
        key -= np.repeat(first_keys[:-1], lengths)
        return lengths, key.astype(np.int32, copy=False), count
