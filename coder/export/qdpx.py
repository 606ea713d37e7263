"""REFI-QDA projects (``.qdpx``): hand a coded project to NVivo, ATLAS.ti, MAXQDA or QualCoder,
and take one back.

Export: every answer is a text source (its text in ``Sources/<guid>.txt``), every respondent a
case with the respondent's attributes as variables, the codebook the project's codebook, every
analyst a user, and every coding a selection over the whole answer coded by its coder. A
question is a set of sources. ``coder/manifest.json`` and the native codebooks beside the XML
let `coder` read its own export back losslessly (labels in every language, answers coded with
no code, starred quotes); other tools ignore them.

Import: codes, users, cases, variables, text sources and their codings. `coder` codes whole
answers, so a coding of part of a source counts as a coding of the whole answer (the result
says how many). Parsing is defensive: defusedxml (no DTDs, entities or network), members are
read from the zip in memory (never extracted, so no path traversal) and sizes are capped.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
import zipfile
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from sqlalchemy import select
from sqlalchemy.orm import Session

from coder.codebook.model import LANGUAGES, Code, Codebook
from coder.errors import InputError
from coder.progress import Progress
from coder.store.models import Answer, Coder, CodeRecord, Coding, Review

if TYPE_CHECKING:
    from coder.store.project import Project

NAMESPACE = "urn:QDA-XML:project:1.0"
PROJECT_FILE = "project.qde"
MANIFEST = "coder/manifest.json"
_SPACE = uuid.UUID("0c6a3f52-7d4b-4f0e-9a51-2b8e1f6d9c33")
"""Namespace of the guids coder derives, so exporting twice gives the same guids."""

MAX_MEMBER_BYTES = 512 * 1024 * 1024
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
MAX_MEMBERS = 2_000_000
MAX_RATIO = 200
"""A member that expands more than this many times (and past 1 MiB) is taken for a zip bomb."""


def _guid(*parts: str) -> str:
    """A name-based (version 5) UUID of ``parts``: ``uuid.uuid5`` without its object overhead,
    which matters when a large project needs half a million of them."""
    digest = hashlib.sha1(_SPACE.bytes + "\x00".join(parts).encode("utf-8")).hexdigest()
    variant = "89ab"[int(digest[16], 16) & 3]
    return f"{digest[:8]}-{digest[8:12]}-5{digest[13:16]}-{variant}{digest[17:20]}-{digest[20:32]}"


# --- export --------------------------------------------------------------------------------

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters XML 1.0 cannot hold (a stray control character in a survey answer)."""


_PLAIN = re.compile('[^<>&"\x00-\x1f\ufffe\uffff\ud800-\udfff]*')
"""Text that needs no escaping at all (most ids, names and values)."""
_ATTR_ENTITIES = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


def _clean(value: str) -> str:
    return _NOT_XML.sub("", value)


def _attr(value: str) -> str:
    """An attribute value, quoted and escaped."""
    if _PLAIN.fullmatch(value):
        return f'"{value}"'
    return '"' + escape(_clean(value), _ATTR_ENTITIES) + '"'


def _text(value: str) -> str:
    """Element text, escaped."""
    return value if _PLAIN.fullmatch(value) else escape(_clean(value))


@dataclass
class QdpxExport:
    """What an export wrote."""

    file: str
    questions: list[str]
    sources: int
    cases: int
    codes: int
    users: int
    codings: int


def _code_elements(
    parent: Any, book: Codebook, question: str, ns: str, guids: dict[str, list[str]]
) -> None:
    """The codebook's codes, written by the codebook module's .qdc writer, moved into the
    project namespace under ``parent``; ``guids`` maps each code guid to (question, code id)."""
    from lxml import etree

    from coder.codebook.qdc import dump_qdc

    written = etree.fromstring(dump_qdc(book))
    codes = next(child for child in written if etree.QName(child).localname == "Codes")
    for element in codes.iter():
        element.tag = f"{ns}{etree.QName(element).localname}"
        if element.tag == f"{ns}Code":
            guid = element.get("guid")
            if guid in guids:  # the same codebook on two questions: keep guids unique
                guid = _guid("code", question, element.get("name") or "")
                element.set("guid", guid)
            guids[guid] = [question, element.get("name") or ""]
    for code in list(codes):
        parent.append(code)
    etree.cleanup_namespaces(parent)


