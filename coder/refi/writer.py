"""Write a ``RefiProject`` as a ``.qdpx`` in the standard's layout.

``project.qde`` at the top, every text in ``sources/<guid>.txt`` (the standard's lower-case
folder; ATLAS.ti refuses the capital), one ``PlainTextSelection`` per coded segment and user
with ``creatingUser`` on it and on each of its ``Coding``s (QualCoder takes the coder from the
selection, NVivo and MAXQDA from the coding). The document is streamed with
``lxml.etree.xmlfile`` straight into the archive, built in memory and written through
``coder.atomic`` like every export: a failed export leaves nothing behind.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from lxml import etree

from coder.atomic import atomic_output
from coder.progress import Progress
from coder.refi.model import Case, RefiCode, RefiProject, SourceSet, TextSource
from coder.refi.xml import PROJECT_NAMESPACE, guid

PROJECT_FILE = "project.qde"
SOURCES = "sources"
_NS = f"{{{PROJECT_NAMESPACE}}}"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters XML 1.0 cannot hold (a stray control character in a survey answer)."""
_RGB = re.compile(r"#[0-9A-Fa-f]{6}")


def clean(value: str) -> str:
    """``value`` without the characters XML 1.0 cannot hold (most values have none)."""
    return value if _NOT_XML.search(value) is None else _NOT_XML.sub("", value)


def _attributes(attributes: dict[str, str | None] | None) -> dict[str, str]:
    return {k: clean(v) for k, v in (attributes or {}).items() if v is not None}


def _element(tag: str, attributes: dict[str, str | None] | None = None) -> Any:
    return etree.Element(f"{_NS}{tag}", _attributes(attributes))


def _sub(parent: Any, tag: str, attributes: dict[str, str | None] | None = None) -> Any:
    return etree.SubElement(parent, f"{_NS}{tag}", _attributes(attributes))


def _code_element(code: RefiCode) -> Any:
    element = _element(
        "Code",
        {
            "guid": code.guid,
            "name": code.name,
            "isCodable": "true" if code.codable else "false",
            "color": code.colour if code.colour and _RGB.fullmatch(code.colour) else None,
        },
    )
    if code.description:
        _sub(element, "Description").text = clean(code.description)
    for ref in code.note_refs:
        _sub(element, "NoteRef", {"targetGUID": ref})
    for child in code.children:
        element.append(_code_element(child))
    return element


_ATTRIBUTE_ESCAPES = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
"""Beyond ``& < >``: what lxml escapes in an attribute value, so a parser reads it back as is."""
_TEXT_ESCAPES = {"\r": "&#13;"}


_PLAIN_ATTRIBUTE = re.compile(r'[^&<>"\t\n\r\x00-\x1f\ufffe\uffff\ud800-\udfff]*')
"""A value an attribute holds as it is (every guid, most names): one match skips escaping."""
_PLAIN_TEXT = re.compile(r"[^&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]*")


def _attribute(value: str) -> str:
    """``value`` cleaned and escaped for a double-quoted attribute."""
    if _PLAIN_ATTRIBUTE.fullmatch(value):
        return value
    return escape(clean(value), _ATTRIBUTE_ESCAPES)


def _text(value: str) -> str:
    """``value`` cleaned and escaped as element text."""
    if _PLAIN_TEXT.fullmatch(value):
        return value
    return escape(clean(value), _TEXT_ESCAPES)


class _Repeated(dict[str, str]):
    """Escaped XML of the values an export writes over and over (a code's reference, a
    user, an attribute's value), each made once: ``made[value]``."""

    def __init__(self, make: Callable[[str], str]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, value: str) -> str:
        made = self[value] = self.make(value)
        return made


def _variable_value(variable_guid: str, value: str) -> str:
    """A ``VariableValue`` element: the variable's guid and the value."""
    return (
        f'<VariableValue><VariableRef targetGUID="{_attribute(variable_guid)}"/>'
        f"<TextValue>{_text(value)}</TextValue></VariableValue>"
    )


