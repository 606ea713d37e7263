"""Redaction of personal details and the spreadsheet-safety rule."""

from __future__ import annotations

import pytest

from coder.export.cells import safe_value
from coder.redaction import Redactor, read_names, redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mail anna.k@abo.fi now", "Mail [e-mail] now"),
        ("Call +358 40 123 4567.", "Call [phone]."),
        ("Ring 040-123 4567 eller (09) 191 51", "Ring [phone] eller [phone]"),
        ("See https://www.abo.fi/kurser?id=3 and utu.fi/open", "See [URL] and [URL]"),
        ("Between 2020-2025 we had 134 answers", "Between 2020-2025 we had 134 answers"),
        ("5-10 op courses", "5-10 op courses"),
    ],
)
def test_redact_patterns(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_listed_names_are_redacted_as_whole_words_in_any_case() -> None:
    redactor = Redactor(names=["Anna Virtanen", "Pekka"])
    assert redactor("anna virtanen and PEKKA met Pekkanen") == "[name] and [name] met Pekkanen"
    assert read_names(["# staff", "", "  Anna Virtanen ", "Pekka"]) == ["Anna Virtanen", "Pekka"]


@pytest.mark.parametrize("text", ["=1+1", "+358", "-5", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_text_is_neutralised(text: str) -> None:
    assert safe_value(text) == "'" + text


def test_numbers_stay_numbers() -> None:
    assert safe_value(-5) == -5
    assert safe_value(0.25) == 0.25
    assert safe_value("plain") == "plain"
    assert safe_value(None) == ""


def test_counted_says_what_was_removed() -> None:
    redactor = Redactor(names=["Pekka"])
    text, counts = redactor.counted("Pekka: pekka@utu.fi, 040 123 4567, www.utu.fi, Pekka")
    assert text == "[name]: [e-mail], [phone], [URL], [name]"
    assert counts == {"name": 2, "email": 1, "phone": 1, "url": 1}
    assert redactor.counted("nothing here") == ("nothing here", {})


def test_safe_row_makes_text_inert_and_keeps_numbers() -> None:
    from coder.export.cells import safe_row

    row = ["=SUM(A1)", 1, None, 2.5, True, "-3 points", "@x", "\tx", "plain"]
    assert safe_row(row) == ["'=SUM(A1)", 1, None, 2.5, True, "'-3 points", "'@x", "'\tx", "plain"]
