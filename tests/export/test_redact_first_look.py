"""The redactor's cheap first look never lets a personal detail through: on any text it
gives what the full patterns alone give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from coder.redaction import Redactor

PIECES = st.sampled_from(
    [
        "anna.k@abo.fi", "+358 40 123 4567", "040-123 4567", "(09) 1234 567", "0046 8 123 45",
        "www.example.org", "https://x.fi/a?b=1", "abo.fi", "UTU.FI/path", "2020-2025", "12345",
        "resources.", "time", "2020", "a", "_", " ", "\\n", "-", "(", ")", "0", "9", ".", "@", "+", "é", "ä",
    ]
)  # fmt: skip


def full(redactor: Redactor, text: str) -> str:
    """What the full patterns give, with no first look."""
    pattern = redactor._pattern
    assert pattern is not None
    return pattern.sub(redactor._replace, text)


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=12).map("".join) | st.text(max_size=60))
def test_first_look_changes_nothing(text: str) -> None:
    redactor = Redactor()
    assert redactor(text) == full(redactor, text)


def test_plain_answers_are_left_alone_and_details_still_go() -> None:
    redactor = Redactor()
    assert redactor("Time and money are short.") == "Time and money are short."
    assert (
        redactor("Mail anna.k@abo.fi or call +358 40 123 4567") == "Mail [e-mail] or call [phone]"
    )
