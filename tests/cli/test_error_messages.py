"""The core's errors in the user's language (docs/cli.md, "Language").

The domain core raises errors as catalogue ids with their values (`coder.errors`); the CLI
says them in the language it speaks, the TUI in the analyst's. Through the real CLI: an
error of each converted package in Swedish and Finnish, one line after the same prefix;
every `error.*` id in all three catalogues and used; and no converted package passing a
sentence of its own to an error.
"""

from __future__ import annotations

import ast
import json
import pickle
import re
import string
from pathlib import Path

import pytest

from coder import errors, i18n
from coder.agreement.render import BANDS, NOTES, evaluation_table, note_text, reading
from coder.atomic import atomic_outputs
from coder.codebook.problems import CodebookInvalid, Problem
from coder.errors import CoderError, InputError, Message, NotFoundError
from coder.ingest.formats import not_open_text
from tests.cli.test_messages import Q, _project, _speak
from tests.cli_helpers import run_cli

ROOT = Path(__file__).resolve().parents[2]
# The packages whose errors are catalogue ids (the others are converted as they are freed).
CONVERTED = (
    "coder/store",
    "coder/codebook",
    "coder/agreement",
    "coder/demo",
    "coder/text",
    "coder/resources.py",
    "coder/atomic.py",
    "coder/export",
    "coder/refi",
    "coder/ingest",
    "coder/suggest",
    "coder/tui/config.py",
    "coder/tui/state_base.py",
    "coder/tui/reconcile_state.py",
    "coder/tui/codebook_state.py",
)


def _said(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lang: str, *args: str
) -> tuple[int, str]:
    _speak(monkeypatch, lang)
    status, out, err = run_cli(capsys, *args)
    assert out == ""
    return status, err


def test_store_errors_in_swedish_and_finnish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = str(tmp_path / "none.sqlite")
    assert _said(capsys, monkeypatch, "sv", "status", missing) == (
        1,
        f"coder: error: {missing}: projektet finns inte (kör `coder init {missing}` först)\n",
    )
    assert _said(capsys, monkeypatch, "fi", "status", missing) == (
        1,
        f"coder: error: {missing}: projektia ei ole (suorita ensin `coder init {missing}`)\n",
    )
    assert _said(capsys, monkeypatch, "en", "status", str(tmp_path)) == (
        1,
        f"coder: error: {tmp_path}: is a directory, not a project file\n",
    )


def test_unknown_question_and_coder_in_swedish_and_finnish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, _folder = _project(tmp_path, capsys)
    coders = ("agreement", db, "--question", Q, "--coders", "anna,nobody")
    assert _said(capsys, monkeypatch, "sv", *coders) == (
        1,
        "coder: error: ingen kodare med namnet 'nobody' i det här projektet (kodare: anna, ben)\n",
    )
    assert _said(capsys, monkeypatch, "fi", *coders) == (
        1,
        "coder: error: projektissa ei ole koodaajaa nimeltä 'nobody' (koodaajat: anna, ben)\n",
    )
    # two unknown coders: the plural form of the catalogue
    both = ("agreement", db, "--question", Q, "--coders", "nobody,noone")
    status, err = _said(capsys, monkeypatch, "sv", *both)
    assert status == 1 and "inga kodare med namnen 'nobody', 'noone'" in err
    question = ("agreement", db, "--question", "nope", "--coders", "anna,ben")
    status, err = _said(capsys, monkeypatch, "fi", *question)
    assert (status, err) == (
        1,
        "coder: error: projektissa ei ole kysymystä 'nope' (kysymykset: challenges)\n",
    )
    status, err = _said(capsys, monkeypatch, "sv", *question)
    assert (status, err) == (
        1,
        "coder: error: ingen fråga 'nope' i det här projektet (frågor: challenges)\n",
    )


