"""Cold start: codes scored from the codebook alone, through inflection, compounds and typos."""

from __future__ import annotations

import numpy as np

from coder.codebook.model import Codebook
from coder.suggest.coldstart import ColdStart
from coder.text import process


def _best(cold: ColdStart, text: str, lang: str) -> tuple[str, float]:
    scores = cold.predict_proba([process(text, lang)])[0]
    j = int(np.argmax(scores))
    return cold.code_ids_[j], float(scores[j])


def test_finnish_inflected_keyword_matches(codebook: Codebook) -> None:
    cold = ColdStart(codebook)
    # keyword "rahoitus" appears only inflected: "rahoituksen" (genitive)
    code, score = _best(cold, "Rahoituksen jatkuvuus huolettaa kovasti.", "fi")
    assert code == "funding" and score > 0.3
    doc = process("Rahoituksen jatkuvuus huolettaa kovasti.", "fi")
    assert cold.explain(doc, cold.code_ids_.index("funding")) == ["rahoituksen"]


def test_finnish_compound_and_other_case_match(codebook: Codebook) -> None:
    cold = ColdStart(codebook)
    assert _best(cold, "Hankerahoitusta ei ole tiedossa", "fi")[0] == "funding"
    assert _best(cold, "Byrokratiasta on tullut ylivoimainen este", "fi")[0] == "bureaucracy"


def test_typos_and_swedish_compounds_match(codebook: Codebook) -> None:
    cold = ColdStart(codebook)
    assert _best(cold, "Too much burocracy everywhere", "en")[0] == "bureaucracy"
    assert _best(cold, "Marknadsföringsbudgeten är liten", "sv")[0] == "marketing"


def test_cross_language_codebook_texts_are_used(codebook: Codebook) -> None:
    # the English-language answer mentions a Swedish keyword, as mixed answers do
    cold = ColdStart(codebook)
    assert _best(cold, "It is all about pengar in the end", "en")[0] == "funding"


def test_unrelated_answer_scores_nothing(codebook: Codebook) -> None:
    cold = ColdStart(codebook)
    scores = cold.predict_proba([process("Kiitos, ei muuta", "fi")])
    assert scores.max() == 0.0


def test_a_compound_with_another_head_is_not_a_typo() -> None:
    """ "työpaikka" (workplace) is no slip of "työaika" (working time), nor "ulkopuolinen"
    (outsider) of "ulkoinen" (external); a real slip and a compound part still match."""
    from coder.suggest.coldstart import _similarity

    assert _similarity("työpaikka", "työaika") == 0.0
    assert _similarity("ulkopuolinen", "ulkoinen") == 0.0
    assert _similarity("markinointi", "markkinointi") > 0.8
    assert _similarity("resurssi", "henkilöresurssipula") > 0.6


def test_a_phrase_keyword_counts_fully_only_with_all_its_words() -> None:
    """One word of "liian vähän" ("too little") says little; the phrase says it."""
    from coder.codebook.model import Code

    book = Codebook(
        id="b",
        codes=[
            Code(id="resources", keywords={"fi": ["liian vähän", "resurssi"]}),
            Code(id="other", keywords={"fi": ["markkinointi"]}),
        ],
    )
    cold = ColdStart(book)
    word = cold.predict_proba([process("Aikataulu on liian tiukka", "fi")])[0, 0]
    phrase = cold.predict_proba([process("Meitä on liian vähän", "fi")])[0, 0]
    keyword = cold.predict_proba([process("Resurssi puuttuu", "fi")])[0, 0]
    assert 0.0 < word < keyword < phrase  # two words of a phrase: stronger than one keyword
