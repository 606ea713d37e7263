"""Non-answers: "-", "eos", "En vet", "ei mitään", "no comment", "n/a" (Swedish, Finnish, English).

A respondent who types something into a required field without saying anything gives no
evidence for any code, so the suggester's weak guesses on such answers only mislead. The
coding screen shows a "no answer" hint instead, and near-duplicate grouping puts every
non-answer in one group whatever its language, so one decision codes them all.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

_PHRASES: dict[str, tuple[str, ...]] = {
    "sv": (
        "vet ej",
        "vet inte",
        "en vet",
        "jag vet inte",
        "ingen aning",
        "ingen kommentar",
        "inga kommentarer",
        "inget",
        "inget att tillägga",
        "inget att säga",
        "ingenting",
        "inga",
        "nej",
        "kan inte säga",
        "kan ej säga",
        "ej relevant",
        "inte relevant",
        "har ingen åsikt",
        "ingen åsikt",
        "ej aktuellt",
        "inte aktuellt",
    ),
    "fi": (
        "eos",
        "en osaa sanoa",
        "en tiedä",
        "ei",
        "ei mitään",
        "ei mitään lisättävää",
        "ei kommentoitavaa",
        "ei kommentteja",
        "ei ole",
        "ei oo",
        "en tiiä",
        "ei mielipidettä",
        "ei koske minua",
        "ei relevantti",
        "ei tietoa",
        "ei osaa sanoa",
    ),
    "en": (
        "n a",
        "na",
        "none",
        "nothing",
        "no",
        "no comment",
        "no comments",
        "nothing to add",
        "nothing to say",
        "don t know",
        "dont know",
        "i don t know",
        "i dont know",
        "idk",
        "not sure",
        "no idea",
        "no opinion",
        "not applicable",
        "not relevant",
        "nil",
        "nope",
        "pass",
    ),
}
"""Whole answers (after :func:`fold`) that say nothing, per language."""

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_ONLY_MARKS = re.compile(r"^[\W_\d]*$", re.UNICODE)


def fold(text: str) -> str:
    """Lower case, NFC, punctuation and spaces collapsed: "En vet." and "en vet" are one form."""
    text = unicodedata.normalize("NFC", text).casefold()
    return _NON_WORD.sub(" ", text).strip()


@cache
def _forms() -> frozenset[str]:
    return frozenset(fold(phrase) for phrases in _PHRASES.values() for phrase in phrases)


def is_non_answer(text: str) -> bool:
    """Whether an answer says nothing: empty, only marks ("-", "...", "?"), or a set phrase.

    Phrases of all three languages are checked whatever the answer's detected language, since
    detection cannot tell the language of "eos" or "-".
    """
    if _ONLY_MARKS.match(text):
        return True
    return fold(text) in _forms()
