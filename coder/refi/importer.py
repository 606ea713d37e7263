"""Put a REFI-QDA project (``.qdpx``, a bare ``.qde``, or a ``.qdc`` codebook) into a project.

A project that coder wrote is read back as it was (questions, codebooks in every language,
answers coded with no code, starred quotes: its ``coder/manifest.json``). Any other tool's
project becomes one question whose answers are the text sources, whose respondents are the
cases (a case of one source) or else the sources, with the cases' and sources' variables as
attributes. Codes keep their names exactly as labels; the code id coder needs is derived
from the name (the parent's path before it when the name is taken), never refused. Codings
are kept exactly: a selection of the whole text is a whole-answer coding, any other a
segment with its offsets, per user. Notes become memos on what they are about.
Everything is written in one transaction; on any error nothing is.
"""

from __future__ import annotations

import hashlib
import json
import re
import shlex
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from coder.codebook.io import read_codebook
from coder.codebook.model import LANGUAGES, Code, Codebook
from coder.codebook.qdc import GUID_PATTERN, split_description
from coder.codebook.validate import COLOUR_PATTERN
from coder.codebook.yaml_format import load_yaml
from coder.errors import InputError, Message
from coder.ingest.importer import ImportResult, write_answers, write_questions, write_respondents
from coder.ingest.shape import Survey, SurveyAnswer
from coder.progress import Progress
from coder.refi.archive import ProjectFiles, open_project_files
from coder.refi.manifest import MANIFEST, check_manifest
from coder.refi.model import RefiCode, RefiProject, TextSource
from coder.refi.reader import read_project
from coder.store.actions import get_memo, log_event, set_memo
from coder.store.codebooks import active_codes, attach_codebook
from coder.store.engine import display_name
from coder.store.exchange import mark_done_many, star_many
from coder.store.project import Project, Session
from coder.store.queries import questions, require_question
from coder.store.refi_import import answer_ids_of, coder_ids
from coder.store.roles import require_codebook_change
from coder.store.segments import add_codings

MAX_KEY_CHARS = 200
"""The longest code id the store holds; a longer name gets a shortened id (never refused)."""


