"""`python -m bench [--quick] [--only NAME ...]`: every figure that matters, beside its target.

Calls each area's `run(quick)` (bench/bench_*.py), prints one table on stdout (figure, value,
target, met?, alternative, peak memory) and writes the figures with a description of the
machine to bench/results.json (bench/results-quick.json for --quick), so two runs can be
compared. With --only, the other areas' figures already in that file are kept.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import subprocess
import sys
import time
import traceback
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from bench import ROOT

# area name -> module with `run(quick: bool) -> list[dict]`, cheapest first
AREAS: dict[str, str] = {
    "agreement": "bench.bench_agreement",
    "suggest_quality": "bench.bench_suggest_quality",
    "suggest_speed": "bench.bench_suggest_speed",
    "suggest_cli": "bench.bench_suggest_cli",
    "import": "bench.bench_import",
    "export": "bench.bench_export",
    "refi": "bench.bench_refi",
    "tui": "bench.bench_tui",
    "reconcile": "bench.bench_reconcile",
    "concurrency": "bench.bench_concurrency",
}
PACKAGES = (
    "coder", "sqlalchemy", "textual", "spacy", "scikit-learn", "numpy", "lingua-language-detector",
    "openpyxl", "python-docx", "matplotlib", "pandas", "krippendorff", "nltk", "psycopg",
)  # fmt: skip


def _read(path: str, key: str) -> str | None:
    """The value of ``key:`` in a /proc file, or None where there is no such file."""
    try:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
    except OSError:
        return None
    return None


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip()


def machine() -> dict[str, Any]:
    """What a reader needs to compare two runs: CPU, cores, memory, load, versions, commit."""
    packages = {}
    for name in PACKAGES:
        try:
            packages[name] = version(name)
        except PackageNotFoundError:
            packages[name] = None
    memory = _read("/proc/meminfo", "MemTotal")
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpu": _read("/proc/cpuinfo", "model name") or platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
        "memory_gb": round(int(memory.split()[0]) / 1024**2, 1) if memory else None,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "os": platform.platform(),
        "python": platform.python_version(),
        "packages": packages,
        "git_commit": _git("rev-parse", "HEAD"),
        "git_dirty": bool(_git("status", "--porcelain", "--untracked-files=no")),
    }


def run_area(name: str, quick: bool) -> dict[str, Any]:
    """One area's figures, its time and the load it ran under; an error is reported, not hidden."""
    load = os.getloadavg()[0]
    start = time.perf_counter()
    try:
        module = importlib.import_module(AREAS[name])
        entry = getattr(module, "run", None)
        if entry is None:
            raise RuntimeError(f"{AREAS[name]} has no run(quick) entry yet")
        figures, error = entry(quick), None
    except ModuleNotFoundError as exc:
        figures, error = [], f"not available: {exc}"
    except Exception as exc:  # one broken area must not lose the others' figures
        traceback.print_exc(file=sys.stderr)
        figures, error = [], f"failed: {type(exc).__name__}: {exc}"
    result: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "git_commit": _git("rev-parse", "--short", "HEAD"),
        "seconds": round(time.perf_counter() - start, 1),
        "load_average_before": round(load, 2),
        "figures": figures,
    }
    if error:
        result["error"] = error
    return result


def _cell(value: Any, unit: str = "") -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        text = f"{value:.3g}" if abs(value) < 100 else f"{value:,.0f}"
        return f"{text} {unit}".strip()
    return str(value)


HEAD = ("figure", "value", "target", "met?", "alternative", "peak MB")


def rows(areas: dict[str, dict[str, Any]]) -> list[tuple[str, ...]]:
    """One tuple of cells per figure (and one per area that failed)."""
    lines: list[tuple[str, ...]] = []
    for name, area in areas.items():
        if "error" in area:
            lines.append((f"{name}: {area['error']}", "", "", "", "", ""))
        for f in area["figures"]:
            met = {True: "yes", False: "NO", None: ""}[f["met"]]
            alt = _cell(f["alternative"], f["unit"]) if f["alternative"] is not None else ""
            if f.get("alternative_name"):
                alt = f"{alt or '-'} ({f['alternative_name']})"
            value = _cell(f["value"], f["unit"])
            lines.append((f["name"], value, f["target"] or "", met, alt, _cell(f["peak_mb"])))
    return lines


def table(areas: dict[str, dict[str, Any]]) -> str:
    """The figures as an aligned plain-text table (the last two columns left ragged)."""
    lines = [HEAD, *rows(areas)]
    sized = [line for line in lines if line[1]]  # an error line may run past the columns
    widths = [max(len(line[i]) for line in sized) for i in range(4)]
    out = []
    for line in lines:
        cells = [c.ljust(w) for c, w in zip(line, widths, strict=False)]
        out.append("  ".join([*cells, line[5].rjust(7), line[4]]).rstrip())
    return "\n".join(out)


def markdown(path: Path) -> str:
    """A results file as a Markdown table (for docs/performance.md)."""
    document = json.loads(path.read_text(encoding="utf-8"))
    lines = [HEAD, tuple("---" for _ in HEAD), *rows(document["areas"])]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a few minutes")
    parser.add_argument("--only", action="append", choices=list(AREAS), help="repeatable")
    parser.add_argument("--out", type=Path, help="results file (default bench/results*.json)")
    parser.add_argument("--markdown", type=Path, help="print this results file as Markdown")
    args = parser.parse_args(argv)
    if args.markdown:
        print(markdown(args.markdown))
        return 0
    out = args.out or ROOT / "bench" / ("results-quick.json" if args.quick else "results.json")
    names = args.only or list(AREAS)
    previous: dict[str, Any] = {}
    if args.only and out.exists():
        previous = json.loads(out.read_text(encoding="utf-8")).get("areas", {})
    os.environ.setdefault("CODER_CONFIG", os.devnull + ".none")  # no user settings in the TUI
    started = machine()
    areas: dict[str, dict[str, Any]] = {}
    for name in names:
        print(f"bench: {name}...", file=sys.stderr, flush=True)
        areas[name] = run_area(name, args.quick)
    print(table(areas))
    notes = [
        f"  {f['name']}: {f['note']}" for a in areas.values() for f in a["figures"] if f.get("note")
    ]
    if notes:
        print("notes:", *notes, sep="\n")
    merged = {**previous, **areas}
    document = {
        "quick": args.quick,
        "machine": started,
        "load_average_after": os.getloadavg(),
        "areas": merged,
    }
    out.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written: {out}", file=sys.stderr)
    return 1 if any("error" in a for a in areas.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
