"""Bar charts of theme frequencies, overall and by group, as PNG or SVG bytes.

matplotlib is imported here, lazily and with the Agg backend, so the CLI and the TUI start
fast and charts render without a display.
"""

from __future__ import annotations

import io
import textwrap

from coder.export.table import ThemeTable
from coder.export.words import word

AXIS = {
    "sv": "Andel av dem som svarade (%)",
    "fi": "Osuus vastanneista (%)",
    "en": "Share of respondents who answered (%)",
}


def _pyplot():  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def bar_chart(table: ThemeTable, fmt: str = "png", *, by_group: bool | None = None) -> bytes:
    """The table's themes as horizontal bars (one bar per shown group when grouped).

    ``fmt`` is ``png`` or ``svg``; ``by_group`` defaults to whether the table has groups.
    """
    if fmt not in ("png", "svg"):
        raise ValueError(f"chart format must be png or svg, not {fmt!r}")
    plt = _pyplot()
    grouped = bool(table.groups) if by_group is None else by_group and bool(table.groups)
    rows = list(table.rows)
    labels = [
        ("    " * row.depth + "– " if row.depth else "")
        + textwrap.shorten(row.label, width=56, placeholder="…")
        for row in rows
    ]
    series: list[tuple[str, list[float]]]
    series = [(f"{word('all', table.lang)} (n={table.answers})", [r.share * 100 for r in rows])]
    if grouped:
        series += [
            (f"{g} (n={table.group_sizes[g]})", [r.groups[g].share * 100 for r in rows])
            for g in table.groups
        ]
    height = max(2.5, 0.35 * len(rows) * (1 + 0.35 * (len(series) - 1)) + 1.2)
    if grouped:
        height += 0.25 * (1 + len(series) // 3)
    fig, ax = plt.subplots(figsize=(8.0, height))
    try:
        bar = 0.8 / len(series)
        positions = list(range(len(rows)))
        for i, (name, values) in enumerate(series):
            offsets = [p - 0.4 + bar * (i + 0.5) for p in positions]
            bars = ax.barh(offsets, values, height=bar, label=name)
            if len(series) == 1:
                ax.bar_label(bars, labels=[f"{r.count}" for r in rows], padding=2, fontsize=8)
        ax.set_yticks(positions, labels=labels, fontsize=9)
        ax.invert_yaxis()
        ax.set_xlabel(AXIS.get(table.lang, AXIS["en"]))
        title = f"{table.question}: {table.question_text}"
        ax.set_title(textwrap.shorten(title, width=90, placeholder="…"), fontsize=10)
        top = max((max(v) for _n, v in series if v), default=0.0)
        ax.set_xlim(0, max(10.0, top * 1.15))
        ax.spines[["top", "right"]].set_visible(False)
        if grouped:
            ax.legend(
                fontsize=8,
                loc="upper center",
                bbox_to_anchor=(0.5, -0.12 * 4 / max(height, 4)),
                ncol=min(len(series), 3),
                frameon=False,
            )
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format=fmt, dpi=150 if fmt == "png" else None)
        return buffer.getvalue()
    finally:
        plt.close(fig)
