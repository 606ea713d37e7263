"""Theme tables as Markdown: a table per question, then summary points, quotes and notes."""

from __future__ import annotations

from coder.export.table import ThemeTable
from coder.export.words import percent, word


def _cell(text: str) -> str:
    """Text that cannot break a Markdown table row."""
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")


def theme_markdown(tables: list[ThemeTable]) -> str:
    """Every table as one Markdown document."""
    return "\n\n".join(_one(table) for table in tables).rstrip() + "\n"


def _one(t: ThemeTable) -> str:
    lang = t.lang
    lines = [f"## {_cell(t.question)}: {_cell(t.question_text)}", ""]
    facts = [
        f"{word('coder', lang)}: {t.coder}",
        f"{word('respondents', lang)}: {t.answers}",
    ]
    if t.by:
        facts.append(f"{word('by', lang)} {t.by}")
    lines += [" · ".join(_cell(f) for f in facts), ""]
    header = [word("theme", lang), word("answers", lang), word("share", lang)]
    align = ["---", "---:", "---:"]
    if t.nested:
        header.append(word("with_subcodes", lang))
        align.append("---:")
    for group in t.groups:
        header += [f"{group} (n={t.group_sizes[group]})", "%"]
        align += ["---:", "---:"]
    lines.append("| " + " | ".join(_cell(h) for h in header) + " |")
    lines.append("|" + "|".join(align) + "|")
    for row in t.rows:
        label = ("&nbsp;&nbsp;" * 2 * row.depth + ("↳ " if row.depth else "")) + _cell(row.label)
        cells = [label, str(row.count), percent(row.share, lang)]
        if t.nested:
            cells.append(str(row.count_with_subcodes))
        for group in t.groups:
            cell = row.groups[group]
            cells += [str(cell.count), percent(cell.share, lang)]
        lines.append("| " + " | ".join(cells) + " |")
    extra = [
        (word("no_code", lang), t.no_code),
        (word("several", lang), t.several_codes),
        (word("not_coded", lang), t.not_coded),
    ]
    for name, count in extra:
        cells = [f"*{name}*", str(count), percent(count / t.answers if t.answers else 0, lang)]
        if t.nested:
            cells.append("")
        for group in t.groups:
            if name == word("no_code", lang):
                cell = t.no_code_groups[group]
                cells += [str(cell.count), percent(cell.share, lang)]
            else:
                cells += ["", ""]
        lines.append("| " + " | ".join(cells) + " |")
    detail = [row for row in t.rows if row.points or row.quotes]
    if detail:
        lines += ["", f"### {word('points', lang)} · {word('quotes', lang)}"]
        for row in detail:
            lines += ["", f"**{_cell(' > '.join(row.path))}**", ""]
            lines += [f"- {_cell(p)}" for p in row.points]
            for quote in row.quotes:
                lines += ["", f"> “{_cell(quote.text)}” ({quote.language})"]
    lines += ["", f"*{word('notes', lang)}*", ""]
    lines += [f"- {_cell(n)}" for n in t.notes]
    return "\n".join(lines)