class _Elements:
    """Cases and sources as escaped text, with what they repeat escaped once per export."""

    def __init__(self, variables: dict[str, str]) -> None:
        self.variables = variables
        """Variable name -> its guid."""
        self.values: dict[str, _Repeated] = {}
        """Variable name -> value -> its ``VariableValue`` element."""
        self.creator = _Repeated(lambda user: f' creatingUser="{_attribute(user)}"' if user else "")
        self.code_ref = _Repeated(
            lambda code_guid: f'><CodeRef targetGUID="{_attribute(code_guid)}"/></Coding>'
        )

    def _variable_values(self, parts: list[str], values: dict[str, str]) -> None:
        """``VariableValue`` elements of ``values`` (variable name -> value), by name."""
        for name, value in sorted(values.items()):
            elements = self.values.get(name)
            if elements is None:
                elements = self.values[name] = _Repeated(
                    partial(_variable_value, self.variables[name])
                )
            parts.append(elements[value])

    def case(self, case: Case) -> str:
        """A ``Case`` with its variables' values and a ``SourceRef`` to each of its sources."""
        name = "" if case.name is None else f' name="{_attribute(case.name)}"'
        head = f'<Case guid="{_attribute(case.guid)}"{name}'
        body: list[str] = []
        self._variable_values(body, case.values)
        body += [f'<SourceRef targetGUID="{_attribute(g)}"/>' for g in case.sources]
        return f"{head}>{''.join(body)}</Case>" if body else f"{head}/>"

    def source(self, source: TextSource) -> str:
        """A ``TextSource`` with a ``PlainTextSelection`` per span and user, each holding a
        ``Coding`` per code; ``creatingUser`` on both (see the module's docstring)."""
        source_guid = _attribute(source.guid)
        head = (
            f'<TextSource guid="{source_guid}" name="{_attribute(source.name)}" '
            f'plainTextPath="internal://{source_guid}.txt"'
        )
        body: list[str] = []
        if source.description:
            body.append(f"<Description>{_text(source.description)}</Description>")
        grouped: dict[tuple[int, int, str], list[str]] = defaultdict(list)
        for selection in source.selections:
            codes = grouped[(selection.start, selection.end, selection.user or "")]
            if selection.code_guid not in codes:
                codes.append(selection.code_guid)
        for (start, end, user), code_guids in sorted(grouped.items()):
            selection_guid = guid("selection", source.guid, str(start), str(end), user)
            creator = self.creator[user]
            body.append(
                f'<PlainTextSelection guid="{selection_guid}" startPosition="{start}" '
                f'endPosition="{end}"{creator}>'
            )
            for code_guid in code_guids:
                body.append(
                    f'<Coding guid="{guid("coding", selection_guid, code_guid)}"{creator}'
                    f"{self.code_ref[code_guid]}"
                )
            body.append("</PlainTextSelection>")
        body += [f'<NoteRef targetGUID="{_attribute(ref)}"/>' for ref in source.note_refs]
        self._variable_values(body, source.variables)
        return f"{head}>{''.join(body)}</TextSource>" if body else f"{head}/>"


def _set_xml(source_set: SourceSet) -> str:
    """A ``Set`` of sources (a question's answers) and notes; one member element each."""
    parts = [f'<Set guid="{_attribute(source_set.guid)}" name="{_attribute(source_set.name)}"']
    body: list[str] = []
    if source_set.description:
        body.append(f"<Description>{_text(source_set.description)}</Description>")
    body += [f'<MemberSource targetGUID="{_attribute(g)}"/>' for g in source_set.sources]
    body += [f'<MemberNote targetGUID="{_attribute(g)}"/>' for g in source_set.notes]
    parts.append(f">{''.join(body)}</Set>" if body else "/>")
    return "".join(parts)


