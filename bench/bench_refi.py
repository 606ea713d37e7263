"""REFI-QDA exchange at survey scale: export a coded project to .qdpx, import it again.

Uses the export benchmark's generated project (one question, every answer coded by one
coder, attributes on every respondent), exports it with the real ``coder export --format
qdpx`` and imports the archive into a fresh project with ``coder import``, each in a child
process (wall, CPU, peak memory), then checks that the codings came back.

    .venv/bin/python -m bench --only refi          # 100,000 answers
    .venv/bin/python -m bench --quick --only refi  # 10,000 answers
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from pathlib import Path


def _codings(db: Path) -> set[tuple[str, str, str, int | None, int | None]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT a.respondent_id, k.name, c.key, g.start_offset, g.end_offset FROM codings g "
            "JOIN answers a ON a.id = g.answer_id JOIN coders k ON k.id = g.coder_id "
            "JOIN codes c ON c.id = g.code_id"
        )
        return set(rows)


def run(quick: bool) -> list[dict[str, object]]:
    """Figures: .qdpx export and import of the generated project, and whether it round-trips."""
    from bench import figure, run_command
    from bench.bench_export import generate

    answers = 10_000 if quick else 100_000
    with tempfile.TemporaryDirectory(prefix="coder-bench-refi-") as tmp:
        db, out, again = (
            Path(tmp) / "bench.sqlite",
            Path(tmp) / "out.qdpx",
            Path(tmp) / "again.sqlite",
        )
        generate(str(db), answers)
        export, export_cpu, _out, export_peak = run_command(
            ["coder", "export", str(db), "--format", "qdpx", "--out", str(out), "--json"]
        )
        run_command(["coder", "init", str(again)])
        imported, import_cpu, summary, import_peak = run_command(
            ["coder", "import", str(again), str(out), "--json"]
        )
        result = json.loads(summary)
        same = _codings(db) == _codings(again)
        size = out.stat().st_size / 1024**2
    return [
        figure(
            "refi: export .qdpx",
            export,
            "s",
            below=10.0,
            peak_mb=export_peak,
            note=f"{answers:,} answers; {export_cpu:.1f} s CPU; {size:.0f} MB archive",
        ),
        figure(
            "refi: import .qdpx",
            imported,
            "s",
            below=30.0,
            peak_mb=import_peak,
            note=f"{result['answers']:,} answers, {result['codings']:,} codings; "
            f"{import_cpu:.1f} s CPU",
        ),
        figure("refi: codings after the round trip", 100.0 if same else 0.0, "%", at_least=100.0),
    ]
