"""The command line speaks Swedish, Finnish or English (docs/cli.md, "Language").

Through the real CLI on a real project: each command's summary and errors in sv and fi with
the catalogue's plural forms, the language chosen by --lang, the config file, then the
locale; what scripts read (JSON, files, listings, exit statuses, prefixes) the same in
every language; and no sentence left in coder/cli outside the catalogue.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from coder import errors, i18n
from coder.cli import messages
from coder.cli.common import STAGE_LABELS
from tests.cli_helpers import run_cli
from tests.test_cli_conventions import ANNA, BEN

ROOT = Path(__file__).resolve().parents[2]
CLI_DIR = ROOT / "coder" / "cli"
CODEBOOK = ROOT / "codebooks" / "microcredential_challenges.yaml"
Q = "challenges"

SURVEY = """id,unit,answer
R1,teaching,There is not enough working time for this.
R2,teaching,Nobody knows what a micro-credential is.
R3,other,We lack funding and time.
R4,other,Marketing to employers is hard.
R5,teaching,The definition is unclear to everyone.
R6,other,No money for new courses. Write to ann@example.org.
"""
ONE = """respondent_id,question,codes
R6,challenges,lack_of_resources
"""


def _speak(monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    """The person's locale says ``lang`` (the way a Swedish or Finnish desktop does)."""
    locale = {"sv": "sv_FI.UTF-8", "fi": "fi_FI.UTF-8", "en": "en_GB.UTF-8"}[lang]
    monkeypatch.setenv("LC_ALL", locale)


def _project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, Path]:
    """A small project made through the CLI in English: one question, two coders."""
    db = str(tmp_path / "survey.sqlite")
    for name, text in (("survey.csv", SURVEY), ("anna.csv", ANNA), ("ben.csv", BEN)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "one.csv").write_text(ONE, encoding="utf-8")
    for step in (
        ("init", db),
        ("import", db, str(tmp_path / "survey.csv"), "--id", "id", "--text", f"answer={Q}"),
        ("codebook", "add", db, str(CODEBOOK), "--question", Q),
        ("import-codes", db, str(tmp_path / "anna.csv"), "--coder", "anna"),
        ("import-codes", db, str(tmp_path / "ben.csv"), "--coder", "ben"),
    ):
        status, _out, err = run_cli(capsys, *step)
        assert status == 0, (step, err)
    return db, tmp_path


