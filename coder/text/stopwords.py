"""Curated stop words per language.

spaCy's lists are built for search, not for coding survey answers: they drop words that carry
a theme here ("aika"/"tid"/"time" is the resource theme, "ei"/"inte"/"not" marks a lack,
"yhdessä"/"tillsammans"/"together" is collaboration). We start from spaCy's list, keep such
words, and add survey filler that only says "I am answering" ("mielestäni", "i think").
"""

from __future__ import annotations

from functools import cache

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
def stop_words(lang: str) -> frozenset[str]:
    """The curated stop words for ``lang``; for an unknown language, those of all three."""
    if lang not in _KEEP:
        return frozenset().union(*(stop_words(known) for known in _KEEP))
    import spacy  # lazy: spaCy is heavy

    base = spacy.blank(lang).Defaults.stop_words
    return frozenset((set(base) - _KEEP[lang]) | _EXTRA[lang])
