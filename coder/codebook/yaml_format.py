"""The native codebook format: YAML read with line numbers, and written back.

The file is composed into YAML nodes (never constructed into objects), so every problem can
name its line and no tag can make the loader build a Python object. Codes nest through
``children`` or, in the flat form, name their ``parent``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from coder.codebook.model import LANGUAGES, Code, Codebook
from coder.codebook.problems import CodebookInvalid, Problem
from coder.codebook.validate import ID_PATTERN, Locations, check
from coder.errors import Message

CODEBOOK_FIELDS: tuple[str, ...] = ("codebook", "title", "question", "codes")
CODE_FIELDS: tuple[str, ...] = (
    "id",
    "label",
    "definition",
    "include",
    "exclude",
    "examples",
    "keywords",
    "colour",
    "shortcut",
    "codable",
    "children",
    "parent",
    "guid",
)
_YAML = "tag:yaml.org,2002:"
_PLAIN_TAGS = {_YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_ALLOWED_TAGS = _PLAIN_TAGS | {_YAML + "seq", _YAML + "map"}
_TEXT_ATTR = {
    "label": "labels",
    "definition": "definition",
    "include": "include",
    "exclude": "exclude",
}
_LIST_ATTR = {"examples": "examples", "keywords": "keywords"}
MAX_DEPTH = 100
# Where in the file a problem is: a field path ("title: sv"), its words said in any language.
Where = str | Message
"""YAML nesting deeper than this is refused (a codebook needs a few levels per code level)."""


class _NodeLoader(yaml.SafeLoader):
    """A SafeLoader that composes only, and turns aliases into recorded problems.

    Aliases are refused rather than followed so a hostile file cannot blow up into an
    exponential tree ("billion laughs") while we walk it; nesting is capped so a file of
    ten thousand ``[`` cannot exhaust the stack.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.alias_lines: list[int] = []
        self.depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:  # type: ignore[override]
        if self.check_event(AliasEvent):
            event = self.get_event()
            self.alias_lines.append(event.start_mark.line + 1)
            return ScalarNode(_YAML + "null", "", event.start_mark, event.end_mark)
        if self.depth >= MAX_DEPTH:
            mark = self.peek_event().start_mark
            raise ComposerError(None, None, f"nested deeper than {MAX_DEPTH} levels", mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)  # type: ignore[no-any-return]
        finally:
            self.depth -= 1


@dataclass
class _Placed:
    """A code as read, with the parent it names (flat form) and where it sits in the tree."""

    code: Code
    parent_id: str | None
    nested_in: Code | None
    siblings: list[Code]


class _Reader:
    """Walks the composed nodes of one file, building the Codebook and collecting problems."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.where = Locations(file)
        self.placed: list[_Placed] = []

    def add(self, node: Node | None, message: Message) -> None:
        line = node.start_mark.line + 1 if node is not None else None
        self.problems.append(Problem(self.file, line, message))

    # -- node shapes -------------------------------------------------------------------
    def strip_tags(self, node: Node) -> Node:
        """Report every tag that would construct something other than plain data.

        Each such node is replaced by a null, so the rest of the file is still checked.
        """
        if node.tag not in _ALLOWED_TAGS:
            tag = node.tag.replace(_YAML, "!!", 1) if node.tag.startswith(_YAML) else node.tag
            self.add(node, Message("error.yaml.tag", tag=tag))
            return ScalarNode(_YAML + "null", "", node.start_mark, node.end_mark)
        if isinstance(node, SequenceNode):
            node.value = [self.strip_tags(item) for item in node.value]
        elif isinstance(node, MappingNode):
            node.value = [(self.strip_tags(k), self.strip_tags(v)) for k, v in node.value]
        return node

    def fields(self, node: Node, allowed: tuple[str, ...], owner: Where) -> dict[str, Node]:
        """The fields of a mapping, reporting duplicates and unknown names."""
        result: dict[str, Node] = {}
        assert isinstance(node, MappingNode)
        for key, value in node.value:
            if not isinstance(key, ScalarNode) or key.tag not in _PLAIN_TAGS:
                self.add(key, Message("error.yaml.field_not_text", owner=owner))
                continue
            name = str(key.value)
            if name in result:
                self.add(key, Message("error.yaml.field_twice", owner=owner, name=name))
                continue
            if name not in allowed:
                if allowed == LANGUAGES:
                    self.add(key, Message("error.yaml.unknown_language", owner=owner, name=name))
                    continue
                close = difflib.get_close_matches(name, allowed, n=1)
                self.add(
                    key,
                    Message("error.yaml.unknown_field_hint", owner=owner, name=name, hint=close[0])
                    if close
                    else Message("error.yaml.unknown_field", owner=owner, name=name),
                )
                continue
            result[name] = value
        return result

    def text(self, node: Node, what: Where) -> str | None:
        """A scalar read as text exactly as written (so ``no`` stays "no", ``1`` stays "1")."""
        if isinstance(node, ScalarNode):
            if node.tag == _YAML + "null":
                return None
            return str(node.value)
        self.add(node, Message("error.yaml.not_text", what=what, kind=_kind(node)))
        return None

    def per_language(self, node: Node, what: Where, shape: str) -> dict[str, Node]:
        """The language -> value nodes of a per-language mapping (empty when null or wrong)."""
        if _is_null(node):
            return {}
        if not isinstance(node, MappingNode):
            key = (
                "error.yaml.text_per_language"
                if shape == "text"
                else "error.yaml.list_per_language"
            )
            self.add(node, Message(key, what=what, kind=_kind(node)))
            return {}
        return self.fields(node, LANGUAGES, what)

    def texts(self, node: Node, what: Where) -> dict[str, str]:
        """A per-language mapping of texts: ``{sv: ..., fi: ..., en: ...}``."""
        result: dict[str, str] = {}
        for lang, value in self.per_language(node, what, "text").items():
            text = self.text(value, Message("error.yaml.path", owner=what, field=lang))
            if text is not None and text.strip():
                result[lang] = text
        return result

    def text_lists(self, node: Node, what: Where) -> dict[str, list[str]]:
        """A per-language mapping of lists of texts: ``{sv: [...], fi: [...], en: [...]}``."""
        result: dict[str, list[str]] = {}
        for lang, value in self.per_language(node, what, "list").items():
            if _is_null(value):
                continue
            if not isinstance(value, SequenceNode):
                self.add(
                    value, Message("error.yaml.not_list", what=what, lang=lang, kind=_kind(value))
                )
                continue
            item_of = Message("error.yaml.item", what=what, lang=lang)
            items = [self.text(item, item_of) for item in value.value]
            result[lang] = [item for item in items if item]
        return result

    # -- the codebook ----------------------------------------------------------------
    def codebook(self, root: Node) -> Codebook:
        self.where.codebook_line = root.start_mark.line + 1
        book = Codebook(id="", source=self.file)
        if not isinstance(root, MappingNode):
            self.add(root, Message("error.yaml.root"))
            return book
        top = self.fields(root, CODEBOOK_FIELDS, "codebook")
        if "codebook" in top:
            self.where.codebook_line = top["codebook"].start_mark.line + 1
            book.id = self.text(top["codebook"], "codebook") or ""
        if "title" in top:
            book.title = self.texts(top["title"], "title")
        if "question" in top:
            book.question = self.texts(top["question"], "question")
        if "codes" in top:
            book.codes = self.codes(top["codes"], None, "codes")
        self.resolve_parents(book)
        return book

    def codes(self, node: Node, nested_in: Code | None, what: Where) -> list[Code]:
        if _is_null(node):
            return []
        if not isinstance(node, SequenceNode):
            self.add(node, Message("error.yaml.codes_not_list", what=what, kind=_kind(node)))
            return []
        siblings: list[Code] = []
        for item in node.value:
            code = self.code(item, nested_in, siblings)
            if code is not None:
                siblings.append(code)
        return siblings

    def code(self, node: Node, nested_in: Code | None, siblings: list[Code]) -> Code | None:
        if not isinstance(node, MappingNode):
            self.add(node, Message("error.yaml.code_not_mapping", kind=_kind(node)))
            return None
        code = Code(id="")
        self.where.set(code, node.start_mark.line + 1)
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value == "id" and isinstance(value, ScalarNode):
                code.id = "" if _is_null(value) else str(value.value)
                break
        owner = (
            Message("error.yaml.code", id=code.id) if code.id else Message("error.yaml.code_no_id")
        )
        raw = self.fields(node, CODE_FIELDS, owner)
        if "id" in raw:
            self.text(raw["id"], Message("error.yaml.path", owner=owner, field="id"))
        for name, value in raw.items():
            self.where.set(code, value.start_mark.line + 1, _TEXT_ATTR.get(name, name))
            if name in _TEXT_ATTR:
                setattr(
                    code,
                    _TEXT_ATTR[name],
                    self.texts(value, Message("error.yaml.path", owner=owner, field=name)),
                )
            elif name in _LIST_ATTR:
                setattr(
                    code,
                    _LIST_ATTR[name],
                    self.text_lists(value, Message("error.yaml.path", owner=owner, field=name)),
                )
            elif name in ("colour", "shortcut", "guid"):
                setattr(
                    code,
                    name,
                    self.text(value, Message("error.yaml.path", owner=owner, field=name)),
                )
            elif name == "codable":
                if isinstance(value, ScalarNode) and value.tag == _YAML + "bool":
                    code.codable = value.value.lower() in ("true", "yes", "on")
                else:
                    self.add(
                        value,
                        Message("error.yaml.codable_value", owner=owner, value=value.value)
                        if isinstance(value, ScalarNode)
                        else Message("error.yaml.codable_kind", owner=owner, kind=_kind(value)),
                    )
        parent_id = (
            self.text(raw["parent"], Message("error.yaml.path", owner=owner, field="parent"))
            if "parent" in raw
            else None
        )
        self.placed.append(_Placed(code, parent_id, nested_in, siblings))
        if "children" in raw:
            code.children = self.codes(
                raw["children"], code, Message("error.yaml.path", owner=owner, field="children")
            )
        return code

    def resolve_parents(self, book: Codebook) -> None:
        """Move codes of the flat form (``parent: ID``) under the parent they name."""
        by_id: dict[str, Code] = {}
        for placed in self.placed:
            by_id.setdefault(placed.code.id, placed.code)
        parent_of = {
            p.code.id: p.parent_id for p in self.placed if p.parent_id and p.nested_in is None
        }
        for placed in self.placed:
            code, wanted = placed.code, placed.parent_id
            if not wanted:
                continue
            where = self.where.line(code, "parent")
            name: str | Message = repr(code.id) if code.id else Message("error.codebook.no_id_name")
            if placed.nested_in is not None:
                if placed.nested_in.id != wanted:
                    self.problems.append(
                        Problem(
                            self.file,
                            where,
                            Message(
                                "error.yaml.nested_other_parent",
                                name=name,
                                nested_in=placed.nested_in.id,
                                parent=wanted,
                            ),
                        )
                    )
                continue
            if wanted not in by_id:
                self.problems.append(
                    Problem(
                        self.file,
                        where,
                        Message("error.yaml.unknown_parent", name=name, parent=wanted),
                    )
                )
                continue
            chain = _cycle(code.id, parent_of)
            if chain:
                self.problems.append(
                    Problem(
                        self.file,
                        where,
                        Message("error.yaml.loop", name=name, chain=" -> ".join(chain)),
                    )
                )
                continue
            placed.siblings.remove(code)
            by_id[wanted].children.append(code)


def _cycle(start: str, parent_of: dict[str, str]) -> list[str]:
    """The loop of parents starting at ``start``, or [] when following parents ends at a root."""
    chain = [start]
    current = start
    while current in parent_of:
        current = parent_of[current]
        if current in chain:
            return [*chain, current] if current == start else []
        chain.append(current)
    return []


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == _YAML + "null"


def _kind(node: Node) -> str | Message:
    """What a node is: a mapping, a list, else its YAML type's name (str, int, bool...)."""
    if isinstance(node, MappingNode):
        return Message("error.yaml.mapping")
    if isinstance(node, SequenceNode):
        return Message("error.yaml.list")
    return node.tag.removeprefix(_YAML) if node.tag.startswith(_YAML) else node.tag


def parse_yaml(text: str, file: str) -> tuple[Codebook | None, Locations, list[Problem]]:
    """Read codebook text into a Codebook, where each code was, and the problems of shape.

    The Codebook is None when the text is not YAML at all. The shared rules (duplicates,
    languages, colours) are not applied here; see ``load_yaml``.
    """
    reader = _Reader(file)
    try:
        loader = _NodeLoader(text)  # checks every character at once
    except yaml.reader.ReaderError as exc:
        at = text[: exc.position].count("\n") + 1
        return (
            None,
            reader.where,
            [Problem(file, at, Message("error.yaml.not_text_file", reason=exc.reason))],
        )
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem: str | Message = exc.problem or exc.context or Message("error.yaml.unreadable")
        if exc.problem and exc.problem.startswith("but ") and exc.context:
            problem = f"{exc.context}, {exc.problem}"
        return (
            None,
            reader.where,
            [Problem(file, line, Message("error.yaml.syntax", problem=problem))],
        )
    except yaml.YAMLError as exc:
        return (
            None,
            reader.where,
            [Problem(file, None, Message("error.yaml.error", reason=exc))],
        )
    finally:
        loader.dispose()
    for line in loader.alias_lines:
        reader.problems.append(Problem(file, line, Message("error.yaml.alias")))
    if root is None:
        reader.problems.append(Problem(file, 1, Message("error.yaml.empty")))
        return None, reader.where, reader.problems
    book = reader.codebook(reader.strip_tags(root))
    return book, reader.where, reader.problems


def load_yaml(text: str, file: str = "<codebook>") -> Codebook:
    """A valid Codebook from native YAML text; raises CodebookInvalid listing every problem."""
    book, where, problems = parse_yaml(text, file)
    if book is not None:
        problems += check(book, where)
    if problems or book is None:
        raise CodebookInvalid(problems)
    return book


def read_yaml(path: Path) -> Codebook:
    """A valid Codebook from a native YAML file (see ``load_yaml``)."""
    return load_yaml(read_text(path), str(path))


def read_text(path: Path) -> str:
    """The file as text (UTF-8, a BOM allowed), or an InputError naming the file."""
    from coder.errors import InputError

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError("error.file.unreadable", file=path, reason=exc.strerror) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CodebookInvalid([Problem(str(path), line, Message("error.yaml.not_utf8"))]) from exc


# -- writing ------------------------------------------------------------------------------
class _Flow(dict[str, str]):
    """A short per-language mapping written on one line: ``{sv: ..., fi: ..., en: ...}``."""


class _Dumper(yaml.SafeDumper):
    """Writes plain data, keeping field order and short language maps on one line."""


def _represent_flow(dumper: yaml.SafeDumper, data: _Flow) -> yaml.Node:
    return dumper.represent_mapping(_YAML + "map", data.items(), flow_style=True)


_Dumper.add_representer(_Flow, _represent_flow)


def _ordered(texts: dict[str, Any]) -> dict[str, Any]:
    """Languages in sv, fi, en order, then any others."""
    keys = [lang for lang in LANGUAGES if lang in texts] + sorted(set(texts) - set(LANGUAGES))
    return {lang: texts[lang] for lang in keys}


def code_to_data(code: Code) -> dict[str, Any]:
    """One code (and its children) as plain data in the native field order."""
    data: dict[str, Any] = {"id": code.id, "label": _Flow(_ordered(code.labels))}
    for name in ("definition", "include", "exclude"):
        if getattr(code, name):
            data[name] = _ordered(getattr(code, name))
    for name in ("examples", "keywords"):
        lists = {lang: list(items) for lang, items in getattr(code, name).items() if items}
        if lists:
            data[name] = _ordered(lists)
    if code.colour:
        data["colour"] = code.colour
    if code.shortcut:
        data["shortcut"] = code.shortcut
    if not code.codable:
        data["codable"] = False
    if code.guid:
        data["guid"] = code.guid
    if code.children:
        data["children"] = [code_to_data(child) for child in code.children]
    return data


def dump_yaml(codebook: Codebook) -> str:
    """The codebook as native YAML text that ``load_yaml`` reads back to the same codebook.

    Raises InputError when a code id cannot be written in the native format (a .qdc allows
    free-text names; the native format does not).
    """
    from coder.errors import InputError

    bad = [c.id for c in codebook.all_codes() if not ID_PATTERN.fullmatch(c.id)]
    if bad:
        raise InputError("error.codebook.yaml_id", key=bad[0])
    data: dict[str, Any] = {"codebook": codebook.id}
    if codebook.title:
        data["title"] = _Flow(_ordered(codebook.title))
    if codebook.question:
        data["question"] = _Flow(_ordered(codebook.question))
    data["codes"] = [code_to_data(code) for code in codebook.codes]
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