def export_qdpx(
    session: Session,
    path: Path,
    question_ids: list[str] | None = None,
    *,
    name: str = "",
    progress: Progress | None = None,
) -> QdpxExport:
    """Write the questions (default: all) with answers, codebooks and codings to ``path``."""
    from lxml import etree

    from coder.codebook.io import codebook_bytes
    from coder.store.codebooks import get_codebook_record, to_model
    from coder.store.queries import answers as answers_of
    from coder.store.queries import attributes_of, questions, require_question

    if question_ids is None:
        chosen = [q for q in questions(session)]
    else:
        chosen = [require_question(session, qid) for qid in question_ids]
    ns = f"{{{NAMESPACE}}}"
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    root = etree.Element(
        f"{ns}Project",
        nsmap={None: NAMESPACE},
        name=name or "coder project",
        origin="coder",
        creationDateTime=now,
    )
    manifest: dict[str, Any] = {
        "format": 1,
        "questions": [],
        "sources": {},
        "codes": {},
        "coders": {},
        "no_code": [],
        "starred": [],
    }
    qids = [q.id for q in chosen]
    coders = {
        c.id: c
        for c in session.scalars(
            select(Coder).where(
                Coder.id.in_(
                    select(Coding.coder_id)
                    .join(Answer, Coding.answer_id == Answer.id)
                    .where(Answer.question_id.in_(qids))
                    .union(
                        select(Review.coder_id)
                        .join(Answer, Review.answer_id == Answer.id)
                        .where(Answer.question_id.in_(qids))
                    )
                )
            )
        )
    }
    user_guid = {cid: _guid("user", c.name) for cid, c in coders.items()}
    if coders:
        users = etree.SubElement(root, f"{ns}Users")
        for cid, coder in sorted(coders.items(), key=lambda kv: kv[1].name):
            etree.SubElement(
                users,
                f"{ns}User",
                guid=user_guid[cid],
                name=_clean(coder.name),
                id=_clean(coder.name),
            )
            manifest["coders"][coder.name] = {"consensus": bool(coder.is_consensus)}

    books: dict[str, Codebook] = {}
    for question in chosen:
        if get_codebook_record(session, question.id) is not None:
            books[question.id] = to_model(session, question.id)
    code_guids: dict[str, list[str]] = {}
    if any(book.codes for book in books.values()):
        codes_element = etree.SubElement(etree.SubElement(root, f"{ns}CodeBook"), f"{ns}Codes")
        for qid, book in books.items():
            if not book.codes:
                continue
            if len(books) == 1:
                _code_elements(codes_element, book, qid, ns, code_guids)
            else:  # one grouping node per question keeps the codebooks apart
                group = etree.SubElement(
                    codes_element,
                    f"{ns}Code",
                    guid=_guid("question", qid),
                    name=_clean(qid),
                    isCodable="false",
                )
                etree.SubElement(group, f"{ns}Description").text = f"Codes of question {qid}"
                _code_elements(group, book, qid, ns, code_guids)
    manifest["codes"] = code_guids
    code_guid_of = {(q, key): g for g, (q, key) in code_guids.items()}

    answers = [
        (v.id, v.respondent_id, v.question_id, v.text, v.language)
        for qid in qids
        for v in answers_of(session, qid, with_attributes=False)
    ]
    respondents = list(dict.fromkeys(rid for _a, rid, _q, _t, _l in answers))
    # one query for every attribute beats a hundred IN-lists on a large project
    attrs = (
        attributes_of(session) if len(respondents) > 5000 else attributes_of(session, respondents)
    )
    variables = sorted({n for values in attrs.values() for n in values})
    variable_guid = {n: _guid("variable", n) for n in variables}
    if variables:
        vars_element = etree.SubElement(root, f"{ns}Variables")
        for variable in variables:
            etree.SubElement(
                vars_element,
                f"{ns}Variable",
                guid=variable_guid[variable],
                name=_clean(variable),
                typeOfVariable="Text",
            )
    source_guid = {aid: _guid("source", qid, rid) for aid, rid, qid, _t, _l in answers}
    sources_of: dict[str, list[str]] = defaultdict(list)
    for aid, rid, _qid, _t, _l in answers:
        sources_of[rid].append(source_guid[aid])
    # The large sections (cases, sources, sets) are written as text: building a million
    # lxml elements costs seconds on a 100,000-answer project; every value is escaped.
    body: list[str] = []
    if respondents:
        body.append("<Cases>")
        for rid in respondents:
            body.append(f'<Case guid="{_guid("case", rid)}" name={_attr(rid)}>')
            for variable, value in sorted(attrs.get(rid, {}).items()):
                body.append(
                    f'<VariableValue><VariableRef targetGUID="{variable_guid[variable]}"/>'
                    f"<TextValue>{_text(value)}</TextValue></VariableValue>"
                )
            body += [f'<SourceRef targetGUID="{guid}"/>' for guid in sources_of[rid]]
            body.append("</Case>")
        body.append("</Cases>")

    codings: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for aid, coder_id, key, qid in session.execute(
        select(Coding.answer_id, Coding.coder_id, CodeRecord.key, Answer.question_id)
        .join(CodeRecord, Coding.code_id == CodeRecord.id)
        .join(Answer, Coding.answer_id == Answer.id)
        .where(Answer.question_id.in_(qids), CodeRecord.status == "active")
    ):
        found = code_guid_of.get((qid, key))
        if found is not None:
            codings[aid].append((coder_id, found))
    for aid, coder_id, done, starred in session.execute(
        select(Review.answer_id, Review.coder_id, Review.done, Review.starred)
        .join(Answer, Review.answer_id == Answer.id)
        .where(Answer.question_id.in_(qids))
    ):
        name_of = coders[coder_id].name
        if done and not any(c == coder_id for c, _g in codings.get(aid, ())):
            manifest["no_code"].append([source_guid[aid], name_of])
        if starred:
            manifest["starred"].append([source_guid[aid], name_of])

    texts: list[tuple[str, str]] = []
    total_codings = 0
    if answers:
        body.append("<Sources>")
        for n, (aid, rid, qid, text, language) in enumerate(answers, start=1):
            guid = source_guid[aid]
            name_attr = _attr(f"{qid} {rid}")
            body.append(
                f'<TextSource guid="{guid}" name={name_attr} plainTextPath="internal://{guid}.txt">'
            )
            texts.append((guid, text))
            manifest["sources"][guid] = [qid, rid, language]
            given = codings.get(aid)
            if given:
                body.append(
                    f'<PlainTextSelection guid="{_guid("selection", guid)}" name={name_attr} '
                    f'startPosition="0" endPosition="{len(text)}">'
                )
                for coder_id, code in sorted(given):
                    body.append(
                        f'<Coding guid="{_guid("coding", guid, code, str(coder_id))}" '
                        f'creatingUser="{user_guid[coder_id]}">'
                        f'<CodeRef targetGUID="{code}"/></Coding>'
                    )
                    total_codings += 1
                body.append("</PlainTextSelection>")
            body.append("</TextSource>")
            if progress and n % 5000 == 0:
                progress("writing sources", n, len(answers))
        body.append("</Sources>")
    if chosen and answers:
        members: dict[str, list[str]] = defaultdict(list)
        for aid, _r, qid, _t, _l in answers:
            members[qid].append(source_guid[aid])
        body.append("<Sets>")
        for question in chosen:
            if not members.get(question.id):
                continue
            body.append(
                f'<Set guid="{_guid("question", question.id, "set")}" name={_attr(question.id)}>'
                f"<Description>{_text(question.title or question.id)}</Description>"
            )
            body += [f'<MemberSource targetGUID="{guid}"/>' for guid in members[question.id]]
            body.append("</Set>")
        body.append("</Sets>")
    for question in chosen:
        entry: dict[str, Any] = {"id": question.id, "title": question.title}
        if question.id in books:
            entry["codebook"] = f"coder/codebooks/{_guid('codebook', question.id)}.yaml"
        manifest["questions"].append(entry)

    root.append(etree.Comment("body"))
    head = etree.tostring(root, xml_declaration=True, encoding="utf-8")
    document = head.replace(b"<!--body-->", "".join(body).encode("utf-8"), 1)
    try:
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            zf.writestr(PROJECT_FILE, document)
            for n, (guid, text) in enumerate(texts, start=1):
                # answers are short: storing beats deflating them one by one
                zf.writestr(f"Sources/{guid}.txt", text.encode("utf-8"), zipfile.ZIP_STORED)
                if progress and n % 5000 == 0:
                    progress("writing texts", n, len(texts))
            for entry in manifest["questions"]:
                if "codebook" in entry:
                    zf.writestr(entry["codebook"], codebook_bytes(books[entry["id"]], "yaml"))
            zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False))
    except OSError as exc:
        raise InputError(f"{path}: cannot write the file ({exc.strerror})") from exc
    return QdpxExport(
        file=str(path),
        questions=qids,
        sources=len(answers),
        cases=len(respondents),
        codes=len(code_guids),
        users=len(coders),
        codings=total_codings,
    )


