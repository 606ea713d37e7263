"""Per-language processing: lemmas make inflected forms meet, stop words go, results cached."""

from __future__ import annotations

import pytest

from coder.text import TextProcessor, stop_words


@pytest.fixture(scope="module")
def processor() -> TextProcessor:
    return TextProcessor()


def test_finnish_inflected_forms_share_a_lemma(processor: TextProcessor) -> None:
    a = processor.process("Resurssien puute on suuri.", "fi")
    b = processor.process("Meillä ei ole resursseja.", "fi")
    assert "resurssi" in a.lemmas
    assert "resurssi" in b.lemmas


def test_swedish_and_english_lemmas_from_lookup_tables(processor: TextProcessor) -> None:
    assert "resurs" in processor.process("Universiteten saknar resurser", "sv").lemmas
    assert "university" in processor.process("The universities lack staff", "en").lemmas


def test_stop_words_dropped_but_meaningful_ones_kept(processor: TextProcessor) -> None:
    doc = processor.process("Ei ole aikaa eikä rahaa", "fi")
    assert "olla" not in doc.content  # "ole" is filler
    assert "ei" in doc.content  # a lack is the point of the answer
    assert "aika" in doc.content  # spaCy's list drops "aikaa"; time is a theme here
    assert "och" in stop_words("sv") and "inte" not in stop_words("sv")


def test_tokens_and_lemmas_align_and_punctuation_goes(processor: TextProcessor) -> None:
    doc = processor.process("Budget, budget... 2025!", "en")
    assert doc.tokens == ("budget", "budget")
    assert len(doc.lemmas) == len(doc.tokens)


def test_processing_is_cached_per_text(processor: TextProcessor) -> None:
    first = processor.process("Samma svar igen", "sv")
    misses = processor.misses
    again = processor.process("Samma svar igen", "sv")
    assert again is first
    assert processor.misses == misses
    assert processor.process("Samma svar igen", "fi") is not first  # language is in the key


def test_unknown_language_still_tokenised(processor: TextProcessor) -> None:
    doc = processor.process("Resurser och time", "und")
    assert doc.tokens == ("resurser", "och", "time")
    assert "och" not in doc.content
