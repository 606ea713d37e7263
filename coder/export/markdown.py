"""Theme tables and quotes as Markdown: a table per question, then points, quotes and notes.

Every text from the project (labels, answers, memos, names, group values) goes through
`escape.markdown_text`, so a rendered report shows it as written: no raw HTML, no images or
links, no broken table rows.
"""

from __future__ import annotations

from collections.abc import Sequence

from coder.export.escape import markdown_text as _cell
from coder.export.table import ThemeTable
from coder.export.words import percent, word


def theme_markdown(tables: list[ThemeTable]) -> str:
    """Every table as one Markdown document."""
    return "\n\n".join(_one(table) for table in tables).rstrip() + "\n"


def _one(t: ThemeTable) -> str:
    lang = t.lang
    lines = [f"## {_cell(t.question)}: {_cell(t.question_text)}", ""]
    facts = [
        f"{word('coder', lang)}: {_cell(t.coder)}",
        f"{word('respondents', lang)}: {t.answers}",
    ]
    if t.by:
        facts.append(f"{word('by', lang)} {_cell(t.by)}")
    lines += [" · ".join(facts), ""]
    header = [word("theme", lang), word("answers", lang), word("share", lang)]
    align = ["---", "---:", "---:"]
    if t.nested:
        header.append(word("with_subcodes", lang))
        align.append("---:")
    for group in t.groups:
        header += [f"{_cell(group)} (n={t.group_sizes[group]})", "%"]
        align += ["---:", "---:"]
    lines.append("| " + " | ".join(header) + " |")
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
            lines += ["", f"**{' > '.join(_cell(part) for part in row.path)}**", ""]
            lines += [f"- {_cell(p)}" for p in row.points]
            for quote in row.quotes:
                lines += ["", f"> “{_cell(quote.text)}” ({_cell(quote.language)})"]
    lines += ["", f"*{word('notes', lang)}*", ""]
    lines += [f"- {_cell(n)}" for n in t.notes]
    return "\n".join(lines)


def quotes_markdown(sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[object]]]]) -> str:
    """Quotes tables (name, header, rows) as a list per question: code path, respondent, text."""
    lines: list[str] = []
    for name, header, records in sheets:
        lines += [f"## {_cell(name)}", ""]
        column = {h: i for i, h in enumerate(header)}
        for record in records:
            path = _cell(str(record[column["code_path"]]))
            respondent = _cell(str(record[column["respondent_id"]]))
            lines.append(f"- **{path}** ({respondent}): “{_cell(str(record[column['text']]))}”")
        lines.append("")
    return "\n".join(lines)