def test_codebook_errors_in_swedish_and_finnish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a codebook", encoding="utf-8")
    status, err = _said(capsys, monkeypatch, "sv", "codebook", "validate", str(notes))
    assert status == 1
    assert err.splitlines()[0] == (
        f"{notes}: kodbokens format framgår inte av '.txt' (använd .yaml, .yml eller .qdc)"
    )
    status, err = _said(capsys, monkeypatch, "fi", "codebook", "validate", str(notes))
    assert status == 1
    assert err.splitlines()[0] == (
        f"{notes}: koodikirjan muotoa ei voi päätellä päätteestä '.txt' "
        "(käytä päätettä .yaml, .yml tai .qdc)"
    )
    # what scripts read stays English
    status, out, _err = run_cli(capsys, "codebook", "validate", str(notes), "--json")
    assert "cannot tell the codebook format from '.txt'" in out


def test_agreement_matrix_errors_in_swedish_and_finnish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "m.csv"
    empty.write_text("", encoding="utf-8")
    assert _said(capsys, monkeypatch, "sv", "agreement", "--matrix", str(empty)) == (
        1,
        f"coder: error: {empty}: filen är tom\n",
    )
    twice = tmp_path / "twice.csv"
    twice.write_text("unit,anna,ben\nu1,a,b\nu1,a,a\n", encoding="utf-8")
    assert _said(capsys, monkeypatch, "fi", "agreement", "--matrix", str(twice)) == (
        1,
        f"coder: error: {twice}: rivi 3: yksikkö 'u1' on jo rivillä 2\n",
    )


def test_demo_error_in_swedish_and_finnish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, _folder = _project(tmp_path, capsys)
    demo = ("demo", "--no-tui", "--path", db)
    assert _said(capsys, monkeypatch, "sv", *demo) == (
        1,
        f"coder: error: {db}: innehåller ett coder-projekt som inte är demot; "
        "ge demot en annan --path\n",
    )
    assert _said(capsys, monkeypatch, "fi", *demo) == (
        1,
        f"coder: error: {db}: sisältää coder-projektin, joka ei ole demo; "
        "anna demolle toinen --path\n",
    )


def test_an_error_is_english_as_text_and_in_any_language_on_demand() -> None:
    error = NotFoundError("error.store.no_question", question_id="q1")
    assert str(error) == "no question 'q1' in this project"
    assert error.text("sv") == "ingen fråga 'q1' i det här projektet"
    assert error.text("fi") == "projektissa ei ole kysymystä 'q1'"
    # an error explained by another is said in one language
    wrapped = CoderError("error.store.backup_failed", out="b.sqlite", reason=error)
    assert wrapped.text("fi") == (
        "b.sqlite: varmuuskopiointi epäonnistui: projektissa ei ole kysymystä 'q1'"
    )
    # a text of the front end's own stays as it is
    assert InputError("jo valmiiksi suomeksi").text("sv") == "jo valmiiksi suomeksi"
    # an error crossing from a worker process keeps its message
    copy = pickle.loads(pickle.dumps(wrapped))
    assert type(copy) is CoderError and copy.text("sv") == wrapped.text("sv")
    invalid = pickle.loads(pickle.dumps(CodebookInvalid([Problem("a.yaml", 2, "bad")])))
    assert invalid.text("fi") == "koodikirjassa on 1 ongelma:\na.yaml:2: bad"


# --- the catalogue ------------------------------------------------------------------------


FAMILIES = ("error.", "agreement.", "import.", "refi.")


