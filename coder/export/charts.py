"""Bar charts of theme frequencies, overall and by group, as PNG or SVG bytes.

matplotlib is imported here, lazily and with the Agg backend, so the CLI and the TUI start
fast and charts render without a display.
"""

from __future__ import annotations

import io
import textwrap
from typing import Any

from coder.export.table import ThemeTable
from coder.export.words import word


def _pyplot():  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


LABEL_WIDTH = 38
"""Characters per line of a theme label before it wraps (long labels wrap, never clip)."""
LABEL_LINES = 3
TITLE_WIDTH = 70
FIGURE_WIDTH = 8.0


def _wrap(text: str, width: int, lines: int) -> str:
    """``text`` on at most ``lines`` lines of ``width`` characters (the last one shortened)."""
    wrapped = textwrap.wrap(" ".join(text.split()), width, break_long_words=True) or [""]
    if len(wrapped) > lines:
        rest = " ".join(wrapped[lines - 1 :])
        wrapped = [*wrapped[: lines - 1], textwrap.shorten(rest, width, placeholder="…")]
    return "\n".join(wrapped)


def chart_figure(table: ThemeTable, *, by_group: bool | None = None) -> Any:
    """The table's themes as horizontal bars (one bar per shown group when grouped), as a
    matplotlib figure laid out so that every label, the title and the legend lie inside it.

    Constrained layout makes room for the wrapped labels; the legend sits below the axes,
    outside them; the height follows the number of bars and label lines. The caller closes
    the figure (``bar_chart`` does).
    """
    plt = _pyplot()
    grouped = bool(table.groups) if by_group is None else by_group and bool(table.groups)
    rows = list(table.rows)
    labels = [
        ("  " * row.depth + "– " if row.depth else "")
        + _wrap(row.label, LABEL_WIDTH - 2 * row.depth, LABEL_LINES)
        for row in rows
    ]
    series: list[tuple[str, list[float]]]
    series = [(f"{word('all', table.lang)} (n={table.answers})", [r.share * 100 for r in rows])]
    if grouped:
        series += [
            (
                _wrap(f"{g} (n={table.group_sizes[g]})", 40, 2),
                [r.groups[g].share * 100 for r in rows],
            )
            for g in table.groups
        ]
    title = _wrap(f"{table.question}: {table.question_text}", TITLE_WIDTH, 3)
    label_lines = sum(max(1, label.count("\n") + 1) for label in labels)
    bars_height = max(0.28 * len(series) * len(rows), 0.2 * label_lines) + 0.4
    legend_columns = min(len(series), 3)
    legend_rows = -(-len(series) // legend_columns) if grouped else 0
    height = bars_height + 0.25 * (title.count("\n") + 1) + 0.6 + 0.3 * legend_rows
    fig, ax = plt.subplots(figsize=(FIGURE_WIDTH, max(2.5, height)), layout="constrained")
    bar = 0.8 / len(series)
    positions = list(range(len(rows)))
    for i, (name, values) in enumerate(series):
        offsets = [p - 0.4 + bar * (i + 0.5) for p in positions]
        bars = ax.barh(offsets, values, height=bar, label=name)
        if len(series) == 1:
            ax.bar_label(bars, labels=[f"{r.count}" for r in rows], padding=2, fontsize=8)
    ax.set_yticks(positions, labels=labels, fontsize=9)
    ax.invert_yaxis()
    ax.set_xlabel(word("chart_axis", table.lang))
    ax.set_title(title, fontsize=10, loc="left")
    top = max((max(v) for _n, v in series if v), default=0.0)
    ax.set_xlim(0, max(10.0, top * 1.2))  # room for the count beside the longest bar
    ax.spines[["top", "right"]].set_visible(False)
    if grouped:
        fig.legend(loc="outside lower center", ncol=legend_columns, fontsize=8, frameon=False)
    return fig


def bar_chart(table: ThemeTable, fmt: str = "png", *, by_group: bool | None = None) -> bytes:
    """The chart of ``chart_figure`` as PNG or SVG bytes."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"chart format must be png or svg, not {fmt!r}")
    plt = _pyplot()
    fig = chart_figure(table, by_group=by_group)
    try:
        buffer = io.BytesIO()
        fig.savefig(buffer, format=fmt, dpi=150 if fmt == "png" else None)
        return buffer.getvalue()
    finally:
        plt.close(fig)