def _write_many(xf: Any, stream: Any, tag: str, items: Iterable[str]) -> None:
    """``<tag>`` holding ``items`` (serialized elements) written straight to ``stream``.

    Cases, sources and sets are most of a large document: writing them as escaped text rather
    than one lxml element tree each halves the export's time, and leaves them in the root's
    default namespace instead of repeating a prefix declaration on every element."""
    with xf.element(f"{_NS}{tag}"):
        xf.flush()
        batch: list[str] = []
        for item in items:
            batch.append(item)
            if len(batch) == 2000:
                stream.write("".join(batch).encode("utf-8"))
                batch.clear()
        stream.write("".join(batch).encode("utf-8"))


def _sources_xml(
    project: RefiProject, elements: _Elements, progress: Progress | None
) -> Iterator[str]:
    for n, source in enumerate(project.sources, start=1):
        yield elements.source(source)
        if progress and n % 5000 == 0:
            progress("writing sources", n, len(project.sources))


def _document(xf: Any, stream: Any, project: RefiProject, progress: Progress | None) -> None:
    """Stream the project document into the xmlfile context ``xf`` writing to ``stream``."""
    now = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    attributes = {"name": clean(project.name or "coder project"), "creationDateTime": now}
    if project.origin:
        attributes["origin"] = clean(project.origin)
    variable_guid = {name: g for g, name in project.variables.items()}
    with xf.element(f"{_NS}Project", attributes, nsmap={None: PROJECT_NAMESPACE}):
        if project.users:
            users = _element("Users")
            for user in project.users:
                _sub(users, "User", {"guid": user.guid, "name": user.name})
            xf.write(users)
        if project.codes:
            book = _element("CodeBook")
            codes = _sub(book, "Codes")
            for code in project.codes:
                codes.append(_code_element(code))
            xf.write(book)
        if project.variables:
            variables = _element("Variables")
            for variable, name in project.variables.items():
                _sub(
                    variables,
                    "Variable",
                    {"guid": variable, "name": name, "typeOfVariable": "Text"},
                )
            xf.write(variables)
        elements = _Elements(variable_guid)
        if project.cases:
            _write_many(xf, stream, "Cases", map(elements.case, project.cases))
        if project.sources:
            _write_many(xf, stream, "Sources", _sources_xml(project, elements, progress))
        if project.notes:
            notes = _element("Notes")
            for note in project.notes:
                _sub(
                    notes,
                    "Note",
                    {
                        "guid": note.guid,
                        "name": note.name,
                        "plainTextPath": f"internal://{note.guid}.txt",
                        "creatingUser": note.user,
                    },
                )
            xf.write(notes)
        if project.sets:
            _write_many(xf, stream, "Sets", map(_set_xml, project.sets))


def write_qdpx(
    project: RefiProject,
    path: Path,
    extra: dict[str, bytes] | None = None,
    progress: Progress | None = None,
) -> None:
    """Write ``project`` (and ``extra`` members, such as coder's manifest) to ``path``."""
    # built in memory, where zipfile's seek back to each member's header costs nothing
    # (on disk, two seeks and a flush per member), then written out in one go
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with (
            zf.open(PROJECT_FILE, "w") as stream,
            etree.xmlfile(stream, encoding="utf-8") as xf,
        ):
            xf.write_declaration(standalone=True)
            _document(xf, stream, project, progress)
        stamp = time.localtime()[:6]
        for n, source in enumerate(project.sources, start=1):
            # answers are short: storing beats deflating them one by one
            member = zipfile.ZipInfo(f"{SOURCES}/{source.guid}.txt", stamp)
            member.compress_type = zipfile.ZIP_STORED
            member.external_attr = 0o600 << 16  # what writestr gives a named file
            zf.writestr(member, source.text.encode("utf-8"))
            if progress and n % 5000 == 0:
                progress("writing texts", n, len(project.sources))
        for note in project.notes:
            zf.writestr(f"{SOURCES}/{note.guid}.txt", note.text.encode("utf-8"))
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    with atomic_output(path) as temporary, temporary.open("wb") as out:
        out.write(archive.getbuffer())