@dataclass
class RefiImport:
    """What an import read and wrote (the CLI prints it, ``--json`` emits it)."""

    file: str
    origin: str
    kind: str = "project"
    """``project`` (.qdpx or .qde) or ``codebook`` (.qdc)."""
    questions: list[str] = field(default_factory=list)
    answers: int = 0
    answers_added: int = 0
    respondents: int = 0
    codes: int = 0
    coders: list[str] = field(default_factory=list)
    """Who coded: users with codings in the file (or, from coder, answers coded with no
    code), by name."""
    codings: int = 0
    """Codings read, whole-answer ones and segments."""
    codings_by_coder: dict[str, int] = field(default_factory=dict)
    """Coder -> codings read, for each of ``coders`` in the same order."""
    users_without_codings: list[str] = field(default_factory=list)
    """Users of the file who coded nothing: coders of the project too, listed apart."""
    segments: int = 0
    """Codings of part of an answer, kept with their offsets."""
    memos: int = 0
    skipped_sources: list[Message] = field(default_factory=list)
    """Sources not imported: pictures, PDFs, audio, video, texts missing from the file."""
    warnings: list[Message] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The result as JSON-ready data: skipped sources and warnings in English."""
        data = asdict(self)
        data["skipped_sources"] = [str(s) for s in self.skipped_sources]
        data["warnings"] = [str(w) for w in self.warnings]
        return data


def import_refi(
    project: Project,
    path: Path,
    *,
    question_id: str | None = None,
    default_coder: str = "qdpx",
    actor: str = "import",
    progress: Progress | None = None,
) -> RefiImport:
    """Import a .qdpx, .qde or .qdc file into ``project`` in one transaction.

    ``question_id``: the question a project's sources become (default: named after the
    file), or the existing question a ``.qdc`` codebook is attached to (required then)."""
    if path.suffix.lower() == ".qdc":
        return _import_codebook(project, path, question_id, actor)
    files = open_project_files(path)
    try:
        refi = read_project(files)
        manifest = _manifest(files, refi)
        result = RefiImport(file=str(path), origin=refi.origin)
        result.skipped_sources = list(refi.skipped)
        result.warnings = list(refi.warnings)
        with project.session() as session:
            _Loader(session, files, refi, manifest, result, actor, default_coder, progress).run(
                question_id or path.stem
            )
        return result
    finally:
        files.close()


def _manifest(files: ProjectFiles, refi: RefiProject) -> dict[str, Any] | None:
    if refi.origin != "coder":
        return None
    data = files.member(MANIFEST)
    if data is None:
        return None
    try:
        return check_manifest(json.loads(data), f"{files.path}:{MANIFEST}")
    except (ValueError, RecursionError) as exc:
        raise InputError(
            "error.refi.manifest_json", file=files.path, manifest=MANIFEST, reason=exc
        ) from exc


def _import_codebook(
    project: Project, path: Path, question_id: str | None, actor: str
) -> RefiImport:
    """A .qdc holds a codebook only, no answers: it is attached to the existing question
    ``question_id``. Without one it is refused, naming the command that takes the question
    and the questions there are: a question made for it would have no answers."""
    book = read_codebook(path)  # a broken file is named before the question is asked for
    if question_id is None:
        with project.session(write=False) as session:
            known = [question.id for question in questions(session)]
        command = shlex.join(["coder", "codebook", "add", display_name(project.db), str(path)])
        raise (
            InputError(
                "error.refi.qdc_question", file=path, command=command, known=", ".join(known)
            )
            if known
            else InputError("error.refi.qdc_question_none", file=path, command=command)
        )
    with project.session() as session:
        require_question(session, question_id)
        require_codebook_change(session, question_id, book, actor)
        attach_codebook(session, question_id, book, actor=actor, source=path.name)
    result = RefiImport(file=str(path), origin="", kind="codebook", questions=[question_id])
    result.codes = len(book.all_codes())
    return result


def code_keys(codes: list[RefiCode]) -> dict[int, str]:
    """id(code) -> the code id coder uses: its name, else its parent's id and its name, else
    that with a number; shortened with a hash past ``MAX_KEY_CHARS``. Stable: the same tree
    gives the same ids."""
    used: set[str] = set()
    keys: dict[int, str] = {}

    def fit(key: str) -> str:
        if len(key) <= MAX_KEY_CHARS:
            return key
        digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
        return f"{key[: MAX_KEY_CHARS - 11]}~{digest}"

    def visit(children: list[RefiCode], prefix: str) -> None:
        for code in children:
            name = code.name.strip() or code.guid or "code"
            key = fit(name)
            if key in used and prefix:
                key = fit(f"{prefix}/{name}")
            base, n = key, 2
            while key in used:
                key, n = fit(f"{base} ({n})"), n + 1
            used.add(key)
            keys[id(code)] = key
            visit(code.children, key)

    visit(codes, "")
    return keys


def foreign_codebook(codes: list[RefiCode], question_id: str, file: str) -> Codebook:
    """The REFI code tree as a codebook: names exactly as labels in every language."""
    keys = code_keys(codes)

    def convert(code: RefiCode) -> Code:
        colour = code.colour.strip() if code.colour else None
        return Code(
            id=keys[id(code)],
            labels=dict.fromkeys(LANGUAGES, code.name),
            definition=split_description(code.description),
            codable=code.codable,
            colour=colour if colour and COLOUR_PATTERN.fullmatch(colour) else None,
            # a guid that is no GUID (MAXQDA 2020's 'A', 'K1') would make an export invalid
            guid=code.guid if GUID_PATTERN.fullmatch(code.guid or "") else None,
            children=[convert(child) for child in code.children],
        )

    return Codebook(id=codebook_id(question_id), codes=[convert(c) for c in codes], source=file)


def codebook_id(question_id: str) -> str:
    """A codebook id made from a question id (the native id pattern: a-z, 0-9, _ . -)."""
    cleaned = re.sub(r"[^a-z0-9_.-]+", "_", question_id.lower()).strip("_")
    return cleaned or "imported"


def codebook_from_json(data: Any, where: str) -> Codebook:
    """A codebook from the manifest's JSON (``dataclasses.asdict`` of one)."""

    def code(entry: Any) -> Code:
        if not isinstance(entry, dict):
            raise TypeError("a code is not an object")
        known = {f.name for f in fields(Code)} - {"children"}
        made = Code(**{k: v for k, v in entry.items() if k in known})
        made.children = [code(child) for child in entry.get("children") or []]
        return made

    try:
        if not isinstance(data, dict):
            raise TypeError("the codebook is not an object")
        return Codebook(
            id=str(data["id"]),
            title=dict(data.get("title") or {}),
            question=dict(data.get("question") or {}),
            codes=[code(c) for c in data.get("codes") or []],
            source=data.get("source"),
        )
    except (TypeError, KeyError, ValueError) as exc:
        raise InputError("error.refi.manifest_codebook", where=where, reason=exc) from exc