# --- import --------------------------------------------------------------------------------


@dataclass
class QdpxImport:
    """What an import read and wrote."""

    file: str
    origin: str
    questions: list[str] = field(default_factory=list)
    answers: int = 0
    answers_added: int = 0
    respondents: int = 0
    codes: int = 0
    coders: list[str] = field(default_factory=list)
    codings: int = 0
    partial_codings: int = 0
    """Codings of part of a source, kept as codings of the whole answer."""
    skipped_sources: int = 0
    """Sources that are not text (pictures, PDFs, audio, video) or have no readable text."""
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _kids(element: Any, name: str) -> list[Any]:
    return [child for child in element if _local(child.tag) == name]


def _kid(element: Any, name: str) -> Any | None:
    found = _kids(element, name)
    return found[0] if found else None


class _Zip:
    """A .qdpx archive read defensively: size caps, no extraction, checked member names."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.zf = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise InputError(
                f"{path}: not a REFI-QDA project (.qdpx is a zip file): {exc}"
            ) from exc
        infos = self.zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise InputError(f"{path}: too many files in the archive ({len(infos)})")
        total = sum(i.file_size for i in infos)
        if total > MAX_TOTAL_BYTES:
            raise InputError(f"{path}: the archive expands to {total} bytes, more than allowed")
        from coder.ingest.safety import unsafe_member

        for info in infos:  # never extracted, but such a name is never an honest export
            if unsafe_member(info.filename):
                raise InputError(
                    f"{path}: refused: the archive holds a file named {info.filename!r}, "
                    "outside the archive (a path traversal attempt?)"
                )
        self.members = {i.filename: i for i in infos}

    def read(self, name: str, limit: int | None = None) -> bytes:
        """A member's bytes; InputError if missing, too big or suspiciously compressed."""
        limit = MAX_MEMBER_BYTES if limit is None else limit
        info = self.members.get(name)
        if info is None:
            raise InputError(f"{self.path}: the archive has no {name}")
        if info.file_size > limit:
            raise InputError(f"{self.path}: {name} is too large ({info.file_size} bytes)")
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InputError(f"{self.path}: {name} expands suspiciously (a zip bomb?)")
        with self.zf.open(info) as handle:
            data = handle.read(limit + 1)
        if len(data) > limit:
            raise InputError(f"{self.path}: {name} is larger than its header says")
        return data

    def close(self) -> None:
        self.zf.close()


