"""REFI-QDA projects: the export validates against Project.xsd and re-imports as it was; a
project from another tool imports; hostile archives are refused."""

from __future__ import annotations

import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import select

from coder.errors import InputError
from coder.refi.exporter import export_refi as export_qdpx
from coder.refi.importer import import_refi as import_qdpx
from coder.refi.xml import PROJECT_NAMESPACE as NAMESPACE
from coder.store.codebooks import active_codes
from coder.store.models import Answer, Coder, CodeRecord, Coding, Event, Review
from coder.store.project import Project
from coder.store.queries import attributes_of

from .conftest import PROJECT_XSD

NS = f"{{{NAMESPACE}}}"


def codings(project: Project) -> set[tuple[str, str, str, str]]:
    """Every (question, respondent, coder, code key)."""
    with project.session(write=False) as s:
        rows = s.execute(
            select(Answer.question_id, Answer.respondent_id, Coder.name, CodeRecord.key)
            .join(Coding, Coding.answer_id == Answer.id)
            .join(Coder, Coding.coder_id == Coder.id)
            .join(CodeRecord, Coding.code_id == CodeRecord.id)
        )
        return {(q, r, c, k) for q, r, c, k in rows}


def reviews(project: Project) -> set[tuple[str, str, bool, bool]]:
    """Every (respondent, coder, done, starred)."""
    with project.session(write=False) as s:
        rows = s.execute(
            select(Answer.respondent_id, Coder.name, Review.done, Review.starred)
            .join(Review, Review.answer_id == Answer.id)
            .join(Coder, Review.coder_id == Coder.id)
        )
        return {(r, c, bool(d), bool(st)) for r, c, d, st in rows}


def tree(project: Project, question: str) -> list[tuple[str, str | None, dict[str, str]]]:
    """The question's codes as (key, parent key, labels) in codebook order."""
    with project.session(write=False) as s:
        codes = active_codes(s, question)
        keys = {c.id: c.key for c in codes}
        return [(c.key, keys.get(c.parent_id or -1), dict(c.labels)) for c in codes]


def test_export_validates_against_the_schema(coded: Project, tmp_path: Path) -> None:
    out = tmp_path / "project.qdpx"
    with coded.session(write=False) as s:
        done = export_qdpx(s, out)
    assert done.sources == 34 and done.cases == 30 and done.users == 2 and done.codes == 5
    with zipfile.ZipFile(out) as zf:
        document = etree.fromstring(zf.read("project.qde"))
        schema = etree.XMLSchema(etree.parse(str(PROJECT_XSD)))
        assert schema.validate(document), schema.error_log
        sources = document.findall(f"{NS}Sources/{NS}TextSource")
        assert len(sources) == 34
        for source in sources:  # the text travels as a file in the archive
            member = source.get("plainTextPath").removeprefix("internal://")
            assert zf.read(f"sources/{member}").decode("utf-8")
    users = {u.get("name") for u in document.iter(f"{NS}User")}
    assert users == {"anna", "ben"}
    case = next(c for c in document.iter(f"{NS}Case") if c.get("name") == "R000")
    values = [v.findtext(f"{NS}TextValue") for v in case.iter(f"{NS}VariableValue")]
    assert sorted(values) == ["teaching", "Åbo Akademi"]
    coded_by = {c.get("creatingUser") for c in document.iter(f"{NS}Coding")}
    assert coded_by == {u.get("guid") for u in document.iter(f"{NS}User")}
    assert len(list(document.iter(f"{NS}Coding"))) == done.codings == len(codings(coded))


def test_export_reimports_with_the_same_codes_coders_and_codings(
    coded: Project, tmp_path: Path
) -> None:
    out = tmp_path / "project.qdpx"
    with coded.session(write=False) as s:
        export_qdpx(s, out)
    again = Project.create(str(tmp_path / "again.sqlite"))
    try:
        result = import_qdpx(again, out)
        assert result.origin == "coder" and result.segments == 0
        assert codings(again) == codings(coded)
        assert tree(again, "Q1") == tree(coded, "Q1")
        assert reviews(again) == reviews(coded)  # answers coded with no code, starred quotes
        with coded.session(write=False) as a, again.session(write=False) as b:
            assert attributes_of(a) == attributes_of(b)
            texts = {(x.respondent_id, x.question_id, x.text) for x in a.scalars(select(Answer))}
            assert texts == {
                (x.respondent_id, x.question_id, x.text) for x in b.scalars(select(Answer))
            }
        # importing again changes nothing
        before = codings(again)
        second = import_qdpx(again, out)
        assert second.answers_added == 0 and codings(again) == before
    finally:
        again.close()


