"""Non-answers in Swedish, Finnish and English, and their one group in near-duplicate grouping."""

from __future__ import annotations

import pytest

from coder.suggest.duplicates import group_duplicates
from coder.text.nonanswers import is_non_answer


@pytest.mark.parametrize(
    "text",
    ["-", "—", "...", "?", "", "  ", "eos", "EOS.", "En vet", "en vet!", "Vet inte", "ei mitään",
     "Ei mitään.", "no comment", "No comments", "n/a", "N/A", "ingen kommentar", "Inget att tillägga",
     "En osaa sanoa", "nothing", "I don't know", "-.-"],
)  # fmt: skip
def test_non_answers(text: str) -> None:
    assert is_non_answer(text)


@pytest.mark.parametrize(
    "text",
    ["Ei ole aikaa", "No time to plan", "Inget stöd från ledningen", "eos, mutta rahoitus puuttuu",
     "Funding", "Vet inte vem som betalar"],
)  # fmt: skip
def test_real_answers(text: str) -> None:
    assert not is_non_answer(text)


def test_non_answers_form_one_group_across_languages() -> None:
    texts = [
        "eos",
        "Rahoitus puuttuu",
        "En vet.",
        "no comment",
        "-",
        "rahoitus puuttuu!",
        "Funding",
    ]
    groups = group_duplicates(texts)
    assert [0, 2, 3, 4] in groups
    assert [1, 5] in groups
    assert all(6 not in g for g in groups)
