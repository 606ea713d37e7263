"""`python -m bench`: the synthetic survey generator and every figure that matters, in one run.

Each `bench/bench_*.py` script has a `run(quick: bool) -> list[dict]` entry that returns its
figures made with `figure`; `python -m bench` calls them all (see `bench/__main__.py`).
Peak memory is read from the kernel's high-water mark of the process that did the work
(`/proc/self/status` VmHWM), in a fresh child process per measurement: `ru_maxrss` of a
child would also count the pages it inherited from its parent before `exec`.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def peak_rss_mb(pid: int | None = None) -> float:
    """This process's (or process ``pid``'s) peak resident memory in MB (VmHWM; ru_maxrss of
    this process where /proc is missing)."""
    try:
        with open(f"/proc/{pid or 'self'}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # bytes on macOS, kB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale


def _measured(func: Callable[..., Any], args: tuple[Any, ...]) -> tuple[Any, float]:
    return func(*args), peak_rss_mb()


def isolated(func: Callable[..., Any], *args: Any) -> tuple[Any, float]:
    """Run ``func(*args)`` in a fresh interpreter; return its result and that process's peak MB.

    ``func`` must be importable (a module-level function) and its result picklable.
    """
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        result, peak = pool.submit(_measured, func, args).result()
    return result, peak


def run_command(cmd: list[str]) -> tuple[float, float, str, float]:
    """Run a Python module's command line (``[module, args...]``) in a child interpreter.

    Returns wall seconds, CPU seconds (all its threads), its stdout and its peak MB.
    """
    with tempfile.NamedTemporaryFile("r", suffix=".peak", delete=False) as fh:
        peak_file = fh.name
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "bench.peak", peak_file, *cmd],
        capture_output=True,
        text=True,
        env=env,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    try:
        peak = float(Path(peak_file).read_text() or "nan")
    finally:
        Path(peak_file).unlink(missing_ok=True)
    if done.returncode != 0:
        raise RuntimeError(f"failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr}")
    return wall, cpu, done.stdout, peak


def figure(
    name: str,
    value: float | None,
    unit: str,
    *,
    below: float | None = None,
    at_least: float | None = None,
    alternative: float | None = None,
    alternative_name: str | None = None,
    peak_mb: float | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    """One row of the results: a measured value, its target and the alternative's value."""
    target, met = None, None
    if below is not None:
        target = f"< {below:g} {unit}".rstrip()
        met = value is not None and value < below
    elif at_least is not None:
        target = f">= {at_least:g} {unit}".rstrip()
        met = value is not None and value >= at_least
    row: dict[str, Any] = {
        "name": name,
        "value": None if value is None else round(float(value), 4),
        "unit": unit,
        "target": target,
        "met": met,
        "alternative": None if alternative is None else round(float(alternative), 4),
        "alternative_name": alternative_name,
        "peak_mb": None if peak_mb is None else round(peak_mb, 1),
    }
    if note:
        row["note"] = note
    return row
