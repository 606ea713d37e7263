"""Checks that hold for any codebook, whichever format it was read from.

The readers (YAML, .qdc) check the shape of their own file and remember where each code was
written; the rules here (unique ids and shortcuts, labels in every language, colours, grouping
nodes) are shared so both formats report the same problems in the same words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from coder.codebook.model import LANGUAGES, Code, Codebook
from coder.codebook.problems import Problem
from coder.errors import Message

ID_PATTERN = re.compile(r"[a-z0-9_.-]+")
MAX_ID_CHARS = 200
"""The longest codebook or code id (the database's column width)."""
"""A code id in the native format: lowercase letters, digits, ``_``, ``.`` and ``-``."""

COLOUR_PATTERN = re.compile(r"#(?:[0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})")
SHORTCUT_PATTERN = re.compile(r"[a-z0-9]")

TEXT_FIELDS: tuple[str, ...] = (
    "labels",
    "definition",
    "include",
    "exclude",
    "examples",
    "keywords",
)
"""The per-language fields of a Code, as attribute names."""


@dataclass
class Locations:
    """Where each code (and each of its fields) was written, so a problem can name the line."""

    file: str
    codebook_line: int | None = None
    _lines: dict[int, dict[str, int]] = field(default_factory=dict)

    def set(self, code: Code, line: int, what: str = "") -> None:
        """Remember that ``what`` of ``code`` ('' for the code itself) starts at ``line``."""
        self._lines.setdefault(id(code), {})[what] = line

    def line(self, code: Code, what: str = "") -> int | None:
        """The line of ``what`` in ``code``, else the line of the code, else None."""
        lines = self._lines.get(id(code), {})
        return lines.get(what, lines.get(""))

    def problem(self, code: Code | None, message: Message, what: str = "") -> Problem:
        """A problem at the place of ``code`` (or of the codebook when ``code`` is None)."""
        line = self.codebook_line if code is None else self.line(code, what)
        return Problem(self.file, line, message)


def check(
    codebook: Codebook,
    where: Locations,
    *,
    native_ids: bool = True,
    all_languages: bool = True,
) -> list[Problem]:
    """Every rule-breaking thing in ``codebook``.

    ``native_ids`` enforces the YAML id pattern (a .qdc uses free-text names as ids);
    ``all_languages`` requires a label in sv, fi and en.
    """
    problems: list[Problem] = []
    if not codebook.id:
        problems.append(where.problem(None, Message("error.codebook.no_id")))
    elif len(codebook.id) > MAX_ID_CHARS:
        problems.append(where.problem(None, Message("error.codebook.id_too_long", n=MAX_ID_CHARS)))
    elif native_ids and not ID_PATTERN.fullmatch(codebook.id):
        problems.append(where.problem(None, Message("error.codebook.bad_id", id=codebook.id)))
    if not codebook.codes:
        problems.append(where.problem(None, Message("error.codebook.no_codes")))
    for lang_field, texts in (("title", codebook.title), ("question", codebook.question)):
        for lang in texts:
            if lang not in LANGUAGES:
                problems.append(
                    where.problem(
                        None, Message("error.codebook.field_language", field=lang_field, lang=lang)
                    )
                )

    first_by_id: dict[str, Code] = {}
    first_by_key: dict[str, Code] = {}
    for code, _parent, _depth in codebook.walk():
        problems.extend(_check_code(code, where, native_ids, all_languages))
        if code.id:
            if code.id in first_by_id:
                first = where.line(first_by_id[code.id])
                problems.append(
                    where.problem(
                        code, Message("error.codebook.duplicate_id_at", id=code.id, first=first)
                    )
                    if first is not None
                    else where.problem(code, Message("error.codebook.duplicate_id", id=code.id))
                )
            else:
                first_by_id[code.id] = code
        if code.shortcut and SHORTCUT_PATTERN.fullmatch(code.shortcut):
            other = first_by_key.get(code.shortcut)
            if other is not None:
                first = where.line(other, "shortcut")
                problems.append(
                    where.problem(
                        code,
                        Message(
                            "error.codebook.duplicate_shortcut_at",
                            id=code.id,
                            shortcut=code.shortcut,
                            other=other.id,
                            first=first,
                        )
                        if first is not None
                        else Message(
                            "error.codebook.duplicate_shortcut",
                            id=code.id,
                            shortcut=code.shortcut,
                            other=other.id,
                        ),
                        "shortcut",
                    )
                )
            else:
                first_by_key[code.shortcut] = code
    return problems


def _check_code(
    code: Code, where: Locations, native_ids: bool, all_languages: bool
) -> list[Problem]:
    """The rules for one code on its own."""
    problems: list[Problem] = []
    name: str | Message = repr(code.id) if code.id else Message("error.codebook.no_id_name")
    if not code.id:
        problems.append(where.problem(code, Message("error.codebook.code_no_id")))
    elif len(code.id) > MAX_ID_CHARS:
        problems.append(
            where.problem(
                code,
                Message("error.codebook.code_id_too_long", id=code.id[:40], n=MAX_ID_CHARS),
                "id",
            )
        )
    elif native_ids and not ID_PATTERN.fullmatch(code.id):
        problems.append(
            where.problem(code, Message("error.codebook.bad_code_id", id=code.id), "id")
        )
    if not any(code.labels.values()):
        problems.append(where.problem(code, Message("error.codebook.no_label", name=name)))
    elif all_languages:
        missing = [lang for lang in LANGUAGES if not code.labels.get(lang)]
        if missing:
            problems.append(
                where.problem(
                    code,
                    Message("error.codebook.label_missing", name=name, langs=", ".join(missing)),
                    "labels",
                )
            )
    for attr in TEXT_FIELDS:
        texts: dict[str, object] = getattr(code, attr)
        for lang in texts:
            if lang not in LANGUAGES:
                shown = "label" if attr == "labels" else attr  # the field's name in the file
                problems.append(
                    where.problem(
                        code,
                        Message(
                            "error.codebook.text_language",
                            name=name,
                            field=shown,
                            lang=lang,
                            langs=", ".join(LANGUAGES),
                        ),
                        attr,
                    )
                )
    if code.colour is not None and not COLOUR_PATTERN.fullmatch(code.colour):
        problems.append(
            where.problem(
                code, Message("error.codebook.bad_colour", name=name, colour=code.colour), "colour"
            )
        )
    if code.shortcut is not None:
        if not SHORTCUT_PATTERN.fullmatch(code.shortcut):
            problems.append(
                where.problem(
                    code,
                    Message("error.codebook.bad_shortcut", name=name, shortcut=code.shortcut),
                    "shortcut",
                )
            )
        elif not code.codable:
            problems.append(
                where.problem(
                    code,
                    Message("error.codebook.group_shortcut", name=name),
                    "shortcut",
                )
            )
    if not code.codable and not code.children:
        problems.append(where.problem(code, Message("error.codebook.group_childless", name=name)))
    return problems
