"""Each REFI-QDA layout real tools write imports whole and exports back to the same segments.

The fixtures (tests/data/refi, written by make_fixtures.py) reproduce the layouts of MAXQDA,
NVivo for Mac and Windows, ATLAS.ti and Taguette; see docs/import.md.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from coder.errors import NotFoundError
from coder.refi.importer import import_refi
from coder.store.codebooks import active_codes
from coder.store.models import Event, Memo
from coder.store.project import Project
from coder.store.queries import attributes_of, questions
from tests.cli_helpers import run_cli

from .conftest import REFI_DATA
from .helpers import assert_valid_standard_layout, load_script, qualcoder_keys, read, stored_codings

PROJECTS = [
    "lower_sources.qdpx",
    "upper_sources.qdpx",
    "named_project.qdpx",
    "relative_paths.qdpx",
    "inline_text.qde",
]


def load_generator():  # type: ignore[no-untyped-def]
    return load_script(REFI_DATA / "make_fixtures.py")


def test_committed_fixtures_are_what_the_generator_writes(tmp_path: Path) -> None:
    for path in load_generator().make_fixtures(tmp_path):
        assert path.read_bytes() == (REFI_DATA / path.name).read_bytes(), path.name


def imported(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> tuple[str, dict]:
    db = str(tmp_path / "project.sqlite")
    assert run_cli(capsys, "init", db)[0] == 0
    status, out, err = run_cli(capsys, "import", db, str(REFI_DATA / name), "--json")
    assert status == 0, err
    return db, json.loads(out)


@pytest.mark.parametrize("name", PROJECTS)
def test_every_layout_imports_all_texts_codes_and_segments(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, result = imported(tmp_path, capsys, name)
    generator = load_generator()
    texts = len(generator.TEXTS)
    assert result["answers"] == texts and result["respondents"] == texts
    assert result["codes"] == 7
    assert result["codings"] == texts * generator.CODINGS_PER_TEXT
    assert result["segments"] == texts * (generator.CODINGS_PER_TEXT - 1)
    # who coded is the selection's user, in NVivo's layout too; a user with no codings apart
    assert result["coders"] == ["Jukka", "Maria"]
    assert result["codings_by_coder"] == {"Jukka": 9, "Maria": 9}
    assert result["users_without_codings"] == (["Liisa"] if name == "named_project.qdpx" else [])
    question = Path(name).stem
    with Project.open(db) as project:
        with project.session(write=False) as s:
            codes = active_codes(s, question)
            keys = {c.id: c.key for c in codes}
            tree = [(c.key, keys.get(c.parent_id or -1), c.labels["sv"]) for c in codes]
            attrs = attributes_of(s)
        codings = stored_codings(project)
    # names kept exactly as labels; the repeated "Tid" gets its parent's path as its id
    assert tree == [
        ("1. Resurser och tid", None, "1. Resurser och tid"),
        ("Tid", "1. Resurser och tid", "Tid"),
        ("Pengar", "1. Resurser och tid", "Pengar"),
        ("Opetus ja Ryhmät", None, "Opetus ja Ryhmät"),
        ("Opetus ja Ryhmät/Tid", "Opetus ja Ryhmät", "Tid"),
        ("Ryhmäkoko", "Opetus ja Ryhmät", "Ryhmäkoko"),
        ("admin. & fees", None, "admin. & fees"),
    ]
    # the same code by the same coder at two offsets: two segments, kept exactly
    assert (question, "R1", "Maria", "Tid", 0, 9) in codings
    assert (question, "R1", "Maria", "Tid", 20, 30) in codings
    assert (question, "R1", "Jukka", "Tid", 0, 9) in codings
    assert (question, "R1", "Jukka", "Pengar", None, None) in codings  # the whole text
    assert attrs["R1"]["Universitet"] == "Åbo Akademi" and attrs["R2"]["Universitet"] == "Helsinki"
    if name == "inline_text.qde":  # variables written on the source itself (MAXQDA)
        assert {a.get("Roll") for a in attrs.values()} == {"student"}


@pytest.mark.parametrize("name", PROJECTS)
def test_every_layout_exports_back_to_the_same_segments(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, _result = imported(tmp_path, capsys, name)
    out = tmp_path / "again.qdpx"
    status, _out, err = run_cli(
        capsys, "export", db, "--format", "qdpx", "--lang", "fi", "--out", str(out)
    )
    assert status == 0, err
    root = assert_valid_standard_layout(out)
    assert read(out).segment_set() == read(REFI_DATA / name).segment_set()
    # QualCoder keeps one row per (code, source, start, end, selection's user): none is lost
    keys = qualcoder_keys(root)
    assert len(keys) == len(set(keys)) == 3 * load_generator().CODINGS_PER_TEXT
    # and re-importing gives the same codings
    again = str(tmp_path / "again.sqlite")
    run_cli(capsys, "init", again)
    assert run_cli(capsys, "import", again, str(out))[0] == 0
    with Project.open(db) as first, Project.open(again) as second:
        assert stored_codings(first) == stored_codings(second)


def test_non_text_sources_are_listed_and_notes_become_memos(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, result = imported(tmp_path, capsys, "named_project.qdpx")
    assert result["skipped_sources"] == [
        "picture 'photo.jpg'",
        "PDF 'report.pdf'",
        "audio 'interview.m4a'",
        "video 'clip.mp4'",
    ]
    assert result["memos"] == 2
    with Project.open(db) as project, project.session(write=False) as s:
        memos = {(m.target_type, m.text) for m in s.scalars(select(Memo))}
    assert ("question", "Research plan\nCode the answers about time first.") in memos
    assert ("answer", "Handledning comes up in every answer about time.") in memos
    # the summary a person reads names what was skipped
    db2 = str(tmp_path / "second.sqlite")
    run_cli(capsys, "init", db2)
    status, out, _err = run_cli(capsys, "import", db2, str(REFI_DATA / "named_project.qdpx"))
    assert status == 0
    assert "4 sources skipped (coder imports text): picture 'photo.jpg'" in out + _err
    # and names who coded, with their codings; Liisa, a user who coded nothing, is not one
    assert "18 codings by Jukka (9), Maria (9) (15 of part of an answer" in out
    assert "Liisa" not in out


def test_a_project_nobody_coded_says_0_codings_and_no_coder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from coder.refi.model import RefiProject, TextSource
    from coder.refi.writer import write_qdpx

    path = tmp_path / "uncoded.qdpx"
    source = TextSource("0c6a3f52-7d4b-5f0e-9a51-2b8e1f6d9c02", "R1", "Ingen tid att lära sig.")
    write_qdpx(RefiProject(name="p", sources=[source]), path)
    db = str(tmp_path / "p.sqlite")
    run_cli(capsys, "init", db)
    status, out, err = run_cli(capsys, "import", db, str(path))
    assert status == 0, err
    assert "; 0 codings" in out and " by " not in out.split("; 0 codings")[1]


def test_a_codebook_file_asks_for_its_question_and_creates_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A .qdc holds codes, no answers: `coder import` names the command that attaches it to a
    question (and the questions there are) instead of making an empty question for it."""
    qdc = REFI_DATA / "empty_sets.qdc"
    db = str(tmp_path / "project.sqlite")
    run_cli(capsys, "init", db)
    status, out, err = run_cli(capsys, "import", db, str(qdc))
    assert status == 1 and out == ""
    assert err.splitlines() == [
        f"coder: error: {qdc}: a REFI-QDA codebook (.qdc) holds codes, no answers; attach it "
        f"to a question with `coder codebook add {db} {qdc} --question QID` (no questions yet: "
        "import answers first)"
    ]
    with Project.open(db) as project, project.session(write=False) as s:
        assert questions(s) == [] and s.scalar(select(func.count()).select_from(Event)) == 0
    # with answers in, the questions are named, and the command named attaches it
    assert run_cli(capsys, "import", db, str(REFI_DATA / "lower_sources.qdpx"))[0] == 0
    with Project.open(db) as project, project.session(write=False) as s:
        events = s.scalar(select(func.count()).select_from(Event))
    status, _out, err = run_cli(capsys, "import", db, str(qdc))
    assert status == 1 and "(questions: lower_sources)" in err
    status, _out, err = run_cli(
        capsys, "codebook", "add", db, str(qdc), "--question", "lower_sources"
    )
    assert status == 0, err
    with Project.open(db) as project, project.session(write=False) as s:
        assert [q.id for q in questions(s)] == ["lower_sources"]
        assert s.scalar(select(func.count()).select_from(Event)) == events + 1
        assert [c.key for c in active_codes(s, "lower_sources")] == [
            "xsd:element name",
            "Tid och Resurser",
        ]


