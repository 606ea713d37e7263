"""Read a REFI-QDA project document into a ``RefiProject``, whichever tool wrote it.

What tools do differently, and how it is read:
- a text source's text is a file (``plainTextPath``) or inline (``PlainTextContent``);
- codings sit in ``PlainTextSelection``s (offsets, a ``creatingUser`` on the selection and
  on each ``Coding``) or directly under the source (the whole source). The two users differ
  in NVivo for Windows exports (the coding carries the exporting user); the selection's is the
  one who coded the segment, as QualCoder reads it and NVivo for Mac writes it;
- pictures, PDFs, audio and video are listed by name as skipped (coder codes text);
- variables of a case (``Case``/``VariableValue``) or of a source itself (MAXQDA);
- notes are tied to what they are about by ``NoteRef``s, ``Link``s or ``PlainTextSelection``s.
"""

from __future__ import annotations

from typing import Any

from coder.errors import InputError, Message
from coder.ingest.sniff import decode
from coder.refi.archive import ProjectFiles
from coder.refi.model import (
    Case,
    Note,
    RefiCode,
    RefiProject,
    Selection,
    SourceSet,
    TextSource,
    User,
)
from coder.refi.xml import kid, kids, local, parse_project_xml

MAX_CODE_DEPTH = 100
"""Codes nested deeper than this are refused (a real codebook has a handful of levels)."""
OTHER_SOURCES = {
    "PictureSource": "refi.skipped.picture",
    "PDFSource": "refi.skipped.pdf",
    "AudioSource": "refi.skipped.audio",
    "VideoSource": "refi.skipped.video",
}
"""A source coder does not code -> how it is listed as skipped ("picture 'photo.jpg'")."""
_VALUES = ("TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue", "DateTimeValue")


def read_project(files: ProjectFiles) -> RefiProject:
    """The project in ``files``; InputError on a document that is not a REFI-QDA project."""
    where = f"{files.path}:{files.qde_name}"
    root = parse_project_xml(files.qde(), where)
    if local(root) != "Project":
        raise InputError(
            "error.refi.not_project", file=files.path, member=files.qde_name, root=local(root)
        )
    project = RefiProject(name=root.get("name") or "", origin=root.get("origin") or "")
    holder = kid(root, "Users")
    for element in kids(holder, "User") if holder is not None else []:
        guid = element.get("guid") or ""
        name = (element.get("name") or element.get("id") or "").strip() or guid
        project.users.append(User(guid, name))
    book = kid(root, "CodeBook")
    codes = kid(book, "Codes") if book is not None else None
    if codes is not None:
        project.codes = _codes(codes, 0, str(files.path))
    holder = kid(root, "Variables")
    for element in kids(holder, "Variable") if holder is not None else []:
        project.variables[(element.get("guid") or "").lower()] = element.get("name") or ""
    holder = kid(root, "Cases")
    for element in kids(holder, "Case") if holder is not None else []:
        project.cases.append(
            Case(
                guid=element.get("guid") or "",
                name=element.get("name"),
                values=_values(element, project.variables),
                sources=[(r.get("targetGUID") or "").lower() for r in kids(element, "SourceRef")],
            )
        )
    holder = kid(root, "Sources")
    for element in list(holder) if holder is not None else []:
        _source(element, files, project)
    holder = kid(root, "Notes")
    for element in kids(holder, "Note") if holder is not None else []:
        note = _note(element, files)
        if note is not None:
            project.notes.append(note)
    holder = kid(root, "Links")
    by_guid = {note.guid.lower(): note for note in project.notes}
    for element in kids(holder, "Link") if holder is not None else []:
        origin = by_guid.get((element.get("originGUID") or "").lower())
        target = (element.get("targetGUID") or "").lower()
        if origin is not None and target:
            origin.targets.append(target)
    holder = kid(root, "Sets")
    for element in kids(holder, "Set") if holder is not None else []:
        description = kid(element, "Description")
        project.sets.append(
            SourceSet(
                guid=element.get("guid") or "",
                name=element.get("name") or "",
                description=(description.text or "") if description is not None else "",
                sources=[
                    (m.get("targetGUID") or "").lower() for m in kids(element, "MemberSource")
                ],
                notes=[(m.get("targetGUID") or "").lower() for m in kids(element, "MemberNote")],
            )
        )
    _unlisted_users(project)
    return project


def _unlisted_users(project: RefiProject) -> None:
    """Users who coded but are missing from ``<Users>`` (a tool that writes no user list):
    one such user is the importing default coder; several are kept apart, named by their
    guids, rather than merged into one coder (which would fake their agreement)."""
    known = {user.guid.lower() for user in project.users}
    unlisted: dict[str, str] = {}
    for source in project.sources:
        for selection in source.selections:
            if selection.user and selection.user.lower() not in known:
                unlisted.setdefault(selection.user.lower(), selection.user)
    if len(unlisted) < 2:
        return
    for guid in unlisted.values():
        project.users.append(User(guid, guid))
    project.warnings.append(Message("refi.warn.unlisted_users", n=len(unlisted)))


def _codes(parent: Any, depth: int, file: str) -> list[RefiCode]:
    """The <Code> tree under ``parent``, names exactly as written."""
    found = kids(parent, "Code")
    if depth > MAX_CODE_DEPTH and found:
        raise InputError("error.refi.too_deep", file=file, n=MAX_CODE_DEPTH)
    codes: list[RefiCode] = []
    for element in found:
        description = kid(element, "Description")
        codes.append(
            RefiCode(
                guid=element.get("guid") or "",
                name=element.get("name") or "",
                codable=(element.get("isCodable") or "true").strip().lower() not in ("false", "0"),
                colour=element.get("color"),
                description=(description.text or "") if description is not None else "",
                children=_codes(element, depth + 1, file),
                note_refs=_refs(element, "NoteRef"),
            )
        )
    return codes


