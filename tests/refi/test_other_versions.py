"""REFI-QDA projects in shapes the first fixtures do not have: each imports every text
exactly, with its segment on the right characters.

The files in tests/data/refi/variants/ are written by make_variants.py there, which names
the public tool or version each follows.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from coder.codebook.qdc import parse_qdc
from coder.store.codebooks import active_codes
from coder.store.project import Project
from tests.cli_helpers import run_cli

from .conftest import REFI_DATA
from .helpers import assert_valid_standard_layout, load_script, read, stored_codings

VARIANTS = REFI_DATA / "variants"
SV = "Kursen var bra men lärarna hade för lite tid för handledning."
FI = "Opetus oli hyvää, mutta ryhmät olivat liian suuria ja tilat ahtaita."
NAMES = [
    "maxqda2020_short_guids.qdpx",
    "paths_without_extension.qdpx",
    "legacy_text_encodings.qdpx",
    "zipped_folder.qdpx",
    "utf16_document.qde",
]


def test_committed_variants_are_what_the_generator_writes(tmp_path: Path) -> None:
    written = load_script(VARIANTS / "make_variants.py").make_variants(tmp_path)
    assert sorted(p.name for p in written) == sorted(NAMES)
    for path in written:
        assert path.read_bytes() == (VARIANTS / path.name).read_bytes(), path.name


@pytest.mark.parametrize("name", NAMES)
def test_every_variant_imports_its_texts_and_segments(
    name: str, any_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(capsys, "init", any_db)[0] == 0
    status, out, err = run_cli(capsys, "import", any_db, str(VARIANTS / name), "--json")
    assert status == 0, err
    summary = json.loads(out)
    assert summary["answers"] == 2
    assert summary["codings"] == 2
    assert summary["segments"] == 1
    assert summary["skipped_sources"] == ["picture 'Screenshot'", "video 'New Recording 11'"]
    status, out, _ = run_cli(capsys, "answers", any_db, "--json")
    texts = {a["respondent_id"]: a["text"] for a in json.loads(out)["answers"]}
    assert texts == {"Svar A": SV, "Svar D": FI}  # no replacement characters, no BOM
    project = Project.open(any_db)
    try:
        codings = stored_codings(project)
    finally:
        project.close()
    question = Path(name).stem
    assert codings == {
        (question, "Svar A", "Maria", "Lärare", 19, 26),
        (question, "Svar D", "Maria", "Ryhmäkoko", None, None),  # the whole text
    }
    assert SV[19:26] == "lärarna"


def test_a_text_in_another_encoding_is_named_in_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "p.sqlite")
    assert run_cli(capsys, "init", db)[0] == 0
    path = str(VARIANTS / "legacy_text_encodings.qdpx")
    status, out, _ = run_cli(capsys, "import", db, path, "--json")
    assert json.loads(out)["warnings"] == [
        "source 'Svar A': its text file is utf-16, not UTF-8; read as such",
        "source 'Svar D': its text file is cp1252, not UTF-8; read as such",
    ]


def test_an_undecodable_text_fails_in_one_line_and_imports_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A text file that is no text in any encoding coder reads (UTF-16 cut in the middle of
    a character) stops the import with one line naming the archive and the file."""
    path = tmp_path / "broken.qdpx"
    with zipfile.ZipFile(VARIANTS / "legacy_text_encodings.qdpx") as source:
        members = {name: source.read(name) for name in source.namelist()}
    members["Sources/A.txt"] = members["Sources/A.txt"][:-1]  # an odd number of bytes
    with zipfile.ZipFile(path, "w") as target:
        for name, data in members.items():
            target.writestr(name, data)
    db = str(tmp_path / "p.sqlite")
    assert run_cli(capsys, "init", db)[0] == 0
    status, _, err = run_cli(capsys, "import", db, str(path))
    assert status == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(
        f"coder: error: {path}: internal://A.txt (the text of 'Svar A') is not readable text: "
        "byte 0x"
    )
    status, out, _ = run_cli(capsys, "answers", db, "--json")
    assert json.loads(out)["answers"] == []