class _Loader:
    """One import's writes, in the order the store needs them."""

    def __init__(
        self,
        session: Session,
        files: ProjectFiles,
        refi: RefiProject,
        manifest: dict[str, Any] | None,
        result: RefiImport,
        actor: str,
        default_coder: str,
        progress: Progress | None,
    ) -> None:
        self.session = session
        self.files = files
        self.refi = refi
        self.manifest = manifest
        self.result = result
        self.actor = actor
        self.default_coder = default_coder
        self.progress = progress
        self.file = str(files.path)
        self.placed: dict[str, tuple[str, str, str | None]] = {}
        """Source guid -> (question, respondent, language or None)."""
        self.books: dict[str, Codebook] = {}
        self.code_key: dict[str, tuple[str, str]] = {}
        """Code guid -> (question, code id)."""
        self.titles: dict[str, str] = {}
        self.users = self._user_names()
        self.consensus = {
            name
            for name, info in (manifest or {}).get("coders", {}).items()
            if info.get("consensus")
        }
        """Coders the manifest of coder's own export marks as consensus coders."""
        self.codings_by_coder: Counter[str] = Counter()
        self.known_coders: dict[str, int] = {}
        """Coder name -> id of every coder the import made or found."""
        self.coded: set[str] = set()
        """Coders with codings or answers coded with no code."""

    def run(self, fallback_question: str) -> None:
        if self.manifest is not None:
            self._place_as_written()
        else:
            self._place_foreign(fallback_question)
        answer_ids = self._write_answers()
        code_ids = self._write_codebooks()
        self._write_codings(answer_ids, code_ids)
        self._write_memos(answer_ids, code_ids)
        if self.manifest is not None:
            self._write_reviews(answer_ids)
        self._count_coders()
        log_event(
            self.session,
            self.actor,
            "qdpx.import",
            {k: v for k, v in self.result.to_json().items() if k != "warnings"},
        )

    def _user_names(self) -> dict[str, str]:
        """User guid (lower-cased) -> a coder name, unique (a repeated name gets a number)."""
        names: dict[str, str] = {}
        taken: set[str] = set()
        for user in self.refi.users:
            name, n = user.name, 2
            while name in taken:
                name, n = f"{user.name} ({n})", n + 1
            taken.add(name)
            names[user.guid.lower()] = name
        return names

    def coder_of(self, user: str | None) -> str:
        return self.users.get((user or "").lower(), self.default_coder)

    # --- where sources go --------------------------------------------------------------

    def _place_as_written(self) -> None:
        assert self.manifest is not None
        for entry in self.manifest.get("questions", []):
            qid = entry["id"]
            self.titles[qid] = entry.get("title") or qid
            member = entry.get("codebook")
            if member:  # written by coder before codebooks moved into the manifest
                data = self.files.member(member) if member.startswith("coder/codebooks/") else None
                if data is None:
                    raise InputError("error.refi.no_member", file=self.file, member=member)
                self.books[qid] = load_yaml(
                    data.decode("utf-8", "replace"), f"{self.file}:{member}"
                )
        for qid, data in (self.manifest.get("codebooks") or {}).items():
            self.books[qid] = codebook_from_json(data, f"{self.file}:{MANIFEST}")
        for guid, (qid, rid, lang) in self.manifest.get("sources", {}).items():
            self.placed[guid.lower()] = (qid, rid, lang if lang in (*LANGUAGES, "und") else None)
        self.code_key = {g.lower(): (q, k) for g, (q, k) in self.manifest.get("codes", {}).items()}

    def _place_foreign(self, qid: str) -> None:
        self.titles[qid] = self.refi.name or qid
        if self.refi.codes:
            book = foreign_codebook(self.refi.codes, qid, Path(self.file).name)
            self.books[qid] = book
            keys = code_keys(self.refi.codes)  # the file's guids, kept or not in the codebook
            for code, _parent in self.refi.all_codes():
                if code.guid:
                    self.code_key[code.guid.lower()] = (qid, keys[id(code)])
        named = {
            source: case.name
            for case in self.refi.cases
            if case.name and len(case.sources) == 1
            for source in case.sources
        }
        used: set[str] = set()
        for source in self.refi.sources:
            guid = source.guid.lower()
            rid = named.get(guid) or source.name
            base, n = rid, 2
            while rid in used:
                rid, n = f"{base} ({n})", n + 1
            used.add(rid)
            self.placed[guid] = (qid, rid, None)

    # --- writes -------------------------------------------------------------------------

    def _attributes(self) -> dict[str, dict[str, str]]:
        """Source guid -> attributes from every case holding it and from the source itself."""
        found: dict[str, dict[str, str]] = defaultdict(dict)
        for case in self.refi.cases:
            for guid in case.sources:
                found[guid].update(case.values)
        for source in self.refi.sources:
            found[source.guid.lower()].update(source.variables)
        return found

    def _write_answers(self) -> dict[str, int]:
        """Questions, respondents and answers; returns source guid -> answer id."""
        survey = Survey(source=Path(self.file).name, format="qdpx")
        survey.questions = dict(self.titles)
        attributes = self._attributes()
        kept: list[TextSource] = []
        for row, source in enumerate(self.refi.sources, start=1):
            where = self.placed.get(source.guid.lower())
            if where is None:
                self.result.skipped_sources.append(Message("refi.skipped.text", name=source.name))
                self.result.warnings.append(Message("refi.warn.no_question", name=source.name))
                continue
            qid, rid, lang = where
            survey.questions.setdefault(qid, qid)
            survey.respondents.setdefault(rid, {}).update(attributes.get(source.guid.lower(), {}))
            survey.answers.append(SurveyAnswer(rid, qid, source.text, lang, row))
            kept.append(source)
        counts = ImportResult(
            file=survey.source,
            format="qdpx",
            encoding=None,
            delimiter=None,
            sheet=None,
            rows=len(self.refi.sources),
            questions=list(survey.questions),
        )
        write_questions(self.session, survey, counts)
        write_respondents(self.session, survey, counts)
        write_answers(self.session, survey, {}, counts, self.progress)
        self.result.questions = list(survey.questions)
        self.result.answers = len(survey.answers)
        self.result.answers_added = counts.answers_added
        self.result.respondents = len(survey.respondents)
        ids = answer_ids_of(self.session, survey.questions)
        return {
            s.guid.lower(): ids[self.placed[s.guid.lower()][:2]]
            for s in kept
            if self.placed[s.guid.lower()][:2] in ids
        }

    def _write_codebooks(self) -> dict[tuple[str, str], int]:
        """Attach the codebooks; returns (question, code id) -> code record id."""
        ids: dict[tuple[str, str], int] = {}
        for qid, book in self.books.items():
            require_codebook_change(self.session, qid, book, self.actor)
            attach_codebook(self.session, qid, book, actor=self.actor, source=Path(self.file).name)
            self.result.codes += len(book.all_codes())
            for record in active_codes(self.session, qid):
                ids[(qid, record.key)] = record.id
        return ids

    def _write_codings(
        self, answer_ids: dict[str, int], code_ids: dict[tuple[str, str], int]
    ) -> None:
        # every user is a coder, with codings or not
        ids = coder_ids(self.session, self.users.values(), consensus=self.consensus)
        rows: list[tuple[int, int, int, int | None, int | None]] = []
        for source in self.refi.sources:
            answer = answer_ids.get(source.guid.lower())
            if answer is None:
                continue
            qid = self.placed[source.guid.lower()][0]
            for selection in source.selections:
                target = self.code_key.get(selection.code_guid.lower())
                if target is None or target[0] != qid:
                    raise InputError(
                        "error.refi.unknown_code",
                        file=self.file,
                        source=source.name,
                        guid=selection.code_guid,
                    )
                code_id = code_ids.get(target)
                if code_id is None:
                    raise InputError(
                        "error.refi.code_not_in_codebook",
                        file=self.file,
                        code=target[1],
                        question=qid,
                    )
                coder = self.coder_of(selection.user)
                if coder not in ids:
                    ids.update(coder_ids(self.session, [coder], consensus=self.consensus))
                whole = selection.start == 0 and selection.end == len(source.text)
                rows.append(
                    (
                        answer,
                        code_id,
                        ids[coder],
                        None if whole else selection.start,
                        None if whole else selection.end,
                    )
                )
                self.result.codings += 1
                self.result.segments += int(not whole)
                self.codings_by_coder[coder] += 1
        add_codings(self.session, rows, source="qdpx")
        mark_done_many(self.session, {(r[0], r[2]) for r in rows})
        self.known_coders.update(ids)

    def _write_memos(
        self, answer_ids: dict[str, int], code_ids: dict[tuple[str, str], int]
    ) -> None:
        """Notes as memos on the answer, code or question they are about."""
        if not self.refi.notes:
            return
        question = self.result.questions[0] if self.result.questions else None
        code_records = {
            guid: code_ids[target] for guid, target in self.code_key.items() if target in code_ids
        }
        about: dict[str, list[str]] = defaultdict(list)
        for source in self.refi.sources:
            for ref in source.note_refs:
                about[ref].append(source.guid.lower())
        for code, _parent in self.refi.all_codes():
            for ref in code.note_refs:
                about[ref].append(code.guid.lower())
        # a note in the set of a question (coder's own export) is that question's memo, as it is
        of_question: dict[str, list[str]] = defaultdict(list)
        for source_set in self.refi.sets:
            if source_set.name in self.result.questions:
                for ref in source_set.notes:
                    of_question[ref].append(source_set.name)
        texts: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        for note in self.refi.notes:
            targets = [*about.get(note.guid.lower(), []), *note.targets]
            placed = [("question", qid) for qid in of_question.get(note.guid.lower(), [])]
            for target in targets:
                target = self.refi.selection_sources.get(target, target)
                if target in answer_ids:
                    placed.append(("answer", str(answer_ids[target])))
                elif target in code_records:
                    placed.append(("code", str(code_records[target])))
            coder = self.coder_of(note.user)
            if not placed and question is not None:
                text = f"{note.name}\n{note.text}" if note.name else note.text
                texts[(coder, "question", question)].append(text)
            for kind, key in dict.fromkeys(placed):
                texts[(coder, kind, key)].append(note.text)
        for (coder, kind, key), parts in texts.items():
            before = get_memo(self.session, coder, kind, key)
            text = "\n\n".join(dict.fromkeys(parts))
            if before and text not in before:
                text = f"{before}\n\n{text}"
            elif before:
                continue
            set_memo(self.session, coder, kind, key, text)
            self.result.memos += 1

    def _write_reviews(self, answer_ids: dict[str, int]) -> None:
        """Answers coded with no code and starred quotes, from coder's manifest (in bulk)."""
        assert self.manifest is not None
        ids: dict[str, int] = {}

        def pairs(entries: list[list[str]]) -> set[tuple[int, int]]:
            found: set[tuple[int, int]] = set()
            for guid, coder in entries:
                answer = answer_ids.get(guid.lower())
                if answer is not None:
                    if coder not in ids:
                        ids.update(coder_ids(self.session, [coder]))
                    found.add((answer, ids[coder]))
            return found

        no_code = pairs(self.manifest.get("no_code", []))
        coded_with_no_code = {coder for _answer, coder in no_code}
        self.coded.update(name for name, coder in ids.items() if coder in coded_with_no_code)
        mark_done_many(self.session, no_code)
        star_many(self.session, pairs(self.manifest.get("starred", [])))
        self.known_coders.update(ids)

    def _count_coders(self) -> None:
        """Who coded, with their codings, apart from the users who coded nothing."""
        coded = sorted({*self.codings_by_coder, *self.coded})
        self.result.coders = coded
        self.result.codings_by_coder = {name: self.codings_by_coder[name] for name in coded}
        self.result.users_without_codings = sorted(set(self.known_coders) - set(coded))
