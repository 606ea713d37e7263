"""The README's walk-through ("A project from start to finish") runs as written.

The shell block is taken from README.md and run step by step with bare `coder` on PATH, in a
temporary folder that holds the repository files it names (the demo's survey export and the
shipped codebooks). The two `coder code` lines open the TUI, which needs a terminal; each is
replaced by its scriptable equivalent, `coder import-codes`, with that coder's part of the
demo codings. At the end the consensus export must exist and read back as a Word document.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "coder" / "demo"
TUI_LINE = re.compile(r"^coder code (?P<args>.*?)\s*(#.*)?$")


def walkthrough_commands() -> list[str]:
    """The commands of the README's walk-through block, continuation lines joined."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## A project from start to finish", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block is not None, "README: no sh block under 'A project from start to finish'"
    joined = re.sub(r"\\\n\s*", "", block.group(1))
    return [line.strip() for line in joined.splitlines() if line.strip()]


def _codes_of(coder: str, question: str, into: Path) -> Path:
    """The demo coder's codings of the challenges question, under the walk-through's id."""
    out = into / f"{coder}-codes.csv"
    with (
        (DEMO / f"codings_{coder}.csv").open(encoding="utf-8") as src,
        out.open("w", encoding="utf-8", newline="") as dst,
    ):
        writer = csv.writer(dst)
        writer.writerow(["respondent_id", "question", "codes"])
        for row in csv.DictReader(src):
            if row["question"] == "microcredential_challenges":
                writer.writerow([row["respondent_id"], question, row["codes"]])
    return out


def _stand_in_for_the_tui(line: str, folder: Path) -> str:
    """`coder code DB --coder X --question Q` -> `coder import-codes DB X's codes --coder X`."""
    match = TUI_LINE.match(line)
    assert match is not None
    args = shlex.split(match.group("args"))
    db = args[0]
    coder = args[args.index("--coder") + 1]
    question = args[args.index("--question") + 1]
    codes = _codes_of(coder, question, folder)
    return shlex.join(["coder", "import-codes", db, str(codes), "--coder", coder])


def test_readme_walkthrough_runs_as_written(tmp_path: Path) -> None:
    commands = walkthrough_commands()
    assert commands[0] == ". .venv/bin/activate", "the walk-through must put coder on PATH"
    assert all(c.startswith("coder ") for c in commands[1:]), commands
    assert sum(1 for c in commands if c.startswith("coder code ")) == 2
    # The repository files the walk-through names, where a fresh clone has them.
    (tmp_path / "coder").mkdir()
    (tmp_path / "coder" / "demo").symlink_to(DEMO, target_is_directory=True)
    (tmp_path / "codebooks").symlink_to(ROOT / "codebooks", target_is_directory=True)
    bin_dir = Path(sys.executable).parent
    assert (bin_dir / "coder").exists(), "the coder console script is not installed"
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    outputs: list[tuple[str, str]] = []
    for line in commands[1:]:
        command = _stand_in_for_the_tui(line, tmp_path) if line.startswith("coder code ") else line
        done = subprocess.run(
            ["bash", "-c", command],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, f"{line}\n{done.stderr}"
        assert "Traceback" not in done.stderr
        outputs.append((line, done.stdout))

    def stdout_of(prefix: str) -> str:
        return next(out for line, out in outputs if line.startswith(prefix))

    assert "added 180" in stdout_of("coder import ")
    suggested = json.loads(stdout_of("coder suggest "))
    assert suggested["question"] == "challenges" and suggested["suggestions"]
    assert "Inter-coder agreement" in stdout_of("coder agreement ")
    assert "agreed answers copied to 'consensus'" in stdout_of("coder reconcile agreed ")
    assert stdout_of("coder reconcile resolve ").startswith("R016: consensus ")
    exported = tmp_path / "challenges.docx"
    assert exported.is_file()
    from docx import Document

    document = Document(str(exported))
    assert document.tables, "the theme table is missing from the Word export"
    text = "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "staff" in text.lower() or "teaching" in text.lower()  # the --by staff_group columns
