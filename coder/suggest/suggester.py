"""The suggester the TUI and the CLI use: codebook cold start blended with a learned model.

Typical use (the TUI runs it in a child process, ``coder.suggest.worker``, fed from one thread)::

    s = Suggester(codebook).fit(texts, langs, label_sets, corpus=(all_texts, all_langs))
    s.suggest("Ei ole aikaa eikä rahaa", "fi", k=3)
    # [CodeSuggestion(code="lack_of_resources", score=0.91, words=("aikaa", "rahaa"), ...)]
    s.add(text, lang, {"lack_of_resources"})     # one more coded answer: cheap update

While a code has few coded examples its score leans on the codebook (keywords, examples,
definitions in sv/fi/en); as examples accumulate the learned model takes over. Each fit swaps
in a complete new state in one assignment, so a ``suggest`` running in another thread always
sees a consistent model, never a half-trained one.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from coder.bulk import paused_gc
from coder.codebook.model import Code, Codebook
from coder.suggest.blend import Blender
from coder.suggest.coldstart import ColdStart, descendants, exclude_pointers
from coder.suggest.confidence import Confidence
from coder.suggest.decide import Decision, choose_decision
from coder.suggest.explain import WordScores, explain_many
from coder.suggest.features import AnswerVectorizer, unique_docs
from coder.suggest.model import LinearCodeModel
from coder.suggest.tokens import TokenTable
from coder.text import Processed, TextProcessor, default_processor

FloatArray = NDArray[np.float64]

_EXPLAIN_BATCH = 8192
"""Answers explained per step."""

_SCORE_BATCH = 2048
"""Answers whose feature rows are computed and scored per step: counting the features of
8,192 answers held about 30 MB of Python ints (scikit-learn's ``CountVectorizer``)."""

COLD_THRESHOLD = 0.5
"""Threshold on the codebook-only score before any code has been learned."""

LIST_SEPARATOR = re.compile(r"[,;:()]\s*|\s+(?:and|or|och|eller|ja|tai|tahi)\s+", re.IGNORECASE)
"""Where a definition's enumeration splits into items: punctuation and the words that join
the last item in sv/fi/en ("... social media, newsletters, adverts or events")."""


@dataclass(frozen=True, slots=True)
class CodeSuggestion:
    """One suggested code for one answer."""

    code: str
    score: float
    """Blended, calibrated probability in [0, 1] that the code applies."""
    words: tuple[str, ...] = ()
    """The answer words that drove the score, strongest first (empty if not asked for)."""
    predicted: bool = False
    """Whether the suggester would assign this code on its own (see :mod:`coder.suggest.decide`)."""
    source: str = "codebook"
    """Where the score mostly comes from: ``codebook`` (the codes' labels, definitions,
    keywords) or ``model`` (what was learned from the coder's codings)."""


@dataclass
class _State:
    """Everything a fit produces; replaced as a whole so readers never see a mix."""

    docs: list[Processed] = field(default_factory=list)
    vectorizer: AnswerVectorizer | None = None
    model: Any = None
    X: Any = None
    Y: NDArray[np.int8] = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int8))
    n_coded: int = 0
    n_full_fit: int = 0
    positives: FloatArray = field(default_factory=lambda: np.zeros(0))
    decision: Decision = field(default_factory=lambda: Decision(np.zeros(0)))
    corpus: _Corpus | None = None
    blender: Blender = field(default_factory=Blender)
    confidence: Confidence = field(default_factory=Confidence)
    word_scores: WordScores | None = None
    corpus_proba: FloatArray | None = None
    """The model's probabilities for every corpus row, once asked for most of them."""
    """Per-word explanation weights, filled as answers are explained (see explain.py)."""


