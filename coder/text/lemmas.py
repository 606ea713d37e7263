"""Lemmas per language: spaCy lookup tables for Swedish and English, simplemma for Finnish.

Finnish inflection hides nearly every match ("resurssien", "resursseja" -> "resurssi"), so
lemmas are what the cold start and the model see. Each word form is lemmatised once per
process and remembered; the tables load on first use (a few seconds for Swedish).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import lru_cache
from typing import Any

_lock = threading.Lock()
_tables: dict[str, Any] = {}


def _lookup_table(lang: str) -> Any:
    """spaCy's ``lemma_lookup`` table for ``lang`` (from spacy-lookups-data), loaded once."""
    with _lock:
        table = _tables.get(lang)
        if table is None:
            from spacy.lookups import load_lookups  # lazy: loads spacy-lookups-data

            lookups = load_lookups(lang, ["lemma_lookup"])
            table = lookups.get_table("lemma_lookup")  # keyed by string hash, not a dict
            _tables[lang] = table
    return table


@lru_cache(maxsize=200_000)
def _finnish(word: str) -> str:
    import simplemma  # lazy

    return str(simplemma.lemmatize(word, lang="fi")).lower()


def lemmatizer(lang: str) -> Callable[[str], str]:
    """A function from a lower-cased word form to its lemma in ``lang`` (identity if unknown)."""
    if lang == "fi":
        return _finnish
    if lang in ("sv", "en"):
        table = _lookup_table(lang)

        @lru_cache(maxsize=200_000)
        def lookup(word: str) -> str:
            return str(table.get(word, word)).lower()

        return lookup
    return str.lower


def warm_up(langs: tuple[str, ...] = ("sv", "fi", "en")) -> None:
    """Load the lemma tables now (e.g. in a background worker) instead of on first use."""
    for lang in langs:
        lemmatizer(lang)("test")