_INTERNAL = re.compile(r"internal://([^/\\]+)")


def _source_member(path_value: str) -> str | None:
    """The archive member of an ``internal://`` path, or None for anything else."""
    match = _INTERNAL.fullmatch(path_value.strip())
    if match is None:
        return None
    name = match.group(1)
    if name in (".", "..") or ":" in name or name.startswith("."):
        return None
    return f"Sources/{name}"


def _parse(data: bytes, file: str) -> Any:
    from xml.etree.ElementTree import ParseError

    import defusedxml.ElementTree as safe_et
    from defusedxml import DefusedXmlException

    try:
        return safe_et.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise InputError(f"{file}: refused unsafe XML ({exc})") from exc
    except ParseError as exc:
        raise InputError(f"{file}: not well-formed XML ({exc})") from exc


MAX_CODE_DEPTH = 100
"""Codes nested deeper than this are refused (a real codebook has a handful of levels)."""


def _read_codes(
    parent: Any,
    guid_to_code: dict[str, Code],
    used: set[str],
    prefix: str = "",
    depth: int = 0,
    file: str = "",
) -> list[Code]:
    """The <Code> tree as codes; a name used twice gets its parent's name before it."""
    from coder.codebook.qdc import split_description

    if depth > MAX_CODE_DEPTH and _kids(parent, "Code"):
        raise InputError(f"{file}: the codebook nests codes deeper than {MAX_CODE_DEPTH} levels")
    codes: list[Code] = []
    for element in _kids(parent, "Code"):
        name = (element.get("name") or "").strip() or (element.get("guid") or "code")
        key = name if name not in used else f"{prefix}/{name}" if prefix else name
        n = 2
        while key in used:
            key, n = f"{name} ({n})", n + 1
        used.add(key)
        description = _kid(element, "Description")
        code = Code(
            id=key,
            labels=dict.fromkeys(LANGUAGES, name),
            definition=split_description(description.text or "") if description is not None else {},
            codable=(element.get("isCodable") or "true").strip() not in ("false", "0"),
            colour=element.get("color"),
            guid=element.get("guid"),
        )
        if code.guid:
            guid_to_code[code.guid.lower()] = code
        code.children = _read_codes(element, guid_to_code, used, key, depth + 1, file)
        codes.append(code)
    return codes


