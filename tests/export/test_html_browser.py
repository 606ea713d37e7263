"""The HTML report in a real browser (Debian's headless Chromium): its screenshot shows the
page, the shaded table header and the chart, and the page is never wider than the window,
on a desktop or a phone. Skipped where Chromium is not installed."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from coder.export.run import ExportOptions, run_export
from coder.store.project import Project

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")

HEADER_SHADE = (0xD9, 0xE2, 0xF3)
"""The table header's background (`html.STYLE`)."""


def chromium(tmp_path: Path, width: int, height: int, *args: str) -> subprocess.CompletedProcess:
    assert CHROMIUM is not None
    command = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--hide-scrollbars", f"--user-data-dir={tmp_path / 'profile'}",
        f"--window-size={width},{height}", *args,
    ]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


def report(project: Project, tmp_path: Path) -> Path:
    out = tmp_path / "report.html"
    options = ExportOptions(
        fmt="html", out=out, question_ids=["Q1"], coder="anna", by="university", lang="fi"
    )
    run_export(project, options)
    return out


def test_screenshot_shows_the_table_and_the_chart(coded: Project, tmp_path: Path) -> None:
    import matplotlib.image as mpimg
    import numpy as np

    page = report(coded, tmp_path)
    shot = tmp_path / "shot.png"
    chromium(tmp_path, 1000, 1400, f"--screenshot={shot}", page.as_uri())
    pixels = (mpimg.imread(str(shot))[:, :, :3] * 255).round().astype(int)
    height, width, _ = pixels.shape
    assert (width, height) == (1000, 1400)
    ink = (pixels.sum(axis=2) < 600).mean()
    assert ink > 0.02  # not a blank page
    shaded = np.all(np.abs(pixels - np.array(HEADER_SHADE)) <= 3, axis=2)
    header_rows = np.flatnonzero(shaded.mean(axis=1) > 0.5)
    assert header_rows.size >= 10  # the table's header band, most of the page wide
    below = pixels[header_rows.max() + 1 :]
    colours = below.reshape(-1, 3)
    # the chart's bars (matplotlib's first colours) lie below the table
    assert (np.all(np.abs(colours - np.array((0x1F, 0x77, 0xB4))) <= 3, axis=1)).sum() > 500
    assert (np.all(np.abs(colours - np.array((0xFF, 0x7F, 0x0E))) <= 3, axis=1)).sum() > 500


@pytest.mark.parametrize("width", [1280, 500])  # 500: the narrowest headless window
def test_page_is_never_wider_than_the_window(coded: Project, tmp_path: Path, width: int) -> None:
    page = report(coded, tmp_path)
    probe = tmp_path / "probe.html"
    script = (
        "<script>document.body.setAttribute('data-widths', "
        "document.documentElement.scrollWidth + ' ' + window.innerWidth)</script>"
    )
    probe.write_text(
        page.read_text(encoding="utf-8").replace("</body>", script + "</body>"), encoding="utf-8"
    )
    dom = chromium(tmp_path, width, 900, "--dump-dom", probe.as_uri()).stdout
    found = re.search(r'data-widths="(\d+) (\d+)"', dom)
    assert found, dom[:500]
    scroll_width, inner_width = int(found.group(1)), int(found.group(2))
    assert inner_width == width
    assert scroll_width <= inner_width
