"""Scores from the codebook alone, before (and beside) any coded answer.

Every code's keywords, labels, examples, include rules and definition, in all three
languages, are lemmatised into a profile of weighted lemmas. An answer scores for a code when
its lemmas match profile lemmas with rapidfuzz: near-equal strings (typos, an inflection the
lemma table missed) and one lemma inside the other (compounds: "resurssipula" holds
"resurssi", "tidsbrist" holds "tids"...). A several-word keyword counts fully only when
the answer holds all its words. Matching is done once per distinct lemma and remembered, so
scoring 100,000 answers costs one lookup per word.
"""

from __future__ import annotations

import math
import re
import threading
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from coder.codebook.model import LANGUAGES, Code, Codebook
from coder.suggest.tokens import TokenTable
from coder.text import Processed, TextProcessor, default_processor

SOURCE_WEIGHTS: dict[str, float] = {
    "keywords": 1.0,
    "labels": 0.8,
    "examples": 0.5,
    "include": 0.4,
    "definition": 0.35,
}
"""How much a profile lemma counts, by where in the codebook it comes from."""

DESCENDANT_WEIGHT = 0.8
"""A sub-code's texts also describe its parent theme, a little less directly."""

PHRASE_PART = 0.4
"""The share of its keyword's weight that one word of a several-word keyword ("not enough",
"liian vähän") counts for on its own; an answer with every word of the phrase gets the
rest of the weight on top."""

_BATCH = 8192
"""Answers matched per step of :meth:`ColdStart.predict_proba`."""

MIN_COMPOUND = 4
"""Shortest lemma that counts when found inside a longer word (shorter ones match anything)."""


@dataclass(frozen=True, slots=True)
class Match:
    """An answer word that matched a code's profile, and how much it contributed."""

    word: str
    weight: float


@dataclass(frozen=True)
class MatchTable:
    """Matches of a batch of answers (:meth:`ColdStart.match_table`), one entry each."""

    doc: NDArray[np.int64]
    """The answer (index into the :class:`TokenTable`'s docs)."""
    code: NDArray[np.int64]
    term: NDArray[np.int64]
    """The matched profile lemma (an id of the cold start's own)."""
    token: NDArray[np.int64]
    """The answer word that matched (index into the table's tokens)."""
    weight: NDArray[np.float64]


def _similarity(a: str, b: str) -> float:
    """How well two lemmas match, 0..1: equal, a typo apart, or one a part of a compound.

    A typo keeps the first letter and the length, give or take two, and is one edit (in words
    of 8 letters or more, two, or more while most letters agree: "burocracy"), so
    "työpaikka" is not a slip of "työaika" nor "ulkopuolinen" of "ulkoinen". A compound part
    may stand anywhere in the longer word: inflected compounds put it in the middle
    ("resursbristen" holds "brist").
    """
    if a == b:
        return 1.0
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < MIN_COMPOUND:
        return 0.0
    if short in long_:
        return 0.9 if len(short) / len(long_) >= 0.4 else 0.7
    if short[0] == long_[0] and len(long_) - len(short) <= 2:
        ratio = fuzz.ratio(a, b) / 100.0
        allowed = 1 if len(short) < 8 else 2  # long words tolerate two slips...
        if Levenshtein.distance(a, b, score_cutoff=allowed) <= allowed or (
            len(short) >= 8 and ratio >= 0.78  # ...or more
        ):
            return ratio * 0.9
    # compounds with an inflected part: "resurssien" inside "henkilöresurssien"
    if len(short) >= 6 and fuzz.partial_ratio(short, long_, score_cutoff=90):
        return 0.6
    return 0.0


_POINTER = re.compile(r"\(([A-Za-z0-9_.-]+)\)")
"""A code id in parentheses: how exclude rules name the code to use instead."""


def exclude_pointers(codebook: Codebook) -> list[tuple[str, str, str]]:
    """(language, text, code id) for each part of an exclude rule that names another code.

    "Missing goals from management (strategic_ambiguity)" under one code describes
    strategic_ambiguity: evidence for the named code, in every language the rule is in.
    """
    out: list[tuple[str, str, str]] = []
    for code in codebook.all_codes():
        for lang, rule in code.exclude.items():
            for part in rule.split(";"):
                found = _POINTER.search(part)
                text = _POINTER.sub("", part).strip(" .")
                if found and text:
                    out.append((lang, text, found.group(1)))
    return out