@dataclass
class _Source:
    guid: str
    name: str
    text: str
    codings: list[tuple[str, str | None, bool]]  # code guid, user guid, partial


def _sources(root: Any, archive: _Zip, result: QdpxImport) -> list[_Source]:
    found: list[_Source] = []
    sources = _kid(root, "Sources")
    if sources is None:
        return found
    for element in sources:
        kind = _local(element.tag)
        guid = (element.get("guid") or "").lower()
        name = element.get("name") or guid
        if kind != "TextSource" or not guid:
            result.skipped_sources += 1
            continue
        content = _kid(element, "PlainTextContent")
        if content is not None and content.text is not None:
            text = content.text
        else:
            member = _source_member(element.get("plainTextPath") or "")
            if member is None or member not in archive.members:
                result.skipped_sources += 1
                result.warnings.append(
                    f"source {name!r}: its text is not inside the archive "
                    f"({element.get('plainTextPath') or 'no path'}); skipped"
                )
                continue
            raw = archive.read(member)
            text = raw.decode("utf-8-sig", errors="replace")
        if not text.strip():
            result.skipped_sources += 1
            continue
        if "\x00" in text:
            raise InputError(f"{archive.path}: source {name!r}: its text holds NUL bytes (binary?)")
        codings: list[tuple[str, str | None, bool]] = []
        for coding in _kids(element, "Coding"):
            ref = _kid(coding, "CodeRef")
            if ref is not None:
                codings.append(
                    ((ref.get("targetGUID") or "").lower(), coding.get("creatingUser"), False)
                )
        for selection in _kids(element, "PlainTextSelection"):
            try:
                start = int(selection.get("startPosition") or 0)
                end = int(selection.get("endPosition") or 0)
            except ValueError:
                start, end = 0, 0
            whole = start <= 0 and end >= len(text.rstrip())
            for coding in _kids(selection, "Coding"):
                ref = _kid(coding, "CodeRef")
                if ref is not None:
                    user = coding.get("creatingUser") or selection.get("creatingUser")
                    codings.append(((ref.get("targetGUID") or "").lower(), user, not whole))
        found.append(_Source(guid, name, text, codings))
    return found


def _cases(root: Any) -> tuple[dict[str, tuple[str, dict[str, str], int]], list[str]]:
    """Source guid -> (case name, case attributes, sources in the case); variable names."""
    variables: dict[str, str] = {}
    holder = _kid(root, "Variables")
    if holder is not None:
        for variable in _kids(holder, "Variable"):
            variables[(variable.get("guid") or "").lower()] = variable.get("name") or ""
    result: dict[str, tuple[str, dict[str, str], int]] = {}
    cases = _kid(root, "Cases")
    for case in _kids(cases, "Case") if cases is not None else []:
        name = case.get("name") or case.get("guid") or ""
        attrs: dict[str, str] = {}
        for value in _kids(case, "VariableValue"):
            ref = _kid(value, "VariableRef")
            variable = (
                variables.get((ref.get("targetGUID") or "").lower()) if ref is not None else None
            )
            if not variable:
                continue
            for child in value:
                if _local(child.tag) != "VariableRef" and child.text is not None:
                    attrs[variable] = child.text.strip()
        refs = [(r.get("targetGUID") or "").lower() for r in _kids(case, "SourceRef")]
        for guid in refs:
            result.setdefault(guid, (name, attrs, len(refs)))
    return result, sorted(set(variables.values()))


