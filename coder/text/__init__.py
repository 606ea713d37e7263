"""Per-language text processing for the suggester: tokens, lemmas, curated stop words.

Use :func:`process` (shared cache) or a :class:`TextProcessor` of your own; call
:func:`warm_up` in a background worker to load the lemma tables before the first answer.
"""

from __future__ import annotations

from coder.text.lemmas import lemmatizer, warm_up
from coder.text.processor import Processed, TextProcessor, default_processor, process
from coder.text.stopwords import stop_words

__all__ = [
    "Processed",
    "TextProcessor",
    "default_processor",
    "lemmatizer",
    "process",
    "stop_words",
    "warm_up",
]
