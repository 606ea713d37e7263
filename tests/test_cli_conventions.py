"""The command line's one convention (docs/cli.md), through the real CLI.

Every command and option has help; errors are one line on stderr with the exit status of
their kind; results go to stdout, messages to stderr; one name per thing, old spellings kept
as hidden aliases that warn; unknown coders refused; output folders created alike.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from coder.cli import COMMANDS, cli
from tests.cli_helpers import run_cli

ROOT = Path(__file__).resolve().parent.parent
CODEBOOK = ROOT / "codebooks" / "microcredential_challenges.yaml"
Q = "challenges"

SURVEY = """id,unit,answer
R1,teaching,There is not enough working time for this.
R2,teaching,Nobody knows what a micro-credential is.
R3,other,We lack funding and time.
R4,other,Marketing to employers is hard.
R5,teaching,The definition is unclear to everyone.
R6,other,No money for new courses.
"""
ANNA = """respondent_id,question,codes
R1,challenges,lack_of_resources
R2,challenges,unclear_definition
R3,challenges,lack_of_resources
R4,challenges,marketing_outreach
R5,challenges,unclear_definition
"""
BEN = """respondent_id,question,codes
R1,challenges,lack_of_resources
R2,challenges,unclear_definition
R3,challenges,marketing_outreach
R4,challenges,marketing_outreach
R5,challenges,
"""


@pytest.fixture
def survey_db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """A small real project made through the CLI: one question, a shipped codebook, two coders."""
    db = str(tmp_path / "survey.sqlite")
    (tmp_path / "survey.csv").write_text(SURVEY, encoding="utf-8")
    (tmp_path / "anna.csv").write_text(ANNA, encoding="utf-8")
    (tmp_path / "ben.csv").write_text(BEN, encoding="utf-8")
    steps = [
        ("init", db),
        (
            "import",
            db,
            str(tmp_path / "survey.csv"),
            "--id",
            "id",
            "--text",
            f"answer={Q}",
            "--attr",
            "unit",
        ),
        ("codebook", "add", db, str(CODEBOOK), "--question", Q),
        ("import-codes", db, str(tmp_path / "anna.csv"), "--coder", "anna"),
        ("import-codes", db, str(tmp_path / "ben.csv"), "--coder", "ben"),
    ]
    for step in steps:
        status, _out, err = run_cli(capsys, *step)
        assert status == 0, (step, err)
    return db


def _walk(command: click.Command, path: tuple[str, ...]) -> Iterator[tuple[str, click.Command]]:
    yield " ".join(path), command
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None, f"{' '.join(path)} {name} does not load"
            yield from _walk(sub, (*path, name))


def test_every_command_and_option_has_help_and_says_what_it_holds() -> None:
    # Lazily loaded commands are loaded here too: every registered name must give a command.
    assert set(cli.list_commands(click.Context(cli))) == set(COMMANDS)
    missing: list[str] = []
    vague: list[str] = []
    for name, command in _walk(cli, ("coder",)):
        if not (command.help or "").strip():
            missing.append(name)
        for param in command.params:
            if not isinstance(param, click.Option) or param.hidden:
                continue
            if not (param.help or "").strip() and "--help" not in param.opts:
                missing.append(f"{name} {param.opts[0]}")
            if (
                not param.is_flag
                and param.metavar is None
                and not isinstance(param.type, click.Choice)
            ):
                vague.append(f"{name} {param.opts[0]}")  # click would show TEXT, INTEGER, PATH
    assert not missing, f"no help text: {missing}"
    assert not vague, f"no metavar saying what the value is: {vague}"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ("export", "x.sqlite", "--foo"),
            "coder: error: no such option '--foo'; did you mean one of: '--format', '--out'? "
            "(try: coder export --help)",
        ),
        (
            ("codebook", "add", "x.sqlite"),
            "coder: error: missing argument 'FILE' (try: coder codebook add --help)",
        ),
        (("nosuch",), "coder: error: no such command 'nosuch' (try: coder --help)"),
        (
            ("export", "x.sqlite", "--format", "pdf", "--out", "x.pdf"),
            "coder: error: invalid value for '--format': 'pdf' is not one of",
        ),
    ],
)
def test_usage_errors_are_one_line_with_a_hint_and_status_2(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], expected: str
) -> None:
    status, out, err = run_cli(capsys, *args)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith(expected)
    assert "Usage:" not in err


def test_user_errors_are_one_line_and_status_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cases = [
        (("status", ""), "coder: error: no project given"),
        (
            ("status", "mysql://me@localhost/survey"),
            "coder: error: coder supports SQLite files and PostgreSQL URLs; got mysql",
        ),
        (("status", str(tmp_path / "none.sqlite")), "coder: error: "),
    ]
    for args, expected in cases:
        status, out, err = run_cli(capsys, *args)
        assert status == 1, args
        assert out == ""
        assert err.count("\n") == 1 and err.startswith(expected), err
    assert not (tmp_path / "none.sqlite").exists()


def test_bare_coder_prints_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run_cli(capsys)
    assert status == 0 and "Commands:" in out and err == ""


def test_unknown_coders_are_refused_where_coding_is_read(
    survey_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for args in [
        ("suggest", survey_db, "--question", Q, "--coder", "nobody", "--json"),
        ("evaluate", survey_db, "--question", Q, "--coder", "nobody"),
        ("agreement", survey_db, "--question", Q, "--coders", "anna,nobody"),
        ("reconcile", "list", survey_db, "--question", Q, "--coders", "anna,nobody"),
        (
            "export",
            survey_db,
            "--question",
            Q,
            "--coder",
            "nobody",
            "--format",
            "csv",
            "--out",
            "x.csv",
        ),
    ]:
        status, out, err = run_cli(capsys, *args)
        assert status == 1, args
        assert out == "", args
        assert err.count("\n") == 1 and "no coder named 'nobody'" in err, err


def test_agreement_needs_two_coders(survey_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run_cli(capsys, "agreement", survey_db, "--question", Q, "--coders", "anna")
    assert (status, out) == (1, "")
    assert err == (
        "coder: error: agreement compares two or more coders; --coders names only anna "
        "(e.g. --coders anna,ben)\n"
    )


def test_unknown_questions_are_refused(survey_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    for args in [
        ("answers", survey_db, "--question", "nope", "--json"),
        ("suggest", survey_db, "--question", "nope", "--coder", "anna"),
        ("agreement", survey_db, "--question", "nope", "--coders", "anna,ben"),
        ("codebook", "show", survey_db, "--question", "nope"),
        ("export", survey_db, "--question", "nope", "--format", "csv", "--out", "x.csv"),
        ("code", survey_db, "--coder", "anna", "--question", "nope"),
    ]:
        status, out, err = run_cli(capsys, *args)
        assert (status, out) == (1, ""), args
        assert err.count("\n") == 1 and "no question 'nope'" in err, err


def test_code_refuses_to_start_without_a_terminal(
    survey_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Under pytest stdin is no terminal, as in a script or a pipe.
    status, out, err = run_cli(capsys, "code", survey_db, "--coder", "anna", "--question", Q)
    assert (status, out) == (1, "")
    assert err.startswith("coder: error: coder code needs a terminal") and err.count("\n") == 1


def test_reconcile_takes_coder_and_keeps_by_as_a_deprecated_alias(
    survey_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ("reconcile", "agreed", survey_db, "--question", Q, "--coders", "anna,ben")
    status, out, err = run_cli(capsys, *base, "--by", "anna", "--json")
    assert status == 0
    assert json.loads(out) == {"question": Q, "settled": 3}  # R1, R2, R4
    assert err == "warning: --by is deprecated here; use --coder\n"
    status, out, err = run_cli(
        capsys, "reconcile", "resolve", survey_db, "--question", Q, "--coders", "anna,ben",
        "--respondent", "R3", "--take", "union", "--coder", "ben",
    )  # fmt: skip
    assert (status, err) == (0, "")
    assert out == "R3: consensus lack_of_resources, marketing_outreach (decided by ben)\n"
    status, _out, err = run_cli(capsys, *base, "--coder", "anna", "--by", "ben")
    assert status == 2 and "give --coder only (not also --by)" in err
    status, _out, err = run_cli(capsys, *base)
    assert status == 2 and err.startswith("coder: error: missing option --coder")
    help_text = run_cli(capsys, "reconcile", "agreed", "--help")[1]
    assert "--coder NAME" in help_text and "--by" not in help_text


def test_code_takes_lang_and_keeps_ui_lang_hidden(capsys: pytest.CaptureFixture[str]) -> None:
    help_text = run_cli(capsys, "code", "--help")[1]
    assert "--lang [sv|fi|en]" in help_text and "--ui-lang" not in help_text
    status, _out, err = run_cli(capsys, "code", "x.sqlite", "--coder", "anna", "--ui-lang", "de")
    assert status == 2 and "'de' is not one of 'sv', 'fi', 'en'" in err


def test_names_file_has_one_name_and_redact_names_still_works(
    survey_db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    names = tmp_path / "names.txt"
    names.write_text("Marketing\n", encoding="utf-8")
    base = ("export", survey_db, "--question", Q, "--coder", "anna", "--table", "quotes")
    for spelling in ("--names", "--redact-names"):
        out_file = tmp_path / f"quotes{spelling}.csv"
        status, out, err = run_cli(
            capsys, *base, "--format", "csv", "--out", str(out_file), spelling, str(names)
        )
        assert status == 0, err
        assert out == f"wrote {out_file}\n"
        text = out_file.read_text(encoding="utf-8-sig")
        assert "[name] to employers" in text and "Marketing to" not in text
        assert ("deprecated" in err) == (spelling == "--redact-names")


def test_output_folders_are_created_alike_and_removed_when_the_command_fails(
    survey_db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, _err = run_cli(capsys, "init", str(tmp_path / "new" / "p.sqlite"))
    assert status == 0 and out.startswith("project ready: ")
    target = tmp_path / "reports" / "2026" / "challenges.md"
    args = ("export", survey_db, "--question", Q, "--coder", "anna", "--format", "md")
    status, out, err = run_cli(capsys, *args, "--out", str(target))
    assert status == 0, err
    assert out == f"wrote {target}\n" and target.read_text(encoding="utf-8")
    failed = tmp_path / "other" / "sub" / "x.md"
    status, _out, err = run_cli(capsys, *args, "--by", "no_such_attribute", "--out", str(failed))
    assert status == 1 and err.count("\n") == 1
    assert not (tmp_path / "other").exists()
    for args2 in (
        ("backup", survey_db, "--out", str(tmp_path / "b1" / "backup.sqlite")),
        ("backup", survey_db, str(tmp_path / "b2" / "backup.sqlite")),
    ):
        status, out, err = run_cli(capsys, *args2)
        assert status == 0, err
        assert out.startswith("backup written (SQLite copy): ")
    assert (tmp_path / "b1" / "backup.sqlite").is_file()
    assert (tmp_path / "b2" / "backup.sqlite").is_file()


def test_json_keeps_stdout_to_one_document(
    survey_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run_cli(
        capsys, "codebook", "add", survey_db, str(CODEBOOK), "--question", Q, "--json"
    )
    assert status == 0 and json.loads(out)["changed"] is False
    assert "unchanged" in err


def test_results_on_stdout_and_messages_on_stderr_in_a_real_process(
    tmp_path: Path,
) -> None:
    """`coder import ... > log` keeps the summary; progress, warnings and errors stay apart."""
    exe = shutil.which("coder", path=str(Path(sys.executable).parent))
    assert exe is not None, "the coder console script is not installed beside this Python"
    (tmp_path / "survey.csv").write_text(SURVEY, encoding="utf-8")
    env = {**os.environ, "NO_COLOR": "1"}

    def coder(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [exe, *args], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=300
        )

    done = coder("init", "p.sqlite")
    assert (done.returncode, done.stdout, done.stderr) == (0, "project ready: p.sqlite\n", "")
    done = coder("import", "p.sqlite", "survey.csv", "--id", "id", "--text", f"answer={Q}")
    assert done.returncode == 0 and done.stderr == ""
    assert "answers: 6; added 6" in done.stdout
    done = coder("codebook", "add", "p.sqlite", str(CODEBOOK), "--question", Q)
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.startswith("codebook 'microcredential_challenges' attached to challenges")
    done = coder("export", "p.sqlite", "--foo")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("coder: error: no such option '--foo'")
    assert done.stderr.count("\n") == 1


def test_demo_without_a_terminal_builds_then_refuses_the_tui(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "demo.sqlite"
    status, out, err = run_cli(capsys, "demo", "--path", str(db))
    assert (status, out) == (1, "")
    assert err.splitlines()[-1].startswith("coder: error: coder code needs a terminal")
    assert "Traceback" not in err and db.is_file()
