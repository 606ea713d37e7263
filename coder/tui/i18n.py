"""UI strings of the TUI in English, Swedish and Finnish.

Analysts work in their own language: every string a screen shows is looked up here by key, in
the gettext catalogues of `coder.i18n` (`coder/locale/*/LC_MESSAGES/coder.po`). Strings may
also be added at run time with :func:`register` (tests, plug-ins); one fallback rule, to
English and then to the key, serves the whole app.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from coder import i18n

UI_LANGUAGES: tuple[str, ...] = ("en", "sv", "fi")
DEFAULT_LANG = "en"
_REGISTERED: dict[str, dict[str, str]] = {}


class _Catalogue(Mapping[str, Mapping[str, str]]):
    """key -> language -> text over the gettext catalogues and the registered strings."""

    def _keys(self) -> set[str]:
        return i18n.keys(DEFAULT_LANG, plural=False) | set(_REGISTERED)

    def __getitem__(self, key: str) -> Mapping[str, str]:
        texts = {
            lang: found
            for lang in UI_LANGUAGES
            if (found := i18n.text(key, lang, fallback=False)) is not None
        }
        texts.update(_REGISTERED.get(key, {}))
        if not texts:
            raise KeyError(key)
        return texts

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._keys()))

    def __len__(self) -> int:
        return len(self._keys())

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and (
            key in _REGISTERED or i18n.text(key, DEFAULT_LANG) is not None
        )


CATALOGUE: Mapping[str, Mapping[str, str]] = _Catalogue()


def register(strings: dict[str, dict[str, str]]) -> None:
    """Add or replace strings (key -> language -> text) at run time, over the catalogues."""
    for key, texts in strings.items():
        _REGISTERED.setdefault(key, {}).update(texts)


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The string ``key`` in ``lang`` (falling back to English, then the key), formatted."""
    own = _REGISTERED.get(key, {})
    text = (
        own.get(lang)
        or i18n.text(key, lang, fallback=False)
        or own.get(DEFAULT_LANG)
        or i18n.text(key, DEFAULT_LANG)
        or next(iter(own.values()), key)
    )
    return text.format(**values) if values else text


def missing(lang: str) -> list[str]:
    """Keys that have no text in ``lang`` (for tests and translators)."""
    return sorted(key for key, texts in CATALOGUE.items() if not texts.get(lang))
