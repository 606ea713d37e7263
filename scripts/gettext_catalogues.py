"""Move the hand-written string tables into the gettext catalogues, and compile those.

`coder` shows its strings through gettext (`coder.i18n`): one catalogue per language in
`coder/locale/{en,sv,fi}/LC_MESSAGES/coder.po`, compiled to `coder.mo` beside it, which is what
the program reads (with the standard library; Babel is needed only here, in development).
Message ids are the strings' keys (`action.next`, `export.word.theme`, `export.note.several`);
the English catalogue holds the English texts, and a counted string has plural forms from the
catalogue's Plural-Forms header.

Strings used to live in Python dicts (`coder/tui/i18n.py` CATALOGUE,
`coder/tui/screens/editor_strings.py` STRINGS and its blocks, `coder/export/words.py` WORDS,
COUNTED and NOTES). Work begun before the move may still add such dicts; after merging it run

    python scripts/gettext_catalogues.py            # dict entries -> .po (they win), .mo, dicts removed
    python scripts/gettext_catalogues.py --check    # exit 1 if a dict is left or a .mo is stale

The first form reads every dict literal it knows by name (with `ast`, nothing is imported),
adds or updates its entries in the three `.po` files, removes the dicts (and the loop that
merged editor blocks) from the Python files, and compiles the `.mo` files. Translators edit the
`.po` files directly; run the script (or `--compile-only`) afterwards.
"""

from __future__ import annotations

import argparse
import ast
import io
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "coder" / "locale"
LANGUAGES = ("en", "sv", "fi")
DOMAIN = "coder"
# Fixed, so that regenerating unchanged catalogues changes no byte.
STAMP = datetime(2026, 1, 1, tzinfo=UTC)

Text = str | tuple[str, str]


@dataclass(frozen=True)
class Source:
    """A dict of strings in a Python file: its name, how it is keyed, the prefix of its keys."""

    path: str
    name: str
    lang_first: bool = False  # lang -> key -> text, else key -> lang -> text
    prefix: str = ""


SOURCES = (
    Source("coder/tui/i18n.py", "CATALOGUE"),
    Source("coder/tui/screens/editor_strings.py", "STRINGS", lang_first=True),
    Source("coder/tui/screens/editor_strings.py", "_BLIND_STRINGS", lang_first=True),
    Source("coder/export/words.py", "WORDS", prefix="export.word."),
    Source("coder/export/words.py", "COUNTED", prefix="export.counted."),
    Source("coder/export/words.py", "NOTES", prefix="export.note."),
)


def _assignments(tree: ast.Module) -> dict[str, ast.stmt]:
    """Top-level `NAME = {...}` and `NAME: T = {...}` statements by name."""
    found: dict[str, ast.stmt] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target = node.target
        else:
            continue
        if isinstance(target, ast.Name) and isinstance(node.value, ast.Dict):  # type: ignore[union-attr]
            found[target.id] = node
    return found


def _merge_loops(tree: ast.Module, names: set[str]) -> list[ast.stmt]:
    """Top-level `for ... in NAME.items(): ...` loops that merge one table into another."""
    loops: list[ast.stmt] = []
    for node in tree.body:
        if (
            isinstance(node, ast.For)
            and isinstance(node.iter, ast.Call)
            and isinstance(node.iter.func, ast.Attribute)
            and isinstance(node.iter.func.value, ast.Name)
            and node.iter.func.value.id in names
        ):
            loops.append(node)
    return loops


# Code that only fed the dicts into the old catalogue: removed with them.
OBSOLETE_FUNCTIONS = {"coder/tui/screens/editor_strings.py": {"_register"}}


def _called(node: ast.stmt) -> ast.Call | None:
    """The call of a top-level statement that is only a call of a plain name, else None."""
    if (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Name)
    ):
        return node.value
    return None


def _register_calls(tree: ast.Module) -> list[ast.stmt]:
    """Top-level `register({...})` calls: strings added to the TUI catalogue by a module."""
    return [
        node
        for node in tree.body
        if (call := _called(node)) is not None
        and call.func.id == "register"  # type: ignore[attr-defined]
        and len(call.args) == 1
        and isinstance(call.args[0], ast.Dict)
    ]


def _obsolete(tree: ast.Module, names: set[str]) -> list[ast.stmt]:
    """Top-level definitions of, and bare calls to, the functions in ``names``."""
    return [
        node
        for node in tree.body
        if (isinstance(node, ast.FunctionDef) and node.name in names)
        or ((call := _called(node)) is not None and call.func.id in names)  # type: ignore[attr-defined]
    ]


def collect(root: Path = ROOT) -> dict[str, dict[str, Text]]:
    """Every string of the dicts still in the Python files: key -> language -> text."""
    entries: dict[str, dict[str, Text]] = {}
    for path_text in sorted({s.path for s in SOURCES}):
        path = root / path_text
        if path.exists():
            for call in _register_calls(ast.parse(path.read_text(encoding="utf-8"))):
                table = ast.literal_eval(call.value.args[0])  # type: ignore[attr-defined]
                for key, texts in table.items():
                    entries.setdefault(key, {}).update(texts)
    for source in SOURCES:
        path = root / source.path
        if not path.exists():
            continue
        node = _assignments(ast.parse(path.read_text(encoding="utf-8"))).get(source.name)
        if node is None:
            continue
        table = ast.literal_eval(node.value)  # type: ignore[attr-defined]
        pairs = (
            ((key, lang, text) for lang, texts in table.items() for key, text in texts.items())
            if source.lang_first
            else ((key, lang, text) for key, texts in table.items() for lang, text in texts.items())
        )
        for key, lang, text in pairs:
            value: Text = tuple(text) if isinstance(text, (tuple, list)) else text  # type: ignore[assignment]
            entries.setdefault(source.prefix + key, {})[lang] = value
    return entries


