"""Turning an answer into the word forms the suggester matches on, once per distinct text.

Words are runs of letters and digits (an apostrophe inside a word keeps it whole, and English
clitics such as "n't" and "'s" stand apart, as spaCy's tokenizer has them); then come the
curated stop words of :mod:`coder.text.stopwords` and the lemmas of :mod:`coder.text.lemmas`.
A regular expression instead of spaCy's tokenizer: importing spaCy cost a second per process
and its rules changed nothing the suggester uses.
Results are cached by a hash of (language, text): the TUI asks for the same answer on every
keypress and the suggester for the same corpus on every retrain, and neither should pay twice.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from coder.text.lemmas import lemmatizer
from coder.text.stopwords import stop_words

WORD = re.compile(r"\w+(?:['’]\w+)*")
"""A word: letters and digits, possibly joined by apostrophes ("don't", "EU:n" is two)."""

ENGLISH_CLITIC = re.compile(r"^(.+?)(n['’]t|['’](?:s|re|ve|ll|d|m))$", re.IGNORECASE)
"""English contractions split as spaCy splits them: "don't" -> "do" + "n't"."""


def tokenize(text: str, lang: str) -> list[str]:
    """The word tokens of ``text`` (original case), clitics apart in English."""
    words = WORD.findall(text)
    if lang != "en":
        return words
    tokens: list[str] = []
    for word in words:
        split = ENGLISH_CLITIC.match(word)
        tokens += [split.group(1), split.group(2)] if split else [word]
    return tokens


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


_Word = tuple[str, str, bool]
"""A token: its lower-cased form, its lemma, and whether it is a content word."""


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
        self._lemmatizers: dict[str, Callable[[str], str]] = {}
        self._words: dict[str, dict[str, tuple[_Word, ...]]] = {}
        """Per language: a word as the regular expression found it -> its tokens, each
        (lower-cased form, lemma, content?): answers reuse a few thousand words, so each is
        lower-cased, lemmatised and looked up among the stop words once."""
        self._interned: dict[Processed, list[Any]] = {}
        """Processed form -> [the one shared instance, how many cached texts have it]: texts
        that differ only in case, punctuation or numbers share one object, so whoever keys
        work by the object's identity (the suggester's corpus) does that work once."""
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

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
            processed = self._intern(self._compute(text, lang))
            self._cache[key] = processed
            if len(self._cache) > self._cache_size:
                self._release(self._cache.popitem(last=False)[1])
        return processed

    def _intern(self, processed: Processed) -> Processed:
        entry = self._interned.get(processed)
        if entry is None:
            entry = self._interned[processed] = [processed, 0]
        entry[1] += 1
        shared: Processed = entry[0]
        return shared

    def _release(self, processed: Processed) -> None:
        entry = self._interned.get(processed)
        if entry is not None:
            entry[1] -= 1
            if entry[1] <= 0:
                del self._interned[processed]

    def process_many(self, texts: Sequence[str], langs: Sequence[str]) -> list[Processed]:
        """:meth:`process` for each (text, language) pair."""
        if len(texts) != len(langs):
            raise ValueError(f"{len(texts)} texts but {len(langs)} languages")
        return [self.process(text, lang) for text, lang in zip(texts, langs, strict=True)]

    def _compute(self, text: str, lang: str) -> Processed:
        words = self._words.get(lang)
        if words is None:
            words = self._words[lang] = {}
        tokens: list[str] = []
        lemmas: list[str] = []
        content: list[str] = []
        for raw in WORD.findall(text):
            found = words.get(raw)
            if found is None:
                if raw.isdigit():  # a number has no letter, so no token: not worth a word entry
                    continue
                found = self._word(raw, lang)
                if len(words) < 1_000_000:
                    words[raw] = found
            for word, base, is_content in found:
                tokens.append(word)
                lemmas.append(base)
                if is_content:
                    content.append(base)
        return Processed(lang, tuple(tokens), tuple(lemmas), tuple(content))

    def _word(self, raw: str, lang: str) -> tuple[_Word, ...]:
        """The tokens of one word as :data:`WORD` found it (clitics apart in English)."""
        stops = stop_words(lang)
        lemma = self._lemmatizer(lang)
        out: list[_Word] = []
        for token in tokenize(raw, lang):
            word = token.lower().strip("-'’_")
            if not word or not any(ch.isalpha() for ch in word):
                continue
            base = lemma(word)
            out.append((word, base, word not in stops and base not in stops and len(base) > 1))
        return tuple(out)

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