def _refs(element: Any, name: str) -> list[str]:
    return [(r.get("targetGUID") or "").lower() for r in kids(element, name)]


def _values(element: Any, variables: dict[str, str]) -> dict[str, str]:
    """Variable name -> value of the ``VariableValue`` children of ``element``."""
    values: dict[str, str] = {}
    for holder in kids(element, "VariableValue"):
        ref = kid(holder, "VariableRef")
        name = variables.get((ref.get("targetGUID") or "").lower()) if ref is not None else None
        if not name:
            continue
        for child in holder:
            if local(child) in _VALUES and child.text is not None:
                values[name] = child.text.strip()
    return values


def _text_of(
    element: Any, files: ProjectFiles, warnings: list[Message] | None = None
) -> tuple[str | None, str | Message]:
    """A source's or note's text (inline or from its file), and where it was looked for.

    The standard says UTF-8, but a text file a tool copied as the user gave it may be UTF-16
    (Notepad's "Unicode", with a byte-order mark) or cp1252 (older Windows editors): it is
    decoded as the CSV reader decodes, never with replacement characters, and a file in
    another encoding than UTF-8 is named in ``warnings``."""
    content = kid(element, "PlainTextContent")
    if content is not None and content.text is not None:
        return content.text, "inline"
    path_value = element.get("plainTextPath") or ""
    raw = files.source(path_value) if path_value else None
    if raw is None:
        return None, path_value or Message("refi.looked.no_path")
    name = element.get("name") or element.get("guid") or "?"
    try:
        text, encoding = decode(raw, "")
    except InputError as exc:
        why = str(exc).split(": ", 2)[-1].split(";")[0]  # "byte 0x81 cannot be decoded..."
        raise InputError(
            "error.refi.not_text", file=files.path, path=path_value, name=name, reason=why
        ) from exc
    if encoding not in ("utf-8", "utf-8-sig") and warnings is not None:
        warnings.append(Message("refi.warn.encoding", name=name, encoding=encoding))
    return text, path_value


def _source(element: Any, files: ProjectFiles, project: RefiProject) -> None:
    kind = local(element)
    name = element.get("name") or element.get("guid") or "?"
    if kind in OTHER_SOURCES:
        project.skipped.append(Message(OTHER_SOURCES[kind], name=name))
        return
    if kind != "TextSource":
        return
    guid = element.get("guid") or ""
    text, looked = _text_of(element, files, project.warnings)
    if text is None:
        project.skipped.append(Message("refi.skipped.text", name=name))
        project.warnings.append(Message("refi.warn.text_missing", name=name, looked=looked))
        return
    if "\x00" in text:
        raise InputError("error.refi.nul_bytes", file=files.path, name=name)
    source = TextSource(
        guid=guid,
        name=name,
        text=text,
        note_refs=_refs(element, "NoteRef"),
        variables=_values(element, project.variables),
    )
    description = kid(element, "Description")
    if description is not None and description.text:
        source.description = description.text
    for coding in kids(element, "Coding"):  # coded as a whole
        ref = kid(coding, "CodeRef")
        if ref is not None:
            source.selections.append(
                Selection(ref.get("targetGUID") or "", 0, len(text), coding.get("creatingUser"))
            )
    for selection in kids(element, "PlainTextSelection"):
        try:
            start = int(selection.get("startPosition") or 0)
            end = int(selection.get("endPosition") or 0)
        except ValueError:
            project.warnings.append(
                Message(
                    "refi.warn.bad_offsets",
                    name=name,
                    start=selection.get("startPosition"),
                    end=selection.get("endPosition"),
                )
            )
            continue
        if not 0 <= start <= end <= len(text):
            project.warnings.append(
                Message("refi.warn.outside", name=name, start=start, end=end, n=len(text))
            )
            continue
        source.note_refs += _refs(selection, "NoteRef")  # a note on a part is on the source
        comment = kid(selection, "Description")
        if comment is not None and (comment.text or "").strip():  # MAXQDA's, ATLAS.ti's comments
            project.notes.append(
                Note(
                    guid=selection.get("guid") or "",
                    name="",
                    text=comment.text.strip(),
                    user=selection.get("creatingUser"),
                    targets=[guid.lower()],
                )
            )
        for coding in kids(selection, "Coding"):
            ref = kid(coding, "CodeRef")
            if ref is not None:
                user = selection.get("creatingUser") or coding.get("creatingUser")
                source.selections.append(Selection(ref.get("targetGUID") or "", start, end, user))
        _selection_guid_index(project, selection, source)
    project.sources.append(source)


def _selection_guid_index(project: RefiProject, selection: Any, source: TextSource) -> None:
    """Remember which source a selection belongs to (notes and links point at selections)."""
    guid = (selection.get("guid") or "").lower()
    if guid:
        project.selection_sources[guid] = source.guid.lower()


def _note(element: Any, files: ProjectFiles) -> Note | None:
    text, _looked = _text_of(element, files)
    description = kid(element, "Description")
    described = (description.text or "").strip() if description is not None else ""
    body = (text or "").strip() or described
    if not body:
        return None
    note = Note(
        guid=element.get("guid") or "",
        name=element.get("name") or "",
        text=body,
        user=element.get("creatingUser") or element.get("modifyingUser"),
    )
    for selection in kids(element, "PlainTextSelection"):  # QualCoder's annotations
        guid = (selection.get("guid") or "").lower()
        if guid:
            note.targets.append(guid)
    return note