def descendants(code: Code, apart: Collection[str] = ()) -> list[Code]:
    """The code's sub-codes, their sub-codes and so on, leaving out those in ``apart`` (the
    codes suggested in their own right) with everything under them."""
    out: list[Code] = []
    for child in code.children:
        if child.id in apart:
            continue
        out += [child, *descendants(child, apart)]
    return out


class ColdStart:
    """Codebook-only scores for a list of codes (sklearn-like: ``predict_proba``)."""

    def __init__(
        self,
        codebook: Codebook,
        code_ids: Sequence[str] | None = None,
        processor: TextProcessor | None = None,
        min_similarity: float = 0.6,
    ) -> None:
        self.codebook = codebook
        self.processor = processor or default_processor()
        self.min_similarity = min_similarity
        codes = [code for code in codebook.all_codes() if code.codable]
        if code_ids is not None:
            by_id = {code.id: code for code in codebook.all_codes()}
            codes = [by_id[cid] if cid in by_id else Code(id=cid) for cid in code_ids]
        self.codes_ = codes
        self.code_ids_ = [code.id for code in codes]
        self.phrases_: list[dict[tuple[str, ...], float]] = [{} for _ in codes]
        self.profile_ = self._profiles(codes)
        # each distinct profile lemma once, with the codes (and weights) it stands for
        self._terms: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for j, profile in enumerate(self.profile_):
            for term, weight in profile.items():
                self._terms[term].append((j, weight))
        self._term_ids = {term: i for i, term in enumerate(self._terms)}
        self._phrase_terms = [
            (j, np.array([self._term_ids[t] for t in phrase], dtype=np.int64), weight)
            for j, phrases in enumerate(self.phrases_)
            for phrase, weight in phrases.items()
            if all(t in self._term_ids for t in phrase)
        ]
        """(code index, profile term ids, the weight an answer holding all of them gains)
        of each several-word keyword, codes in order and each code's phrases in order."""
        self._matches: dict[str, list[tuple[int, float, str]]] = {}
        self.rarity_: dict[str, float] = {}
        self._rows: dict[int, tuple[Processed, NDArray[np.float64]]] = {}
        """Summed match weights of answers already scored (by identity of their processed
        form), until the rarity of lemmas changes: a refit or a cross-validation fold scores
        the same corpus again."""
        self._lock = threading.Lock()

    def _profiles(self, codes: list[Code]) -> list[dict[str, float]]:
        """Per code: lemma -> weight, down-weighting lemmas that several codes share."""
        profiles: list[dict[str, float]] = []
        pointers = exclude_pointers(self.codebook)
        for index, code in enumerate(codes):
            profile: dict[str, float] = {}
            phrases = self.phrases_[index]
            self._add_texts(profile, code, 1.0, phrases)
            # a sub-code suggested in its own right keeps its texts: the parent then stands for
            # the theme in general (coders give the sub-code instead when it applies)
            below = descendants(code, self.code_ids_)
            for descendant in below:
                self._add_texts(profile, descendant, DESCENDANT_WEIGHT, phrases)
            ids = {code.id, *(d.id for d in below)}
            # texts that other codes' exclude rules point here with count as include rules
            pointed: dict[str, list[str]] = defaultdict(list)
            for lang, text, target in pointers:
                if target in ids:
                    pointed[lang].append(text)
            include = {lang: "; ".join(texts) for lang, texts in pointed.items()}
            self._add_texts(profile, Code(id=code.id, include=include), 1.0, phrases)
            profiles.append(profile)
        shared: dict[str, int] = defaultdict(int)
        for profile in profiles:
            for lemma in profile:
                shared[lemma] += 1
        return [
            {lemma: w / math.sqrt(shared[lemma]) for lemma, w in profile.items()}
            for profile in profiles
        ]

    def _add_texts(
        self,
        profile: dict[str, float],
        code: Code,
        factor: float,
        phrases: dict[tuple[str, ...], float],
    ) -> None:
        """Put the lemmas of one code's texts into ``profile`` with their source weight, and
        its several-word keywords into ``phrases``."""
        sources: dict[str, dict[str, list[str]]] = {
            "keywords": code.keywords,
            "labels": {lang: [text] for lang, text in code.labels.items()},
            "examples": code.examples,
            "include": {lang: [text] for lang, text in code.include.items()},
            "definition": {lang: [text] for lang, text in code.definition.items()},
        }
        for source, per_lang in sources.items():
            for lang, texts in per_lang.items():
                for text in texts:
                    doc = self.processor.process(text, lang if lang in LANGUAGES else "und")
                    lemmas = [lemma for lemma in doc.content if len(lemma) >= 3]
                    weight = SOURCE_WEIGHTS[source] * factor
                    if source == "keywords" and len(lemmas) > 1:
                        key = tuple(dict.fromkeys(lemmas))
                        phrases[key] = max(phrases.get(key, 0.0), weight)
                        weight *= PHRASE_PART
                    for lemma in lemmas:
                        profile[lemma] = max(profile.get(lemma, 0.0), weight)

    def _lemma_matches(self, lemma: str) -> list[tuple[int, float, str]]:
        """(code index, contribution, profile lemma) for one answer lemma; computed once."""
        found = self._matches.get(lemma)
        if found is not None:
            return found
        best: dict[int, tuple[float, str]] = {}
        if len(lemma) >= 3:
            for term, codes in self._terms.items():
                sim = _similarity(lemma, term)
                if sim < self.min_similarity:
                    continue
                for j, weight in codes:
                    if sim * weight > best.get(j, (0.0, ""))[0]:
                        best[j] = (sim * weight, term)
        result = [(j, score, term) for j, (score, term) in sorted(best.items())]
        with self._lock:
            self._matches[lemma] = result
        return result

    def match_table(self, table: TokenTable, codes: NDArray[np.bool_] | None = None) -> MatchTable:
        """Every match of the table's answers, in reading order: an answer's content word
        matches each code through the code's best profile lemma for it (see
        :meth:`_lemma_matches`), weighed down by the word's rarity; a profile lemma counts
        once per answer and code, for its first word. ``codes`` (answers x codes, boolean)
        keeps only those codes of each answer.

        The whole batch at once, in numpy: matching 100,000 answers word by word in Python
        took seconds.
        """
        n_codes, term_ids = len(self.codes_), self._term_ids
        tokens = np.flatnonzero(table.content)
        token_lemma = table.lemma[tokens]
        needed = np.unique(token_lemma)
        found = [self._lemma_matches(table.lemmas[i]) for i in needed]
        sizes = np.zeros(len(table.lemmas), dtype=np.int64)
        sizes[needed] = [len(m) for m in found]
        first = np.zeros(len(table.lemmas), dtype=np.int64)
        first[needed] = np.cumsum(sizes[needed]) - sizes[needed]
        flat = [match for matches in found for match in matches]
        match_code = np.array([m[0] for m in flat], dtype=np.int64)
        match_weight = np.array([m[1] for m in flat], dtype=np.float64)
        match_term = np.array([term_ids[m[2]] for m in flat], dtype=np.int64)
        rarity = np.ones(len(table.lemmas))
        rarity[needed] = [self.rarity_.get(table.lemmas[i], 1.0) for i in needed]
        # one entry per (token, match of its lemma), in reading order
        counts = sizes[token_lemma]
        token = np.repeat(tokens, counts)
        ends = np.cumsum(counts)
        within = np.arange(int(ends[-1]) if len(ends) else 0) - np.repeat(ends - counts, counts)
        match = first[table.lemma[token]] + within
        code = match_code[match]
        doc = table.doc[token]
        if codes is not None:
            wanted = codes[doc, code]
            token, match, code, doc = token[wanted], match[wanted], code[wanted], doc[wanted]
        term = match_term[match]
        key = (doc * n_codes + code) * max(len(term_ids), 1) + term
        kept = np.unique(key, return_index=True)[1]  # each (answer, code, term) first seen
        kept.sort()
        token = token[kept]
        weight = match_weight[match[kept]] * rarity[table.lemma[token]]
        return MatchTable(doc[kept], code[kept], term[kept], token, weight)

    def _raw_many(self, table: TokenTable) -> NDArray[np.float64]:
        """Summed match weight per answer and code, phrases included (:meth:`raw_scores`
        for a batch)."""
        n_docs, n_codes = len(table), len(self.codes_)
        found = self.match_table(table)
        # summed in reading order, as the walk of one answer sums them
        scores = (
            np.bincount(
                found.doc * n_codes + found.code, weights=found.weight, minlength=n_docs * n_codes
            )
            .reshape(n_docs, n_codes)
            .astype(np.float64, copy=False)
        )
        phrases = self._phrase_terms
        if phrases and len(found.doc):
            n_terms = max(len(self._terms), 1)
            pair = found.code * n_terms + found.term
            order = np.argsort(pair, kind="stable")
            pairs = pair[order]
            for j, terms, weight in phrases:
                docs: NDArray[np.int64] | None = None
                for term in terms:
                    lo, hi = np.searchsorted(pairs, [j * n_terms + term, j * n_terms + term + 1])
                    has = found.doc[order[lo:hi]]
                    docs = has if docs is None else np.intersect1d(docs, has, assume_unique=True)
                    if not len(docs):
                        break
                if docs is not None and len(docs):
                    scores[docs, j] += weight * (1.0 - PHRASE_PART)
        return scores

    def matches(self, doc: Processed, codes: set[int] | None = None) -> list[list[Match]]:
        """The answer words behind each code's score (:meth:`raw_scores` without the sums:
        what an explanation needs), for ``codes`` (indices) only if given."""
        table = TokenTable.of([doc])
        wanted = None
        if codes is not None:
            wanted = np.zeros((1, len(self.codes_)), dtype=bool)
            wanted[0, sorted(codes)] = True
        found = self.match_table(table, wanted)
        matched: list[list[Match]] = [[] for _ in self.codes_]
        for j, token, weight in zip(found.code, found.token, found.weight, strict=True):
            matched[j].append(Match(doc.tokens[token], float(weight)))
        return matched

    def raw_scores(self, doc: Processed) -> tuple[NDArray[np.float64], list[list[Match]]]:
        """Summed match weight per code, and the answer words behind each code's score."""
        return self._raw_many(TokenTable.of([doc]))[0], self.matches(doc)

    def set_corpus(self, docs: Sequence[Processed]) -> ColdStart:
        """Learn how common each lemma is among the question's answers.

        A codebook word that half the answers use ("yliopisto", "course") says little about
        any one answer: its matches count for less, by an IDF-like factor in [0.2, 1].
        """
        from collections import Counter

        n = len(docs)
        if n < 20:
            if self.rarity_:
                self.rarity_ = {}
                self._rows.clear()
            return self
        df = Counter(lemma for doc in docs for lemma in set(doc.content))
        top = math.log(n / 2.0)
        rarity = {
            lemma: max(0.2, min(1.0, math.log(n / count) / top))
            for lemma, count in df.items()
            if count > 2
        }
        if rarity != self.rarity_:
            self.rarity_ = rarity
            self._rows.clear()
        return self

    def predict_proba(self, docs: Sequence[Processed]) -> NDArray[np.float64]:
        """Scores in [0, 1), one row per answer: 1 - exp(-summed match weight)."""
        out = np.zeros((len(docs), len(self.codes_)))
        todo: list[int] = []
        for i, doc in enumerate(docs):
            found = self._rows.get(id(doc))
            if found is None or found[0] is not doc:
                todo.append(i)
            else:
                out[i] = found[1]
        for begin in range(0, len(todo), _BATCH):  # bounds the memory of the match arrays
            batch = todo[begin : begin + _BATCH]
            rows = self._raw_many(TokenTable.of([docs[i] for i in batch]))
            out[batch] = rows
            if len(self._rows) < 1_000_000:
                self._rows.update(
                    (id(docs[i]), (docs[i], row)) for i, row in zip(batch, rows, strict=True)
                )
        result: NDArray[np.float64] = 1.0 - np.exp(-out)
        return result

    def explain(self, doc: Processed, code_index: int, top: int = 3) -> list[str]:
        """The answer words that made ``code_index`` score, strongest first."""
        matches = sorted(self.raw_scores(doc)[1][code_index], key=lambda m: -m.weight)
        words: list[str] = []
        for match in matches:
            if match.word not in words:
                words.append(match.word)
        return words[:top]
