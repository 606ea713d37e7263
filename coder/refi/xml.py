"""The one XML stack of REFI-QDA exchange: lxml, with the parser the .qdc reader uses.

Entities are not resolved, no DTD is loaded, nothing is fetched from the network and
``huge_tree`` stays off (lxml's own depth and size limits hold); a document that declares a
DOCTYPE at all is refused, since no REFI-QDA tool writes one and every entity attack needs one.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from lxml import etree

from coder.codebook.qdc import hardened_parser
from coder.errors import InputError

PROJECT_NAMESPACE = "urn:QDA-XML:project:1.0"
CODEBOOK_NAMESPACE = "urn:QDA-XML:codebook:1.0"
GUID_SPACE = uuid.UUID("0c6a3f52-7d4b-4f0e-9a51-2b8e1f6d9c33")
"""Namespace of the guids coder derives, so exporting twice gives the same guids."""


class UnsafeXML(ValueError):
    """The document declares a DOCTYPE (entities, external references)."""


def parse(data: bytes) -> Any:
    """The root element of ``data``; XMLSyntaxError if malformed, UnsafeXML on a DOCTYPE."""
    root = etree.fromstring(data, hardened_parser())
    if root.getroottree().docinfo.doctype:
        raise UnsafeXML("a DOCTYPE is not allowed")
    return root


def parse_project_xml(data: bytes, where: str) -> Any:
    """A project document's root element, or InputError naming ``where``."""
    try:
        return parse(data)
    except UnsafeXML as exc:
        raise InputError("error.refi.unsafe_xml", where=where, reason=exc) from exc
    except etree.XMLSyntaxError as exc:
        if "excessive depth" in str(exc).lower():
            raise InputError("error.refi.xml_depth", where=where) from exc
        if "entit" in str(exc).lower():
            raise InputError("error.refi.unsafe_xml", where=where, reason=exc) from exc
        raise InputError("error.refi.xml", where=where, reason=exc) from exc


def local(element: Any) -> str:
    """An element's name without its namespace (tools differ in whether they write one)."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def kids(element: Any, name: str) -> list[Any]:
    """The children of ``element`` named ``name`` (any namespace)."""
    return [child for child in element if local(child) == name]


def kid(element: Any, name: str) -> Any | None:
    """The first child named ``name``, or None."""
    for child in element:
        if local(child) == name:
            return child
    return None


_GUID_HASH = hashlib.sha1(GUID_SPACE.bytes, usedforsecurity=False)
"""SHA-1 state after the namespace: each guid hashes only its own name on a copy of it."""


def guid(*parts: str) -> str:
    """A name-based (version 5) UUID of ``parts``: the same project gives the same guids.

    Exactly ``str(uuid.uuid5(GUID_SPACE, name))``, computed without building a ``UUID``
    object: a large export derives about four guids per answer, and ``uuid5`` cost a quarter
    of its time.
    """
    digest = _GUID_HASH.copy()
    digest.update("\x00".join(parts).encode("utf-8"))
    text = digest.hexdigest()
    # the version digit is 5; the variant's two top bits are 10 (RFC 4122)
    return f"{text[:8]}-{text[8:12]}-5{text[13:16]}-{_VARIANT[text[16]]}{text[17:20]}-{text[20:32]}"


_VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}
"""The first hex digit of the guid's fourth group with its top two bits set to ``10``."""
