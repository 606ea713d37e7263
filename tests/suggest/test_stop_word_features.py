"""Stop words are features of the learned model: the stop lists are made for search, and in
survey answers "already", "one", "someone" or "jo" often carry the code."""

from __future__ import annotations

import numpy as np

from coder.codebook.model import Code, Codebook
from coder.suggest import Suggester
from coder.suggest.features import STOP, AnswerVectorizer
from coder.text import TextProcessor


def _codebook() -> Codebook:
    return Codebook(
        id="info",
        codes=[
            Code(
                id="single_portal",
                labels={"en": "Everything in one place"},
                definition={"en": "The offering gathered into a single website or catalogue."},
            ),
            Code(
                id="guidance",
                labels={"en": "Personal guidance"},
                definition={"en": "A contact person, advice or other personal help."},
            ),
            Code(
                id="already_good",
                labels={"en": "Already works"},
                definition={"en": "The information is sufficient as it is."},
            ),
        ],
    )


CODED = [
    ("All courses on one website please", "en", {"single_portal"}),
    ("One catalogue for everything", "en", {"single_portal"}),
    ("A single list of every course", "en", {"single_portal"}),
    ("Everything in one place", "en", {"single_portal"}),
    ("Someone to call", "en", {"guidance"}),
    ("Someone I can ask", "en", {"guidance"}),
    ("It is fine already", "en", {"already_good"}),
    ("Works well already", "en", {"already_good"}),
] * 2


def _fit(**vectorizer: object) -> Suggester:
    texts, langs, labels = (list(column) for column in zip(*CODED, strict=True))
    return Suggester(_codebook(), vectorizer_params=dict(vectorizer)).fit(texts, langs, labels)


def test_an_answer_made_of_stop_words_gets_the_code_its_coded_look_alikes_have() -> None:
    """ "Someone to call" has no content word at all (spaCy's English list holds "call"):
    only its stop words can tell the model what it is about."""
    assert TextProcessor().process("Someone who would call me back", "en").content == ()
    with_stop_words = _fit()
    assert with_stop_words.suggest("Someone who would call me back", "en", k=1)[0].code == (
        "guidance"
    )
    assert with_stop_words.predict(["Good enough already"], ["en"]) == [{"already_good"}]
    # without them the answer is as empty as any other answer of stop words
    answers, langs = ["Someone who would call me back", "It is what it is"], ["en", "en"]
    without = _fit(stop_words=False).predict_proba(answers, langs)
    assert np.array_equal(without[0], without[1])
    scores = with_stop_words.predict_proba(answers, langs)
    guidance = with_stop_words.code_ids_.index("guidance")
    assert scores[0, guidance] > scores[1, guidance]


def test_a_stop_word_weighs_as_much_as_the_character_n_grams_of_a_word_its_length() -> None:
    vectorizer = AnswerVectorizer()
    docs = [TextProcessor().process("Someone already did it", "en")] * 2
    vectorizer.fit(docs)
    assert f"{STOP}someone" in vectorizer.vocabulary_
    weights = vectorizer.stop_weights(vectorizer.feature_names_)
    names = vectorizer.feature_names_
    someone = names.index(f"{STOP}someone")
    assert weights[someone] == np.sqrt(len(vectorizer._chars("someone")))  # 7 letters: 18
    assert all(w == 1.0 for name, w in zip(names, weights, strict=True) if name[:2] != STOP)
    # the explanations' word rows know no stop words: they are never shown
    assert vectorizer.word_matrix([("someone", "someone")]).nnz == 0
