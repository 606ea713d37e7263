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

:func:`explain_many` explains a whole batch of answers with array operations over its
:class:`~coder.suggest.tokens.TokenTable`: ``coder suggest`` explains every answer it lists,
and doing that answer by answer took 6 of the 16 seconds of a 100,000-answer question.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from coder.suggest.coldstart import ColdStart
from coder.suggest.features import AnswerVectorizer
from coder.suggest.tokens import TokenTable, ranges
from coder.text.stopwords import display_stop_words


class WordScores:
    """Each word's own positive weight for every code, computed once per word and model.

    A word's weight for a code is the sum, over the features it brings on its own (its lemma,
    its character n-grams), of IDF x the code's coefficient where that is positive: what the
    word adds to the code's score in any answer, up to the answer's length normalisation
    (which is the same for all its words, so it does not change their order).
    """

    def __init__(self, vectorizer: AnswerVectorizer, coef: NDArray[np.float64]) -> None:
        self.vectorizer = vectorizer
        # features x codes, in row order: a sparse product with it then needs no copy of it
        # (a transposed view was copied, 10 MB for 100,000 answers, at every new word)
        self.positive_coef_t = np.ascontiguousarray(np.maximum(np.asarray(coef), 0.0).T)
        self._by_word: dict[tuple[str, str], NDArray[np.float64]] = {}

    def prepare(self, words: list[tuple[str, str]]) -> None:
        """Compute the weights of the words not seen yet, all in one matrix product."""
        new = list(dict.fromkeys(w for w in words if w not in self._by_word))
        if new:
            added = np.asarray(self.vectorizer.word_matrix(new) @ self.positive_coef_t)
            self._by_word.update(zip(new, added, strict=True))

    def of(self, words: list[tuple[str, str]]) -> NDArray[np.float64]:
        """(len(words), n_codes) weights of (word form, lemma) pairs."""
        self.prepare(words)
        return np.array([self._by_word[w] for w in words])


def _explainable(table: TokenTable) -> NDArray[np.bool_]:
    """Per token: whether it may appear in an explanation: a content word of its answer
    whose form and lemma are no display stop words of the answer's language."""
    langs = np.array([doc.lang for doc in table.docs], dtype=object)
    token_lang = langs[table.doc] if len(table.doc) else langs[:0]
    hidden = np.zeros(len(table.doc), dtype=bool)
    for lang in set(langs.tolist()):
        stops = display_stop_words(lang)
        word_hidden = np.fromiter((w in stops for w in table.words), bool, len(table.words))
        lemma_hidden = np.fromiter((w in stops for w in table.lemmas), bool, len(table.lemmas))
        here = token_lang == lang
        hidden[here] = word_hidden[table.word[here]] | lemma_hidden[table.lemma[here]]
    explainable: NDArray[np.bool_] = table.content & ~hidden
    return explainable


def _among(values: NDArray[np.int64], allowed: NDArray[np.int64]) -> NDArray[np.bool_]:
    """``np.isin(values, allowed)`` by a sort and a binary search (``isin`` went through a
    hash table of both, several times slower here)."""
    if not len(allowed):
        return np.zeros(len(values), dtype=bool)
    allowed = np.sort(allowed)
    at = np.minimum(np.searchsorted(allowed, values), len(allowed) - 1)
    found: NDArray[np.bool_] = allowed[at] == values
    return found


def _best_first(
    cell: NDArray[np.int64], total: NDArray[Any], first: NDArray[np.int64]
) -> NDArray[np.int64]:
    """The order by cell, then largest ``total``, then smallest ``first`` (``np.lexsort``'s
    over the three, which took a third of the explanations' time): one sort of a single
    integer key (cell, rank of the total, first) when it fits in 63 bits."""
    if not len(cell):
        return np.zeros(0, dtype=np.int64)
    by_total = np.argsort(-total)
    new_total = np.empty(len(total), dtype=bool)
    new_total[0] = True
    np.not_equal(total[by_total][1:], total[by_total][:-1], out=new_total[1:])
    rank = np.empty(len(total), dtype=np.int64)
    rank[by_total] = np.cumsum(new_total) - 1
    n_ranks, n_firsts = int(rank.max()) + 1, int(first.max()) + 1
    if (int(cell.max()) + 1) * n_ranks * n_firsts >= 2**63:
        order: NDArray[np.int64] = np.lexsort((first, -total, cell))
        return order
    key = (cell * n_ranks + rank) * n_firsts + first
    return np.argsort(key)  # (keys are distinct: ``first`` differs within a cell)