def _used_ids() -> set[str]:
    """Every `error.*`, `agreement.*`, `import.*` and `refi.*` id written as a string in
    coder/."""
    found: set[str] = set()
    for path in (ROOT / "coder").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and errors.MESSAGE_ID.fullmatch(node.value)
                and node.value.startswith(FAMILIES)
            ):
                found.add(node.value)
    return found


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_error_id_is_in_all_three_catalogues_and_used() -> None:
    catalogue = {key for key in i18n.keys("en") if key.startswith(FAMILIES)}
    assert {k.split(".")[0] for k in catalogue} == {"error", "agreement", "import", "refi"}
    for lang in ("sv", "fi"):
        assert {k for k in i18n.keys(lang) if k.startswith(FAMILIES)} == catalogue, lang
    used = _used_ids()
    assert used - catalogue == set(), "ids used but missing from the catalogues"
    assert catalogue - used == set(), "ids in the catalogues that nothing says"


# "prec" in Swedish too; a path; "byte" in Swedish too; units
SAME_IN_ALL = {
    "agreement.eval.precision",
    "error.yaml.path",
    "import.size.bytes",
    "import.size.kib",
    "import.size.mib",
    "import.size.gib",
}


@pytest.mark.parametrize("lang", ["en", "sv", "fi"])
def test_error_messages_are_one_line_with_the_english_fields(lang: str) -> None:
    for key in sorted(k for k in i18n.keys("en") if k.startswith(FAMILIES)):
        counted = i18n.is_counted(key)
        english = [i18n.counted(key, n, "en") if counted else i18n.text(key, "en") for n in (1, 2)]
        texts = [
            i18n.counted(key, n, lang) if counted else i18n.text(key, lang, fallback=False)
            for n in (1, 2, 5)
        ]
        for text in texts:
            assert text, (key, lang)
            assert "\n" not in text or key == "error.codebook.problems", (key, lang)
            assert _fields(text) == _fields(english[0] or ""), (key, lang, text)
        if lang != "en":
            assert texts[0] != english[0] or key in SAME_IN_ALL, (key, lang)


# --- no sentence passed to an error in the converted packages ------------------------------


def _error_classes() -> set[str]:
    """The names of CoderError and its subclasses defined in coder/."""
    names = {"CoderError", "InputError", "ProjectError", "NotFoundError", "ConflictError"}
    changed = True
    sources = [ast.parse(p.read_text(encoding="utf-8")) for p in (ROOT / "coder").rglob("*.py")]
    while changed:
        changed = False
        for tree in sources:
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in names:
                    bases = {b.id for b in node.bases if isinstance(b, ast.Name)}
                    if bases & names:
                        names.add(node.name)
                        changed = True
    return names - {"CodebookInvalid"}  # takes the list of problems, each said in any language


def _files() -> list[Path]:
    found: list[Path] = []
    for name in CONVERTED:
        path = ROOT / name
        found += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return found


def _is_id(node: ast.expr, pattern: re.Pattern[str] = errors.ERROR_ID) -> bool:
    """An error's first argument: an `error.*` id (or a choice of two), or a Message."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(pattern.fullmatch(node.value))
    if isinstance(node, ast.IfExp):
        return _is_id(node.body, pattern) and _is_id(node.orelse, pattern)
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "Message"
        and bool(node.args)
        and _is_id(node.args[0], errors.MESSAGE_ID)
    )


def _sentence(node: ast.expr) -> bool:
    """A text written out in English: a string that is no catalogue id, or an f-string."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return not errors.MESSAGE_ID.fullmatch(node.value)
    return isinstance(node, ast.JoinedStr | ast.BinOp)


def _problem_said(node: ast.Call) -> bool:
    """A codebook problem given as a sentence: `Problem(file, line, "...")`,
    `where.problem(code, "...")` or `self.add(node, "...")`."""
    func = node.func
    if isinstance(func, ast.Name) and func.id == "Problem" and len(node.args) == 3:
        return _sentence(node.args[2])
    if isinstance(func, ast.Attribute) and func.attr in ("problem", "add") and len(node.args) >= 2:
        return _sentence(node.args[1])
    return False


NOTE_LISTS = ("warnings", "skipped", "skipped_sources")
"""Lists of what a reader tells the user beside its result (the REFI-QDA reader's, import's)."""


