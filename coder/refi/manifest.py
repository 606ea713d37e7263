"""The shape of ``coder/manifest.json`` in a .qdpx, checked before the importer trusts it.

The manifest comes from a file anyone can edit: a list where a mapping belongs, a number
where an id belongs, must be one clear error, not a crash half-way through an import.
"""

from __future__ import annotations

from typing import Any

from coder.errors import InputError

MANIFEST = "coder/manifest.json"
"""Where coder keeps what only coder reads back (languages, no-code reviews, stars)."""


def _is_str(value: Any) -> bool:
    return isinstance(value, str)


def _pairs(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(p, list) and len(p) == 2 and all(map(_is_str, p)) for p in value
    )


def _question(entry: Any) -> bool:
    return (
        isinstance(entry, dict)
        and _is_str(entry.get("id"))
        and bool(entry["id"])
        and isinstance(entry.get("title"), str | None)
        and isinstance(entry.get("codebook"), str | None)
    )


def _source(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 3
        and _is_str(value[0])
        and _is_str(value[1])
        and bool(value[0] and value[1])
        and isinstance(value[2], str | None)
    )


_FIELDS = {
    "questions": lambda v: isinstance(v, list) and all(map(_question, v)),
    "sources": lambda v: isinstance(v, dict) and all(map(_source, v.values())),
    "codes": lambda v: (
        isinstance(v, dict)
        and all(isinstance(p, list) and len(p) == 2 and all(map(_is_str, p)) for p in v.values())
    ),
    "codebooks": lambda v: isinstance(v, dict) and all(isinstance(b, dict) for b in v.values()),
    "coders": lambda v: isinstance(v, dict) and all(isinstance(i, dict) for i in v.values()),
    "no_code": _pairs,
    "starred": _pairs,
}


def check_manifest(data: Any, where: str) -> dict[str, Any]:
    """The manifest if it has the shape coder writes; else InputError naming the field."""
    if not isinstance(data, dict):
        raise InputError("error.refi.manifest_not_object", where=where, kind=type(data).__name__)
    for name, valid in _FIELDS.items():
        if name in data and not valid(data[name]):
            raise InputError("error.refi.manifest_shape", where=where, name=name)
    return data