@dataclass
class _Corpus:
    """Every answer of the question, featurised once per full fit and scored by the cold
    start once, so suggestions for 100,000 answers are a matrix product, not 100,000
    featurisations. Answers are found by identity of their cached processed form; each
    distinct form has one row (``docs``, ``X`` and ``cold``), however many answers share it."""

    source: list[Processed]
    """The corpus as given (every answer, repeats included)."""
    docs: list[Processed]
    """Its distinct processed forms, in order of first sight."""
    index: dict[int, int]
    X: Any = None
    cold: FloatArray | None = None

    @classmethod
    def of(cls, docs: list[Processed]) -> _Corpus:
        unique, _rows = unique_docs(docs)
        return cls(docs, unique, {id(doc): i for i, doc in enumerate(unique)})

    def rows(self, docs: Sequence[Processed]) -> NDArray[np.int64]:
        """Row of each doc in the corpus, -1 if it is not there."""
        out = np.full(len(docs), -1, dtype=np.int64)
        for i, doc in enumerate(docs):
            row = self.index.get(id(doc))
            if row is not None and self.docs[row] is doc:
                out[i] = row
        return out


def _codebook_texts(code: Code) -> list[tuple[str, str]]:
    """(language, text) of every codebook text of ``code`` the model should learn from.

    Each keyword, each ";"-separated part of an include rule and each item of a definition's
    enumerations is a row of its own as well: a short answer resembles one keyword or one part
    of the rule far more than it resembles all of them run together, and short rows give the
    model features it can weigh.
    """
    texts = [(lang, text) for lang, items in code.examples.items() for text in items]
    texts += [(lang, " ".join(words)) for lang, words in code.keywords.items() if words]
    texts += [(lang, word) for lang, words in code.keywords.items() for word in words]
    texts += [*code.definition.items(), *code.include.items(), *code.labels.items()]
    texts += [
        (lang, part.strip())
        for lang, rule in code.include.items()
        for part in rule.split(";")
        if part.strip() and part.strip() != rule.strip()
    ]
    texts += [
        (lang, part) for lang, text in code.definition.items() for part in definition_parts(text)
    ]
    return texts


def definition_parts(text: str) -> list[str]:
    """The items of a definition's enumerations, each a training row of its own (none if the
    definition does not split).

    An analyst's definition lists what the code covers ("a contact person, advice, a chat or
    other personal help"); a short answer names one of those things, and resembles that item
    far more than the whole sentence: on the development questions the items as rows raised
    top-3 recall after 25 coded answers from 0.833 to 0.858 and micro-F1 from 0.706 to 0.732.
    """
    parts = [part.strip(" .") for part in LIST_SEPARATOR.split(text)]
    parts = [part for part in parts if part]
    return parts if len(parts) > 1 else []


def _lengths(docs: Sequence[Processed]) -> NDArray[np.int64]:
    """Each answer's number of content words (for the confidence)."""
    return np.fromiter((len(doc.content) for doc in docs), dtype=np.int64, count=len(docs))


def _model_factory() -> LinearCodeModel:
    return LinearCodeModel()


