"""The codebooks shipped in codebooks/ load with the project's own loader and are complete."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.codebook.io import read_codebook
from coder.codebook.model import LANGUAGES, Codebook

CODEBOOKS = Path(__file__).resolve().parents[2] / "codebooks"
EXPECTED = {
    "microcredential_challenges",
    "good_practices",
    "cl_offering",
    "working_life_dialogue",
    "customer_orientation",
}


def _load(name: str) -> Codebook:
    return read_codebook(CODEBOOKS / f"{name}.yaml")


def test_the_five_codebooks_are_shipped() -> None:
    assert {p.stem for p in CODEBOOKS.glob("*.yaml")} >= EXPECTED
    for name in EXPECTED:
        assert _load(name).id == name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_code_is_complete_in_three_languages(name: str) -> None:
    book = _load(name)
    for lang in LANGUAGES:
        assert book.title.get(lang) and book.question.get(lang)
    for code in book.all_codes():
        for texts in (code.labels, code.definition, code.include, code.exclude):
            assert all(texts.get(lang) for lang in LANGUAGES), (code.id, texts)
        for lang in LANGUAGES:
            assert 2 <= len(code.examples.get(lang, [])) <= 4, (code.id, lang)
            # keywords list the everyday ways respondents say it; a wall of them is a smell
            assert 5 <= len(code.keywords.get(lang, [])) <= 25, (code.id, lang)
        assert code.colour and code.shortcut
    shortcuts = [code.shortcut for code in book.all_codes()]
    assert len(shortcuts) == len(set(shortcuts))


def test_challenges_follow_the_survey_themes_with_a_tree() -> None:
    book = _load("microcredential_challenges")
    roots = [code.id for code in book.codes]
    assert roots == [
        "unclear_definition",
        "lack_of_resources",
        "administrative_barriers",
        "internal_collaboration",
        "working_life_collaboration",
        "marketing_outreach",
        "pedagogical_challenges",
        "technical_practical",
        "strategic_ambiguity",
    ]
    depths = {code.id: depth for code, _parent, depth in book.walk()}
    assert depths["lack_of_resources.funding"] == 1
    assert [c.id for c in _load("good_practices").codes] == [
        "support_advice",
        "collaboration",
        "implemented_examples",
        "other_comments",
    ]
