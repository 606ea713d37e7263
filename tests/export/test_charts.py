"""Charts with long labels in every language lie inside their picture: every piece of text
(labels, title, legend, counts) inside the figure, and the rendered PNG has plain borders."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from coder.export.charts import bar_chart, chart_figure
from coder.export.table import GroupCell, ThemeRow, ThemeTable

FINNISH_LABELS = [
    "Jatkuvan oppimisen mikrotutkintojen kehittämiseen tarvittavien henkilöstöresurssien "
    "ja taloudellisten resurssien riittämättömyys",
    "Epäselvä käsitteistö",
    "Yliopistojenvälisen yhteistyön koordinointivastuiden määrittelemättömyys ja "
    "hallinnollinen kuormittavuus",
    "Opiskelijahallintojärjestelmäintegraatiovaikeudet",  # one word longer than a line
    "Tunnustaminen",
]
GROUPS = {
    "Itä-Suomen yliopisto (opetus- ja tutkimushenkilöstö)": 40,
    "Lapin yliopisto (muu henkilökunta)": 12,
    "Åbo Akademi": 25,
    "Taideyliopisto ja muut pienet yksiköt yhteensä": 9,
}


def long_table(lang: str, grouped: bool) -> ThemeTable:
    rows = []
    for i, label in enumerate(FINNISH_LABELS):
        count = 10 * (i + 1)
        rows.append(
            ThemeRow(
                code=f"code_{i}",
                label=label,
                depth=1 if i == 2 else 0,
                parent="code_1" if i == 2 else None,
                path=[label],
                count=count,
                count_with_subcodes=count,
                share=count / 86,
                groups=(
                    {g: GroupCell(i + 1, (i + 1) / n) for g, n in GROUPS.items()} if grouped else {}
                ),
            )
        )
    return ThemeTable(
        question="Q12",
        question_text="Millaisia haasteita yliopistossanne on mikrotutkintojen kehittämisessä, "
        "toteuttamisessa ja tunnustamisessa jatkuvan oppimisen näkökulmasta? Kuvailkaa "
        "omin sanoin.",
        title="Haasteet",
        coder="anna",
        lang=lang,
        answers=86,
        coded=86,
        not_coded=0,
        no_code=0,
        several_codes=0,
        codings=150,
        by="university" if grouped else None,
        min_group=5,
        group_sizes=dict(GROUPS) if grouped else {},
        rows=rows,
    )


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
@pytest.mark.parametrize("grouped", [False, True])
def test_every_text_lies_inside_the_figure(lang: str, grouped: bool) -> None:
    import matplotlib.pyplot as plt
    from matplotlib.text import Text

    fig = chart_figure(long_table(lang, grouped))
    try:
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        box = fig.bbox
        # what is drawn: the figure's tight box covers every artist that was drawn
        drawn = fig.get_tightbbox(renderer)
        inches = fig.bbox_inches
        assert drawn.x0 >= inches.x0 and drawn.x1 <= inches.x1
        assert drawn.y0 >= inches.y0 and drawn.y1 <= inches.y1
        ax = fig.axes[0]
        texts: list[Text] = [ax.title, *ax.get_yticklabels(), ax.xaxis.label]
        texts += [t for legend in fig.legends for t in legend.get_texts()]
        texts += [t for t in ax.texts]  # the counts beside the bars
        assert any("Jatkuvan" in t.get_text() for t in texts)
        if grouped:
            assert any("Taideyliopisto" in t.get_text() for t in texts)  # the legend
        for text in texts:
            extent = text.get_window_extent(renderer)
            assert extent.x0 >= box.x0 and extent.x1 <= box.x1, text.get_text()
            assert extent.y0 >= box.y0 and extent.y1 <= box.y1, text.get_text()
    finally:
        plt.close(fig)


@pytest.mark.parametrize("grouped", [False, True])
def test_png_has_plain_borders(grouped: bool, tmp_path: Path) -> None:
    """Clipped text would leave ink on the picture's edge; a laid-out chart leaves none."""
    import matplotlib.image as mpimg

    png = bar_chart(long_table("fi", grouped), "png")
    (tmp_path / "chart.png").write_bytes(png)
    pixels = mpimg.imread(io.BytesIO(png), format="png")[:, :, :3]
    edge = 3
    borders = [pixels[:edge], pixels[-edge:], pixels[:, :edge], pixels[:, -edge:]]
    for border in borders:
        assert border.min() > 0.98  # white: nothing drawn there
    inner = pixels[edge:-edge, edge:-edge]
    assert inner.min() < 0.5  # and the chart itself is there


def test_svg_chart_keeps_its_texts(tmp_path: Path) -> None:
    svg = bar_chart(long_table("fi", True), "svg").decode("utf-8")
    assert "<svg" in svg and "Jatkuvan" in svg


@pytest.mark.parametrize(
    ("lang", "axis"),
    [
        ("en", "Share of respondents who answered (%)"),
        ("sv", "Andel av dem som svarade (%)"),
        ("fi", "Osuus vastanneista (%)"),
    ],
)
def test_axis_title_is_in_the_tables_language(lang: str, axis: str) -> None:
    figure = chart_figure(long_table(lang, grouped=False))
    assert figure.axes[0].xaxis.label.get_text() == axis
