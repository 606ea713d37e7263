"""Regenerate docs/screenshot.svg: the coding screen on the demo project at 120x40.

.venv/bin/python docs/screenshot.py
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

OUT = Path(__file__).with_name("screenshot.svg")


async def main() -> None:
    from coder.demo.build import build_demo
    from coder.store.project import Project
    from coder.tui.app import CoderApp
    from coder.tui.config import Config

    with tempfile.TemporaryDirectory() as tmp:
        db = build_demo(Path(tmp) / "demo.sqlite").db
        project = Project.open(db)
        app = CoderApp(project, "maria", "microcredential_challenges", config=Config(), learn=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("r", "enter", "d", "down", "A", "enter", "D")
            await pilot.pause(0.5)
            app.save_screenshot(filename=OUT.name, path=str(OUT.parent))
        project.close()
    print(OUT)


if __name__ == "__main__":
    os.environ.setdefault("CODER_CONFIG", os.devnull + ".none")
    asyncio.run(main())