# What each command prints, per language; "{db}" and "{dir}" are filled in.
SUMMARIES: dict[str, dict[str, list[str]]] = {
    "init": {
        "sv": ["projektet klart: {db}"],
        "fi": ["projekti valmis: {db}"],
    },
    "import": {
        "sv": [
            "survey.csv (utf-8, avgränsare ',')",
            "  respondenter: 6 (id-kolumn 'id'); nya 0",
            "  frågor: 1 ('challenges'); nya 0",
            "  svar: 6; tillagda 0, uppdaterade 0, oförändrade 6; 0 tomma hoppades över",
            "  språk: en 6",
        ],
        "fi": [
            "survey.csv (utf-8, erotin ',')",
            "  vastaajat: 6 (tunnussarake 'id'); uusia 0",
            "  kysymykset: 1 ('challenges'); uusia 0",
            "  vastaukset: 6; lisätty 0, päivitetty 0, ennallaan 6; 0 tyhjää ohitettu",
            "  kielet: en 6",
        ],
    },
    "import-codes": {
        "sv": ["anna.csv: 5 svar kodade av anna (0 utan kod); kodningar tillagda 0, borttagna 0"],
        "fi": [
            "anna.csv: 5 vastausta, jotka anna on koodannut (0 ilman koodia); "
            "koodauksia lisätty 0, poistettu 0"
        ],
    },
    "codebook add": {
        "sv": [
            "kodbok 'microcredential_challenges' för challenges oförändrad (version 1, 13 koder)"
        ],
        "fi": [
            "kysymyksen challenges koodikirja 'microcredential_challenges' ennallaan "
            "(versio 1, 13 koodia)"
        ],
    },
    "status": {
        "sv": [
            "6 respondenter, 1 fråga",
            "  challenges: 6 svar (en 6); 13 koder; kodat: anna 5/6, ben 5/6",
        ],
        "fi": [
            "6 vastaajaa, 1 kysymys",
            "  challenges: 6 vastausta (en 6); 13 koodia; koodattu: anna 5/6, ben 5/6",
        ],
    },
    "role": {
        "sv": ["anna är nu projektledare; projektledare: anna"],
        "fi": ["anna on nyt vastuuhenkilö; vastuuhenkilöt: anna"],
    },
    "reconcile agreed": {
        "sv": ["3 eniga svar kopierade till 'consensus'"],
        "fi": ["3 yksimielistä vastausta kopioitu koodaajalle 'consensus'"],
    },
    "reconcile resolve": {
        "sv": ["R3: konsensus lack_of_resources, marketing_outreach (beslutat av anna)"],
        "fi": ["R3: konsensus lack_of_resources, marketing_outreach (päätti anna)"],
    },
    "export": {
        "sv": ["skrev {dir}/out/q.md"],
        "fi": ["kirjoitettu {dir}/out/q.md"],
    },
    "backup": {
        "sv": ["säkerhetskopia skriven (SQLite-kopia): {dir}/b/backup.sqlite"],
        "fi": ["varmuuskopio kirjoitettu (SQLite-kopio): {dir}/b/backup.sqlite"],
    },
    "restore": {
        "sv": ["återställde {dir}/b/backup.sqlite till {dir}/restored.sqlite"],
        "fi": ["palautettu {dir}/b/backup.sqlite kohteeseen {dir}/restored.sqlite"],
    },
    "check": {
        "sv": ["kontroll: inga problem hittades"],
        "fi": ["tarkistus: ongelmia ei löytynyt"],
    },
    "redact": {
        "en": [
            "R6 challenges: 1 e-mail address",
            "would redact 1 of 6 answers: 1 e-mail address, 0 phone numbers, 0 URLs, 0 names",
        ],
        "sv": [
            "R6 challenges: 1 e-postadress",
            "skulle rensa 1 av 6 svar: 1 e-postadress, 0 telefonnummer, 0 URL:er, 0 namn",
        ],
        "fi": [
            "R6 challenges: 1 sähköpostiosoite",
            "tunnistetiedot poistettaisiin 1 vastauksesta "
            "(6 tarkistettu): 1 sähköpostiosoite, 0 puhelinnumeroa, 0 URL-osoitetta, 0 nimeä",
        ],
    },  # fmt: skip
    "codebook export": {
        "sv": ["skrev {dir}/cb/c.yaml (yaml, 13 koder)"],
        "fi": ["kirjoitettu {dir}/cb/c.yaml (yaml, 13 koodia)"],
    },
    "import-codes one": {
        "en": ["one.csv: 1 answer coded by carl (0 with no code); codings added 1, removed 0"],
        "sv": ["one.csv: 1 svar kodat av carl (0 utan kod); kodningar tillagda 1, borttagna 0"],
        "fi": [
            "one.csv: 1 vastaus, jonka carl on koodannut (0 ilman koodia); "
            "koodauksia lisätty 1, poistettu 0"
        ],
    },
}


def _args(command: str, db: str, folder: Path) -> tuple[str, ...]:
    coders = ("--question", Q, "--coders", "anna,ben")
    return {
        "init": ("init", db),
        "import": ("import", db, str(folder / "survey.csv"), "--id", "id", "--text", f"answer={Q}"),
        "import-codes one": ("import-codes", db, str(folder / "one.csv"), "--coder", "carl"),
        "import-codes": ("import-codes", db, str(folder / "anna.csv"), "--coder", "anna"),
        "codebook add": ("codebook", "add", db, str(CODEBOOK), "--question", Q),
        "status": ("status", db),
        "role": ("role", db, "anna", "lead"),
        "reconcile agreed": ("reconcile", "agreed", db, *coders, "--coder", "anna"),
        "reconcile resolve": (
            "reconcile", "resolve", db, *coders, "--respondent", "R3", "--take", "union",
            "--coder", "anna",
        ),
        "export": (
            "export", db, "--question", Q, "--coder", "anna", "--format", "md",
            "--out", str(folder / "out" / "q.md"),
        ),
        "backup": ("backup", db, "--out", str(folder / "b" / "backup.sqlite")),
        "restore": ("restore", str(folder / "b" / "backup.sqlite"),
                    str(folder / "restored.sqlite")),
        "check": ("check", db),
        "redact": ("redact", db, "--dry-run"),
        "codebook export": (
            "codebook", "export", db, "--question", Q, "--out", str(folder / "cb" / "c.yaml"),
        ),
    }[command]  # fmt: skip


