"""Language detection on a labelled set of survey answers written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.ingest.language import detect_language, detect_languages, language_code

DATA = Path(__file__).parent.parent / "data" / "language"


def labelled() -> list[tuple[str, str]]:
    items = []
    for lang in ("sv", "fi", "en"):
        for line in (DATA / f"{lang}.txt").read_text(encoding="utf-8").splitlines():
            if line.strip():
                items.append((lang, line))
    return items


def test_labelled_set_is_big_and_mixed() -> None:
    items = labelled()
    assert len(items) >= 300
    assert {lang for lang, _ in items} == {"sv", "fi", "en"}
    assert sum(1 for _, t in items if len(t.split()) < 3) >= 30  # short answers too
    assert sum(1 for _, t in items if len(t) > 200) >= 15  # and long ones


def test_at_least_97_percent_right_on_answers_of_three_words_or_more() -> None:
    items = [(lang, text) for lang, text in labelled() if len(text.split()) >= 3]
    found = detect_languages([text for _, text in items])
    wrong = [
        (lang, got, text) for (lang, text), got in zip(items, found, strict=True) if got != lang
    ]
    accuracy = 1 - len(wrong) / len(items)
    assert accuracy >= 0.97, wrong


def test_short_answers_are_right_or_undetermined_never_wrong_language() -> None:
    items = [(lang, text) for lang, text in labelled() if len(text.split()) < 3]
    found = detect_languages([text for _, text in items])
    wrong = [
        (lang, got, text)
        for (lang, text), got in zip(items, found, strict=True)
        if got not in (lang, "und")
    ]
    assert not wrong


@pytest.mark.parametrize(
    "text", ["-", "ok", "OK.", "n/a", "N/A", "123", "12.5", "", "  ", "?", "--"]
)
def test_what_cannot_be_told_is_und(text: str) -> None:
    assert detect_language(text) == "und"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Ei", "fi"),
        ("Nej", "sv"),
        ("No", "en"),
        ("En tiedä", "fi"),
        ("Vet inte", "sv"),
        ("Don't know", "en"),
        ("Resurssipula", "fi"),
        ("Tidsbrist", "sv"),
    ],
)
def test_common_short_answers(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_same_text_same_language_whatever_its_spacing_or_case() -> None:
    texts = [
        "Vi behöver mer stöd från ledningen.",
        "vi  behöver mer stöd\nfrån ledningen.",
        "VI BEHÖVER MER STÖD FRÅN LEDNINGEN.",
    ]
    assert detect_languages(texts) == ["sv", "sv", "sv"]


def test_results_keep_input_order_with_duplicates() -> None:
    texts = ["Resurssit eivät riitä.", "We need more time and money.", "Resurssit eivät riitä."]
    assert detect_languages(texts) == ["fi", "en", "fi"]


def test_progress_is_reported_for_model_work() -> None:
    calls: list[tuple[str, int, int]] = []
    detect_languages(
        ["Tämä on suomea", "This is English text"], progress=lambda *a: calls.append(a)
    )
    assert calls and calls[-1][1] == calls[-1][2]


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("sv", "sv"),
        ("Svenska", "sv"),
        ("sv-FI", "sv"),
        ("fi", "fi"),
        ("Suomi", "fi"),
        ("FIN", "fi"),
        ("English", "en"),
        ("en-GB", "en"),
        ("und", "und"),
        ("klingon", None),
    ],
)
def test_language_column_values(value: str, code: str | None) -> None:
    assert language_code(value) == code
