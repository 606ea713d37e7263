"""A batch of processed answers as flat integer columns, one entry per token.

Walking answers token by token in Python costs about a microsecond a token, and scoring and
explaining 100,000 answers walked their 2.6 million tokens several times. A batch is
encoded once here, with C-level iteration (``itertools.chain`` and dictionary lookups through
``map``), and the codebook matching (:mod:`coder.suggest.coldstart`) and the explanations
(:mod:`coder.suggest.explain`) then work on numpy arrays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

import numpy as np
from numpy.typing import NDArray

from coder.text import Processed

IntArray = NDArray[np.int64]


def distinct_ids(items: list[str]) -> tuple[list[str], IntArray]:
    """The distinct strings of ``items`` in order of first sight, and each item's index there."""
    distinct = dict.fromkeys(items)
    index = dict(zip(distinct, range(len(distinct)), strict=True))
    return list(distinct), np.fromiter(map(index.__getitem__, items), np.int64, len(items))


def ranges(starts: NDArray[Any], lengths: NDArray[Any]) -> NDArray[Any]:
    """The ranges ``[starts[i], starts[i] + lengths[i])``, one after another in one array
    (of the type of ``starts``)."""
    before = np.cumsum(lengths, dtype=starts.dtype) - lengths
    at = np.repeat(starts - before, lengths)
    at += np.arange(len(at), dtype=at.dtype)
    return at


@dataclass(frozen=True)
class TokenTable:
    """Every token of ``docs``: its answer, word form and lemma as ids, in reading order."""

    docs: Sequence[Processed]
    words: list[str]
    """Distinct lower-cased word forms (``word`` indexes it)."""
    lemmas: list[str]
    """Distinct lemmas (``lemma`` indexes it)."""
    doc: IntArray
    """Per token: the index of its answer in ``docs``."""
    word: IntArray
    lemma: IntArray
    content: NDArray[np.bool_]
    """Per token: its lemma is one of the answer's content lemmas (not a stop word there)."""
    starts: IntArray
    """Per answer: the index of its first token (one more entry: the total)."""

    @classmethod
    def of(cls, docs: Sequence[Processed]) -> TokenTable:
        lengths = np.fromiter((len(d.tokens) for d in docs), dtype=np.int64, count=len(docs))
        starts = np.zeros(len(docs) + 1, dtype=np.int64)
        np.cumsum(lengths, out=starts[1:])
        words, word = distinct_ids(list(chain.from_iterable(d.tokens for d in docs)))
        # the content lemmas are lemmas of the answer's own tokens: numbered together
        content_lengths = np.fromiter((len(d.content) for d in docs), np.int64, len(docs))
        lemmas, lemma_ids = distinct_ids(
            list(chain.from_iterable(d.lemmas for d in docs))
            + list(chain.from_iterable(d.content for d in docs))
        )
        lemma, content_lemma = lemma_ids[: starts[-1]], lemma_ids[starts[-1] :]
        doc = np.repeat(np.arange(len(docs), dtype=np.int64), lengths)
        # a token is content when (its answer, its lemma) is among the content pairs
        width = max(len(lemmas), 1)
        pairs = np.sort(
            np.repeat(np.arange(len(docs), dtype=np.int64), content_lengths) * width + content_lemma
        )
        keys = doc * width + lemma
        at = np.minimum(np.searchsorted(pairs, keys), max(len(pairs) - 1, 0))
        content = pairs[at] == keys if len(pairs) else np.zeros(len(keys), dtype=bool)
        return cls(docs, words, lemmas, doc, word, lemma, content, starts)

    def __len__(self) -> int:
        return len(self.docs)