def test_a_zip_of_two_exported_folders_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "two.qdpx"
    with zipfile.ZipFile(VARIANTS / "zipped_folder.qdpx") as source:
        qde = source.read("Kurssipalaute/project.qde")
    with zipfile.ZipFile(path, "w") as target:
        target.writestr("Kevät/project.qde", qde)
        target.writestr("Syksy/project.qde", qde)
    db = str(tmp_path / "p.sqlite")
    assert run_cli(capsys, "init", db)[0] == 0
    status, _, err = run_cli(capsys, "import", db, str(path))
    assert status == 1
    assert err.strip() == (
        f"coder: error: {path}: the archive holds 2 projects in folders "
        "(Kevät/project.qde, Syksy/project.qde); a .qdpx holds one, at its top"
    )


def test_is_codable_written_with_a_capital_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``isCodable="False"`` (as .NET's Boolean.ToString() writes it) makes a grouping code
    in a project and in a .qdc codebook alike."""
    codes = (
        '<Code guid="G1" name="Resurser" isCodable="False">'
        '<Code guid="G2" name="Tid" isCodable="True"/></Code>'
    )
    qdc = tmp_path / "codes.qdc"
    qdc.write_text(
        f'<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0">'
        f"<Codes>{codes}</Codes></CodeBook>",
        encoding="utf-8",
    )
    with zipfile.ZipFile(VARIANTS / "maxqda2020_short_guids.qdpx") as source:
        members = {name: source.read(name) for name in source.namelist()}
    qde = members["project.qde"].decode()
    members["project.qde"] = qde.replace("<Codes>", f"<Codes>{codes}", 1).encode()
    path = tmp_path / "capitals.qdpx"
    with zipfile.ZipFile(path, "w") as target:
        for name, data in members.items():
            target.writestr(name, data)
    db = str(tmp_path / "p.sqlite")
    assert run_cli(capsys, "init", db)[0] == 0
    status, _, err = run_cli(capsys, "import", db, str(path))
    assert status == 0, err
    book = parse_qdc(qdc.read_bytes(), qdc.name, "codes")
    assert [(c.id, c.codable) for c in book.codes] == [("Resurser", False)]
    assert [(c.id, c.codable) for c in book.codes[0].children] == [("Tid", True)]
    project = Project.open(db)
    try:
        with project.session(write=False) as session:
            codable = {c.key: c.codable for c in active_codes(session, "capitals")}
    finally:
        project.close()
    assert codable["Resurser"] is False
    assert codable["Tid"] is True


def test_a_project_with_short_guids_exports_a_valid_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """MAXQDA 2020's guids ('A', 'K1') are no GUIDs: coder's export derives real ones, so
    the file it writes is valid against Project.xsd and reads back to the same segments."""
    db = str(tmp_path / "p.sqlite")
    assert run_cli(capsys, "init", db)[0] == 0
    source = VARIANTS / "maxqda2020_short_guids.qdpx"
    assert run_cli(capsys, "import", db, str(source))[0] == 0
    out = tmp_path / "again.qdpx"
    status, _, err = run_cli(capsys, "export", db, "--format", "qdpx", "--out", str(out))
    assert status == 0, err
    assert_valid_standard_layout(out)
    assert read(out).segment_set() == read(source).segment_set()


def test_coders_missing_from_the_user_list_are_kept_apart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two users who coded, neither in ``<Users>``: two coders named by their guids, not one
    merged coder whose codings would agree with themselves."""
    with zipfile.ZipFile(VARIANTS / "maxqda2020_short_guids.qdpx") as source:
        members = {name: source.read(name) for name in source.namelist()}
    qde = (
        members["project.qde"].decode().replace('<Users><User guid="U1" name="Maria"/></Users>', "")
    )
    qde = qde.replace(
        'guid="SD" startPosition="0" endPosition="68" creatingUser="U1"',
        'guid="SD" startPosition="0" endPosition="68" creatingUser="U2"',
    )
    members["project.qde"] = qde.replace(
        'creatingUser="U1"><CodeRef targetGUID="K2"', 'creatingUser="U2"><CodeRef targetGUID="K2"'
    ).encode()
    path = tmp_path / "unlisted.qdpx"
    with zipfile.ZipFile(path, "w") as target:
        for name, data in members.items():
            target.writestr(name, data)
    db = str(tmp_path / "p.sqlite")
    assert run_cli(capsys, "init", db)[0] == 0
    status, out, err = run_cli(capsys, "import", db, str(path), "--json")
    assert status == 0, err
    summary = json.loads(out)
    assert summary["codings_by_coder"] == {"U1": 1, "U2": 1}
    assert summary["warnings"] == [
        "2 users who coded are not listed in <Users>; they are named by their guids"
    ]
