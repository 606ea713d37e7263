"""Run a Python module as its command line would, then write this process's peak memory (MB).

    python -m bench.peak OUT_FILE MODULE [ARGS...]

Used by `bench.run_command` so a benchmarked command's peak RSS is its own, not inflated by
the pages a forked child inherits from the benchmark process.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

from bench import peak_rss_mb


def main() -> None:
    out, module, *args = sys.argv[1:]
    sys.argv = [module, *args]
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    finally:
        Path(out).write_text(f"{peak_rss_mb():.1f}")


if __name__ == "__main__":
    main()
