"""Language detection on a labelled set of survey answers written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.ingest.language import LANGUAGES, detect_language, detect_languages, language_code

DATA = Path(__file__).parent.parent / "data" / "language"


def labelled() -> list[tuple[str, str]]:
    items = []
    for lang in ("sv", "fi", "en"):
        for line in (DATA / f"{lang}.txt").read_text(encoding="utf-8").splitlines():
            if line.strip():
                items.append((lang, line))
    return items


def short_answers(name: str = "short.tsv") -> list[tuple[str, str]]:
    """tests/data/language/short.tsv: (expected language, answer)."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [
        (lang, text)
        for lang, text in (line.split("\t", 1) for line in lines if line and line[0] != "#")
    ]


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


def test_short_answer_set_is_big_and_mixed() -> None:
    items = short_answers()
    assert len(items) >= 150
    assert all(len(text.split()) <= 4 for _, text in items)
    assert sum(1 for _, t in items if "," in t) >= 20  # comma lists
    assert sum(1 for _, t in items if "-" in t.strip("-")) >= 10  # hyphen-joined words
    others = {lang for lang, _ in items} - {"sv", "fi", "en", "und"}
    assert {"de", "es", "hu", "et", "no", "da", "ru"} <= others


def test_short_answers_in_sv_fi_en_are_right_at_least_99_percent_with_the_first_set() -> None:
    items = [(lang, t) for lang, t in [*labelled(), *short_answers()] if lang in LANGUAGES]
    found = detect_languages([text for _, text in items])
    wrong = [(lang, got, t) for (lang, t), got in zip(items, found, strict=True) if got != lang]
    assert 1 - len(wrong) / len(items) >= 0.99, wrong
    # and a wrong one is never another of the three: at worst "cannot be told"
    assert all(got == "und" for _, got, _ in wrong), wrong


def test_other_languages_are_never_called_sv_fi_or_en() -> None:
    items = [(lang, t) for lang, t in short_answers() if lang not in (*LANGUAGES, "und")]
    found = detect_languages([text for _, text in items])
    called = [
        (lang, got, t) for (lang, t), got in zip(items, found, strict=True) if got in LANGUAGES
    ]
    assert not called
    right = sum(1 for (lang, _), got in zip(items, found, strict=True) if got == lang)
    assert right / len(items) >= 0.85


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Tasa-arvoa", "fi"),
        ("Koti-Uskonto-Isänmaa", "fi"),
        ("Lapset,veteraanit,armeija", "fi"),
        ("teatteri, tanssi ja ooppera", "fi"),
        ("tv ja radio", "fi"),
        ("Keine Ahnung", "de"),
        ("Mehr Zeit für die Lehre", "de"),
        ("Más recursos", "es"),
        ("Nem tudom", "hu"),
        ("Ei oska öelda", "et"),
        ("Jeg vet ikke", "no"),
        ("Ved ikke", "da"),
        ("eos", "fi"),
        ("ei mitään", "fi"),
        ("no comment", "en"),
        ("n/a", "und"),
        ("En vet", "und"),
    ],
)
def test_short_answers_from_real_surveys(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_words_joined_by_hyphens_and_commas_are_words() -> None:
    # three words: no one-word floor, so a confident model answer stands
    assert detect_languages(["Koti-Uskonto-Isänmaa", "Koti Uskonto Isänmaa"]) == ["fi", "fi"]


def test_longer_answers_in_neighbouring_languages_are_not_sv_fi_or_en() -> None:
    # Norwegian and Danish share Swedish function words, Estonian shares Finnish ones
    items = short_answers("other_long.tsv")
    found = detect_languages([text for _, text in items])
    assert [got for got in found if got in LANGUAGES] == []
    right = sum(1 for (lang, _), got in zip(items, found, strict=True) if got == lang)
    assert right >= len(items) - 2, list(zip(items, found, strict=True))


def test_short_course_and_topic_answers_land_on_sv_fi_or_en() -> None:
    # built from international words that another language's model claims ("Introduction
    # to Python" is French to lingua's fast model): one of the survey's languages or `und`
    items = short_answers("short_courses.tsv")
    assert len(items) >= 120 and all(len(text.split()) <= 4 for _, text in items)
    assert {lang for lang, _ in items} == set(LANGUAGES)
    found = detect_languages([text for _, text in items])
    elsewhere = [
        (lang, got, text)
        for (lang, text), got in zip(items, found, strict=True)
        if got not in (*LANGUAGES, "und")
    ]
    assert not elsewhere
    wrong = [(lang, got, t) for (lang, t), got in zip(items, found, strict=True) if got != lang]
    assert 1 - len(wrong) / len(items) >= 0.93, wrong


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Introduction to Python", "en"),
        ("Artificial intelligence", "en"),
        ("Python for data science", "en"),
        ("Data analysis", "en"),
        ("Online format", "en"),
        ("Collaboration", "en"),
        ("Johdatus Pythoniin", "fi"),
        ("Hybridiopetus", "fi"),
        ("Artificiell intelligens", "sv"),
        ("Fler laborationer", "sv"),
    ],
)
def test_short_answers_of_international_words(text: str, lang: str) -> None:
    assert detect_language(text) == lang