def strip_sources(root: Path = ROOT) -> list[str]:
    """Remove the converted dicts (and loops merging them) from the Python files."""
    changed = []
    for path_text in sorted({s.path for s in SOURCES}):
        path = root / path_text
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        names = {s.name for s in SOURCES if s.path == path_text}
        found = _assignments(tree)
        nodes = [found[n] for n in names if n in found] + _merge_loops(tree, names)
        nodes += _register_calls(tree) + _obsolete(tree, OBSOLETE_FUNCTIONS.get(path_text, set()))
        if not nodes:
            continue
        lines = text.splitlines(keepends=True)
        drop: set[int] = set()
        for node in nodes:
            end = node.end_lineno or node.lineno
            drop.update(range(node.lineno - 1, end))
            above = node.lineno - 2  # the comment lines heading it go too
            while above >= 0 and lines[above].lstrip().startswith("#"):
                drop.add(above)
                above -= 1
            # a string literal right after the dict documents it: it goes too
            following = tree.body.index(node) + 1
            if following < len(tree.body):
                doc = tree.body[following]
                if (
                    isinstance(doc, ast.Expr)
                    and isinstance(doc.value, ast.Constant)
                    and isinstance(doc.value.value, str)
                ):
                    drop.update(range(doc.lineno - 1, doc.end_lineno or doc.lineno))
        kept = "".join(line for i, line in enumerate(lines) if i not in drop)
        while "\n\n\n\n" in kept:
            kept = kept.replace("\n\n\n\n", "\n\n\n")
        kept = kept.rstrip("\n") + "\n"
        path.write_text(kept, encoding="utf-8")
        changed.append(path_text)
    return changed


def _catalogue_path(lang: str, suffix: str, locale_dir: Path) -> Path:
    return locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.{suffix}"


def _read(lang: str, locale_dir: Path):  # type: ignore[no-untyped-def]
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po

    path = _catalogue_path(lang, "po", locale_dir)
    if path.exists():
        with path.open("rb") as handle:
            return read_po(handle, locale=lang, domain=DOMAIN)
    return Catalog(
        locale=lang,
        domain=DOMAIN,
        header_comment=(
            "# Strings of coder (TUI, exports, command line) in this language.\n"
            "# Message ids are keys; edit msgstr, then run scripts/gettext_catalogues.py."
        ),
        project="coder",
        version="1",
        copyright_holder="the coder authors",
        msgid_bugs_address="the coder issue tracker",
        last_translator="the coder authors",
        language_team=f"{lang}",
        creation_date=STAMP,
    )


def update_catalogues(entries: dict[str, dict[str, Text]], locale_dir: Path = LOCALE_DIR) -> None:
    """Add or update `entries` in each language's .po file (English texts as comments)."""
    from babel.messages.pofile import write_po

    for lang in LANGUAGES:
        catalog = _read(lang, locale_dir)
        for key, texts in entries.items():
            if lang not in texts:
                continue
            text = texts[lang]
            english = texts.get("en")
            comments = [] if lang == "en" or english is None else [_english_comment(english)]
            if key in catalog:
                del catalog[key]
            if isinstance(text, tuple):
                catalog.add((key, key), string=text, auto_comments=comments)
            else:
                catalog.add(key, string=text, auto_comments=comments)
        _write(catalog, lang, locale_dir, write_po)


def _english_comment(english: Text) -> str:
    return f"en: {english[1] if isinstance(english, tuple) else english}"


def _write(catalog, lang: str, locale_dir: Path, write_po) -> None:  # type: ignore[no-untyped-def]
    catalog.creation_date = STAMP
    catalog.revision_date = STAMP
    catalog.fuzzy = False
    path = _catalogue_path(lang, "po", locale_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=True, omit_header=False)
    path.write_bytes(buffer.getvalue())


def compiled(lang: str, locale_dir: Path = LOCALE_DIR) -> bytes:
    """The .mo bytes of a language's .po file."""
    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, _read(lang, locale_dir))
    return buffer.getvalue()


def compile_all(locale_dir: Path = LOCALE_DIR) -> None:
    for lang in LANGUAGES:
        _catalogue_path(lang, "mo", locale_dir).write_bytes(compiled(lang, locale_dir))


def problems(root: Path = ROOT, locale_dir: Path = LOCALE_DIR) -> list[str]:
    """What `--check` reports: dicts left in the Python files, stale or missing .mo files."""
    found = [f"{key}: still a Python dict entry" for key in sorted(collect(root))]
    for lang in LANGUAGES:
        mo = _catalogue_path(lang, "mo", locale_dir)
        if not mo.exists() or mo.read_bytes() != compiled(lang, locale_dir):
            found.append(f"{mo.relative_to(root)}: not compiled from its .po")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report what is out of date")
    parser.add_argument("--compile-only", action="store_true", help="only compile .po to .mo")
    args = parser.parse_args(argv)
    if args.check:
        found = problems()
        for line in found:
            print(line, file=sys.stderr)
        return 1 if found else 0
    if not args.compile_only:
        entries = collect()
        update_catalogues(entries)
        for path in strip_sources():
            print(f"moved the string tables of {path} into the catalogues")
        print(f"{len(entries)} strings written to {LOCALE_DIR.relative_to(ROOT)}/*/LC_MESSAGES")
    compile_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
