"""Run the coding app headless in its own process and report every change it has shown.

Usage: python kill_driver.py DB KEY [KEY ...]

Presses the keys one after another; after each repaint that follows a change it prints
``shown RESPONDENT CODE;CODE`` (what the screen now shows for that answer) and flushes, so a
parent process can SIGKILL it at any moment and check that nothing shown was lost.
"""

from __future__ import annotations

import asyncio
import sys

from coder.store.project import Project
from coder.tui.app import CoderApp
from coder.tui.config import Config


async def drive(db: str, keys: list[str]) -> None:
    project = Project.open(db)
    app = CoderApp(project, "anna", "Q1", config=Config(), learn=False)

    def shown(what: str) -> None:
        state = app.state
        if state is None or what == "start" or state.current_id is None:
            return
        codes = sorted(state.code_by_id[c].key for c in state.my_codes.get(state.current_id, ()))
        respondent = state.respondents[state.pos_of[state.current_id]]
        print(f"shown {what} {respondent} {';'.join(codes)}", flush=True)

    app.repaint_listeners.append(shown)
    async with app.run_test() as pilot:
        print("ready", flush=True)
        for key in keys:
            await pilot.press(key)
        print("finished", flush=True)
        await asyncio.sleep(60)  # stay alive until killed


if __name__ == "__main__":
    asyncio.run(drive(sys.argv[1], sys.argv[2:]))
