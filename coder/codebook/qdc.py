"""REFI-QDA codebooks (``.qdc``): the exchange format of NVivo, ATLAS.ti, MAXQDA and QualCoder.

In a .qdc a code's ``name`` is both its id and its label, its ``Description`` its definition,
element nesting its place in the tree and ``isCodable="false"`` a grouping node. Guids are kept
so a codebook exported and read back is recognisably the same one. Texts that only the native
format holds (rules, examples, keywords, shortcuts) do not travel through a .qdc.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

from coder.codebook.model import LANGUAGES, Code, Codebook
from coder.codebook.problems import CodebookInvalid, Problem
from coder.codebook.validate import COLOUR_PATTERN, Locations, check
from coder.errors import Message

NAMESPACE = "urn:QDA-XML:codebook:1.0"
GUID_PATTERN = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    r"|\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}"
)
_GUID_SPACE = uuid.UUID("6f1d0c62-52a3-4c55-9d5e-8d3c6f0b7a10")
"""Namespace for guids made from codebook and code ids, so re-exports give the same guids."""

_TAGGED = re.compile(r"^\[(sv|fi|en)\] ", re.MULTILINE)


def _local(element: Any) -> str:
    """An element's name without its namespace (tools differ in whether they write one)."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element: Any, name: str) -> list[Any]:
    return [child for child in element if _local(child) == name]


def hardened_parser() -> Any:
    """The XML parser of every REFI-QDA file (.qdc here, .qde in ``coder.refi``): entities
    not resolved, no DTD loaded, no network, lxml's depth and size limits on (no huge_tree)."""
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def split_description(text: str) -> dict[str, str]:
    """A Description as per-language definitions.

    ``[sv] ...`` / ``[fi] ...`` / ``[en] ...`` blocks (as coder writes them) are split apart;
    any other text is the definition in every language, since a .qdc does not say which.
    """
    text = text.strip()
    if not text:
        return {}
    if not _TAGGED.match(text):
        return dict.fromkeys(LANGUAGES, text)
    parts = _TAGGED.split(text)[1:]
    return {lang: body.strip() for lang, body in zip(parts[::2], parts[1::2], strict=True)}


def join_description(definition: dict[str, str]) -> str:
    """Per-language definitions as one Description (plain text when all languages agree)."""
    texts = {lang: text for lang, text in definition.items() if text}
    if not texts:
        return ""
    if len(set(texts.values())) == 1 and set(texts) == set(LANGUAGES):
        return next(iter(texts.values()))
    order = [lang for lang in LANGUAGES if lang in texts]
    return "\n".join(f"[{lang}] {texts[lang]}" for lang in order)


def parse_qdc(data: bytes, file: str, codebook_id: str) -> Codebook:
    """A valid Codebook from .qdc bytes; raises CodebookInvalid listing every problem.

    Parsed with lxml with entities and DTDs off and no network, so a hostile file can neither
    read local files nor expand entities.
    """
    from lxml import etree

    try:
        root = etree.fromstring(data, hardened_parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        raise CodebookInvalid(
            [Problem(file, line, Message("error.qdc.xml", reason=exc.msg))]
        ) from exc
    if root.getroottree().docinfo.doctype:
        raise CodebookInvalid([Problem(file, 1, Message("error.qdc.doctype"))])
    problems: list[Problem] = []
    where = Locations(file, codebook_line=root.sourceline)
    book = Codebook(id=codebook_id, source=file)
    if _local(root) != "CodeBook":
        problems.append(
            Problem(file, root.sourceline, Message("error.qdc.root", root=_local(root)))
        )
        raise CodebookInvalid(problems)
    codes_elements = _children(root, "Codes")
    if not codes_elements:
        problems.append(Problem(file, root.sourceline, Message("error.qdc.no_codes")))
    guids: dict[str, int | None] = {}
    for codes in codes_elements:
        book.codes.extend(_read_codes(codes, file, where, problems, guids))
    problems += check(book, where, native_ids=False)
    if problems:
        raise CodebookInvalid(problems)
    return book


def _read_codes(
    parent: Any,
    file: str,
    where: Locations,
    problems: list[Problem],
    guids: dict[str, int | None],
) -> list[Code]:
    """The <Code> children of ``parent``, each with its subtree."""
    codes: list[Code] = []
    for element in _children(parent, "Code"):
        line = element.sourceline
        name = (element.get("name") or "").strip()
        code = Code(id=name, labels=dict.fromkeys(LANGUAGES, name) if name else {})
        where.set(code, line)
        guid = element.get("guid")
        if not guid:
            problems.append(Problem(file, line, Message("error.qdc.no_guid", name=name)))
        elif guid.lower() in guids:
            problems.append(
                Problem(
                    file,
                    line,
                    Message(
                        "error.qdc.guid_twice", name=name, guid=guid, first=guids[guid.lower()]
                    ),
                )
            )
        else:
            guids[guid.lower()] = line
            # a guid that is no GUID (MAXQDA 2020 writes 'A', 'B'...) identifies the code
            # within the file only: an export derives a real one
            code.guid = guid if GUID_PATTERN.fullmatch(guid) else None
        codable = element.get("isCodable", "true").strip().lower()  # .NET's ToString(): "False"
        if codable not in ("true", "false", "1", "0"):
            problems.append(
                Problem(file, line, Message("error.qdc.codable", name=name, value=codable))
            )
        code.codable = codable not in ("false", "0")
        colour = element.get("color")
        if colour is not None:
            code.colour = colour.strip()
        for description in _children(element, "Description"):
            code.definition = split_description(description.text or "")
        code.children = _read_codes(element, file, where, problems, guids)
        codes.append(code)
    return codes


def read_qdc(path: Path) -> Codebook:
    """A valid Codebook from a .qdc file; its id is the file name without the extension."""
    from coder.errors import InputError

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError("error.file.unreadable", file=path, reason=exc.strerror) from exc
    return parse_qdc(data, str(path), path.stem)


def code_guid(codebook: Codebook, code: Code) -> str:
    """The code's guid: the one it came with, else one derived from codebook and code ids."""
    if code.guid:
        return code.guid
    return str(uuid.uuid5(_GUID_SPACE, f"{codebook.id}\x00{code.id}"))


def dump_qdc(codebook: Codebook) -> bytes:
    """The codebook as a REFI-QDA .qdc document (UTF-8 bytes) valid against Codebook.xsd."""
    from lxml import etree

    ns = f"{{{NAMESPACE}}}"
    root = etree.Element(f"{ns}CodeBook", nsmap={None: NAMESPACE}, origin="coder")
    codes = etree.SubElement(root, f"{ns}Codes")

    def add(parent: Any, code: Code) -> None:
        attributes = {
            "guid": code_guid(codebook, code),
            "name": code.id,
            "isCodable": "true" if code.codable else "false",
        }
        if code.colour and COLOUR_PATTERN.fullmatch(code.colour):
            attributes["color"] = code.colour
        element = etree.SubElement(parent, f"{ns}Code", attributes)
        description = join_description(code.definition)
        if description:
            etree.SubElement(element, f"{ns}Description").text = description
        for child in code.children:
            add(element, child)

    for code in codebook.codes:
        add(codes, code)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True))
