"""What import says beside its summary, in Swedish and Finnish (docs/cli.md, "Language").

Through the real CLI on real SQLite files: the REFI-QDA reader's warnings and the sources it
skips, the reason a column of short answers is skipped (with a decimal comma), and the sizes
named by the limits that refuse a hostile file. JSON stays English.
"""

from __future__ import annotations

import json
import struct
import zipfile
from pathlib import Path

import pytest

from coder.errors import Number
from coder.ingest.safety import RATIO_FLOOR
from tests.cli.test_messages import _speak
from tests.cli_helpers import run_cli

VARIANTS = Path(__file__).resolve().parents[1] / "data" / "refi" / "variants"
LEGACY = VARIANTS / "legacy_text_encodings.qdpx"

SHORT = """Timestamp,short,answer
2024/05/01 12:00:00,Ei oikein,There is not enough working time for this.
2024/05/01 12:01:00,Ei,Nobody knows what a micro-credential is.
2024/05/01 12:02:00,Kyllä vähän,We lack funding and time.
2024/05/01 12:03:00,Ei,Marketing to employers is hard.
"""


def _init(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> str:
    db = str(tmp_path / f"{name}.sqlite")
    assert run_cli(capsys, "init", db)[0] == 0
    return db


@pytest.mark.parametrize(
    ("lang", "encoding", "skipped"),
    [
        (
            "sv",
            "warning: källan 'Svar A': dess textfil är utf-16, inte UTF-8; läst som sådan",
            "warning: 2 källor hoppades över (coder importerar text): "
            "bild 'Screenshot', videofil 'New Recording 11'",
        ),
        (
            "fi",
            "warning: lähde 'Svar A': sen tekstitiedosto on utf-16, ei UTF-8; luettu sellaisena",
            "warning: 2 lähdettä ohitettu (coder tuo vain tekstiä): "
            "kuva 'Screenshot', videotiedosto 'New Recording 11'",
        ),
    ],
)
def test_refi_warnings_and_skipped_sources_in_the_users_language(
    lang: str,
    encoding: str,
    skipped: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = _init(tmp_path, capsys, lang)
    _speak(monkeypatch, lang)
    status, out, err = run_cli(capsys, "import", db, str(LEGACY))
    assert status == 0, err
    lines = err.splitlines()
    assert encoding in lines
    assert skipped in lines
    assert all(line.startswith("warning: ") for line in lines)
    assert out.count("\n") == 1  # the summary alone on stdout


def test_refi_json_stays_english_whatever_the_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _init(tmp_path, capsys, "json")
    _speak(monkeypatch, "fi")
    status, out, _err = run_cli(capsys, "import", db, str(LEGACY), "--json")
    document = json.loads(out)
    assert document["skipped_sources"] == ["picture 'Screenshot'", "video 'New Recording 11'"]
    assert document["warnings"][0] == (
        "source 'Svar A': its text file is utf-16, not UTF-8; read as such"
    )


def test_a_missing_text_and_a_bad_selection_are_warned_in_swedish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A source whose text file is gone, and a selection past the end of its text."""
    with zipfile.ZipFile(LEGACY) as source:
        members = {name: source.read(name) for name in source.namelist()}
    qde_name = next(name for name in members if name.endswith(".qde"))
    qde = members[qde_name].decode("utf-8")
    start = qde.index('startPosition="') + len('startPosition="')
    end_at = qde.index('endPosition="', start) + len('endPosition="')
    end_value = qde[end_at : qde.index('"', end_at)]
    qde = qde[:end_at] + "9999" + qde[end_at + len(end_value) :]
    members[qde_name] = qde.encode("utf-8")
    text_member = next(n for n in members if n.lower().endswith("d.txt"))
    del members[text_member]
    broken = tmp_path / "broken.qdpx"
    with zipfile.ZipFile(broken, "w") as target:
        for name, data in members.items():
            target.writestr(name, data)
    db = _init(tmp_path, capsys, "broken")
    _speak(monkeypatch, "sv")
    status, _out, err = run_cli(capsys, "import", db, str(broken))
    assert status == 0, err
    assert "hoppades över" in err and "källan 'Svar D': dess text finns inte i projektet (" in err
    assert "textkälla 'Svar D'" in err
    assert "tecken; hoppades över" in err  # the selection outside the text
    assert "source" not in err and "skipped" not in err


@pytest.mark.parametrize(
    ("lang", "reason"),
    [
        ("sv", "    korta svar (1,5 ord i genomsnitt): 'short'"),
        ("fi", "    lyhyitä vastauksia (keskimäärin 1,5 sanaa): 'short'"),
        ("en", "    short answers (1.5 words on average): 'short'"),
    ],
)
def test_a_column_of_short_answers_is_skipped_with_a_decimal_comma(
    lang: str,
    reason: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = _init(tmp_path, capsys, lang)
    survey = tmp_path / "forms.csv"
    survey.write_text(SHORT, encoding="utf-8")
    _speak(monkeypatch, lang)
    status, out, err = run_cli(capsys, "import", db, str(survey))
    assert status == 0, err
    assert reason in out.splitlines()
    status, out, _err = run_cli(capsys, "import", db, str(survey), "--dry-run", "--json")
    assert json.loads(out)["skipped_columns"]["short"] == "short answers (1.5 words on average)"


def test_a_file_over_the_size_limit_is_named_in_swedish_and_finnish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _init(tmp_path, capsys, "huge")
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as handle:  # sparse: no disk space is used
        handle.truncate(3 * 1024**3)
    _speak(monkeypatch, "sv")
    status, out, err = run_cli(capsys, "import", db, str(huge), "--id", "id", "--text", "a")
    assert (status, out) == (1, "")
    assert err.startswith("coder: error: huge.csv: ") and err.count("\n") == 1
    assert "3,0 GiB" in err and "256,0 MiB" in err
    _speak(monkeypatch, "fi")
    status, _out, err = run_cli(capsys, "import", db, str(huge), "--id", "id", "--text", "a")
    assert status == 1 and "3,0 GiB" in err and "3.0" not in err


def _declared_bomb(path: Path, packed_text: bytes) -> None:
    """An XLSX whose central directory says a tiny member expands past the ratio limit."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", packed_text)
    data = bytearray(path.read_bytes())
    central = data.rindex(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, RATIO_FLOOR + 4 * 1024**2)  # uncompressed size
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("sv", "packas upp från 30 byte till 20,0 MiB"),
        ("fi", "purkautuu koosta 30 tavua kokoon 20,0 MiB"),
        ("en", "expands from 30 bytes to 20.0 MiB"),
    ],
)
def test_a_zip_bomb_names_its_sizes_in_the_users_language(
    lang: str,
    said: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = _init(tmp_path, capsys, lang)
    bomb = tmp_path / "bomb.xlsx"
    _declared_bomb(bomb, b"<worksheet>" + b"x" * 19)
    _speak(monkeypatch, lang)
    status, _out, err = run_cli(capsys, "import", db, str(bomb), "--id", "id", "--text", "a")
    assert status == 1 and err.count("\n") == 1
    assert said in err, err


def test_a_number_is_said_with_the_languages_decimal_mark() -> None:
    assert [Number(2.25, 2).text(lang) for lang in ("en", "sv", "fi")] == ["2.25", "2,25", "2,25"]
    assert str(Number(1.0)) == "1.0"
