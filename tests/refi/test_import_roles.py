"""A REFI-QDA import follows the project's roles as `coder codebook add` does.

Once a project has a lead, a codebook version that would retire or move codes other coders
have used needs a lead: `coder codebook add --coder LEAD` for a codebook file, and
`coder import --coder LEAD` for a `.qdpx` that brings a changed codebook. Refused, the
import prints the same one line and changes nothing. Through the real CLI on SQLite.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tests.cli.test_messages import _speak
from tests.cli_helpers import run_cli

from .conftest import REFI_DATA

SOURCE = REFI_DATA / "variants" / "legacy_text_encodings.qdpx"
REFUSAL = (
    "coder: error: only a lead (lena) can retire or move code 'Ryhmäkoko' of survey: other "
    "coders have used it (add the codebook as a lead: --coder LEAD)\n"
)


def _without_ryhmakoko(source: Path, target: Path) -> None:
    """The same project from the other tool, its code 'Ryhmäkoko' and its one coding gone."""
    with zipfile.ZipFile(source) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    qde = members["project.qde"].decode("utf-8")
    qde = qde.replace('<Code guid="K2" name="Ryhmäkoko" isCodable="true"/>', "")
    start = qde.index('<PlainTextSelection guid="SD"')
    end = qde.index("</PlainTextSelection>", start) + len("</PlainTextSelection>")
    members["project.qde"] = (qde[:start] + qde[end:]).encode("utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def _state(capsys: pytest.CaptureFixture[str], db: str) -> tuple[object, object]:
    """What a refused import must leave as it was: the status and the codebook."""
    status_out = run_cli(capsys, "status", db, "--json")[1]
    book_out = run_cli(capsys, "codebook", "show", db, "--question", "survey", "--json")[1]
    return json.loads(status_out), json.loads(book_out)


@pytest.fixture
def led(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, Path]:
    """A project made from another tool's `survey.qdpx` (Maria coded both its codes), with
    lena as lead; and the next version of the file, one code fewer."""
    db = str(tmp_path / "p.sqlite")
    first = tmp_path / "survey.qdpx"
    shutil.copyfile(SOURCE, first)
    for step in (("init", db), ("import", db, str(first)), ("role", db, "lena", "lead")):
        status, _out, err = run_cli(capsys, *step)
        assert status == 0, (step, err)
    second = tmp_path / "v2" / "survey.qdpx"
    _without_ryhmakoko(SOURCE, second)
    return db, second


def test_a_qdpx_retiring_codes_others_used_needs_a_lead(
    led: tuple[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    db, second = led
    before = _state(capsys, db)
    for who in ((), ("--coder", "anna")):
        status, out, err = run_cli(capsys, "import", db, str(second), *who)
        assert (status, out, err) == (1, "", REFUSAL), who
        assert _state(capsys, db) == before
    status, _out, err = run_cli(capsys, "import", db, str(second), "--coder", "lena")
    assert status == 0, err
    _status, book = _state(capsys, db)
    assert isinstance(book, dict)
    assert [code["id"] for code in book["codes"]] == ["Lärare"]


def test_the_same_rule_and_line_as_codebook_add(
    led: tuple[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, _second = led
    qdc = tmp_path / "book.qdc"
    args = ("codebook", "export", db, "--question", "survey", "--out", str(qdc))
    assert run_cli(capsys, *args)[0] == 0
    tree = etree.parse(str(qdc))
    for code in tree.getroot().iter("{*}Code"):
        if code.get("name") == "Ryhmäkoko":
            code.getparent().remove(code)
    tree.write(str(qdc), xml_declaration=True, encoding="utf-8")
    status, out, err = run_cli(capsys, "codebook", "add", db, str(qdc), "--question", "survey")
    assert (status, out, err) == (1, "", REFUSAL)
    # `coder import` of the .qdc, given the question, keeps the same rule and says the same
    before = _state(capsys, db)
    for who in ((), ("--coder", "anna")):
        status, out, err = run_cli(capsys, "import", db, str(qdc), "--question", "survey", *who)
        assert (status, out, err) == (1, "", REFUSAL), who
        assert _state(capsys, db) == before
    args = ("import", db, str(qdc), "--question", "survey", "--coder", "lena")
    status, out, err = run_cli(capsys, *args)
    assert status == 0, err
    assert "attached to question 'survey'" in out
    _status, book = _state(capsys, db)
    assert isinstance(book, dict)
    assert [code["id"] for code in book["codes"]] == ["Lärare"]


def test_the_refusal_in_swedish(
    led: tuple[str, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, second = led
    _speak(monkeypatch, "sv")
    status, _out, err = run_cli(capsys, "import", db, str(second))
    assert status == 1
    assert err == (
        "coder: error: bara en projektledare (lena) kan avveckla eller flytta koden 'Ryhmäkoko' "
        "i survey: andra kodare har använt den (lägg till kodboken som projektledare: "
        "--coder PROJEKTLEDARE)\n"
    )


def test_without_a_lead_anyone_imports_the_changed_codebook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "solo.sqlite")
    first = tmp_path / "survey.qdpx"
    shutil.copyfile(SOURCE, first)
    assert run_cli(capsys, "init", db)[0] == 0
    assert run_cli(capsys, "import", db, str(first))[0] == 0
    second = tmp_path / "v2" / "survey.qdpx"
    _without_ryhmakoko(SOURCE, second)
    status, _out, err = run_cli(capsys, "import", db, str(second))
    assert status == 0, err