def import_qdpx(
    project_or_session: Project | Session,
    path: Path,
    *,
    question_id: str | None = None,
    default_coder: str = "qdpx",
    actor: str = "import",
    progress: Progress | None = None,
) -> QdpxImport:
    """Import a .qdpx: answers, respondents with attributes, codebook, coders and codings.

    A project written by coder is read back as it was (its questions, codebooks, languages);
    any other tool's project becomes one question, ``question_id`` (default: the file name),
    whose answers are the text sources and whose respondents are the cases. Everything is
    written in one transaction; on any error nothing is.
    """
    from coder.store.project import Project

    if isinstance(project_or_session, Project):
        with project_or_session.session() as session:
            return import_qdpx(
                session,
                path,
                question_id=question_id,
                default_coder=default_coder,
                actor=actor,
                progress=progress,
            )
    session = project_or_session
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    archive = _Zip(path)
    try:
        root = _parse(archive.read(PROJECT_FILE), f"{path}:{PROJECT_FILE}")
        if _local(root.tag) != "Project":
            raise InputError(f"{path}: {PROJECT_FILE} holds <{_local(root.tag)}>, not <Project>")
        origin = root.get("origin") or ""
        manifest: dict[str, Any] | None = None
        if origin == "coder" and MANIFEST in archive.members:
            try:
                from coder.export.qdpx_manifest import check_manifest

                manifest = check_manifest(json.loads(archive.read(MANIFEST)), f"{path}:{MANIFEST}")
            except (ValueError, RecursionError) as exc:
                raise InputError(f"{path}: {MANIFEST} is not valid JSON ({exc})") from exc
        result = QdpxImport(file=str(path), origin=origin)
        _import(
            session,
            archive,
            root,
            manifest,
            result,
            question_id or path.stem,
            default_coder,
            actor,
            progress,
        )
        return result
    finally:
        archive.close()