class Suggester:
    """Multi-label code suggestions for answers of one question.

    Parameters
    ----------
    codebook:
        The question's codebook; its codable codes are the labels (codes seen only in the
        training labels are added after them).
    code_ids:
        Suggest only these codes (e.g. the top-level themes), in this order.
    processor:
        Text processing (defaults to the shared, cached one).
    prior_strength:
        How many coded examples of a code it takes for the learned model to weigh as much as
        the codebook: weight = positives / (positives + prior_strength).
    use_codebook_texts:
        Also train on the codebook's examples, keywords, definitions, include rules and
        labels (a sub-code's too, for its parent) as if they were coded answers,
        which carries knowledge across languages while coded answers are few.
    vectorizer_params, model_params:
        Keyword arguments for :class:`AnswerVectorizer` and the model's ``set_params`` (for
        trying settings in ``bench/bench_suggest_quality.py --param``).
    corpus_features:
        Keep the feature rows of every corpus answer after a fit, so that scoring any of
        them is a row lookup (``coder suggest`` scores them all). Without them (the TUI's
        process, which scores a few answers at a time) rows are computed when asked, equal
        bit for bit, and the fit needs a fraction of the memory: 100,000 answers held a
        matrix of 144 MB.
    model_factory:
        Builds the learned model: any object with ``fit(X, Y)``, ``update(X, Y)``,
        ``predict_proba(X)``, ``coef_`` and ``intercept_`` (see :class:`LinearCodeModel`).
    """

    def __init__(
        self,
        codebook: Codebook | None = None,
        code_ids: Sequence[str] | None = None,
        processor: TextProcessor | None = None,
        prior_strength: float = 4.0,
        use_codebook_texts: bool = True,
        model_factory: Callable[[], Any] = _model_factory,
        vectorizer_params: dict[str, Any] | None = None,
        model_params: dict[str, Any] | None = None,
        corpus_features: bool = True,
    ) -> None:
        self.codebook = codebook or Codebook(id="empty")
        self.corpus_features = corpus_features
        self.processor = processor or default_processor()
        self.prior_strength = prior_strength
        self.use_codebook_texts = use_codebook_texts
        self.model_factory = model_factory
        self.vectorizer_params = dict(vectorizer_params or {})
        self.model_params = dict(model_params or {})
        self.code_ids_: list[str] = (
            list(code_ids)
            if code_ids is not None
            else [c.id for c in self.codebook.all_codes() if c.codable]
        )
        self._cold = ColdStart(self.codebook, self.code_ids_, self.processor)
        self._state = _State(positives=np.zeros(len(self.code_ids_)))
        self._state.decision = Decision(np.full(len(self.code_ids_), COLD_THRESHOLD))
        self._state.blender = Blender(prior_strength)
        self._fit_lock = threading.Lock()
        self._vector_cache: (
            tuple[NDArray[np.uint64], AnswerVectorizer, Any, NDArray[np.int64], _Corpus] | None
        ) = None

    # -- training ------------------------------------------------------------------------
    @property
    def n_trained_(self) -> int:
        """How many coded answers the current model learned from."""
        return self._state.n_coded

    @property
    def needs_refit(self) -> bool:
        """True when enough answers were added since the last full fit that a :meth:`refit`
        (new vocabulary, calibration and thresholds) is worth running in the background."""
        state = self._state
        return state.n_coded >= max(10, int(state.n_full_fit * 1.25))

    def _codebook_rows(self) -> tuple[list[Processed], list[set[str]]]:
        docs: list[Processed] = []
        labels: list[set[str]] = []
        if not self.use_codebook_texts:
            return docs, labels
        for code in self.codebook.all_codes():
            if code.id not in self.code_ids_:
                continue
            # a sub-code's texts describe its parent theme too (the parent is what we suggest)
            for part in (code, *descendants(code, self.code_ids_)):
                for lang, text in _codebook_texts(part):
                    docs.append(self.processor.process(text, lang))
                    labels.append({code.id})
        # "... (other_code)" in an exclude rule describes other_code
        for lang, text, pointed in exclude_pointers(self.codebook):
            target = self._suggested_ancestor(pointed)
            if target is not None:
                docs.append(self.processor.process(text, lang))
                labels.append({target})
        return docs, labels

    def _suggested_ancestor(self, code_id: str) -> str | None:
        """``code_id`` itself if it is suggested, else its nearest suggested ancestor."""
        while code_id:
            if code_id in self.code_ids_:
                return code_id
            code_id = code_id.rpartition(".")[0]
        return None

    def _indicator(self, label_sets: Sequence[Iterable[str]]) -> NDArray[np.int8]:
        for labels in label_sets:
            for code in labels:
                if code not in self.code_ids_:
                    self.code_ids_.append(code)
        index = {code: j for j, code in enumerate(self.code_ids_)}
        Y = np.zeros((len(label_sets), len(self.code_ids_)), dtype=np.int8)
        for i, labels in enumerate(label_sets):
            for code in labels:
                Y[i, index[code]] = 1
        return Y

    def fit(
        self,
        texts: Sequence[str],
        langs: Sequence[str],
        label_sets: Sequence[Iterable[str]],
        corpus: tuple[Sequence[str], Sequence[str]] | None = None,
    ) -> Suggester:
        """Learn from coded answers: ``label_sets[i]`` is the set of codes of ``texts[i]``
        (an empty set means "coded, no code applies").

        ``corpus`` (texts, languages) is every answer of the question, coded or not; the
        vocabulary is fitted on it once, so later :meth:`add` calls never refit it.
        """
        if not len(texts) == len(langs) == len(label_sets):
            raise ValueError(
                f"{len(texts)} texts, {len(langs)} languages, {len(label_sets)} label sets"
            )
        with paused_gc():
            docs = self.processor.process_many(texts, langs)
            corpus_docs = self.processor.process_many(*corpus) if corpus is not None else None
            return self.fit_processed(docs, label_sets, corpus_docs)

    def fit_processed(
        self,
        docs: list[Processed],
        label_sets: Sequence[Iterable[str]],
        corpus_docs: list[Processed] | None = None,
    ) -> Suggester:
        """:meth:`fit` on answers already processed (by :attr:`processor`): a caller that
        holds a large corpus can let go of its raw texts before the fit's own work."""
        if len(docs) != len(label_sets):
            raise ValueError(f"{len(docs)} answers, {len(label_sets)} label sets")
        with self._fit_lock, paused_gc():
            sets = [set(labels) for labels in label_sets]
            self._state = self._full_fit(docs, sets, corpus_docs)
        return self

    def _full_fit(
        self,
        docs: list[Processed],
        label_sets: list[set[str]],
        corpus_docs: list[Processed] | None,
    ) -> _State:
        extra_docs, extra_labels = self._codebook_rows()
        all_docs = docs + extra_docs
        Y = self._indicator(label_sets + extra_labels)
        previous = self._state.corpus
        if corpus_docs is None and previous is not None:
            corpus_docs = previous.source
        same_corpus = previous is not None and previous.source is corpus_docs
        rebuild = self._cold.code_ids_ != self.code_ids_
        if rebuild:
            self._cold = ColdStart(self.codebook, self.code_ids_, self.processor)
        if corpus_docs and (rebuild or not same_corpus):
            self._cold.set_corpus(corpus_docs)
        state = _State(docs=list(docs), n_coded=len(docs), n_full_fit=len(docs))
        state.positives = Y[: len(docs)].sum(axis=0).astype(float)
        state.decision = Decision(np.full(len(self.code_ids_), COLD_THRESHOLD))
        state.Y = Y
        if corpus_docs:
            state.corpus = _Corpus.of(corpus_docs)
            if same_corpus and not rebuild and previous is not None and previous.cold is not None:
                state.corpus.cold = previous.cold
            else:
                # the cold start remembers the rows too, for a later fit on the same answers
                # (each fold of a cross-validation); a process that fits once keeps one copy
                state.corpus.cold = self._cold.predict_proba(
                    state.corpus.docs, remember=self.corpus_features
                )
        if not all_docs or not Y.any():
            return state
        state.vectorizer, state.X, corpus_X = self._vectors(
            docs, extra_docs, corpus_docs, state.corpus
        )
        if state.corpus is not None:
            state.corpus.X = corpus_X
        model = self.model_factory()
        if self.model_params:
            model.set_params(**self.model_params)
        state.model = model.fit(state.X, Y)
        oof = getattr(state.model, "oof_proba_", None)
        state.blender = Blender(self.prior_strength)
        if oof is not None and len(docs) >= 10:
            cold = self._cold_of(docs, state.corpus)
            truth = Y[: len(docs)]
            state.blender.fit(oof[: len(docs)], cold, truth, state.positives)
            blended = state.blender.blend(oof[: len(docs)], cold, state.positives)
            state.decision = choose_decision(blended, truth)
            assigned = state.decision.apply(blended)
            state.confidence = Confidence.fit(blended, assigned, truth, _lengths(docs))
        return state

    def _cold_of(self, docs: Sequence[Processed], corpus: _Corpus | None) -> FloatArray:
        """The cold-start scores of ``docs``, from the corpus's rows where they are all there
        (the same numbers: each row is computed on its own)."""
        if corpus is not None and corpus.cold is not None:
            rows = corpus.rows(docs)
            if (rows >= 0).all():
                found: FloatArray = corpus.cold[rows]
                return found
        return self._cold.predict_proba(docs)

    def _vectors(
        self,
        docs: list[Processed],
        extra_docs: list[Processed],
        corpus_docs: list[Processed] | None,
        corpus: _Corpus | None = None,
    ) -> tuple[AnswerVectorizer, Any, Any]:
        """The vectorizer, the training rows' features and the corpus's features.

        The vocabulary and IDF come from the corpus (every answer of the question, coded or
        not) and the codebook's texts, so they do not depend on which answers are coded: a
        refit on more coded answers, or each fold of a cross-validation, reuses them (kept
        for the last corpus seen) instead of featurising thousands of answers again.
        """
        import scipy.sparse as sp  # lazy

        if not corpus_docs:
            vectorizer = AnswerVectorizer(**self.vectorizer_params)
            X = vectorizer.fit_transform(docs + extra_docs)
            return vectorizer, X, None
        # the identities of the docs, as an array (a tuple of 100,000 ints held 4 MB)
        key = np.fromiter(
            map(id, itertools.chain(corpus_docs, extra_docs)),
            dtype=np.uint64,
            count=len(corpus_docs) + len(extra_docs),
        )
        cached = self._vector_cache
        if cached is None or not np.array_equal(cached[0], key):
            vectorizer = AnswerVectorizer(**self.vectorizer_params)
            matrix, where = vectorizer.fit_transform_unique(
                corpus_docs + extra_docs, rows=self.corpus_features
            )
            # the fit's own index of the corpus (built once), without its scores and rows
            index = (
                _Corpus(corpus.source, corpus.docs, corpus.index)
                if corpus is not None and corpus.source is corpus_docs
                else _Corpus.of(corpus_docs)
            )
            cached = self._vector_cache = (key, vectorizer, matrix, where, index)
        _key, vectorizer, matrix, where, index = cached
        if matrix is None:  # rows computed as asked: transform gives the fitted rows exactly
            return vectorizer, vectorizer.transform(docs + extra_docs), None
        # the corpus's distinct forms come first in ``matrix``, in the same order as in
        # ``index``; the codebook rows follow (or share a row with an equal answer)
        rows = index.rows(docs)
        coded = (
            matrix[rows]
            if (rows >= 0).all()
            else vectorizer.transform(docs)  # answers from outside the corpus
        )
        X = sp.vstack([coded, matrix[where[len(corpus_docs) :]]], format="csr")
        return vectorizer, X, matrix

    def refit(self) -> Suggester:
        """A full fit on everything learned so far (new vocabulary, calibration, thresholds),
        on the corpus of the last :meth:`fit`.

        Slower than :meth:`add`; run it in the background when :attr:`needs_refit` says so.
        """
        with self._fit_lock, paused_gc():
            docs, labels = self._training_rows(self._state)
            self._state = self._full_fit(docs, labels, None)
        return self

    def _training_rows(self, state: _State) -> tuple[list[Processed], list[set[str]]]:
        Y = state.Y[: state.n_coded]
        labels = [{self.code_ids_[j] for j in np.flatnonzero(row)} for row in Y]
        if len(labels) < len(state.docs):  # coded answers without any code seen yet
            labels += [set() for _ in range(len(state.docs) - len(labels))]
        return list(state.docs), labels

    def add(self, text: str, lang: str, labels: Iterable[str]) -> Suggester:
        """Learn from one more coded answer, cheaply (the vocabulary and calibration stay).

        Under 200 ms with 2,000 coded answers (see ``bench/bench_suggest_speed.py``).
        """
        return self.add_many([text], [lang], [labels])

    def add_many(
        self, texts: Sequence[str], langs: Sequence[str], label_sets: Sequence[Iterable[str]]
    ) -> Suggester:
        """:meth:`add` for several answers at once."""
        import scipy.sparse as sp  # lazy

        with self._fit_lock:
            old = self._state
            docs = self.processor.process_many(texts, langs)
            sets = [set(labels) for labels in label_sets]
            n_codes_before = len(self.code_ids_)
            Y_new = self._indicator(sets)
            if old.vectorizer is None or len(self.code_ids_) != n_codes_before:
                prior_docs, prior_labels = self._training_rows(old)
                self._state = self._full_fit(prior_docs + docs, prior_labels + sets, None)
                return self
            n = old.n_coded
            X = sp.vstack([old.X[:n], old.vectorizer.transform(docs), old.X[n:]], format="csr")
            Y = np.vstack([old.Y[:n], Y_new, old.Y[n:]])
            new_rows = range(n, n + len(docs))
            model = (
                old.model.update(X, Y, new_rows)
                if hasattr(old.model, "update")
                else old.model.fit(X, Y)
            )
            state = _State(
                corpus=old.corpus,
                docs=old.docs + docs,
                vectorizer=old.vectorizer,
                model=model,
                X=X,
                Y=Y,
                n_coded=n + len(docs),
                n_full_fit=old.n_full_fit,
                positives=Y[: n + len(docs)].sum(axis=0).astype(float),
                decision=old.decision,
                blender=old.blender,
                confidence=old.confidence,
            )
            self._state = state
        return self

    # -- scoring -------------------------------------------------------------------------
    def _features(self, docs: Sequence[Processed], state: _State) -> tuple[Any, FloatArray]:
        """Feature rows (None before any learning) and cold-start scores of ``docs``,
        taken from the corpus where the answer is there and computed otherwise."""
        import scipy.sparse as sp  # lazy

        corpus = state.corpus
        rows = corpus.rows(docs) if corpus is not None else np.full(len(docs), -1)
        hit = rows >= 0
        missing = [doc for doc, found in zip(docs, hit, strict=True) if not found]
        cold = np.zeros((len(docs), len(self.code_ids_)))
        if corpus is not None and corpus.cold is not None and hit.any():
            cold[hit] = corpus.cold[rows[hit]]
        if missing:
            cold[~hit] = self._cold.predict_proba(missing)
        if state.vectorizer is None:
            return None, cold
        if corpus is None or corpus.X is None or not hit.any():
            return state.vectorizer.transform(docs), cold
        if hit.all():
            return corpus.X[rows], cold
        stacked = sp.vstack(
            [corpus.X[rows[hit]], state.vectorizer.transform(missing)], format="csr"
        )
        order = np.concatenate([np.flatnonzero(hit), np.flatnonzero(~hit)])
        return stacked[np.argsort(order)], cold

    def _model_and_cold(
        self, docs: Sequence[Processed], state: _State
    ) -> tuple[FloatArray | None, FloatArray]:
        """The model's probabilities (None before any learning) and the cold-start scores of
        ``docs``, a batch of feature rows at a time (every row is scored on its own): the
        rows of 100,000 answers at once held hundreds of MB."""
        corpus = state.corpus
        if (
            state.model is not None
            and corpus is not None
            and corpus.X is not None
            and corpus.cold is not None
            and 2 * len(docs) >= len(corpus.docs)
        ):
            rows = corpus.rows(docs)
            if (rows >= 0).all():
                # most of the corpus (coder suggest lists it all): every corpus row scored
                # where it is, once per model, rather than its rows copied out
                if state.corpus_proba is None:
                    state.corpus_proba = state.model.predict_proba(corpus.X)
                return state.corpus_proba[rows], corpus.cold[rows]
        cold = np.zeros((len(docs), len(self.code_ids_)))
        proba = None if state.model is None else np.zeros_like(cold)
        for begin in range(0, len(docs), _SCORE_BATCH):
            end = begin + _SCORE_BATCH
            X, cold[begin:end] = self._features(docs[begin:end], state)
            if proba is not None and X is not None:
                proba[begin:end] = state.model.predict_proba(X)
        return (proba if state.vectorizer is not None else None), cold

    def _scores(self, docs: Sequence[Processed], state: _State) -> FloatArray:
        if not docs:
            return np.zeros((0, len(self.code_ids_)))
        # each distinct processed form once (rows are scored independently), then a row
        # per answer: a queue order of 100,000 answers gathers no 100,000 feature rows
        unique, where = unique_docs(docs)
        scores = np.zeros((len(unique), len(self.code_ids_)))
        for begin in range(0, len(unique), _SCORE_BATCH):  # (blending is row by row too)
            end = begin + _SCORE_BATCH
            proba, cold = self._model_and_cold(unique[begin:end], state)
            scores[begin:end] = (
                cold if proba is None else state.blender.blend(proba, cold, state.positives)
            )
        return scores if len(unique) == len(docs) else scores[where]

    def predict_proba(self, texts: Sequence[str], langs: Sequence[str]) -> FloatArray:
        """Blended score of every code for every answer, shape (n_answers, n_codes);
        columns follow :attr:`code_ids_`."""
        return self.predict_proba_processed(self.processor.process_many(texts, langs))

    def predict_proba_processed(self, docs: Sequence[Processed]) -> FloatArray:
        """:meth:`predict_proba` on answers already processed (by :attr:`processor`)."""
        return self._scores(docs, self._state)

    def predict(self, texts: Sequence[str], langs: Sequence[str]) -> list[set[str]]:
        """The codes the suggester would assign on its own (score >= the code's threshold)."""
        state = self._state
        scores = self._scores(self.processor.process_many(texts, langs), state)
        hits = state.decision.apply(scores)
        return [{self.code_ids_[j] for j in np.flatnonzero(row)} for row in hits]

    @property
    def thresholds_(self) -> dict[str, float]:
        """Each code's decision threshold (chosen by cross-validation once there is data)."""
        return dict(zip(self.code_ids_, self._state.decision.thresholds.tolist(), strict=False))

    @property
    def positives_(self) -> FloatArray:
        """How many coded answers carry each code (columns as :attr:`code_ids_`)."""
        return self._state.positives

    @property
    def decision_(self) -> Decision:
        """The current rule from scores to assigned codes (thresholds and floor)."""
        return self._state.decision

    def suggest(
        self, text: str, lang: str, k: int = 3, explain: bool = True
    ) -> list[CodeSuggestion]:
        """The ``k`` best codes for one answer, best first, with the words behind each."""
        return self.suggest_many([text], [lang], k=k, explain=explain)[0]

    def suggest_many(
        self, texts: Sequence[str], langs: Sequence[str], k: int = 3, explain: bool = False
    ) -> list[list[CodeSuggestion]]:
        """:meth:`suggest` for many answers (explanations off by default: they cost time)."""
        return self.suggest_with_confidence(texts, langs, k=k, explain=explain)[0]

    def suggest_with_confidence(
        self, texts: Sequence[str], langs: Sequence[str], k: int = 3, explain: bool = False
    ) -> tuple[list[list[CodeSuggestion]], list[list[str]], list[float]]:
        """:meth:`suggest_many`, the whole predicted set of each answer (best first; it may
        reach beyond the top ``k``) and the estimated probability that this set is exactly
        the one the coder would give (see :mod:`.confidence`)."""
        with paused_gc():
            return self._suggest_all(texts, langs, k, explain)

    def _suggest_all(
        self, texts: Sequence[str], langs: Sequence[str], k: int, explain: bool
    ) -> tuple[list[list[CodeSuggestion]], list[list[str]], list[float]]:
        all_docs = self.processor.process_many(texts, langs)
        if not self.code_ids_ or not all_docs:
            return [[] for _ in all_docs], [[] for _ in all_docs], [0.0 for _ in all_docs]
        # answers with the same processed form (the processor shares one object for them)
        # get the same suggestions: score and explain each form once
        first: dict[int, int] = {}
        docs: list[Processed] = []
        for doc in all_docs:
            if first.setdefault(id(doc), len(docs)) == len(docs):
                docs.append(doc)
        rows, predicted, confidence = self._suggest_unique(docs, k, explain)
        if len(docs) == len(all_docs):
            return rows, predicted, confidence
        where = [first[id(doc)] for doc in all_docs]
        return (
            [list(rows[u]) for u in where],
            [list(predicted[u]) for u in where],
            [confidence[u] for u in where],
        )

    def _suggest_unique(
        self, docs: list[Processed], k: int, explain: bool
    ) -> tuple[list[list[CodeSuggestion]], list[list[str]], list[float]]:
        state = self._state
        model_proba, cold = self._model_and_cold(docs, state)
        if model_proba is not None:
            scores = state.blender.blend(model_proba, cold, state.positives)
            weight = state.blender.weight(state.positives)
            from_model = weight * model_proba >= (1.0 - weight) * cold
        else:
            scores = cold
            from_model = np.zeros(cold.shape, dtype=bool)
        k = min(k, len(self.code_ids_))
        order = np.argsort(-scores, axis=1, kind="stable")  # each answer's codes, best first
        top = order[:, :k]
        assigned = state.decision.apply(scores)
        confidence = state.confidence.predict(scores, assigned, _lengths(docs))
        words: list[list[tuple[str, ...]]] = [[() for _ in range(k)] for _ in docs]
        if explain:
            if state.model is not None and state.vectorizer is not None:
                if state.word_scores is None:
                    state.word_scores = WordScores(state.vectorizer, state.model.coef_)
                weight = state.blender.weight(state.positives)
            else:
                weight = np.zeros(len(self.code_ids_))
            words = []
            for begin in range(0, len(docs), _EXPLAIN_BATCH):  # bounds the arrays' memory
                end = begin + _EXPLAIN_BATCH
                words += explain_many(
                    TokenTable.of(docs[begin:end]),
                    top[begin:end],
                    scores[begin:end],
                    weight,
                    self._cold,
                    state.word_scores if state.model is not None else None,
                )
        # (the top codes' values as Python lists first: indexing numpy per element cost more
        # than building the suggestions)
        codes = self.code_ids_
        result = [
            [
                CodeSuggestion(
                    code=codes[j],
                    score=round(min(max(score, 0.0), 1.0), 4),
                    words=shown,
                    predicted=bool(chosen),
                    source="model" if modelled else "codebook",
                )
                for j, score, shown, chosen, modelled in zip(
                    row, row_scores, row_words, row_assigned, row_model, strict=True
                )
            ]
            for row, row_scores, row_words, row_assigned, row_model in zip(
                top.tolist(),
                np.take_along_axis(scores, top, axis=1).tolist(),
                words,
                np.take_along_axis(assigned, top, axis=1).tolist(),
                np.take_along_axis(from_model, top, axis=1).tolist(),
                strict=True,
            )
        ]
        # each answer's assigned codes, best first
        rows, ranks = np.nonzero(np.take_along_axis(assigned, order, axis=1))
        names = [codes[j] for j in order[rows, ranks].tolist()]
        ends = np.cumsum(np.bincount(rows, minlength=len(docs))).tolist()
        predicted = [names[begin:end] for begin, end in zip([0, *ends[:-1]], ends, strict=True)]
        return result, predicted, [round(float(c), 4) for c in confidence]

    def decide(
        self, texts: Sequence[str], langs: Sequence[str]
    ) -> tuple[FloatArray, NDArray[np.bool_], FloatArray]:
        """For each answer: the scores (as :meth:`predict_proba`), the codes it would assign
        (0/1 matrix, as :meth:`predict`) and the confidence that they are exactly the coder's."""
        state = self._state
        docs = self.processor.process_many(texts, langs)
        scores = self._scores(docs, state)
        assigned = state.decision.apply(scores)
        return scores, assigned, state.confidence.predict(scores, assigned, _lengths(docs))

    def auto_threshold(self, min_precision: float) -> float | None:
        """The confidence from which predicted sets are estimated to be exactly right at least
        ``min_precision`` of the time (None: no level is, on this coder's codings)."""
        return self._state.confidence.threshold(min_precision)

    def auto_selected(
        self, texts: Sequence[str], langs: Sequence[str], min_precision: float
    ) -> NDArray[np.bool_]:
        """Which answers auto-coding at ``min_precision`` would code: a predicted set that is
        not empty and a confidence at or above :meth:`auto_threshold`."""
        threshold = self.auto_threshold(min_precision)
        if threshold is None or not len(texts):
            return np.zeros(len(texts), dtype=bool)
        _scores, assigned, confidence = self.decide(texts, langs)
        chosen: NDArray[np.bool_] = (confidence >= threshold) & assigned.any(axis=1)
        return chosen

    @property
    def confidence_calibrated_(self) -> bool:
        """Whether the confidence is calibrated on out-of-fold codings yet (needs 20 coded)."""
        return self._state.confidence.calibrated