def foreign_project() -> bytes:
    """A project.qde like other tools write: inline and file sources, partial selections."""
    E = f"{{{NAMESPACE}}}"
    guid = {
        name: f"00000000-0000-4000-8000-{n:012d}"
        for n, name in enumerate(
            [
                "user",
                "c_money",
                "c_sub",
                "c_admin",
                "c_dup",
                "v_uni",
                "case1",
                "case2",
                "s1",
                "s2",
                "s3",
                "sel1",
                "sel2",
                "k1",
                "k2",
                "k3",
                "pic",
            ]
        )
    }
    root = etree.Element(
        f"{E}Project", nsmap={None: NAMESPACE}, name="Interviews", origin="OtherQDA"
    )
    users = etree.SubElement(root, f"{E}Users")
    etree.SubElement(users, f"{E}User", guid=guid["user"], name="Maria")
    codes = etree.SubElement(etree.SubElement(root, f"{E}CodeBook"), f"{E}Codes")
    money = etree.SubElement(
        codes, f"{E}Code", guid=guid["c_money"], name="Money", isCodable="true"
    )
    etree.SubElement(money, f"{E}Description").text = "Funding and fees"
    etree.SubElement(money, f"{E}Code", guid=guid["c_sub"], name="Fees", isCodable="true")
    admin = etree.SubElement(
        codes, f"{E}Code", guid=guid["c_admin"], name="Admin", isCodable="true"
    )
    etree.SubElement(admin, f"{E}Code", guid=guid["c_dup"], name="Fees", isCodable="true")
    variables = etree.SubElement(root, f"{E}Variables")
    etree.SubElement(
        variables, f"{E}Variable", guid=guid["v_uni"], name="University", typeOfVariable="Text"
    )
    cases = etree.SubElement(root, f"{E}Cases")
    for case, source, value in (("case1", "s1", "Oulu"), ("case2", "s2", "Vaasa")):
        element = etree.SubElement(cases, f"{E}Case", guid=guid[case], name=case.upper())
        holder = etree.SubElement(element, f"{E}VariableValue")
        etree.SubElement(holder, f"{E}VariableRef", targetGUID=guid["v_uni"])
        etree.SubElement(holder, f"{E}TextValue").text = value
        etree.SubElement(element, f"{E}SourceRef", targetGUID=guid[source])
    sources = etree.SubElement(root, f"{E}Sources")
    s1 = etree.SubElement(sources, f"{E}TextSource", guid=guid["s1"], name="Interview 1")
    etree.SubElement(s1, f"{E}PlainTextContent").text = "The fees are too high for most people."
    sel = etree.SubElement(
        s1, f"{E}PlainTextSelection", guid=guid["sel1"], startPosition="4", endPosition="8"
    )
    coding = etree.SubElement(sel, f"{E}Coding", guid=guid["k1"], creatingUser=guid["user"])
    etree.SubElement(coding, f"{E}CodeRef", targetGUID=guid["c_sub"])
    s2 = etree.SubElement(
        sources,
        f"{E}TextSource",
        guid=guid["s2"],
        name="Interview 2",
        plainTextPath=f"internal://{guid['s2']}.txt",
    )
    sel = etree.SubElement(
        s2, f"{E}PlainTextSelection", guid=guid["sel2"], startPosition="0", endPosition="26"
    )
    for key, code in (("k2", "c_money"), ("k3", "c_dup")):
        coding = etree.SubElement(sel, f"{E}Coding", guid=guid[key], creatingUser=guid["user"])
        etree.SubElement(coding, f"{E}CodeRef", targetGUID=guid[code])
    s3 = etree.SubElement(
        sources,
        f"{E}TextSource",
        guid=guid["s3"],
        name="Escape",
        plainTextPath="internal://../../etc/passwd",
    )
    del s3
    etree.SubElement(
        sources, f"{E}PictureSource", guid=guid["pic"], name="Photo", path="relative://x.png"
    )
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def write_qdpx(path: Path, project_qde: bytes, extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", project_qde)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return path


def test_a_project_from_another_tool_imports(project: Project, tmp_path: Path) -> None:
    qde = foreign_project()
    schema = etree.XMLSchema(etree.parse(str(PROJECT_XSD)))
    assert schema.validate(etree.fromstring(qde)), schema.error_log
    path = write_qdpx(
        tmp_path / "interviews.qdpx",
        qde,
        {"sources/00000000-0000-4000-8000-000000000009.txt": b"Nobody pays for the admin."},
    )
    result = import_qdpx(project, path, question_id="INT")
    assert result.questions == ["INT"]
    assert result.answers == 2 and result.respondents == 2
    assert len(result.skipped_sources) == 2  # the picture, and the path that leaves the archive
    assert any("etc/passwd" in w for w in result.warnings)
    assert result.segments == 1 and result.coders == ["Maria"]
    assert [(k, p) for k, p, _l in tree(project, "INT")] == [
        ("Money", None),
        ("Fees", "Money"),
        ("Admin", None),
        ("Admin/Fees", "Admin"),
    ]
    assert codings(project) == {
        ("INT", "CASE1", "Maria", "Fees"),
        ("INT", "CASE2", "Maria", "Money"),
        ("INT", "CASE2", "Maria", "Admin/Fees"),
    }
    with project.session(write=False) as s:
        assert attributes_of(s) == {
            "CASE1": {"University": "Oulu"},
            "CASE2": {"University": "Vaasa"},
        }


def test_unsafe_xml_is_refused(project: Project, tmp_path: Path) -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<Project xmlns="urn:QDA-XML:project:1.0" name="&b;"/>'
    )
    with pytest.raises(InputError, match="unsafe XML"):
        import_qdpx(project, write_qdpx(tmp_path / "bomb.qdpx", bomb))
    external = (
        b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<Project xmlns="urn:QDA-XML:project:1.0" name="&x;"/>'
    )
    with pytest.raises(InputError, match="unsafe XML"):
        import_qdpx(project, write_qdpx(tmp_path / "xxe.qdpx", external))