def _import(
    session: Session,
    archive: _Zip,
    root: Any,
    manifest: dict[str, Any] | None,
    result: QdpxImport,
    fallback_question: str,
    default_coder: str,
    actor: str,
    progress: Progress | None,
) -> None:
    from coder.codebook.yaml_format import load_yaml
    from coder.ingest.importer import (
        ImportResult,
        write_answers,
        write_questions,
        write_respondents,
    )
    from coder.ingest.shape import Survey, SurveyAnswer
    from coder.store.actions import (
        find_answer,
        get_coder,
        log_event,
        mark_done,
        set_codes,
        set_star,
    )
    from coder.store.codebooks import attach_codebook

    file = result.file
    users: dict[str, str] = {}
    holder = _kid(root, "Users")
    for user in _kids(holder, "User") if holder is not None else []:
        guid = (user.get("guid") or "").lower()
        users[guid] = (user.get("name") or user.get("id") or guid).strip() or guid

    guid_to_code: dict[str, Code] = {}
    book_element = _kid(root, "CodeBook")
    codes_element = _kid(book_element, "Codes") if book_element is not None else None
    foreign_codes = (
        _read_codes(codes_element, guid_to_code, set(), file=file)
        if codes_element is not None
        else []
    )

    cases, _variables = _cases(root)
    sources = _sources(root, archive, result)

    # where each source goes: (question, respondent, language or None)
    placed: dict[str, tuple[str, str, str | None]] = {}
    books: dict[str, Codebook] = {}
    code_key: dict[str, tuple[str, str]] = {}  # code guid -> (question, key)
    titles: dict[str, str] = {}
    if manifest is not None:
        for entry in manifest.get("questions", []):
            titles[entry["id"]] = entry.get("title") or entry["id"]
            member = entry.get("codebook")
            if member:
                if member not in archive.members or not member.startswith("coder/codebooks/"):
                    raise InputError(f"{file}: the archive has no {member}")
                text = archive.read(member).decode("utf-8", "replace")
                books[entry["id"]] = load_yaml(text, f"{file}:{member}")
        for guid, (qid, rid, lang) in manifest.get("sources", {}).items():
            placed[guid.lower()] = (qid, rid, lang if lang in (*LANGUAGES, "und") else None)
        code_key = {g.lower(): (q, k) for g, (q, k) in manifest.get("codes", {}).items()}
    else:
        qid = fallback_question
        titles[qid] = qid
        if foreign_codes:
            books[qid] = Codebook(id=_codebook_id(qid), codes=foreign_codes, source=file)
        code_key = {g: (qid, code.id) for g, code in guid_to_code.items()}
        used: set[str] = set()
        for source in sources:
            case = cases.get(source.guid)
            rid = case[0] if case is not None and case[2] == 1 else source.name
            base, n = rid, 2
            while rid in used:
                rid, n = f"{base} ({n})", n + 1
            used.add(rid)
            placed[source.guid] = (qid, rid, None)

    survey = Survey(source=Path(file).name, format="qdpx")
    survey.questions = dict(titles)
    for row, source in enumerate(sources, start=1):
        where = placed.get(source.guid)
        if where is None:
            result.skipped_sources += 1
            result.warnings.append(f"source {source.name!r} belongs to no question; skipped")
            continue
        qid, rid, lang = where
        survey.questions.setdefault(qid, qid)
        case = cases.get(source.guid)
        attrs = dict(case[1]) if case is not None else {}
        survey.respondents.setdefault(rid, {}).update(attrs)
        survey.answers.append(SurveyAnswer(rid, qid, source.text, lang, row))
    counts = ImportResult(
        file=survey.source,
        format="qdpx",
        encoding=None,
        delimiter=None,
        sheet=None,
        rows=len(sources),
        questions=list(survey.questions),
    )
    write_questions(session, survey, counts)
    write_respondents(session, survey, counts)
    languages: dict[str, str] = {}
    write_answers(session, survey, languages, counts, progress)
    session.flush()
    result.questions = list(survey.questions)
    result.answers = len(survey.answers)
    result.answers_added = counts.answers_added
    result.respondents = len(survey.respondents)

    for qid, book in books.items():
        attach_codebook(session, qid, book, actor=actor, source=Path(file).name)
        result.codes += len(book.all_codes())
    code_ids: dict[tuple[str, str], int] = {}
    for qid in books:
        from coder.store.codebooks import active_codes

        for record in active_codes(session, qid):
            code_ids[(qid, record.key)] = record.id

    consensus = {
        name for name, info in (manifest or {}).get("coders", {}).items() if info.get("consensus")
    }
    wanted: dict[tuple[str, str], dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for source in sources:
        where = placed.get(source.guid)
        if where is None:
            continue
        qid, rid, _lang = where
        for code_guid, user_guid, partial in source.codings:
            target = code_key.get(code_guid)
            if target is None or target[0] != qid:
                raise InputError(
                    f"{file}: source {source.name!r} is coded with code {code_guid} that is not "
                    "in the project's codebook"
                )
            code_id = code_ids.get(target)
            if code_id is None:
                raise InputError(f"{file}: code {target[1]!r} of {qid} is not in its codebook")
            coder = (
                users.get((user_guid or "").lower(), default_coder) if user_guid else default_coder
            )
            wanted[(qid, rid)][coder].add(code_id)
            result.codings += 1
            result.partial_codings += int(partial)
    answer_ids = {
        (qid, rid): aid
        for aid, qid, rid in session.execute(
            select(Answer.id, Answer.question_id, Answer.respondent_id).where(
                Answer.question_id.in_(list(survey.questions))
            )
        )
    }
    coders_seen: set[str] = set()
    total = len(wanted)
    for n, ((qid, rid), by_coder) in enumerate(wanted.items(), start=1):
        aid = answer_ids[(qid, rid)]
        for coder, ids in by_coder.items():
            set_codes(session, aid, coder, ids, source="qdpx", consensus=coder in consensus)
            coders_seen.add(coder)
        if progress and n % 2000 == 0:
            progress("writing codings", n, total)
    if manifest is not None:
        for guid, coder in manifest.get("no_code", []):
            where = placed.get(guid.lower())
            if where is not None:
                answer = find_answer(session, where[1], where[0])
                if answer is not None:
                    get_coder(session, coder, consensus=coder in consensus)
                    mark_done(session, answer.id, coder)
                    coders_seen.add(coder)
        for guid, coder in manifest.get("starred", []):
            where = placed.get(guid.lower())
            if where is not None:
                answer = find_answer(session, where[1], where[0])
                if answer is not None:
                    set_star(session, answer.id, coder, True)
    for name in consensus & coders_seen:
        record = session.scalar(select(Coder).where(Coder.name == name))
        if record is not None:
            record.is_consensus = True
    result.coders = sorted(coders_seen)
    log_event(
        session,
        actor,
        "qdpx.import",
        {k: v for k, v in result.to_json().items() if k != "warnings"},
    )


def _codebook_id(question_id: str) -> str:
    """A codebook id made from a question id (the native id pattern: a-z, 0-9, _ . -)."""
    cleaned = re.sub(r"[^a-z0-9_.-]+", "_", question_id.lower()).strip("_")
    return cleaned or "imported"