def _note_said(node: ast.Call) -> bool:
    """A warning or a skipped-source note given as a sentence: `x.warnings.append("...")`."""
    func = node.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "append"
        and isinstance(func.value, ast.Attribute | ast.Name)
        and (func.value.attr if isinstance(func.value, ast.Attribute) else func.value.id)
        in NOTE_LISTS
        and bool(node.args)
        and _sentence(node.args[0])
    )


def test_converted_packages_raise_errors_by_catalogue_id() -> None:
    classes = _error_classes()
    offenders: list[str] = []
    for path in _files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else None
            first = node.args[0] if node.args else None
            if (
                (name in classes and (first is None or not _is_id(first)))
                or _problem_said(node)
                or _note_said(node)
            ):
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                offenders.append(f"{where}: {ast.unparse(node)[:80]}")
    assert offenders == [], "errors given a sentence instead of an error.* id:\n" + "\n".join(
        offenders
    )


def test_the_scan_sees_a_sentence() -> None:
    tree = ast.parse('raise InputError(f"{path}: no such file")')
    call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call))
    assert not _is_id(call.args[0])
    assert _is_id(ast.parse('"error.file.missing"', mode="eval").body)
    assert re.fullmatch(errors.ERROR_ID, "error.file.missing")
    problem = ast.parse('Problem(file, 1, f"bad guid {guid!r}")', mode="eval").body
    assert isinstance(problem, ast.Call) and _problem_said(problem)
    for written in (
        'project.warnings.append(f"source {name!r}: skipped")',
        'skipped.append("x y")',
    ):
        note = ast.parse(written, mode="eval").body
        assert isinstance(note, ast.Call) and _note_said(note)
    said = ast.parse('warnings.append(Message("refi.warn.no_question", name=n))', mode="eval").body
    assert isinstance(said, ast.Call) and not _note_said(said)
    assert Message("error.file.missing", file="x").text("sv") == "x: filen finns inte"


# --- the agreement tables -----------------------------------------------------------------


def test_agreement_table_in_swedish_and_finnish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, _folder = _project(tmp_path, capsys)
    args = ("agreement", db, "--question", Q, "--coders", "anna,ben", "--md", "--bootstrap", "50")
    _speak(monkeypatch, "sv")
    status, out, _err = run_cli(capsys, *args)
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "## Överensstämmelse mellan kodare: fråga challenges"
    assert lines[2] == "Kodare: anna, ben. Svar som två eller fler av dem har kodat: 5."
    assert lines[4].startswith("- Identiska kodmängder: ") and "," in lines[4]
    header = next(line for line in lines if line.startswith("| Kod "))
    assert "Överensstämmelse" in header and "Tolkning (α)" in header
    assert "Anmärkningar (..):" in lines and " n/a " not in out
    assert "Hakparenteser: 95 % konfidensintervall" in out
    _speak(monkeypatch, "fi")
    status, out, _err = run_cli(capsys, *args)
    assert status == 0
    assert out.startswith("## Koodaajien välinen yhtäpitävyys: kysymys challenges\n")
    assert "| Koodi " in out and "Huomautukset (..):" in out
    # the JSON stays English
    status, out, _err = run_cli(capsys, *args[:-3], "--json", "--bootstrap", "50")
    assert status == 0 and "undefined" in out and "määrittelemätön" not in out


