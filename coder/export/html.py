"""Theme tables as one standalone HTML page: styles and SVG charts inline, no outside files.

Every text from the project is escaped, so an answer holding markup shows as text.
"""

from __future__ import annotations

from html import escape

from coder.export.table import ThemeTable
from coder.export.words import percent, word

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;color:#1b1b1b;line-height:1.45}
h1{font-size:1.5rem}h2{font-size:1.25rem;margin-top:2.5rem}h3{font-size:1.05rem}
table{border-collapse:collapse;width:100%;font-size:.9rem;margin:1rem 0}
th,td{border-bottom:1px solid #ccd;padding:.3rem .5rem;vertical-align:top}
th{background:#d9e2f3;text-align:left}td.n,th.n{text-align:right;white-space:nowrap}
tr.extra td{font-style:italic;color:#555}.d1{padding-left:1.5rem}.d2{padding-left:3rem}
.d3{padding-left:4.5rem}blockquote{border-left:3px solid #9ab;margin:.5rem 0;padding:.2rem .8rem;
color:#333}.notes{font-size:.85rem;color:#444}figure{margin:1rem 0}svg{max-width:100%;height:auto}
.scroll{overflow-x:auto;max-width:100%}h1,h2,h3,h4,p,li,blockquote,td:first-child{overflow-wrap:anywhere}
"""
"""A wide table scrolls inside its own box and long words wrap, so the page is never wider
than the window, on a phone too."""


def inline_svg(svg: bytes) -> str:
    """An SVG document as markup to put inside HTML (no XML declaration or DOCTYPE)."""
    text = svg.decode("utf-8")
    start = text.find("<svg")
    return text[start:] if start >= 0 else ""


def theme_html(tables: list[ThemeTable], charts: dict[str, bytes], title: str = "") -> str:
    """The page: per question the table, its SVG chart (by question id), points and quotes."""
    lang = tables[0].lang if tables else "en"
    heading = title or (tables[0].title if len(tables) == 1 else "") or word("theme", lang)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(heading)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(heading)}</h1>",
    ]
    for t in tables:
        parts.append(_section(t, charts.get(t.question)))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _section(t: ThemeTable, chart: bytes | None) -> str:
    lang = t.lang
    out = [f'<section id="{escape(t.question)}">']
    out.append(f"<h2>{escape(t.question)}: {escape(t.question_text)}</h2>")
    facts = f"{word('coder', lang)}: {t.coder} · {word('respondents', lang)}: {t.answers}"
    if t.by:
        facts += f" · {word('by', lang)} {t.by}"
    out.append(f"<p>{escape(facts)}</p>")
    head = [
        f"<th>{escape(word('theme', lang))}</th>",
        f'<th class="n">{escape(word("answers", lang))}</th>',
        '<th class="n">%</th>',
    ]
    if t.nested:
        head.append(f'<th class="n">{escape(word("with_subcodes", lang))}</th>')
    for group in t.groups:
        head.append(
            f'<th class="n">{escape(group)} (n={t.group_sizes[group]})</th><th class="n">%</th>'
        )
    out.append('<div class="scroll"><table><thead><tr>' + "".join(head) + "</tr></thead><tbody>")
    for row in t.rows:
        cells = [
            f'<td class="d{min(row.depth, 3)}" title="{escape(row.code)}">{escape(row.label)}</td>',
            f'<td class="n">{row.count}</td>',
            f'<td class="n">{escape(percent(row.share, lang))}</td>',
        ]
        if t.nested:
            cells.append(f'<td class="n">{row.count_with_subcodes}</td>')
        for group in t.groups:
            cell = row.groups[group]
            cells.append(
                f'<td class="n">{cell.count}</td><td class="n">{escape(percent(cell.share, lang))}</td>'
            )
        out.append("<tr>" + "".join(cells) + "</tr>")
    for key, count in (
        ("no_code", t.no_code),
        ("several", t.several_codes),
        ("not_coded", t.not_coded),
    ):
        share = count / t.answers if t.answers else 0.0
        cells = [
            f"<td>{escape(word(key, lang))}</td>",
            f'<td class="n">{count}</td>',
            f'<td class="n">{escape(percent(share, lang))}</td>',
        ]
        if t.nested:
            cells.append("<td></td>")
        for group in t.groups:
            extra = t.no_code_groups.get(group) if key == "no_code" else None
            cells.append(
                f'<td class="n">{extra.count}</td><td class="n">{escape(percent(extra.share, lang))}</td>'
                if extra
                else "<td></td><td></td>"
            )
        out.append('<tr class="extra">' + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    if t.suppressed_note:
        out.append(f'<p class="notes suppressed">{escape(t.suppressed_note)}</p>')
    if chart:
        out.append(f"<figure>{inline_svg(chart)}</figure>")
    detail = [row for row in t.rows if row.points or row.quotes]
    if detail:
        out.append(f"<h3>{escape(word('points', lang))} · {escape(word('quotes', lang))}</h3>")
        for row in detail:
            out.append(f"<h4>{escape(' > '.join(row.path))}</h4>")
            if row.points:
                out.append("<ul>" + "".join(f"<li>{escape(p)}</li>" for p in row.points) + "</ul>")
            for quote in row.quotes:
                out.append(
                    f'<blockquote lang="{escape(quote.language)}">{escape(quote.text)}</blockquote>'
                )
    out.append(f'<div class="notes"><h4>{escape(word("notes", lang))}</h4><ul>')
    out += [f"<li>{escape(n)}</li>" for n in t.other_notes]
    out.append("</ul></div></section>")
    return "\n".join(out)
