"""Build a ``RefiProject`` from a coder project and write it as a ``.qdpx``.

Every answer is a text source (named by its respondent), every respondent a case with its
attributes as variables and a ``SourceRef`` to each of its answers (how NVivo and QualCoder
tie cases to sources), the codebook the project's codebook with the codes' labels in the
chosen language as names, every analyst a user, every coding a selection (a whole-answer
coding covers the whole text; a segment keeps its offsets) by its coder, every memo a note,
and every question a set of sources. Given one coder, the export holds that coder's work
alone (codings, answers seen, stars and memos; the consensus is a coder like the others, in
only when named). ``coder/manifest.json`` beside the XML lets coder read
its own export back losslessly (labels in every language, answers coded with no code,
starred quotes); other tools ignore it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from coder.bulk import paused_gc
from coder.codebook.model import Code, Codebook, pick
from coder.errors import Message
from coder.progress import Progress
from coder.refi.manifest import MANIFEST
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
from coder.refi.writer import write_qdpx
from coder.refi.xml import guid
from coder.store import reports
from coder.store.codebooks import get_codebook_record, to_model
from coder.store.exchange import answers_to_export, consensus_coders, memos_all, reviews_of
from coder.store.project import Session
from coder.store.queries import attributes_of
from coder.store.segments import codings_with_offsets


@dataclass
class RefiExport:
    """What an export wrote."""

    file: str
    questions: list[str]
    sources: int
    cases: int
    codes: int
    users: int
    codings: int
    segments: int
    notes: int


class _Builder:
    """Collects one export's RefiProject and manifest from the store."""

    def __init__(
        self,
        session: Session,
        question_ids: list[str],
        lang: str,
        name: str,
        coder: str | None = None,
    ) -> None:
        self.session = session
        self.qids = question_ids
        self.lang = lang
        self.coder = coder
        """Whose work is exported (None: every coder's)."""
        self.refi = RefiProject(name=name or "coder project", origin="coder")
        self.manifest: dict[str, Any] = {
            "format": 2,
            "questions": [],
            "codebooks": {},
            "sources": {},
            "codes": {},
            "coders": {},
            "no_code": [],
            "starred": [],
        }
        self.user_guid: dict[str, str] = {}
        self.code_guid: dict[int, str] = {}
        """Code record id -> guid."""
        self.code_element: dict[int, RefiCode] = {}
        self.source_of: dict[int, TextSource] = {}
        """Answer id -> its source."""
        self.set_of: dict[str, SourceSet] = {}
        self.coded: set[tuple[int, str]] = set()
        """(answer id, coder name) of every coding exported: what a review needs no note for."""

    def wanted(self, coder: str) -> bool:
        """Whether ``coder``'s work belongs in this export."""
        return self.coder is None or coder == self.coder

    def said(self, key: str, **values: str) -> str:
        """A name the file gives (a note's, a question's group of codes) in the export's
        language, as the other exports' headings follow ``--lang``."""
        return Message(key, **values).text(self.lang)

    def user(self, name: str) -> str:
        if name not in self.user_guid:
            self.user_guid[name] = guid("user", name)
        return self.user_guid[name]

    def build(self) -> RefiProject:
        self._codebooks()
        self._sources_and_cases()
        self._codings()
        self._reviews()
        self._memos()
        consensus = consensus_coders(self.session)
        for name in sorted(self.user_guid):
            self.refi.users.append(User(self.user_guid[name], name))
            self.manifest["coders"][name] = {"consensus": name in consensus}
        return self.refi

    def _codebooks(self) -> None:
        books: dict[str, Codebook] = {}
        for qid in self.qids:
            title = reports.question_title(self.session, qid)
            self.manifest["questions"].append({"id": qid, "title": title})
            if get_codebook_record(self.session, qid) is not None:
                books[qid] = to_model(self.session, qid)
                self.manifest["codebooks"][qid] = asdict(books[qid])
        used: set[str] = set()
        for qid, book in books.items():
            records = {r.key: r.id for r in reports.report_codes(self.session, qid)}
            roots = [self._code(qid, code, records, used) for code in book.codes]
            if len(books) == 1:
                self.refi.codes += roots
            elif roots:  # one grouping node per question keeps the codebooks apart
                self.refi.codes.append(
                    RefiCode(
                        guid=guid("question", qid),
                        name=qid,
                        codable=False,
                        description=self.said("refi.question_codes", question=qid),
                        children=roots,
                    )
                )

    def _code(self, qid: str, code: Code, records: dict[str, int], used: set[str]) -> RefiCode:
        code_guid = code.guid or guid("code", qid, code.id)
        if code_guid.lower() in used:  # the same codebook on two questions
            code_guid = guid("code", qid, code.id)
        used.add(code_guid.lower())
        element = RefiCode(
            guid=code_guid,
            name=code.label(self.lang),
            codable=code.codable,
            colour=code.colour,
            description=pick(code.definition, self.lang),
            children=[self._code(qid, child, records, used) for child in code.children],
        )
        self.manifest["codes"][code_guid] = [qid, code.id]
        if code.id in records:
            self.code_guid[records[code.id]] = code_guid
            self.code_element[records[code.id]] = element
        return element

    def _sources_and_cases(self) -> None:
        rows = answers_to_export(self.session, self.qids)
        respondents = list(dict.fromkeys(rid for _aid, _qid, rid, _text, _lang in rows))
        # one query for every attribute beats a hundred IN-lists on a large project
        attrs = (
            attributes_of(self.session)
            if len(respondents) > 5000
            else attributes_of(self.session, respondents)
        )
        names = sorted({n for values in attrs.values() for n in values})
        self.refi.variables = {guid("variable", n): n for n in names}
        # the case takes the attributes read here as they are (nothing else holds them)
        cases = {rid: Case(guid("case", rid), rid, attrs.get(rid) or {}) for rid in respondents}
        single = len(self.qids) == 1
        sources = self.manifest["sources"]
        add_source, source_of = self.refi.sources.append, self.source_of
        members: list[str] = []
        current = None
        for aid, qid, rid, text, language in rows:
            source_guid = guid("source", qid, rid)
            source = TextSource(source_guid, rid if single else f"{qid} {rid}", text)
            add_source(source)
            source_of[aid] = source
            cases[rid].sources.append(source_guid)
            sources[source_guid] = [qid, rid, language]
            if qid != current:  # the rows come question by question
                if qid not in self.set_of:
                    self.set_of[qid] = SourceSet(guid("question", qid, "set"), qid)
                current, members = qid, self.set_of[qid].sources
            members.append(source_guid)
        self.refi.cases = list(cases.values())
        titles = {q["id"]: q["title"] for q in self.manifest["questions"]}
        for qid, source_set in self.set_of.items():
            source_set.description = titles.get(qid) or qid
        self.refi.sets = list(self.set_of.values())

    def _codings(self) -> None:
        source_of, code_guid_of, users = self.source_of, self.code_guid, self.user_guid
        coded = self.coded
        for answer_id, code_id, coder, start, end in codings_with_offsets(self.session, self.qids):
            source = source_of.get(answer_id)
            code_guid = code_guid_of.get(code_id)
            if source is None or code_guid is None or not self.wanted(coder):
                continue
            if start is None:
                start, end = 0, len(source.text)
            elif end is None:
                end = len(source.text)
            user = users.get(coder) or self.user(coder)
            source.selections.append(Selection(code_guid, start, end, user))
            coded.add((answer_id, coder))

    def _reviews(self) -> None:
        for aid, coder, done, starred in reviews_of(self.session, self.qids):
            reviewed = self.source_of.get(aid)
            if reviewed is None or not self.wanted(coder):
                continue
            self.user(coder)
            if done and (aid, coder) not in self.coded:
                self.manifest["no_code"].append([reviewed.guid, coder])
            if starred:
                self.manifest["starred"].append([reviewed.guid, coder])

    def _memos(self) -> None:
        answer_ids = {str(aid): source for aid, source in self.source_of.items()}
        codes = {str(cid): element for cid, element in self.code_element.items()}
        for coder, kind, key, text in memos_all(self.session):
            if not self.wanted(coder):
                continue
            note_guid = guid("note", coder, kind, key)
            if kind == "answer" and key in answer_ids:
                answer_ids[key].note_refs.append(note_guid)
                name = self.said("refi.note.answer", source=answer_ids[key].name)
            elif kind == "code" and key in codes:
                codes[key].note_refs.append(note_guid)
                name = self.said("refi.note.code", code=codes[key].name)
            elif kind == "question" and key in self.set_of:
                self.set_of[key].notes.append(note_guid)
                name = self.said("refi.note.question", question=key)
            else:
                continue
            self.refi.notes.append(Note(note_guid, name, text, self.user(coder)))


def export_refi(
    session: Session,
    path: Path,
    question_ids: list[str] | None = None,
    *,
    lang: str = "en",
    name: str = "",
    coder: str | None = None,
    progress: Progress | None = None,
) -> RefiExport:
    """Write the questions (default: all) with answers, codebooks, codings and memos: every
    coder's, or ``coder``'s alone."""
    qids = question_ids if question_ids is not None else reports.question_ids(session)
    # a few hundred thousand containers and no cycles: see coder.bulk
    with paused_gc():
        builder = _Builder(session, qids, lang, name, coder)
        refi = builder.build()
        manifest = json.dumps(builder.manifest, ensure_ascii=False).encode("utf-8")
        write_qdpx(refi, path, {MANIFEST: manifest}, progress)
    selections = [s for source in refi.sources for s in source.selections]
    return RefiExport(
        file=str(path),
        questions=qids,
        sources=len(refi.sources),
        cases=len(refi.cases),
        codes=len(builder.manifest["codes"]),
        users=len(refi.users),
        codings=len(selections),
        segments=sum(
            1
            for source in refi.sources
            for s in source.selections
            if (s.start, s.end) != (0, len(source.text))
        ),
        notes=len(refi.notes),
    )