def test_matrix_table_and_evaluation_table_in_finnish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    matrix = tmp_path / "m.csv"
    matrix.write_text("unit,anna,ben\nu1,a,a\n", encoding="utf-8")
    _speak(monkeypatch, "fi")
    status, out, _err = run_cli(capsys, "agreement", "--matrix", str(matrix))
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == f"## Reliabiliteetti: {matrix}"
    assert lines[2] == (
        "1 yksikkö, 2 koodaajaa (anna, ben), 1 yksikkö, jonka kaksi tai useampi on "
        "koodannut; mittaustaso: nominal."
    )
    assert "| Kerroin | Arvo | 95 %:n LV | SE |" in lines
    assert "| Yhtäpitävyys | 100,0 % |  |  |" in lines and "| Cohen's κ | .. |  |  |" in lines
    assert "- Gwet's AC1: vain yksi yksikkö: ei keskivirhettä" in lines
    assert "α:n tulkinta (Krippendorff): määrittelemätön." in lines
    table = evaluation_table(
        {
            "time": {"precision": 0.8, "recall": 0.5, "f1": 0.6154, "support": 8, "predicted": 5},
            "never": {"precision": None, "recall": None, "f1": None, "support": 0, "predicted": 0},
        },
        {"time": "Aikapula"},
        "fi",
    )
    assert table[0].split() == ["koodi", "id", "tark", "kattav", "F1", "n"]
    assert table[1].split() == ["Aikapula", "time", "0,800", "0,500", "0,615", "8"]
    assert table[2].split() == ["never", "never", "..", "..", "..", "0"]
    assert table[3].startswith("..: ei mitään, millä jakaa")


def test_every_note_the_agreement_core_writes_is_translated() -> None:
    samples = [
        *NOTES,
        "bootstrap interval not given: alpha was undefined in 600 of 1000 resamples",
        "not computed: 12,345 distinct code sets, some large; their pairwise distances would "
        "take too long. The per-code figures are unaffected.",
        *BANDS,
    ]
    for note in samples:
        said = reading(note, "sv") if note in BANDS else note_text(note, "sv")
        assert said != note, note
        english = reading(note) if note in BANDS else note_text(note)
        assert english == note
    assert "600 av 1000" in note_text(samples[len(NOTES)], "sv")
    assert note_text("a note nobody wrote", "fi") == "a note nobody wrote"


def test_export_errors_in_swedish_and_finnish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, folder = _project(tmp_path, capsys)
    by = ("export", db, "--question", Q, "--coder", "anna", "--by", "nosuch")
    by += ("--format", "md", "--out", str(folder / "t.md"))
    assert _said(capsys, monkeypatch, "sv", *by) == (
        1,
        "coder: error: ingen respondent till frågan 'challenges' har attributet 'nosuch' "
        "(attribut: inga)\n",
    )
    whose = ("export", db, "--question", Q, "--format", "md", "--out", str(folder / "t.md"))
    assert _said(capsys, monkeypatch, "fi", *whose) == (
        1,
        "coder: error: kysymyksen 'challenges' ovat koodanneet anna, ben: kerro valitsimella "
        "--coder, kenen taulukko\n",
    )
    assert not (folder / "t.md").exists()


BAD_CODEBOOK = """codebook: demo
codes:
  - id: time
    label: {sv: Tid, fi: Aika, en: Time}
    colour: red
  - id: time
    label: {sv: Tid, fi: Aika, en: Time}
"""


def test_a_bad_codebooks_problems_in_swedish_and_finnish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD_CODEBOOK, encoding="utf-8")
    assert _said(capsys, monkeypatch, "sv", "codebook", "validate", str(bad)) == (
        1,
        f"{bad}:5: kod 'time': ogiltig färg 'red' (använd #rgb eller #rrggbb)\n"
        f"{bad}:6: kod-id:t 'time' finns två gånger (första gången på rad 3)\n"
        "coder: error: 2 problem i 1 kodboksfil\n",
    )
    assert _said(capsys, monkeypatch, "fi", "codebook", "validate", str(bad)) == (
        1,
        f"{bad}:5: koodi 'time': virheellinen väri 'red' (käytä muotoa #rgb tai #rrggbb)\n"
        f"{bad}:6: koodin tunnus 'time' on kahdesti (ensimmäisen kerran rivillä 3)\n"
        "coder: error: 2 ongelmaa 1 koodikirjatiedostossa\n",
    )
    _speak(monkeypatch, "fi")
    status, out, _err = run_cli(capsys, "codebook", "validate", str(bad), "--json")
    assert status == 1 and "duplicate code id 'time' (first at line 3)" in out  # English


