"""Curated stop words per language.

spaCy's lists (taken once from spaCy 3.8 into ``data/stopwords.json``, so that no process imports
spaCy for them) are built for search, not for coding survey answers: they drop words that carry
a theme here ("aika"/"tid"/"time" is the resource theme, "ei"/"inte"/"not" marks a lack,
"yhdessä"/"tillsammans"/"together" is collaboration). We start from spaCy's list, keep such
words, and add survey filler that only says "I am answering" ("mielestäni", "i think").
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "stopwords.json"

# Words spaCy calls stop words that carry meaning in answers about how work is organised.
_KEEP: dict[str, frozenset[str]] = {
    "sv": frozenset(
        [
            "inte",
            "ingen",
            "inga",
            "inget",
            "ingenting",
            "utan",
            "saknas",
            "beslut",
            "beslutat",
            "beslutit",
            "behöva",
            "behövas",
            "behövde",
            "behövt",
            "tillsammans",
            "mellan",
            "tid",
            "dag",
            "dagar",
            "mindre",
            "små",
            "smått",
            "stor",
            "stora",
            "större",
            "svår",
            "svårt",
            "möjlig",
            "möjligt",
            "nödvändig",
            "nödvändigt",
            "olika",
            "viktig",
            "viktigt",
        ]
    ),
    "fi": frozenset(
        [
            "ei",
            "eikä",
            "eivät",
            "en",
            "ilman",
            "aika",
            "aikaa",
            "ajan",
            "aikana",
            "apu",
            "avun",
            "avulla",
            "avutta",
            "yhdessä",
            "kanssa",
            "välillä",
            "vähän",
            "liian",
            "pieni",
            "pienet",
            "iso",
            "hyvä",
            "hyvää",
            "puute",
            "puuttuu",
            "vaikea",
            "vaikeaa",
            "mahdollista",
            "asia",
        ]
    ),
    "en": frozenset(
        [
            "no",
            "not",
            "nor",
            "none",
            "nothing",
            "cannot",
            "n't",
            "n’t",
            "without",
            "together",
            "between",
            "enough",
            "amount",
            "full",
            "empty",
            "few",
            "less",
            "serious",
        ]
    ),
}

# Filler that survey answers are full of and that never decides a theme.
_EXTRA: dict[str, frozenset[str]] = {
    "sv": frozenset(
        [
            "tycker",
            "tror",
            "anser",
            "jag",
            "mig",
            "upplever",
            "känns",
            "ju",
            "typ",
            "osv",
            "etc",
            "bl.a",
            "t.ex",
        ]
    ),
    "fi": frozenset(
        [
            "mielestäni",
            "mielestä",
            "minusta",
            "luulen",
            "ehkä",
            "siis",
            "tms",
            "yms",
            "esim",
            "jne",
            "ns",
            "eli",
            "myös",
        ]
    ),
    "en": frozenset(
        ["think", "believe", "feel", "i'm", "it's", "etc", "e.g.", "i.e.", "lot", "lots"]
    ),
}


@cache
def _base_lists() -> dict[str, frozenset[str]]:
    """spaCy's stop word list per language, as shipped in ``data/stopwords.json``."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return {lang: frozenset(words) for lang, words in data["languages"].items()}


@cache
def stop_words(lang: str) -> frozenset[str]:
    """The curated stop words for ``lang``; for an unknown language, those of all three."""
    if lang not in _KEEP:
        return frozenset().union(*(stop_words(known) for known in _KEEP))
    base = _base_lists()[lang]
    return frozenset((set(base) - _KEEP[lang]) | _EXTRA[lang])


@cache
def display_stop_words(lang: str) -> frozenset[str]:
    """Words never shown as the reason for a suggestion: spaCy's whole list and the filler,
    including the words :func:`stop_words` keeps because they matter in context ("ei",
    "ingen", "n't"): a lone negation explains nothing to the analyst reading it."""
    if lang not in _KEEP:
        return frozenset().union(*(display_stop_words(known) for known in _KEEP))
    return _base_lists()[lang] | _EXTRA[lang] | {"n't", "n’t", "not"}
