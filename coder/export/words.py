"""The words of the exports' headings in Swedish, Finnish and English (`--lang`)."""

from __future__ import annotations

from coder import i18n
from coder.errors import Number


def word(key: str, lang: str) -> str:
    """The heading ``key`` in ``lang`` (English when the language is not known)."""
    return _require(i18n.text(f"export.word.{key}", lang), key)


def percent(share: float, lang: str) -> str:
    """A share as a percentage, with a decimal comma in Swedish and Finnish."""
    return f"{Number(share * 100, 1).text(lang)} %"


def counted(n: int, key: str, lang: str) -> str:
    """``n`` with the noun ``key`` in its right number in ``lang``: "1 coding", "2 codings".

    The form comes from the catalogue's plural rule (Finnish takes the partitive after every
    numeral but one: "1 koodaus", "18 koodausta").
    """
    return _require(i18n.counted(f"export.counted.{key}", n, lang), key).format(n=n)


NOTE_COUNTS = {"not_coded": "not_coded", "no_code": "no_code", "several": "several"}


def note(key: str, lang: str, **fields: object) -> str:
    """The note ``key`` in ``lang`` (English when the language is not known), filled in, in
    the grammatical number of its count (named in ``NOTE_COUNTS``)."""
    msgid = f"export.note.{key}"
    if i18n.is_counted(msgid):
        count = fields[NOTE_COUNTS[key]]
        found = i18n.counted(msgid, count if isinstance(count, int) else 0, lang)
    else:
        found = i18n.text(msgid, lang)
    return _require(found, key).format(**fields)


def _require(found: str | None, key: str) -> str:
    """A catalogue string, or KeyError naming the key (a programming error, never input)."""
    if found is None:
        raise KeyError(f"no export string {key!r} in the catalogues")
    return found