def test_a_codebooks_yaml_shape_problems_in_swedish_and_finnish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shape = tmp_path / "shape.yaml"
    shape.write_text(
        "codebook: demo\ntitle: Hello\ncodes:\n  - id: time\n    lable: {sv: Tid}\n"
        "    codable: maybe\n",
        encoding="utf-8",
    )
    status, err = _said(capsys, monkeypatch, "sv", "codebook", "validate", str(shape))
    assert status == 1
    assert err.splitlines()[:4] == [
        f"{shape}:2: title måste ange en text per språk, som {{sv: ..., fi: ..., en: ...}}; "
        "inte str",
        f"{shape}:4: koden 'time' saknar etikett",
        f"{shape}:5: kod 'time': okänt fält 'lable' (menade du 'label'?)",
        f"{shape}:6: kod 'time': codable måste vara true eller false, inte 'maybe'",
    ]
    status, err = _said(capsys, monkeypatch, "fi", "codebook", "validate", str(shape))
    assert status == 1
    assert err.splitlines()[2] == (
        f"{shape}:5: koodi 'time': tuntematon kenttä 'lable' (tarkoititko 'label'?)"
    )


def test_refi_errors_in_swedish_and_finnish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, folder = _project(tmp_path, capsys)
    fake = folder / "fake.qdpx"
    fake.write_text("not a zip", encoding="utf-8")
    status, err = _said(capsys, monkeypatch, "sv", "import", db, str(fake))
    assert (status, err) == (
        1,
        f"coder: error: {fake}: inget REFI-QDA-projekt (.qdpx är en zip-fil): "
        "File is not a zip file\n",
    )
    book = ROOT / "codebooks" / "microcredential_challenges.yaml"
    qdc = folder / "book.qdc"
    assert run_cli(capsys, "codebook", "export", db, "--question", Q, "--out", str(qdc))[0] == 0
    assert book.exists() and qdc.exists()
    status, err = _said(capsys, monkeypatch, "fi", "import", db, str(qdc))
    assert status == 1
    assert err.startswith(f"coder: error: {qdc}: REFI-QDA-koodikirjassa (.qdc) on koodeja eikä ")
    assert err.endswith("--question QID` (kysymykset: challenges)\n")


def test_ingest_errors_in_swedish_and_finnish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, folder = _project(tmp_path, capsys)
    survey = str(folder / "survey.csv")
    args = ("import", db, survey, "--id", "nope", "--text", f"answer={Q}")
    status, err = _said(capsys, monkeypatch, "sv", *args)
    assert (status, err) == (
        1,
        "coder: error: survey.csv: ingen kolumn 'nope' (angiven till --id); kolumnerna är "
        "'id', 'unit', 'answer'\n",
    )
    pdf = folder / "answers.csv"
    pdf.write_bytes(b"%PDF-1.4 not a table")
    status, err = _said(capsys, monkeypatch, "fi", "import", db, str(pdf), "--id", "id")
    assert (status, err) == (
        1,
        "coder: error: answers.csv on PDF-asiakirja eikä CSV: coder tuo kyselyvastaukset "
        "CSV-, TSV- tai XLSX-tiedostoista\n",
    )
    codes = folder / "codes.csv"
    codes.write_text("respondent_id,question,codes\nR9,challenges,lack_of_resources\n")
    status, err = _said(capsys, monkeypatch, "sv", "import-codes", db, str(codes), "--coder", "c")
    assert (status, err) == (1, "coder: error: codes.csv: rad 2: okänd respondent 'R9'\n")


