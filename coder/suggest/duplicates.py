"""Grouping identical and near-identical answers so one decision can code the whole group.

Surveys are full of "En vet", "en vet.", "Ei kommentoitavaa", "ei kommentoitavaa!!", "-" and
"ok". Answers are first normalised (case, punctuation, spacing); equal normal forms are one
group, and short answers are also joined when rapidfuzz finds them near-equal (typos). Long
answers are grouped only when their normal forms are equal: two long answers a few words
apart usually say different things.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence

from coder.text.nonanswers import is_non_answer

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)

SHORT = 40
"""Answers up to this many characters (normalised) may be grouped by similarity."""


def normalise(text: str) -> str:
    """Lower case, Unicode NFC, punctuation and runs of spaces collapsed: the form compared."""
    text = unicodedata.normalize("NFC", text).casefold()
    return _NON_WORD.sub(" ", text).strip()


def group_duplicates(texts: Sequence[str], similarity: float = 88.0) -> list[list[int]]:
    """Groups (lists of indices into ``texts``, two or more each) of near-identical answers.

    ``similarity`` is rapidfuzz's ``ratio`` (0-100) that two short answers need to share a
    group. Every non-answer ("-", "eos", "En vet", "no comment") shares one normal form, so
    they form one group across languages. Groups are ordered by their first answer; indices
    within a group ascend.
    """
    import numpy as np
    from rapidfuzz import fuzz, process  # lazy
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    by_form: dict[str, list[int]] = defaultdict(list)
    for i, text in enumerate(texts):
        by_form[normalise(text)].append(i)
    forms = list(by_form)
    # Every non-answer joins one group (linked in a chain), whatever its language.
    silent = [k for k, form in enumerate(forms) if len(form) <= SHORT and is_non_answer(form)]
    rows: list[int] = silent[:-1]
    cols: list[int] = silent[1:]
    short = [k for k, form in enumerate(forms) if 0 < len(form) <= SHORT]
    if len(short) > 1:
        # block by length so 100,000 answers do not mean 10^10 comparisons
        by_length: dict[int, list[int]] = defaultdict(list)
        for k in short:
            by_length[len(forms[k])].append(k)
        for length, members in by_length.items():
            near = [
                m
                for other in range(int(length * 0.8), length + 1)
                for m in by_length.get(other, [])
            ]
            if not near:
                continue
            scores = process.cdist(
                [forms[k] for k in members],
                [forms[m] for m in near],
                scorer=fuzz.ratio,
                score_cutoff=similarity,
                dtype=np.uint8,
                workers=-1,  # in C++ on every core, without holding the interpreter
            )
            found_a, found_b = scores.nonzero()
            rows.extend(members[a] for a in found_a)
            cols.extend(near[b] for b in found_b)
    links = coo_matrix(
        (np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(len(forms), len(forms))
    )
    _count, labels = connected_components(links, directed=False)
    groups: dict[int, list[int]] = defaultdict(list)
    for k, form in enumerate(forms):
        groups[int(labels[k])].extend(by_form[form])
    result = [sorted(members) for members in groups.values() if len(members) > 1]
    return sorted(result, key=lambda members: members[0])
