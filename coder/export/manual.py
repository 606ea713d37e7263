"""The codebook as a readable manual (Markdown or Word), as methods sections require.

Each code gets a heading (numbered by its place in the tree) with its definition, what to
include and exclude, examples and keywords, in the chosen language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from coder.codebook.model import Codebook, pick
from coder.errors import InputError
from coder.export.words import word


@dataclass
class Entry:
    """One code of the manual: heading, depth and its texts (name, paragraphs or a list)."""

    number: str
    code: str
    label: str
    depth: int
    codable: bool
    texts: list[tuple[str, str | list[str]]] = field(default_factory=list)


def manual_entries(book: Codebook, lang: str) -> list[Entry]:
    """The codebook's codes in order, numbered 1, 1.1, 1.2, 2..., with texts in ``lang``."""
    entries: list[Entry] = []
    counters: list[int] = []
    for code, _parent, depth in book.walk():
        counters = counters[: depth + 1]
        if len(counters) <= depth:
            counters.append(0)
        counters[depth] += 1
        entry = Entry(
            number=".".join(str(n) for n in counters),
            code=code.id,
            label=code.label(lang),
            depth=depth,
            codable=code.codable,
        )
        for key, texts in (
            ("definition", code.definition),
            ("include", code.include),
            ("exclude", code.exclude),
        ):
            text = pick(texts, lang)
            if text:
                entry.texts.append((word(key, lang), text))
        for key, lists in (("examples", code.examples), ("keywords", code.keywords)):
            items = lists.get(lang) or next((v for v in lists.values() if v), [])
            if items:
                entry.texts.append((word(key, lang), list(items)))
        entries.append(entry)
    return entries


def manual_markdown(book: Codebook, lang: str) -> str:
    """The manual as Markdown."""
    title = pick(book.title, lang, book.id)
    lines = [f"# {word('codebook', lang)}: {title}", ""]
    question = pick(book.question, lang)
    if question:
        lines += [f"*{question}*", ""]
    for entry in manual_entries(book, lang):
        level = "#" * min(entry.depth + 2, 6)
        lines += [f"{level} {entry.number} {entry.label} (`{entry.code}`)", ""]
        if not entry.codable:
            lines += [f"*{word('grouping', lang)}*", ""]
        for name, text in entry.texts:
            if isinstance(text, list):
                joiner = ", " if name == word("keywords", lang) else None
                if joiner:
                    lines += [f"**{name}:** {joiner.join(text)}", ""]
                else:
                    lines += [f"**{name}:**", ""] + [f"- {item}" for item in text] + [""]
            else:
                lines += [f"**{name}:** {text}", ""]
    return "\n".join(lines).rstrip() + "\n"


def write_manual_docx(path: Path, book: Codebook, lang: str) -> None:
    """The manual as a Word document."""
    from docx import Document

    document = Document()
    document.add_heading(f"{word('codebook', lang)}: {pick(book.title, lang, book.id)}", level=0)
    question = pick(book.question, lang)
    if question:
        document.add_paragraph(question).runs[0].italic = True
    for entry in manual_entries(book, lang):
        document.add_heading(
            f"{entry.number} {entry.label} ({entry.code})", level=min(entry.depth + 1, 9)
        )
        if not entry.codable:
            document.add_paragraph(word("grouping", lang)).runs[0].italic = True
        for name, text in entry.texts:
            if isinstance(text, list) and name != word("keywords", lang):
                document.add_paragraph().add_run(f"{name}:").bold = True
                for item in text:
                    document.add_paragraph(item, style="List Bullet")
            else:
                paragraph = document.add_paragraph()
                paragraph.add_run(f"{name}: ").bold = True
                paragraph.add_run(", ".join(text) if isinstance(text, list) else text)
    try:
        document.save(str(path))
    except OSError as exc:
        raise InputError("error.file.unwritable", file=path, reason=exc.strerror) from exc
