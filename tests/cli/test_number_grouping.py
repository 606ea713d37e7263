"""Large counts and sizes in messages have their digits grouped in the user's language.

"20 000 000 celler" (a no-break space, as CLDR writes Swedish and Finnish numbers), "20,000,000
cells" in English: the catalogue marks a count that may be large with ``{name:,}`` in every
language, and the language decides the separator. Real CLI runs on real SQLite files.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from coder.errors import Message, Number
from tests.cli.test_messages import _speak
from tests.cli_helpers import run_cli

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "tests" / "data" / "hostile"
NBSP = "\u00a0"
# A placeholder with what follows its name: "{limit:,}" -> ("limit", ":,").
PLACEHOLDER = re.compile(r"{(\w+)((?:![rsa])?(?::[^{}]*)?)}")


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """An empty project, made through the CLI."""
    path = str(tmp_path / "survey.sqlite")
    assert run_cli(capsys, "init", path)[0] == 0
    return path


def _forms(message) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    return message.string if isinstance(message.string, tuple) else (message.string,)


def test_every_translation_formats_its_numbers_as_the_english_does() -> None:
    catalogues = {}
    for lang in ("en", "sv", "fi"):
        with (ROOT / "coder" / "locale" / lang / "LC_MESSAGES" / "coder.po").open("rb") as f:
            catalogues[lang] = read_po(f, locale=lang)
    bare = []
    for lang, catalogue in catalogues.items():
        for message in catalogue:
            if not message.id:
                continue
            english = {
                spec
                for form in _forms(catalogues["en"][message.id])
                for spec in PLACEHOLDER.findall(form)
            }
            for form in _forms(message):
                found = set(PLACEHOLDER.findall(form))
                assert found == english, (lang, message.id, found, english)
                bare += [(lang, message.id, name) for name, spec in found if spec == ":d"]
    # A count that may be large is grouped ({n:,}); ":d" would print "20000000 celler".
    assert bare == []
    sizes = [
        message.id
        for message in catalogues["en"]
        for form in _forms(message)
        if message.id and re.search(r"{\w+(![rsa])?} bytes", form)
    ]
    assert sizes == []  # a size in bytes is "2,147,483,648 bytes", never "2147483648 bytes"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "sv",
            f"10{NBSP}000 rader med 5{NBSP}002 kolumner är fler än de 20{NBSP}000{NBSP}000 celler",
        ),
        (
            "fi",
            f"10{NBSP}000 riviä ja 5{NBSP}002 saraketta on enemmän kuin coderin lukemat "
            f"20{NBSP}000{NBSP}000 solua",
        ),
        ("en", "10,000 rows of 5,002 columns are more than the 20,000,000 cells coder reads"),
    ],
)
def test_a_padded_table_names_its_cells_grouped_in_the_users_language(
    lang: str,
    expected: str,
    db: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _speak(monkeypatch, lang)
    bomb = str(HOSTILE / "padding_bomb.csv")
    status, out, err = run_cli(capsys, "import", db, bomb, "--id", "id", "--text", "answer")
    assert status == 1 and out == ""
    assert err.startswith("coder: error: padding_bomb.csv: ") and err.count("\n") == 1
    assert expected in err


@pytest.mark.parametrize(
    ("lang", "size", "limit"),
    [
        ("sv", f"67{NBSP}108{NBSP}864 byte", f"de 16{NBSP}777{NBSP}216 en kodbok"),
        ("fi", f"67{NBSP}108{NBSP}864 tavua", f"enimmäiskoko 16{NBSP}777{NBSP}216"),
        ("en", "67,108,864 bytes", "the 16,777,216 a codebook"),
    ],
)
def test_a_codebook_over_the_limit_names_both_sizes_grouped(
    lang: str,
    size: str,
    limit: str,
    db: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as handle:  # sparse: next to nothing on disk
        handle.write(b"codebook: huge\ncodes: []\n")
        handle.truncate(64 * 1024**2)
    _speak(monkeypatch, lang)
    status, _out, err = run_cli(capsys, "codebook", "add", db, str(huge), "--question", "Q1")
    assert status == 1 and err.count("\n") == 1
    assert size in err and limit in err


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("sv", f"rad 2: en cell längre än 131{NBSP}072 tecken"),
        ("fi", f"rivi 2: solu on pidempi kuin 131{NBSP}072 merkkiä"),
        ("en", "row 2: a cell longer than 131,072 characters"),
    ],
)
def test_an_overlong_csv_cell_names_the_limit_grouped(
    lang: str,
    expected: str,
    db: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    big = tmp_path / "big_cell.csv"
    big.write_text("id,answer\nR1," + "a" * 200_000 + "\n", encoding="utf-8")
    _speak(monkeypatch, lang)
    status, _out, err = run_cli(capsys, "import", db, str(big), "--id", "id", "--text", "answer")
    assert status == 1 and err.count("\n") == 1
    assert expected in err
    assert run_cli(capsys, "status", db, "--json")[1].count('"answers"') == 0  # nothing stored


def test_the_agreement_note_and_figures_group_their_digits() -> None:
    note = Message("agreement.note.too_many_sets", n=12_345)
    assert note.text("sv").startswith(f"inte beräknad: 12{NBSP}345 olika kodmängder")
    assert note.text("fi").startswith(f"ei laskettu: 12{NBSP}345 erilaista koodijoukkoa")
    assert str(note).startswith("not computed: 12,345 distinct code sets")
    assert Number(1234.5).text("sv") == f"1{NBSP}234,5" and Number(1234.5).text() == "1,234.5"
    assert Number(2.25, 2).text("fi") == "2,25"


def test_sizes_and_lengths_in_refused_files_group_their_digits() -> None:
    too_big = Message("error.refi.too_big", file="p.qdpx", size=2_147_483_648)
    assert (
        too_big.text("fi")
        == f"p.qdpx: arkisto purkautuu 2{NBSP}147{NBSP}483{NBSP}648 tavuksi, mikä on enemmän kuin sallittu"
    )
    assert str(too_big) == "p.qdpx: the archive expands to 2,147,483,648 bytes, more than allowed"
    member = Message("error.refi.member_too_large", file="p.qdpx", member="a.txt", size=10**9)
    assert f"(1{NBSP}000{NBSP}000{NBSP}000 byte)" in member.text("sv")
    long_id = Message(
        "error.ingest.id_too_long",
        file="s.csv",
        what="respondent id",
        value="x",
        n=131_072,
        limit=200,
    )
    assert "is 131,072 characters, more than the 200" in str(long_id)