def test_suggest_command_errors_in_swedish_and_finnish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, _folder = _project(tmp_path, capsys)
    args = ("suggest", db, "--question", Q, "--coder", "nobody")
    status, err = _said(capsys, monkeypatch, "fi", *args)
    assert (status, err) == (
        1,
        "coder: error: projektissa ei ole koodaajaa nimeltä 'nobody' (koodaajat: anna, ben)\n",
    )
    undo = ("suggest", db, "--question", Q, "--coder", "anna", "--undo-auto")
    status, err = _said(capsys, monkeypatch, "sv", *undo)
    assert (status, err) == (
        1,
        "coder: error: anna har ingen autokodning av challenges att ångra\n",
    )
    assert CoderError("error.suggest.ended").text("fi") == (
        "ehdottimen prosessi päättyi odottamatta"
    )


MIXED = """id,unit,answer,age
R1,teaching,There is not enough working time for this.,34
R2,teaching,Nobody knows what a micro-credential is.,45
R3,other,We lack funding and time.,29
R4,other,Marketing to employers is hard.,51
"""


def test_import_warnings_and_skipped_columns_in_swedish_and_finnish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "s.sqlite")
    assert run_cli(capsys, "init", db)[0] == 0
    survey = tmp_path / "mixed.csv"
    survey.write_text(MIXED + "id,unit,answer,age\n", encoding="utf-8")
    _speak(monkeypatch, "sv")
    args = ("import", db, str(survey), "--id", "id", "--text", f"answer={Q}", "--dry-run")
    status, out, err = run_cli(capsys, *args)
    assert status == 0, err
    assert err == (
        "warning: rad 6: kolumnnamnen igen (en rubrik- eller metadatarad, ingen respondent): "
        "hoppades över\n"
    )
    _speak(monkeypatch, "fi")
    status, out, err = run_cli(capsys, *args)
    assert status == 0 and err.startswith("warning: rivi 6: sarakkeiden nimet uudelleen")
    status, out, _err = run_cli(capsys, *args, "--json")
    document = json.loads(out)  # JSON stays English
    assert document["warnings"][0].startswith("row 6: the column names again")
    # why a column is not taken as open answers, as the import summary lists it
    why = not_open_text(["34", "45", "29", "51"], set())
    assert (why, why and why.text("sv"), why and why.text("fi")) == ("numbers", "tal", "lukuja")
    short = not_open_text(["yes", "no", "yes", "no", "yes"], set())
    assert short is not None and short.text("fi").startswith("vastausvaihtoehtoja (2 eri arvoa")


def test_a_writers_error_names_the_users_file_in_any_language(tmp_path: Path) -> None:
    out = tmp_path / "table.xlsx"
    with pytest.raises(InputError) as caught, atomic_outputs([out]) as (temporary,):
        raise InputError("error.file.unwritable", file=temporary, reason="disk full")
    assert caught.value.text("sv") == f"{out}: filen kan inte skrivas (disk full)"
    assert str(caught.value) == f"{out}: cannot write the file (disk full)"
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_the_tuis_own_errors_in_swedish_and_finnish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A config file that `coder code` cannot use is reported in the CLI's language."""
    config = tmp_path / "config.toml"
    config.write_text('[bindings]\nteleport = "t"\n', encoding="utf-8")
    monkeypatch.setenv("CODER_CONFIG", str(config))
    status, err = _said(
        capsys, monkeypatch, "sv", "code", str(tmp_path / "p.sqlite"), "--coder", "a"
    )
    assert status == 1 and err.count("\n") == 1
    assert f"{config}: okänd åtgärd 'teleport' i [bindings] (åtgärder: " in err
    status, err = _said(
        capsys, monkeypatch, "fi", "code", str(tmp_path / "p.sqlite"), "--coder", "a"
    )
    assert f"{config}: tuntematon toiminto 'teleport' kohdassa [bindings] (toiminnot: " in err
    assert str(InputError("error.tui.nothing_shown")) == (
        "no answer is shown (the filter hides every answer)"
    )