def test_zip_bombs_and_non_zips_are_refused(project: Project, tmp_path: Path) -> None:
    path = write_qdpx(tmp_path / "zeros.qdpx", b"<Project/>" + b" " * (8 * 1024 * 1024))
    with pytest.raises(InputError, match="zip bomb"):
        import_qdpx(project, path)
    text = tmp_path / "notes.qdpx"
    text.write_text("not a zip", encoding="utf-8")
    with pytest.raises(InputError, match="zip file"):
        import_qdpx(project, text)
    empty = tmp_path / "empty.qdpx"
    with zipfile.ZipFile(empty, "w") as zf:
        zf.writestr("other.txt", "x")
    with pytest.raises(InputError, match="no project.qde"):
        import_qdpx(project, empty)


def broken_project(folder: Path) -> Path:
    """The foreign project with the Money code's guid changed: its coding names an unknown
    code, found after the answers are written."""
    qde = foreign_project().replace(
        b"00000000-0000-4000-8000-000000000001", b"00000000-0000-4000-8000-000000000099", 1
    )
    return write_qdpx(
        folder / "broken.qdpx",
        qde,
        {"sources/00000000-0000-4000-8000-000000000009.txt": b"Nobody pays for the admin."},
    )


def test_a_failed_import_writes_nothing(project: Project, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not in the project's codebook"):
        import_qdpx(project, broken_project(tmp_path), question_id="INT")
    with project.session(write=False) as s:
        assert s.scalar(select(Answer.id)) is None


def test_round_trip_between_database_kinds(coded_any: Project, tmp_path: Path) -> None:
    """Export from SQLite or PostgreSQL, import into a fresh SQLite project."""
    out = tmp_path / "project.qdpx"
    with coded_any.session(write=False) as s:
        export_qdpx(s, out, ["Q1"])
    again = Project.create(str(tmp_path / "again.sqlite"))
    try:
        import_qdpx(again, out)
        assert codings(again) == codings(coded_any)
        assert tree(again, "Q1") == tree(coded_any, "Q1")
    finally:
        again.close()


def test_import_writes_alike_into_sqlite_and_postgresql(
    coded: Project, any_db: str, tmp_path: Path
) -> None:
    """coder's own export (consensus, answers coded with no code, starred quotes) imported
    into either database: the same codings and reviews, one event, who coded counted."""
    out = tmp_path / "project.qdpx"
    with coded.session(write=False) as s:
        export_qdpx(s, out)
    target = Project.create(any_db)
    try:
        result = import_qdpx(target, out)
        assert codings(target) == codings(coded) and reviews(target) == reviews(coded)
        assert tree(target, "Q1") == tree(coded, "Q1")
        per_coder = Counter(coder for _q, _r, coder, _k in codings(coded))
        assert result.codings_by_coder == {c: per_coder[c] for c in result.coders}
        assert set(per_coder) <= set(result.coders)
        with target.session(write=False) as s:
            kinds = [e.kind for e in s.scalars(select(Event))]
        assert kinds.count("qdpx.import") == 1
        # a broken file changes nothing there either
        with pytest.raises(InputError, match="not in the project's codebook"):
            import_qdpx(target, broken_project(tmp_path), question_id="INT")
        assert codings(target) == codings(coded)
        with target.session(write=False) as s:
            assert [e.kind for e in s.scalars(select(Event))] == kinds
    finally:
        target.close()


def test_markup_quotes_and_control_characters_stay_valid_xml(
    coded: Project, tmp_path: Path
) -> None:
    from coder.store.models import Question, Respondent, RespondentAttribute

    odd = 'R "<&>"\x01'
    with coded.session() as s:
        s.add(Respondent(id=odd, position=99))
        s.flush()
        s.add(RespondentAttribute(respondent_id=odd, name="note", value='a "b" <c>\n& d\x0b'))
        s.add(Answer(respondent_id=odd, question_id="Q2", text="text\x00 with NUL", position=99))
        s.add(Question(id='Q "3"', title="<b>bold</b> & more", position=3))
    out = tmp_path / "odd.qdpx"
    with coded.session(write=False) as s:
        export_qdpx(s, out)
    with zipfile.ZipFile(out) as zf:
        document = etree.fromstring(zf.read("project.qde"))
    schema = etree.XMLSchema(etree.parse(str(PROJECT_XSD)))
    assert schema.validate(document), schema.error_log
    case = next(c for c in document.iter(f"{NS}Case") if c.get("name", "").startswith('R "'))
    assert case.get("name") == 'R "<&>"'
    values = [v.findtext(f"{NS}TextValue") for v in case.iter(f"{NS}VariableValue")]
    assert values == ['a "b" <c>\n& d']
