"""`coder codebook ...` on real files and a real SQLite project, as a user runs it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import select

from coder.codebook.yaml_format import read_yaml
from coder.store.models import CodebookRecord, CodeRecord, CodeRevision
from coder.store.project import Project
from tests.cli_helpers import run_cli as run

DATA = Path(__file__).parent.parent / "data" / "codebook"


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "project.sqlite")
    assert run(capsys, "init", path)[0] == 0
    return path


def test_validate_ok(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "codebook", "validate", str(DATA / "nested.yaml"))
    assert status == 0
    assert "ok (5 codes)" in err
    assert out == ""


def test_validate_lists_every_problem_and_exits_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "codebook: b\ncodes:\n  - id: a\n    label: {sv: A, fi: B}\n"
        "  - id: a\n    label: {sv: A, fi: B, en: C}\n    colour: red\n",
        encoding="utf-8",
    )
    status, out, err = run(capsys, "codebook", "validate", str(bad), str(DATA / "flat.yaml"))
    assert status == 1
    assert err.splitlines() == [
        f"{bad}:4: code 'a': label has no en text",
        f"{bad}:5: duplicate code id 'a' (first at line 3)",
        f"{bad}:7: code 'a': bad colour 'red' (use #rgb or #rrggbb)",
        f"{DATA / 'flat.yaml'}: ok (4 codes)",
        "coder: error: 3 problems in 1 codebook file",
    ]
    status, out, _err = run(capsys, "codebook", "validate", "--json", str(bad))
    assert status == 1
    document = json.loads(out)
    assert document["valid"] is False
    assert document["files"][0]["problems"][1] == {
        "file": str(bad),
        "line": 5,
        "message": "duplicate code id 'a' (first at line 3)",
    }


def test_validate_unknown_extension_and_missing_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = tmp_path / "codes.txt"
    text.write_text("x", encoding="utf-8")
    status, _out, err = run(capsys, "codebook", "validate", str(text), str(tmp_path / "nope.yaml"))
    assert status == 1
    assert "cannot tell the codebook format from '.txt'" in err
    assert f"{tmp_path / 'nope.yaml'}: no such file" in err


def test_add_show_and_export(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    status, out, err = run(
        capsys,
        "codebook", "add", db, str(DATA / "nested.yaml"), "--question", "Q1", "--create-question", "--json",
    )  # fmt: skip
    assert status == 0, err
    assert json.loads(out) == {
        "question": "Q1", "codebook": "barriers", "version": 1, "codes": 5, "changed": True,
    }  # fmt: skip

    status, out, _err = run(capsys, "codebook", "show", db, "--question", "Q1", "--json")
    shown = json.loads(out)
    assert shown["codebook"] == "barriers" and shown["version"] == 1
    assert [c["id"] for c in shown["codes"]] == ["resources", "no", "other"]
    money = shown["codes"][0]["children"][0]
    assert money["label"]["fi"] == "Raha" and money["shortcut"] == "1"
    assert money["keywords"]["en"] == ["money", "funding"]

    status, out, _err = run(capsys, "codebook", "show", db, "--question", "Q1", "--lang", "sv")
    assert out.splitlines() == [
        "barriers (version 1) för Q1: Hinder",  # --lang sv: the interface speaks Swedish too
        "    resources  Resurser  (grupp)",
        "  [1] resources.money  Pengar",
        "  [2] resources.time  Tid",
        "[n] no  nej",
        "[3] other  Övrigt",
    ]

    out_yaml = tmp_path / "out.yaml"
    assert run(capsys, "codebook", "export", db, "--question", "Q1", "--out", str(out_yaml))[0] == 0
    exported = read_yaml(out_yaml)
    original = read_yaml(DATA / "nested.yaml")
    assert exported.codes == original.codes and exported.title == original.title

    out_qdc = tmp_path / "out.qdc"
    assert run(capsys, "codebook", "export", db, "--question", "Q1", "--out", str(out_qdc))[0] == 0
    schema = etree.XMLSchema(etree.parse(str(DATA / "Codebook.xsd")))
    assert schema.validate(etree.parse(str(out_qdc)))


def test_add_needs_the_question_and_a_valid_file_and_changes_nothing_otherwise(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    status, _out, err = run(
        capsys, "codebook", "add", db, str(DATA / "nested.yaml"), "--question", "Q9"
    )
    assert status == 1
    assert err.strip() == "coder: error: no question 'Q9' in this project (import answers first)"

    bad = tmp_path / "bad.yaml"
    bad.write_text("codebook: b\ncodes:\n  - id: a\n", encoding="utf-8")
    status, _out, err = run(
        capsys, "codebook", "add", db, str(bad), "--question", "Q1", "--create-question"
    )
    assert status == 1
    assert f"{bad}:3: code 'a' has no label" in err
    with Project.open(db) as project, project.session(write=False) as session:
        assert session.scalars(select(CodebookRecord)).all() == []


BAD = (
    "codebook: b\ncodes:\n  - id: a\n    label: {sv: A, fi: B}\n"
    "  - id: a\n    label: {sv: A, fi: B, en: C}\n    colour: red\n"
)


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        (
            "en",
            "coder: error: {bad}:4: code 'a': label has no en text "
            "(and 2 more problems: `coder codebook validate {bad}` lists them all)",
        ),
        (
            "sv",
            "coder: error: {bad}:4: kod 'a': etiketten saknar text på en "
            "(och 2 problem till: `coder codebook validate {bad}` listar alla)",
        ),
    ],
)
def test_an_invalid_codebook_is_refused_in_one_line_naming_its_first_problem(
    lang: str,
    line: str,
    capsys: pytest.CaptureFixture[str],
    db: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD, encoding="utf-8")
    monkeypatch.setenv("LC_ALL", {"en": "C", "sv": "sv_SE.UTF-8"}[lang])
    args = ("codebook", "add", db, str(bad), "--question", "Q1", "--create-question")
    status, out, err = run(capsys, *args)
    assert (status, out) == (1, "")
    assert err.splitlines() == [line.format(bad=bad)]
    with Project.open(db) as project, project.session(write=False) as session:
        assert session.scalars(select(CodebookRecord)).all() == []
    status, out, err = run(capsys, "codebook", "convert", str(bad), str(tmp_path / "b.qdc"))
    assert (status, out, err.splitlines()) == (1, "", [line.format(bad=bad)])
    assert not (tmp_path / "b.qdc").exists()
    status, _out, err = run(capsys, "codebook", "validate", str(bad))
    assert status == 1 and len(err.splitlines()) == 4  # the command named lists all three


def test_adding_a_changed_codebook_makes_a_new_version_with_history(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    path = tmp_path / "barriers.yaml"
    shutil.copy(DATA / "nested.yaml", path)
    args = ("codebook", "add", db, str(path), "--question", "Q1", "--create-question", "--json")
    assert json.loads(run(capsys, *args)[1])["version"] == 1
    # the same file again: nothing changes
    assert json.loads(run(capsys, *args)[1]) == {
        "question": "Q1", "codebook": "barriers", "version": 1, "codes": 5, "changed": False,
    }  # fmt: skip
    # rename a label and drop a code
    text = path.read_text(encoding="utf-8")
    text = text.replace('en: "Money"', 'en: "Funding"')
    text = text.replace('  - id: other\n    label: {sv: "Övrigt", fi: "Muu", en: "Other"}\n', "")
    path.write_text(text, encoding="utf-8")
    second = json.loads(run(capsys, *args)[1])
    assert second["version"] == 2 and second["changed"] is True and second["codes"] == 4

    with Project.open(db) as project, project.session(write=False) as session:
        codes = {c.key: c for c in session.scalars(select(CodeRecord))}
        assert codes["other"].status == "retired"
        assert codes["resources.money"].labels["en"] == "Funding"
        history = session.scalars(
            select(CodeRevision).where(CodeRevision.code_id == codes["resources.money"].id)
        ).all()
        assert [h.snapshot["labels"]["en"] for h in history] == ["Money", "Funding"]

    status, out, _err = run(capsys, "codebook", "show", db, "--question", "Q1", "--json")
    assert [c["id"] for c in json.loads(out)["codes"]] == ["resources", "no"]


def test_a_version_that_retires_a_code_in_use_says_so_and_keeps_its_codings(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    """No lead (everyone acts as one): the change goes through, with a warning naming the
    code whose codings drop out of the tables; a code nobody used goes quietly."""
    answers = tmp_path / "answers.csv"
    answers.write_text("id,text\nR1,Vi har inga pengar.\nR2,Annat.\n", encoding="utf-8")
    assert run(capsys, "import", db, str(answers), "--id", "id", "--text", "text=Q1")[0] == 0
    path = tmp_path / "barriers.yaml"
    shutil.copy(DATA / "nested.yaml", path)
    args = ("codebook", "add", db, str(path), "--question", "Q1")
    assert run(capsys, *args)[0] == 0
    codes = tmp_path / "codes.csv"
    codes.write_text("respondent_id,question,codes\nR1,Q1,resources.money\n", encoding="utf-8")
    assert run(capsys, "import-codes", db, str(codes), "--coder", "anna")[0] == 0

    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('  - id: other\n    label: {sv: "Övrigt", fi: "Muu", en: "Other"}\n', ""),
        encoding="utf-8",
    )
    status, _out, err = run(capsys, *args)
    assert (status, err) == (0, "")  # "other" had no codings
    start = text.index("      - id: resources.money")
    end = text.index("      - id: resources.time")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    status, _out, err = run(capsys, *args)
    assert status == 0
    assert err == (
        "warning: this version retires or moves 1 code that has codings: 'resources.money'; "
        "the codings are kept and count again if the code comes back\n"
    )
    with Project.open(db) as project, project.session(write=False) as session:
        money = session.scalars(select(CodeRecord).where(CodeRecord.key == "resources.money"))
        assert money.one().status == "retired"


def test_qdc_from_another_tool_can_be_added(capsys: pytest.CaptureFixture[str], db: str) -> None:
    status, _out, err = run(
        capsys,
        "codebook",
        "add",
        db,
        str(DATA / "foreign.qdc"),
        "--question",
        "Q2",
        "--create-question",
    )
    assert status == 0, err
    status, out, _err = run(capsys, "codebook", "show", db, "--question", "Q2", "--json")
    shown = json.loads(out)
    assert shown["codes"][0]["id"] == "Lack of resources"
    assert shown["codes"][0]["guid"] == "{A1B2C3D4-0000-4000-8000-000000000001}"
    assert shown["codes"][1]["codable"] is False


def test_convert_between_formats(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    qdc = tmp_path / "b.qdc"
    status, out, _err = run(capsys, "codebook", "convert", str(DATA / "nested.yaml"), str(qdc))
    assert status == 0 and "wrote" in out
    back = tmp_path / "b.yaml"
    assert run(capsys, "codebook", "convert", str(qdc), str(back))[0] == 0
    assert [c.id for c in read_yaml(back).all_codes()] == [
        c.id for c in read_yaml(DATA / "nested.yaml").all_codes()
    ]
    status, _out, err = run(capsys, "codebook", "convert", str(DATA / "foreign.qdc"), str(back))
    assert status == 1
    assert "'Lack of resources' cannot be written to a YAML codebook" in err


def test_add_and_show_on_sqlite_and_postgresql(
    capsys: pytest.CaptureFixture[str], any_db: str
) -> None:
    assert run(capsys, "init", any_db)[0] == 0
    path = str(DATA / "nested.yaml")
    args = ("codebook", "add", any_db, path, "--question", "Q1", "--create-question", "--json")
    assert json.loads(run(capsys, *args)[1])["changed"] is True
    assert json.loads(run(capsys, *args)[1])["changed"] is False
    status, out, _err = run(capsys, "codebook", "show", any_db, "--question", "Q1", "--json")
    assert status == 0
    shown = json.loads(out)
    assert [c["id"] for c in shown["codes"][0]["children"]] == ["resources.money", "resources.time"]
