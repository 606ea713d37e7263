"""Lemmas per language: spaCy's lookup tables for Swedish and English, simplemma for Finnish.

Finnish inflection hides nearly every match ("resurssien", "resursseja" -> "resurssi"), so
lemmas are what the cold start and the model see. Decoding the packages' compressed tables
costs seconds and hundreds of MB in every process (simplemma's Finnish dictionary alone: 4 s
and 350 MB), so each table is decoded once per user and package version into an SQLite file
in the user cache folder (``platformdirs``; ``CODER_CACHE_DIR`` overrides it), and looked up
from there a word at a time: a process opens it in milliseconds and holds only the words its
answers use. simplemma keeps its own rules and compound decomposition; only its dictionary
reads come from the cache. Each word form is lemmatised once per process and remembered.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

FORMAT = 1
"""Bumped when the cache files' layout changes, so old files are never misread."""

_lock = threading.Lock()
_tables: dict[str, LemmaTable] = {}


def cache_dir() -> Path:
    """The folder that holds the decoded lemma tables (created on demand)."""
    override = os.environ.get("CODER_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_path  # lazy

    return user_cache_path("coder")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "none"


def cache_path(lang: str) -> Path:
    """The cache file of ``lang``'s table, named after the versions it was decoded from."""
    source = "simplemma" if lang == "fi" else "spacy-lookups-data"
    key = hashlib.blake2b(f"{FORMAT}:{source}:{_version(source)}".encode(), digest_size=6)
    return cache_dir() / f"lemmas-{lang}-{key.hexdigest()}.sqlite3"


def _source_pairs(lang: str) -> Iterable[tuple[str, str]]:
    """Every (form, lemma) pair of ``lang``'s packaged table (the slow decode)."""
    if lang == "fi":
        from simplemma.strategies.dictionaries.dictionary_factory import (  # lazy
            DefaultDictionaryFactory,
        )

        return DefaultDictionaryFactory(cache_max_size=0).get_dictionary("fi").items()
    import gzip
    import json

    import spacy_lookups_data  # lazy: only its data files are used

    path = Path(spacy_lookups_data.__file__).parent / "data" / f"{lang}_lemma_lookup.json.gz"
    table: dict[str, str] = json.loads(gzip.decompress(path.read_bytes()))
    return table.items()


def build_cache(lang: str, path: Path) -> None:
    """Decode ``lang``'s packaged table into an SQLite file at ``path`` (atomically: another
    process reading the folder sees the old state or the whole new file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        with sqlite3.connect(partial) as conn:
            conn.execute("PRAGMA journal_mode=OFF")
            conn.execute("PRAGMA synchronous=OFF")
            conn.execute("CREATE TABLE lemma (form TEXT PRIMARY KEY, lemma TEXT) WITHOUT ROWID")
            conn.executemany(
                "INSERT OR IGNORE INTO lemma VALUES (?, ?)",
                ((str(form), str(lemma)) for form, lemma in _source_pairs(lang)),
            )
        conn.close()
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


class LemmaTable(Mapping[str, str]):
    """A read-only form -> lemma mapping over a cache file, one indexed lookup per word."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn = sqlite3.connect(
            f"{path.as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False
        )
        self._lock = threading.Lock()

    def get(self, key: str, default: Any = None) -> Any:
        with self._lock:
            row = self._conn.execute("SELECT lemma FROM lemma WHERE form = ?", (key,)).fetchone()
        return row[0] if row is not None else default

    def __getitem__(self, key: str) -> str:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return str(value)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def __iter__(self) -> Iterator[str]:
        with self._lock:
            forms = [row[0] for row in self._conn.execute("SELECT form FROM lemma")]
        return iter(forms)

    def __len__(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT count(*) FROM lemma").fetchone()[0])


def table(lang: str) -> LemmaTable:
    """``lang``'s lemma table, decoded into the cache on first use by this user."""
    with _lock:
        found = _tables.get(lang)
        if found is None:
            path = cache_path(lang)
            if not path.exists():
                build_cache(lang, path)
            found = _tables[lang] = LemmaTable(path)
    return found


class _CachedFactory:
    """simplemma's ``DictionaryFactory`` protocol over the cache file."""

    def get_dictionary(self, lang: str) -> Mapping[str, str]:
        return table(lang)


@lru_cache(maxsize=1)
def _finnish_lemmatizer() -> Any:
    from simplemma import Lemmatizer  # lazy
    from simplemma.strategies import DefaultStrategy

    return Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=_CachedFactory()))


@lru_cache(maxsize=200_000)
def _finnish(word: str) -> str:
    return str(_finnish_lemmatizer().lemmatize(word, lang="fi")).lower()


def lemmatizer(lang: str) -> Callable[[str], str]:
    """A function from a lower-cased word form to its lemma in ``lang`` (identity if unknown)."""
    if lang == "fi":
        return _finnish
    if lang in ("sv", "en"):
        lookup_table = table(lang)

        @lru_cache(maxsize=200_000)
        def lookup(word: str) -> str:
            return str(lookup_table.get(word, word)).lower()

        return lookup
    return str.lower


def warm_up(langs: tuple[str, ...] = ("sv", "fi", "en")) -> None:
    """Make sure the lemma tables are in the cache (decoding them the first time) and open."""
    for lang in langs:
        lemmatizer(lang)("test")
