"""The theme table's notes in the right grammatical number in every language: "1 answer
received more than one code", never "1 answers"."""

from __future__ import annotations

import re

import pytest

from coder.export.table import ThemeTable, count_notes
from coder.export.words import counted

WRONG_SINGULARS = {
    "en": [r"\b1 (answers|respondents|codings|coded answers)\b", r"\b1 answer are\b"],
    "sv": [r"\b1 (respondenter|kodningar|kodade svar)\b", r"\b1 svar är ännu inte kodade\b"],
    "fi": [r"\b1 (vastausta|koodausta|koodattua)\b"],
}
WRONG_PLURALS = {
    "en": [r"\b2 (answer|respondent|coding|coded answer)\b(?!s)", r"\b2 answers is\b"],
    "sv": [r"\b2 (respondent|kodning|kodat svar)\b(?!\w)"],
    "fi": [r"\b2 (vastaus|koodaus|koodattu)\b(?!\w)"],
}


def table(lang: str, n: int) -> ThemeTable:
    return ThemeTable(
        question="Q1", question_text="?", title="T", coder="anna", lang=lang, answers=n + 2,
        coded=2, not_coded=n, no_code=n, several_codes=n, codings=n, by=None, min_group=5,
    )  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "sv", "fi"])
def test_one_is_singular_and_more_plural(lang: str) -> None:
    one = " ".join(count_notes(table(lang, 1)))
    two = " ".join(count_notes(table(lang, 2)))
    for pattern in WRONG_SINGULARS[lang]:
        assert not re.search(pattern, one), (pattern, one)
    for pattern in WRONG_PLURALS[lang]:
        assert not re.search(pattern, two), (pattern, two)
    assert one != two.replace("2", "1")  # the sentences do change with the number


def test_english_singulars_read_right() -> None:
    one = " ".join(count_notes(table("en", 1)))
    assert "1 answer received more than one code and counts once" in one
    assert "1 coded answer received no code" in one
    assert "1 answer is not coded yet" in one and "(1 coding in all)" in one
    assert "the 3 respondents who answered" in one


def test_counted_words() -> None:
    assert (
        counted(1, "codings", "fi") == "1 koodaus" and counted(0, "codings", "fi") == "0 koodausta"
    )
    assert counted(1, "respondents", "sv") == "den 1 respondent"
