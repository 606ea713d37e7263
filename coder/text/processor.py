"""Turning an answer into the word forms the suggester matches on, once per distinct text.

Each language gets a blank spaCy pipeline (its tokenizer only: no models to download), the
curated stop words of :mod:`coder.text.stopwords` and the lemmas of :mod:`coder.text.lemmas`.
Results are cached by a hash of (language, text): the TUI asks for the same answer on every
keypress and the suggester for the same corpus on every retrain, and neither should pay twice.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from coder.text.lemmas import lemmatizer
from coder.text.stopwords import stop_words

SPACY_LANGS: dict[str, str] = {"sv": "sv", "fi": "fi", "en": "en"}
"""Our language codes -> spaCy's; anything else ("und") uses spaCy's multi-language tokenizer."""


@dataclass(frozen=True, slots=True)
class Processed:
    """One answer as the suggester sees it.

    ``tokens`` are the lower-cased words (punctuation and numbers dropped), ``lemmas`` their
    lemmas (same length), ``content`` the lemmas that are not stop words, in order.
    """

    lang: str
    tokens: tuple[str, ...]
    lemmas: tuple[str, ...]
    content: tuple[str, ...]

    @property
    def content_text(self) -> str:
        """The content lemmas joined by spaces: what the word n-gram features are built from."""
        return " ".join(self.content)


def text_key(text: str, lang: str) -> bytes:
    """The cache key of an answer: a short hash of its language and text."""
    return hashlib.blake2b(f"{lang}\x00{text}".encode(), digest_size=16).digest()


class TextProcessor:
    """Tokenises, lemmatises and removes stop words per language, remembering what it did.

    Thread-safe: the TUI may call it from a worker while the suggester retrains in another.
    """

    def __init__(self, cache_size: int = 500_000) -> None:
        self._cache: OrderedDict[bytes, Processed] = OrderedDict()
        self._cache_size = cache_size
        self._tokenizers: dict[str, Any] = {}
        self._lemmatizers: dict[str, Callable[[str], str]] = {}
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def _tokenizer(self, lang: str) -> Any:
        tokenizer = self._tokenizers.get(lang)
        if tokenizer is None:
            import spacy  # lazy: spaCy takes a second to import

            tokenizer = spacy.blank(SPACY_LANGS.get(lang, "xx")).tokenizer
            self._tokenizers[lang] = tokenizer
        return tokenizer

    def _lemmatizer(self, lang: str) -> Callable[[str], str]:
        lemma = self._lemmatizers.get(lang)
        if lemma is None:
            lemma = lemmatizer(lang)
            self._lemmatizers[lang] = lemma
        return lemma

    def process(self, text: str, lang: str) -> Processed:
        """The processed form of ``text`` in ``lang`` (``sv``, ``fi``, ``en``; else generic)."""
        key = text_key(text, lang)
        with self._lock:
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
                self.hits += 1
                return found
            self.misses += 1
            processed = self._compute(text, lang)
            self._cache[key] = processed
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return processed

    def process_many(self, texts: Sequence[str], langs: Sequence[str]) -> list[Processed]:
        """:meth:`process` for each (text, language) pair."""
        if len(texts) != len(langs):
            raise ValueError(f"{len(texts)} texts but {len(langs)} languages")
        return [self.process(text, lang) for text, lang in zip(texts, langs, strict=True)]

    def _compute(self, text: str, lang: str) -> Processed:
        stops = stop_words(lang)
        lemma = self._lemmatizer(lang)
        tokens: list[str] = []
        lemmas: list[str] = []
        content: list[str] = []
        for token in self._tokenizer(lang)(text):
            word = token.text.lower().strip("-'’")
            if not word or not any(ch.isalpha() for ch in word):
                continue
            base = lemma(word)
            tokens.append(word)
            lemmas.append(base)
            if word not in stops and base not in stops and len(base) > 1:
                content.append(base)
        return Processed(lang, tuple(tokens), tuple(lemmas), tuple(content))

    def __len__(self) -> int:
        return len(self._cache)


_default: TextProcessor | None = None
_default_lock = threading.Lock()


def default_processor() -> TextProcessor:
    """The process-wide processor, so every part of coder shares one cache."""
    global _default
    with _default_lock:
        if _default is None:
            _default = TextProcessor()
        return _default


def process(text: str, lang: str) -> Processed:
    """Process ``text`` with the shared processor (see :class:`TextProcessor`)."""
    return default_processor().process(text, lang)
