"""Language of an answer: Swedish, Finnish, English, or `und` when it cannot be told.

Survey answers in this project are written in only three languages, so the detector is
restricted to them. Very short answers ("-", "ok", "n/a", "ei", "nej") are settled by a small
lexicon, since no statistical model tells them apart reliably. Most other answers are decided
by a cheap vote of function words that belong to one language only (about a second for
100,000 answers). The rest go to lingua: its low-accuracy model first (fast to load), its
accurate model only for short texts the first is unsure of. Each distinct text is detected
once.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from coder.progress import Progress

UND = "und"
LANGUAGES = ("sv", "fi", "en")


# Whole answers that are too short for a model; normalised (lower case, no end punctuation).
_SHORT_ANSWERS: dict[str, str] = {
    **dict.fromkeys(["ok", "okay", "n/a", "na", "x", "xx", "xxx", "nan", "null", "?"], UND),
    **dict.fromkeys(
        [
            "ei",
            "kyllä",
            "joo",
            "en tiedä",
            "en osaa sanoa",
            "eos",
            "emt",
            "ei mitään",
            "ei ole",
            "ei oo",
            "ei kommentteja",
            "ei kommentoitavaa",
            "hyvä",
            "kiitos",
            "ei juuri",
            "ei vielä",
        ],
        "fi",
    ),
    **dict.fromkeys(
        [
            "nej",
            "ja",
            "vet inte",
            "vet ej",
            "ingen aning",
            "inget",
            "ingenting",
            "inga",
            "ingen",
            "inga kommentarer",
            "bra",
            "tack",
            "inte ännu",
            "inte än",
        ],
        "sv",
    ),
    **dict.fromkeys(
        [
            "no",
            "yes",
            "none",
            "nothing",
            "nope",
            "don't know",
            "dont know",
            "i don't know",
            "not sure",
            "no comment",
            "no comments",
            "good",
            "thanks",
            "thank you",
            "not yet",
        ],
        "en",
    ),
}

# Function words that belong to one of the three languages only (ambiguous ones such as
# "i", "en", "on", "ja", "se", "men", "in", "to" are left out on purpose).
_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "sv": frozenset(
        [
            "och",
            "att",
            "det",
            "som",
            "är",
            "för",
            "med",
            "av",
            "på",
            "inte",
            "har",
            "till",
            "den",
            "de",
            "om",
            "ett",
            "var",
            "kan",
            "vi",
            "jag",
            "så",
            "men",
            "från",
            "eller",
            "vid",
            "också",
            "mycket",
            "mer",
            "finns",
            "skulle",
            "bör",
            "måste",
            "kunde",
            "när",
            "där",
            "hur",
            "vad",
            "alla",
            "andra",
            "dessa",
            "detta",
            "denna",
            "mellan",
            "utan",
            "efter",
            "genom",
            "blir",
            "bli",
            "varit",
            "vara",
            "våra",
            "vår",
            "vårt",
            "sina",
            "sin",
            "sitt",
            "deras",
            "hos",
            "än",
            "oss",
            "dem",
            "mot",
            "kring",
            "inom",
            "även",
            "nog",
            "ju",
            "redan",
            "bara",
            "sedan",
            "ska",
            "skall",
            "sig",
            "här",
            "dock",
            "samt",
            "inga",
            "ingen",
            "något",
            "några",
        ]
    ),
    "fi": frozenset(
        [
            "ja",
            "ei",
            "että",
            "oli",
            "ole",
            "olla",
            "ovat",
            "myös",
            "kuin",
            "mutta",
            "tai",
            "jos",
            "niin",
            "kun",
            "ne",
            "tämä",
            "tämän",
            "nämä",
            "siitä",
            "sekä",
            "joka",
            "jotka",
            "mitä",
            "mikä",
            "miten",
            "missä",
            "kanssa",
            "vain",
            "paljon",
            "enemmän",
            "pitäisi",
            "voisi",
            "voi",
            "olisi",
            "ollut",
            "ollaan",
            "meillä",
            "meidän",
            "meille",
            "heidän",
            "hyvin",
            "aina",
            "vielä",
            "jo",
            "sitten",
            "kaikki",
            "kaikkia",
            "koska",
            "siis",
            "eli",
            "sen",
            "sitä",
            "niitä",
            "niiden",
            "tulee",
            "täytyy",
            "pitää",
            "osa",
            "osin",
            "usein",
            "liian",
            "tarpeeksi",
            "esimerkiksi",
            "mm",
            "eikä",
            "emme",
            "et",
            "siihen",
            "tähän",
            "nyt",
            "lisäksi",
            "asti",
            "jotta",
            "vaan",
        ]
    ),
    "en": frozenset(
        [
            "the",
            "and",
            "of",
            "to",
            "is",
            "are",
            "was",
            "were",
            "be",
            "been",
            "that",
            "this",
            "these",
            "those",
            "with",
            "for",
            "not",
            "have",
            "has",
            "had",
            "would",
            "should",
            "could",
            "will",
            "can",
            "from",
            "by",
            "at",
            "which",
            "who",
            "what",
            "when",
            "where",
            "how",
            "there",
            "their",
            "they",
            "them",
            "our",
            "we",
            "you",
            "it",
            "its",
            "an",
            "more",
            "most",
            "very",
            "also",
            "but",
            "or",
            "if",
            "than",
            "into",
            "about",
            "between",
            "without",
            "because",
            "through",
            "all",
            "any",
            "some",
            "such",
            "only",
            "just",
            "so",
            "do",
            "does",
            "did",
            "being",
            "other",
        ]
    ),
}
# A word listed for two languages counts for neither.
_OWNER: dict[str, str] = {}
for _lang, _words in _FUNCTION_WORDS.items():
    for _w in _words:
        _OWNER[_w] = "" if _w in _OWNER else _lang
_OWN: dict[str, frozenset[str]] = {
    lang: frozenset(w for w, owner in _OWNER.items() if owner == lang) for lang in LANGUAGES
}

_PUNCT = string.punctuation + "–—…“”‘’«»´"
_END_PUNCT = " .!,;:()\"'"
# Texts of one or two words need this much lingua confidence, else `und`.
_SHORT_CONFIDENCE = 0.7
_CHUNK = 4096
_MODEL_CHARS = 2000  # characters of a text shown to lingua
_ACCURATE_BELOW = 6  # words
_SURE = 0.95  # low-accuracy confidence above which a short text needs no second opinion


def _normalise(text: str) -> str:
    return " ".join(text.split()).lower()


def _by_rules(norm: str) -> tuple[str | None, int]:
    """Decide by lexicon or function-word vote; return (language or None, word count)."""
    key = norm.strip(_END_PUNCT)
    if key in _SHORT_ANSWERS:
        return _SHORT_ANSWERS[key], len(key.split())
    words = [w for w in (w.strip(_PUNCT) for w in norm.split()) if w]
    if not any(map(str.isalpha, words)):
        return UND, 0
    distinct = set(words)
    (top, best), (second, _) = sorted(
        ((len(distinct & _OWN[lang]), lang) for lang in LANGUAGES), reverse=True
    )[:2]
    if len(words) >= 3 and top >= 2 and top >= 3 * second + 1:
        return best, len(words)
    return None, len(words)


@lru_cache(maxsize=2)
def _detector(accurate: bool) -> Any:
    """Build (once) a lingua detector restricted to sv/fi/en."""
    from lingua import Language, LanguageDetectorBuilder

    builder = LanguageDetectorBuilder.from_languages(
        Language.SWEDISH, Language.FINNISH, Language.ENGLISH
    )
    if not accurate:
        builder = builder.with_low_accuracy_mode()
    return builder.build()


def _iso(language: Any) -> str:
    return str(language.iso_code_639_1.name).lower()


def _by_model(texts: list[str], accurate: bool) -> list[tuple[str, float]]:
    """Run lingua over texts (in parallel); (language, confidence) of each."""
    if not texts:
        return []
    # lingua's time grows with the square of a word's length: the start of a text tells its
    # language, and a pasted wall of characters then costs milliseconds, not minutes
    texts = [t[:_MODEL_CHARS] for t in texts]
    values = _detector(accurate).compute_language_confidence_values_in_parallel(texts)
    return [(_iso(c[0].language), c[0].value) if c else (UND, 0.0) for c in values]


def detect_language(text: str) -> str:
    """The language of one text: 'sv', 'fi', 'en' or 'und'."""
    return detect_languages([text])[0]


def detect_languages(texts: Sequence[str], progress: Progress | None = None) -> list[str]:
    """Languages of many texts, in order; each distinct text is detected once."""
    norms = [_normalise(t) for t in texts]
    decided: dict[str, str] = {}
    pending: list[str] = []
    words: dict[str, int] = {}
    for norm in dict.fromkeys(norms):
        lang, n_words = _by_rules(norm)
        if lang is None:
            pending.append(norm)
            words[norm] = n_words
        else:
            decided[norm] = lang
    # lingua's low-accuracy model decides texts of six words or more (100% right on
    # tests/data/language) and shorter ones it is sure of; the rest need its accurate model,
    # which takes 1-2 s to load, so it is loaded only when such texts exist.
    unsure: list[str] = []
    total = len(pending)
    if progress:
        progress("detecting languages", 0, total)
    for start in range(0, total, _CHUNK):
        chunk = pending[start : start + _CHUNK]
        for norm, (lang, value) in zip(chunk, _by_model(chunk, False), strict=True):
            if words[norm] >= _ACCURATE_BELOW or value >= _SURE:
                decided[norm] = lang
            else:
                unsure.append(norm)
        if progress:
            progress("detecting languages", start + len(chunk) - len(unsure), total)
    for start in range(0, len(unsure), _CHUNK):
        chunk = unsure[start : start + _CHUNK]
        for norm, (lang, value) in zip(chunk, _by_model(chunk, True), strict=True):
            short = words[norm] < 3
            decided[norm] = UND if short and value < _SHORT_CONFIDENCE else lang
    if progress:
        progress("detecting languages", total, total)
    return [decided[n] for n in norms]


_LANGUAGE_NAMES: dict[str, str] = {
    **dict.fromkeys(
        ["sv", "swe", "swedish", "svenska", "ruotsi", "sv-fi", "sv-se", "sv_fi", "sv_se"], "sv"
    ),
    **dict.fromkeys(["fi", "fin", "finnish", "suomi", "finska", "fi-fi", "fi_fi"], "fi"),
    **dict.fromkeys(
        ["en", "eng", "english", "englanti", "engelska", "en-gb", "en-us", "en_gb", "en_us"],
        "en",
    ),
    **dict.fromkeys(["und", "unknown", "-"], UND),
}


def language_code(value: str) -> str | None:
    """Map a language column's value ('Svenska', 'fi-FI', 'English'...) to a code, or None."""
    return _LANGUAGE_NAMES.get(value.strip().lower())
