"""coder's strings in Swedish, Finnish and English, through gettext.

One catalogue per language, `coder/locale/LANG/LC_MESSAGES/coder.po`, compiled to `coder.mo`
(by `scripts/gettext_catalogues.py`, with Babel, in development); here the standard library's
gettext reads the `.mo` files, so running coder needs no extra package. Message ids are keys
(`action.next`, `export.word.theme`); the English catalogue holds the English text, and a
language lacking a string falls back to English. Counted strings take their plural form from
the catalogue's Plural-Forms rule ("1 answer", "2 answers"; Finnish "1 vastaus", "2 vastausta").
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from functools import cache
from pathlib import Path

LANGUAGES: tuple[str, ...] = ("en", "sv", "fi")
FALLBACK = "en"
DOMAIN = "coder"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


@cache
def _own(lang: str) -> gettext.NullTranslations:
    """One language's catalogue alone (no fallback), or an empty one when it has none."""
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def _entries(lang: str) -> Mapping[object, str]:
    """The compiled catalogue's messages: msgid, or (msgid, plural index), -> text.

    GNUTranslations keeps them in ``_catalog``; reading it is the only way the standard
    library offers to list a catalogue's ids (for `keys` and translators' checks).
    """
    return getattr(_own(lang), "_catalog", {})


def text(key: str, lang: str = FALLBACK, *, fallback: bool = True) -> str | None:
    """The string ``key`` in ``lang``, else (with ``fallback``) in English; else None."""
    for candidate in (lang, FALLBACK) if fallback else (lang,):
        found = _entries(candidate).get(key)
        if found:
            return found
    return None


def counted(key: str, n: int, lang: str = FALLBACK) -> str | None:
    """The plural form of ``key`` that goes with ``n`` in ``lang`` (else English), or None."""
    for candidate in (lang, FALLBACK):
        if (key, 0) in _entries(candidate):
            return _own(candidate).ngettext(key, key, n)
    return None


def is_counted(key: str) -> bool:
    """Whether ``key`` has plural forms (in the English catalogue)."""
    return (key, 0) in _entries(FALLBACK)


def keys(lang: str = FALLBACK, *, plural: bool = True) -> set[str]:
    """Every message id of ``lang``'s catalogue (plural ones once, or left out)."""
    found: set[str] = set()
    for entry in _entries(lang):
        if isinstance(entry, tuple):
            if plural:
                found.add(str(entry[0]))
        elif entry:  # "" is the header
            found.add(str(entry))
    return found