@pytest.mark.parametrize("lang", ["sv", "fi"])
def test_every_summary_in_the_locales_language(
    lang: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, folder = _project(tmp_path, capsys)
    _speak(monkeypatch, lang)
    for command, expected in SUMMARIES.items():
        status, out, err = run_cli(capsys, *_args(command, db, folder))
        assert status == 0, (command, err)
        lines = [line.format(db=db, dir=folder) for line in expected[lang]]
        assert out.splitlines() == lines, command


def test_one_answer_never_one_answers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for lang in ("en", "sv", "fi"):
        (tmp_path / lang).mkdir()
        db, folder = _project(tmp_path / lang, capsys)
        _speak(monkeypatch, lang)
        for command in ("import-codes one", "redact"):
            status, out, err = run_cli(capsys, *_args(command, db, folder))
            assert status == 0, err
            lines = [line.format(db=db, dir=folder) for line in SUMMARIES[command][lang]]
            assert out.splitlines() == lines, (lang, command)
    assert messages.msg_n("cli.count.answers", 1) == "1 vastaus"
    _speak(monkeypatch, "sv")
    assert [messages.msg_n("cli.count.questions", n) for n in (1, 2)] == ["1 fråga", "2 frågor"]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "sv",
            "coder: error: flaggan '--foo' finns inte; menade du någon av: '--format', '--out'? "
            "(se: coder export --help)\n",
        ),
        (
            "fi",
            "coder: error: valitsinta '--foo' ei ole; tarkoititko jotakin näistä: '--format', "
            "'--out'? (katso: coder export --help)\n",
        ),
    ],
)
def test_usage_errors_in_the_locales_language(
    lang: str, expected: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _speak(monkeypatch, lang)
    status, out, err = run_cli(capsys, "export", "x.sqlite", "--foo")
    assert (status, out, err) == (2, "", expected)


@pytest.mark.parametrize(
    ("args", "sv", "fi"),
    [
        (
            ("export", "x.sqlite", "--format", "pdf", "--out", "x.pdf"),
            "ogiltigt värde för '--format': 'pdf' är inte något av 'md', ",
            "virheellinen arvo kohdassa '--format': 'pdf' ei ole mikään vaihtoehdoista 'md', ",
        ),
        (
            ("codebook", "add", "x.sqlite"),
            "argumentet 'FILE' saknas (se: coder codebook add --help)",
            "argumentti 'FILE' puuttuu (katso: coder codebook add --help)",
        ),
        (
            ("role", "x.sqlite", "anna"),
            "argumentet 'lead|coder' saknas; välj bland 'lead', 'coder' (se: coder role --help)",
            "argumentti 'lead|coder' puuttuu; vaihtoehdot: 'lead', 'coder' "
            "(katso: coder role --help)",
        ),
        (
            ("suggest", "x.sqlite", "--question", Q, "--coder", "a", "--top", "0"),
            "ogiltigt värde för '--top': 0 ligger inte i intervallet 1<=x<=50",
            "virheellinen arvo kohdassa '--top': 0 ei ole välillä 1<=x<=50",
        ),
        (
            ("agreement", "--matrix", "m.csv", "--seed", "x"),
            "ogiltigt värde för '--seed': 'x' är inte ett giltigt heltal",
            "virheellinen arvo kohdassa '--seed': 'x' ei ole kelvollinen kokonaisluku",
        ),
        (
            ("status", "x.sqlite", "extra"),
            "oväntade extra argument (extra)",
            "odottamattomia ylimääräisiä argumentteja (extra)",
        ),
        (
            ("export", "x.sqlite", "--out"),
            "flaggan '--out' kräver ett värde",
            "valitsin '--out' vaatii arvon",
        ),
        (("nosuch",), "kommandot 'nosuch' finns inte", "komentoa 'nosuch' ei ole"),
        (
            ("improt",),
            "kommandot 'improt' finns inte; menade du 'import'? (se: coder --help)",
            "komentoa 'improt' ei ole; tarkoititko 'import'? (katso: coder --help)",
        ),
        (
            ("codebook", "shwo"),
            "kommandot 'shwo' finns inte; menade du 'show'? (se: coder codebook --help)",
            "komentoa 'shwo' ei ole; tarkoititko 'show'? (katso: coder codebook --help)",
        ),
        (
            ("agreement", "x.sqlite", "--json", "--md"),
            "ange --json eller --md, inte båda",
            "anna --json tai --md, ei molempia",
        ),
    ],
)
def test_click_and_own_usage_errors_are_translated(
    args: tuple[str, ...],
    sv: str,
    fi: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for lang, expected in (("sv", sv), ("fi", fi)):
        _speak(monkeypatch, lang)
        status, out, err = run_cli(capsys, *args)
        assert (status, out) == (2, ""), err
        assert err.startswith("coder: error: " + expected) and err.count("\n") == 1, err


def test_user_errors_and_warnings_keep_their_prefixes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, _folder = _project(tmp_path, capsys)
    _speak(monkeypatch, "fi")
    status, out, err = run_cli(capsys, "agreement", db, "--question", Q, "--coders", "anna")
    assert (status, out) == (1, "")
    assert err == (
        "coder: error: yhtäpitävyys vertaa kahta tai useampaa koodaajaa; --coders nimeää vain "
        "koodaajan anna (esim. --coders anna,ben)\n"
    )
    args = ("reconcile", "agreed", db, "--question", Q, "--coders", "anna,ben", "--by", "anna")
    status, out, err = run_cli(capsys, *args)
    assert status == 0
    assert err == "warning: --by on vanhentunut tässä; käytä valitsinta --coder\n"
    assert out == "3 yksimielistä vastausta kopioitu koodaajalle 'consensus'\n"


def test_demo_messages_in_swedish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "demo.sqlite"
    _speak(monkeypatch, "sv")
    status, out, err = run_cli(capsys, "demo", "--no-tui", "--path", str(db))
    assert (status, out) == (0, f"{db}\n")  # the path alone, in every language
    building, built = err.splitlines()
    assert building == f"bygger demoprojektet i {db} ..."
    assert re.fullmatch(
        r"demon byggd: \d+ svar från \d+ respondenter på 5 frågor; kodat av anna \(\d+\), "
        r"ben \(\d+\)",
        built,
    )
    status, out, err = run_cli(capsys, "demo", "--no-tui", "--path", str(db))
    assert (status, out, err) == (
        0,
        f"{db}\n",
        f"demoprojektet i {db} är aktuellt (inget byggdes om)\n",
    )


# --- how the language is chosen -------------------------------------------------------------


def test_lang_option_then_config_file_then_locale_then_english(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def ready() -> str:
        db = tmp_path / "p.sqlite"
        status, out, _err = run_cli(capsys, "init", str(db))
        assert status == 0
        return out.removesuffix(f": {db}\n")

    assert ready() == "project ready"
    monkeypatch.setenv("LANG", "sv_SE.UTF-8")
    assert ready() == "projektet klart"
    monkeypatch.setenv("LC_MESSAGES", "fi_FI.UTF-8")  # more specific than LANG
    assert ready() == "projekti valmis"
    monkeypatch.setenv("LC_ALL", "C")  # overrides both: English
    assert ready() == "project ready"
    monkeypatch.setenv("LANGUAGE", "de:sv")  # gettext's list, first language coder speaks
    assert ready() == "projektet klart"
    config = tmp_path / "config.toml"
    config.write_text('ui_lang = "fi"\n', encoding="utf-8")
    monkeypatch.setenv("CODER_CONFIG", str(config))
    assert ready() == "projekti valmis"  # the analyst's setting beats the locale
    config.write_text("this is not TOML [\n", encoding="utf-8")
    assert ready() == "projektet klart"  # a broken file is the TUI's to report

    # --lang of the command beats everything, usage errors included
    status, _out, err = run_cli(capsys, "export", "x.sqlite", "--lang", "en", "--foo")
    assert status == 2 and err.startswith("coder: error: no such option '--foo'")
    status, _out, err = run_cli(capsys, "code", "x.sqlite", "--coder", "a", "--ui-lang=fi", "-z")
    assert status == 2 and err.startswith("coder: error: valitsinta '-z' ei ole")
    assert messages.language() == "sv"  # --lang held for that run only


def test_locale_names() -> None:
    cases = {
        "sv_FI.UTF-8": "sv", "fi_FI": "fi", "fi": "fi", "en_US.UTF-8": "en", "C": "en",
        "POSIX": "en", "C.UTF-8": "en", "de_DE.UTF-8": "en", "sv_SE@euro": "sv",
    }  # fmt: skip
    for value, lang in cases.items():
        assert messages.locale_language({"LANG": value}) == lang, value
    assert messages.locale_language({}) is None
    assert messages.locale_language({"LANGUAGE": "nb:fi:sv", "LANG": "sv_SE"}) == "fi"
    assert messages.lang_in(["export", "--lang=sv", "--", "--lang", "fi"]) == "sv"
    assert messages.lang_in(["export", "--lang", "de"]) is None


# --- what scripts read does not change with the language -------------------------------------


def test_machine_read_output_is_the_same_in_every_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, folder = _project(tmp_path, capsys)
    seen: dict[str, list[object]] = {}
    for lang in ("en", "sv", "fi"):
        _speak(monkeypatch, lang)
        outputs: list[object] = []
        for args in (
            ("status", db, "--json"),
            ("answers", db),
            ("answers", db, "--json"),
            ("import", db, str(folder / "survey.csv"), "--id", "id", "--text", f"answer={Q}",
             "--json"),
            ("codebook", "add", db, str(CODEBOOK), "--question", Q, "--json"),
            ("agreement", db, "--question", Q, "--coders", "anna,ben", "--json",
             "--bootstrap", "0"),
            ("reconcile", "list", db, "--question", Q, "--coders", "anna,ben", "--json"),
            ("redact", db, "--dry-run", "--json"),
            ("check", db, "--json"),
        ):  # fmt: skip
            status, out, _err = run_cli(capsys, *args)
            outputs.append((status, json.loads(out) if "--json" in args else out))
        out_file = folder / f"theme-{lang}.json"
        status, _out, err = run_cli(
            capsys, "export", db, "--question", Q, "--coder", "anna", "--format", "json",
            "--out", str(out_file),
        )  # fmt: skip
        assert status == 0, err
        outputs.append(json.loads(out_file.read_text(encoding="utf-8")))
        outputs.append(run_cli(capsys, "status", str(folder / "none.sqlite"))[0])
        outputs.append(run_cli(capsys, "status", db, "--bad")[0])
        seen[lang] = outputs
    assert seen["sv"] == seen["en"] and seen["fi"] == seen["en"]


# --- every sentence through the catalogue -----------------------------------------------------

OUTPUT_CALLS = {"echo", "secho", "note", "warn", "print_result", "print", "fail", "say"}
# Errors the person sees: coder's own and click's (a KeyError is a programming error).
ERRORS = {
    name for name, value in vars(errors).items()
    if isinstance(value, type) and issubclass(value, errors.CoderError)
} | {"UsageError", "BadParameter", "ClickException", "BadOptionUsage", "BadArgumentUsage"}  # fmt: skip
CATALOGUE_CALLS = {"msg", "msg_n"}
# Arguments that are command-line syntax, the same in every language.
SYNTAX = re.compile(r"--?[a-z][\w-]*( [A-Z]+)?")


def _is_sink(call: ast.Call) -> bool:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name in OUTPUT_CALLS or name in ERRORS


def _literals(node: ast.AST) -> list[ast.Constant]:
    """String literals with a letter in ``node``, outside catalogue keys and format specs."""
    found: list[ast.Constant] = []
    if isinstance(node, ast.Call) and getattr(node.func, "id", "") in CATALOGUE_CALLS:
        children: list[ast.AST] = [*node.args[1:], *(k.value for k in node.keywords)]
    elif isinstance(node, ast.FormattedValue | ast.Subscript):  # no format spec, no row["key"]
        children = [node.value]
    else:
        children = list(ast.iter_child_nodes(node))
    if (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and re.search(r"[^\W\d_]", node.value)
        and not SYNTAX.fullmatch(node.value)
    ):
        found.append(node)
    for child in children:
        found += _literals(child)
    return found


def test_no_sentence_in_coder_cli_bypasses_the_catalogue() -> None:
    """Every string printed or raised by the CLI comes from msg()/msg_n(), or is data."""
    left: list[str] = []
    for path in sorted(CLI_DIR.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _is_sink(node):
                for arg in [*node.args, *(k.value for k in node.keywords)]:
                    left += [f"{path.name}:{c.lineno}: {c.value!r}" for c in _literals(arg)]
    assert not left, "user-facing literals outside the catalogue:\n" + "\n".join(left)


def _used_ids() -> set[str]:
    """Every message id coder/cli asks the catalogue for (first argument of msg/msg_n)."""
    used: set[str] = set()
    for path in CLI_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and re.fullmatch(
                r"cli\.[a-z_.0-9]+", str(node.value)
            ):
                used.add(node.value)
    return used


def test_every_cli_message_is_in_every_catalogue_and_used() -> None:
    used = _used_ids()
    assert len(used) > 100
    for lang in ("en", "sv", "fi"):
        known = {key for key in i18n.keys(lang) if key.startswith("cli.")}
        assert used - known == set(), lang
        assert known - used == set(), f"{lang}: entries no code uses"
    counted = {key for key in used if i18n.is_counted(key)}
    assert {"cli.count.answers", "cli.import_codes.summary"} <= counted


def test_the_scan_finds_a_literal() -> None:
    """The scan above would fail on a plain English message."""
    tree = ast.parse('click.echo(f"wrote {n} files", err=True)\nwarn(msg("cli.x", a="b c"))')
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and _is_sink(n)]
    found = [c.value for call in calls for arg in call.args for c in _literals(arg)]
    assert found == ["wrote ", " files", "b c"]


# stdout, stderr of the suggester's and REFI-QDA's commands (beside the lines of data they list)
MORE: dict[str, dict[str, tuple[list[str], list[str]]]] = {
    "suggest": {
        "sv": ([], ["tränar på 5 svar kodade av anna ...", "1 svar, tränat på 5"]),
        "fi": ([], ["opetetaan 5 vastauksella, jotka anna on koodannut ...",
                    "1 vastaus, opetettu 5 vastauksella"]),
    },
    "evaluate": {
        "sv": (["challenges / anna: 5 kodade svar, 2 delar"],
               ["korsvaliderar på 5 svar kodade av anna ...",
                "korsvalidering: 2/2 anpassningar"]),
        "fi": (["challenges / anna: 5 koodattua vastausta, 2 osaa"],
               ["ristiinvalidoidaan: 5 vastausta, jotka anna on koodannut ...",
                "ristiinvalidointi: 2/2 sovitusta"]),
    },
    "codebook convert": {
        "sv": (["skrev {dir}/cb/x.qdc (qdc, 13 koder)"], []),
        "fi": (["kirjoitettu {dir}/cb/x.qdc (qdc, 13 koodia)"], []),
    },
    "codebook validate": {
        "sv": ([], [f"{CODEBOOK}: ok (13 koder)"]),
        "fi": ([], [f"{CODEBOOK}: kunnossa (13 koodia)"]),
    },
    "import qdpx": {
        "sv": (["{dir}/p.qdpx (REFI-QDA, från coder): 6 svar på challenges från "
                "6 respondenter (6 nya); 13 koder; 9 kodningar av anna (5), ben (4)"], []),
        "fi": (["{dir}/p.qdpx (REFI-QDA, lähde coder): 6 vastausta (challenges), "
                "6 vastaajaa (6 uutta); 13 koodia; 9 koodausta, koodaajat anna (5), ben (4)"], []),
    },
}  # fmt: skip


@pytest.mark.parametrize("lang", ["sv", "fi"])
def test_suggester_and_refi_messages_in_the_locales_language(
    lang: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, folder = _project(tmp_path, capsys)
    assert (
        run_cli(capsys, "export", db, "--format", "qdpx", "--out", str(folder / "p.qdpx"))[0] == 0
    )
    other = str(folder / "other.sqlite")
    assert run_cli(capsys, "init", other)[0] == 0
    _speak(monkeypatch, lang)
    commands = {
        "suggest": ("suggest", db, "--question", Q, "--coder", "anna"),
        "evaluate": ("evaluate", db, "--question", Q, "--coder", "anna", "--folds", "2"),
        "codebook convert": ("codebook", "convert", str(CODEBOOK), "--out", str(folder / "cb" / "x.qdc")),
        "codebook validate": ("codebook", "validate", str(CODEBOOK)),
        "import qdpx": ("import", other, str(folder / "p.qdpx")),
    }  # fmt: skip
    for name, args in commands.items():
        status, out, err = run_cli(capsys, *args)
        assert status == 0, (name, err)
        stdout, stderr = MORE[name][lang]
        out_lines, err_lines = out.splitlines(), err.splitlines()
        if name == "evaluate":
            out_lines = out_lines[:1]
        if name == "suggest":
            assert out_lines[0].startswith("R6\t")  # the listing: data, the same in any language
            out_lines = []
        assert out_lines == [line.format(dir=folder) for line in stdout], name
        assert err_lines == stderr, name


def test_every_progress_stage_of_the_core_has_a_label() -> None:
    """The core names its stages in English (coder.progress); the bars say them translated."""
    stages: set[str] = set()
    for path in (ROOT / "coder").rglob("*.py"):
        if CLI_DIR in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", "") == "progress"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                stages.add(node.args[0].value)
    assert "writing answers" in stages
    assert stages <= set(STAGE_LABELS), stages - set(STAGE_LABELS)