def explain_many(
    table: TokenTable,
    top: NDArray[np.int64],
    scores: NDArray[np.float64],
    weight: NDArray[np.float64],
    cold: ColdStart,
    word_scores: WordScores | None,
    n_words: int = 3,
) -> list[list[tuple[str, ...]]]:
    """The words behind each of the ``top`` codes (answers x k code indices) of every answer
    of ``table``: the model's contributions (``weight``, the model's weight per code, times
    the word's own weight for the code) and the codebook matches (times 1 - ``weight``),
    summed per word form; the ``n_words`` largest positive ones, strongest first (ties in
    the order the words were first counted). A code whose score is not positive gets none.
    """
    n_docs, k = top.shape
    words: list[list[tuple[str, ...]]] = [[() for _ in range(k)] for _ in range(n_docs)]
    if not n_docs or not k:
        return words
    n_forms = max(len(table.words), 1)
    # the explainable words of each answer, grouped by lemma in order of first sight, each
    # form once
    tokens = np.flatnonzero(_explainable(table))
    doc, lemma, form = table.doc[tokens], table.lemma[tokens], table.word[tokens]
    _, lemma_first, lemma_of = np.unique(
        doc * max(len(table.lemmas), 1) + lemma, return_index=True, return_inverse=True
    )
    form_first = np.unique(doc * n_forms + form, return_index=True)[1]
    # (a lemma's first sight is a token position, so this keeps the answers in order too)
    order = np.sort(form_first)
    order = order[np.argsort(lemma_first[lemma_of[order]], kind="stable")]
    pair_doc, pair_form, pair_lemma = doc[order], form[order], lemma[order]
    parts_doc: list[NDArray[np.int64]] = []
    parts_slot: list[NDArray[np.int64]] = []
    parts_form: list[NDArray[np.int64]] = []
    parts_value: list[NDArray[np.float64]] = []
    parts_rank: list[NDArray[np.int64]] = []
    if word_scores is not None and len(pair_doc):
        distinct, which = np.unique(pair_form * len(table.lemmas) + pair_lemma, return_inverse=True)
        per_word = word_scores.of(
            [
                (table.words[f], table.lemmas[lem])
                for f, lem in zip(
                    distinct // len(table.lemmas), distinct % len(table.lemmas), strict=True
                )
            ]  # fmt: skip
        )
        for slot in range(k):
            code = top[pair_doc, slot]
            own = per_word[which, code]
            keep = (weight[code] > 0) & (own > 0)
            parts_doc.append(pair_doc[keep])
            parts_slot.append(np.full(int(keep.sum()), slot, dtype=np.int64))
            parts_form.append(pair_form[keep])
            parts_value.append(weight[code[keep]] * own[keep])
            parts_rank.append(np.flatnonzero(keep))
    # codebook matches of the shown codes, in reading order, of words that may be shown
    shown = np.zeros((n_docs, len(cold.codes_)), dtype=bool)
    np.put_along_axis(shown, top, True, axis=1)
    found = cold.match_table(table, shown)
    match_form = table.word[found.token]
    visible = _among(found.doc * n_forms + match_form, pair_doc * n_forms + pair_form)
    slot_of = np.full((n_docs, len(cold.codes_)), -1, dtype=np.int64)
    np.put_along_axis(slot_of, top, np.arange(k)[None, :].repeat(n_docs, axis=0), axis=1)
    m_doc, m_code = found.doc[visible], found.code[visible]
    parts_doc.append(m_doc)
    parts_slot.append(slot_of[m_doc, m_code])
    parts_form.append(match_form[visible])
    parts_value.append((1.0 - weight[m_code]) * found.weight[visible])
    parts_rank.append(len(pair_doc) + np.arange(len(m_doc)))
    entry_doc, entry_slot = np.concatenate(parts_doc), np.concatenate(parts_slot)
    entry_form, entry_rank = np.concatenate(parts_form), np.concatenate(parts_rank)
    if not len(entry_doc):
        return words
    # per (answer, code, form): the model's part first, then each match in order
    group_key = (entry_doc * k + entry_slot) * n_forms + entry_form
    # (within a group the entries come in the order of their ranks: the model's part, then
    # the matches; so a stable sort puts each group's first rank first)
    by_group = np.argsort(group_key, kind="stable")
    in_order = group_key[by_group]
    new_group = np.empty(len(in_order), dtype=bool)
    new_group[0] = True
    np.not_equal(in_order[1:], in_order[:-1], out=new_group[1:])
    groups = in_order[new_group]
    group_of = np.empty(len(group_key), dtype=np.int64)
    group_of[by_group] = np.cumsum(new_group) - 1
    total = np.bincount(group_of, weights=np.concatenate(parts_value), minlength=len(groups))
    first = entry_rank[by_group[new_group]]
    positive = np.flatnonzero(total > 0)
    if not len(positive):
        return words
    cell = groups[positive] // n_forms
    ranked = positive[_best_first(cell, total[positive], first[positive])]
    cell = groups[ranked] // n_forms
    # the first n_words of each (answer, code) cell, for the cells whose score is positive
    starts = np.flatnonzero(np.r_[True, cell[1:] != cell[:-1]])
    sizes = np.minimum(np.diff(starts, append=len(cell)), n_words)
    answer, cell_slot = np.divmod(cell[starts], k)
    kept = scores[answer, top[answer, cell_slot]] > 0
    starts, sizes, answer, cell_slot = starts[kept], sizes[kept], answer[kept], cell_slot[kept]
    chosen = groups[ranked[ranges(starts, sizes)]] % n_forms
    names = [table.words[f] for f in chosen.tolist()]
    at = 0
    for i, j, size in zip(answer.tolist(), cell_slot.tolist(), sizes.tolist(), strict=True):
        words[i][j] = tuple(names[at : at + size])
        at += size
    return words
