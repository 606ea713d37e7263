"""Running the real command line in-process from tests."""

from __future__ import annotations

import pytest

from coder.cli import main


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run `coder ARGS...` as the console script does; returns exit status, stdout, stderr."""
    try:
        main(list(args))
        status = 0
    except SystemExit as exc:
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err
