"""Lemmas per language: spaCy lookup tables for Swedish and English, simplemma for Finnish.

Finnish inflection hides nearly every match ("resurssien", "resursseja" -> "resurssi"), so
lemmas are what the cold start and the model see. Each word form is lemmatised once per
process and remembered; the tables load on first use. They are read from spacy-lookups-data's
files a slice at a time, into plain dicts: half a second for Swedish, with no slice holding
the interpreter long enough to stall another thread (spaCy's own loader took 2 s or more, most
of it in one ``json.loads`` that held every other thread for 0.7 s).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

_lock = threading.Lock()
_tables: dict[str, dict[str, str]] = {}


SLICE = 256 * 1024
"""Characters of a lemma table parsed at a time (about 10 ms, then other threads may run)."""


def read_lookup_table(path: Path) -> dict[str, str]:
    """A spacy-lookups-data table (gzipped JSON, one ``"form": "lemma"`` pair per line) as a
    dict, parsed slice by slice so that a thread reading it lets the others run."""
    import gzip
    import json

    text = gzip.decompress(path.read_bytes()).decode("utf-8")
    body = text[text.index("{") + 1 : text.rindex("}")]
    table: dict[str, str] = {}
    start = 0
    while start < len(body):
        end = body.find("\n", start + SLICE)
        end = len(body) if end == -1 else end
        piece = body[start:end].strip().rstrip(",")
        if piece:
            table.update(json.loads("{" + piece + "}"))
        start = end + 1
        time.sleep(0)  # hand the interpreter to the UI thread between slices
    return table


def _lookup_table(lang: str) -> dict[str, str]:
    """spaCy's ``lemma_lookup`` table for ``lang`` (from spacy-lookups-data), loaded once."""
    with _lock:
        table = _tables.get(lang)
        if table is None:
            import spacy_lookups_data  # lazy: only its data files are used

            data = Path(spacy_lookups_data.__file__).parent / "data"
            table = read_lookup_table(data / f"{lang}_lemma_lookup.json.gz")
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