def test_a_codebook_file_goes_to_the_question_named_and_only_an_existing_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, _result = imported(tmp_path, capsys, "lower_sources.qdpx")
    with Project.open(db) as project:
        with pytest.raises(NotFoundError, match=r"no question 'Q9'.*questions: lower_sources"):
            import_refi(project, REFI_DATA / "empty_sets.qdc", question_id="Q9")
        with project.session(write=False) as s:
            assert [q.id for q in questions(s)] == ["lower_sources"]
        result = import_refi(project, REFI_DATA / "empty_sets.qdc", question_id="lower_sources")
        assert (result.kind, result.questions, result.codes) == ("codebook", ["lower_sources"], 2)
        with project.session(write=False) as s:
            assert {c.key for c in active_codes(s, "lower_sources")} == {
                "xsd:element name",
                "Tid och Resurser",
            }


def test_a_qdpx_with_two_project_files_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "two.qdpx"
    with (
        zipfile.ZipFile(REFI_DATA / "lower_sources.qdpx") as source,
        zipfile.ZipFile(path, "w") as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("Other.qde", source.read("project.qde"))
    db = str(tmp_path / "project.sqlite")
    run_cli(capsys, "init", db)
    status, _out, err = run_cli(capsys, "import", db, str(path))
    assert status == 1
    assert "holds 2 project files (Other.qde, project.qde); a .qdpx has exactly one" in err


def test_a_failed_export_leaves_nothing_at_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The archive is written to a temporary file beside --out and renamed at the end."""
    from coder.errors import InputError
    from coder.refi.exporter import export_refi

    db, _result = imported(tmp_path, capsys, "lower_sources.qdpx")
    out = tmp_path / "taken"
    out.mkdir()  # a folder where the file should go: the rename fails after all is written
    with (
        Project.open(db) as project,
        project.session(write=False) as s,
        pytest.raises(InputError, match="cannot write the file"),
    ):
        export_refi(s, out)
    assert list(out.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project.sqlite", "taken"]


def test_a_bare_qde_reads_its_texts_from_a_sources_folder_beside_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unzipped .qdpx: the texts in a Sources folder next to the .qde, nothing outside it."""
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(REFI_DATA / "upper_sources.qdpx") as zf:
        for name in zf.namelist():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(zf.read(name))
    qde = folder / "project.qde"
    secret = tmp_path / "secret.txt"
    secret.write_text("not a source", encoding="utf-8")
    document = qde.read_text(encoding="utf-8").replace(
        'plainTextPath="internal://00000000-0000-4000-8000-000000000012.txt"',
        'plainTextPath="internal://../../secret.txt"',
    )
    qde.write_text(document, encoding="utf-8")
    db = str(tmp_path / "project.sqlite")
    run_cli(capsys, "init", db)
    status, out, err = run_cli(capsys, "import", db, str(qde), "--json")
    assert status == 0, err
    result = json.loads(out)
    assert result["answers"] == 2
    assert result["skipped_sources"] == ["text 'Source 12'"]
    assert any("../../secret.txt" in w for w in result["warnings"])
