"""Files that NVivo, MAXQDA, ATLAS.ti and Taguette wrote (``../shared/real-world/refi-qda``):
each imports with its text sources and codes, and a .qdpx exported again validates against
Project.xsd and holds the same (code name, source text, start, end, user) segments.

Skipped when the folder is absent (it is kept beside the clone, never copied into it).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coder.store.codebooks import active_codes
from coder.store.project import Project
from tests.cli_helpers import run_cli

from .conftest import REAL_WORLD, REFI_DATA
from .helpers import assert_valid_standard_layout, qualcoder_keys, read

FILES = sorted(p.name for p in REAL_WORLD.iterdir()) if REAL_WORLD.is_dir() else []

KNOWN = {
    # counts read from each file's XML (../shared/real-world/README.md); who coded is the
    # selection's creatingUser, and the other users are listed apart
    "nvivo12-windows_oltas0517.qdpx": {
        "answers": 2,
        "codes": 152,
        "codings": 303,
        "codings_by_coder": {"Gergo": 6, "floriansipos": 297},
        "users_without_codings": [],
    },
    "nvivo12-mac_OltasSzkepticizmus.qdpx": {
        "answers": 2,
        "codes": 152,
        "codings": 297,
        "codings_by_coder": {"floriansipos": 297},
        "users_without_codings": ["Gergo"],
    },
    "maxqda24_ICLS_just10.qdpx": {
        "answers": 10,
        "codes": 307,
        "codings": 0,
        "codings_by_coder": {},
        "users_without_codings": ["johnb"],
    },
    "taguette1.4_codebook.qdc": {"codes": 3},
}
"""What each known file must import as; any other file there must still import and round-trip."""


@pytest.mark.skipif(not FILES, reason="no ../shared/real-world/refi-qda beside the clone")
@pytest.mark.parametrize("name", FILES)
def test_a_real_file_imports_whole_and_exports_the_same_segments(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = REAL_WORLD / name
    db = str(tmp_path / "project.sqlite")
    assert run_cli(capsys, "init", db)[0] == 0
    if path.suffix == ".qdc":  # codes only: attached to a question that has answers
        assert run_cli(capsys, "import", db, str(REFI_DATA / "lower_sources.qdpx"))[0] == 0
        status, _out, err = run_cli(capsys, "import", db, str(path))
        assert status == 1 and "`coder codebook add" in err and "lower_sources" in err
        status, _out, err = run_cli(
            capsys, "codebook", "add", db, str(path), "--question", "lower_sources", "--json"
        )
        assert status == 0, err
        with Project.open(db) as project, project.session(write=False) as s:
            codes = active_codes(s, "lower_sources")
        assert len(codes) == KNOWN.get(name, {}).get("codes", len(codes)) > 0
        return
    status, out, err = run_cli(capsys, "import", db, str(path), "--json")
    assert status == 0, err
    result = json.loads(out)
    for field, value in KNOWN.get(name, {}).items():
        assert result[field] == value, field
    original = read(path)
    # every text source whose text the file holds is an answer; the others are named
    assert result["answers"] == len(original.sources)
    assert result["codes"] == sum(1 for _ in original.all_codes())
    assert len(result["skipped_sources"]) == len(original.skipped)
    out_path = tmp_path / "again.qdpx"
    status, _out, err = run_cli(capsys, "export", db, "--format", "qdpx", "--out", str(out_path))
    assert status == 0, err
    root = assert_valid_standard_layout(out_path)
    again = read(out_path)
    assert again.segment_set() == original.segment_set()
    assert {c.name for c, _p in again.all_codes()} == {c.name for c, _p in original.all_codes()}
    keys = qualcoder_keys(root)
    assert len(set(keys)) == len(keys) == len(original.segment_set())
    # who coded: every user with a selection, none of the others
    users = {u.name for u in original.users}
    assert set(result["coders"]) | set(result["users_without_codings"]) == users
    assert sum(result["codings_by_coder"].values()) == result["codings"]


@pytest.mark.skipif(
    "atlasti8_standard_project.qde" not in FILES, reason="the ATLAS.ti sample is not there"
)
def test_a_bare_qde_without_its_texts_says_which_sources_it_could_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ATLAS.ti's sample project.qde names its texts in an archive that is not beside it."""
    db = str(tmp_path / "project.sqlite")
    run_cli(capsys, "init", db)
    status, out, err = run_cli(
        capsys, "import", db, str(REAL_WORLD / "atlasti8_standard_project.qde"), "--json"
    )
    assert status == 0, err
    result = json.loads(out)
    assert result["codes"] == 14 and result["memos"] == 1
    # its 8 selections sit in texts it does not hold: its 3 users coded nothing here
    assert result["coders"] == [] and len(result["users_without_codings"]) == 3
    kinds = [entry.split(" ", 1)[0] for entry in result["skipped_sources"]]
    assert sorted(kinds) == ["PDF", "PDF", "audio", "picture", *["text"] * 6, "video", "video"]
    assert sum("its text is not in the project" in w for w in result["warnings"]) == 6
