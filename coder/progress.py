"""The progress callback that long-running core functions accept (import, export, backup).

The core never draws anything: it calls ``progress(stage, done, total)`` now and then, and the
command line turns that into bars on stderr (``coder.cli.common.stage_bars``).
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int, int | None], None]
"""``(stage, done, total)``: ``stage`` names the step, ``total`` is None while unknown."""
