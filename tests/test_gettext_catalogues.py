"""The gettext catalogues (coder/locale) and the script that moves string tables into them."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.pofile import read_po

from coder import i18n
from coder.export.words import counted, note, word
from coder.tui.i18n import t

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("en", "sv", "fi")


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "gettext_catalogues", ROOT / "scripts" / "gettext_catalogues.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _catalogue(lang: str):  # type: ignore[no-untyped-def]
    with (ROOT / "coder" / "locale" / lang / "LC_MESSAGES" / "coder.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def test_every_string_in_every_language_with_the_same_placeholders() -> None:
    catalogues = {lang: _catalogue(lang) for lang in LANGS}
    ids = {
        lang: {m.id if isinstance(m.id, str) else m.id[0] for m in c if m.id}
        for lang, c in catalogues.items()
    }
    assert ids["en"] and ids["sv"] == ids["en"] and ids["fi"] == ids["en"]
    for lang, catalog in catalogues.items():
        assert catalog.num_plurals == 2 and catalog.plural_expr == "(n != 1)", lang
        for message in catalog:
            if not message.id:
                continue
            forms = message.string if isinstance(message.string, tuple) else (message.string,)
            assert all(forms), (lang, message.id)
            english = catalogues["en"][message.id].string
            english_forms = english if isinstance(english, tuple) else (english,)
            fields = {frozenset(re.findall(r"{(\w+)}", f)) for f in (*forms, *english_forms)}
            assert len(fields) == 1, (lang, message.id, fields)


def test_compiled_catalogues_are_up_to_date_and_no_string_table_is_left() -> None:
    assert _script().problems() == []


def test_one_answer_never_one_answers_in_any_language() -> None:
    expected = {
        "en": ("1 answer is not coded yet", "2 answers are not coded yet"),
        "sv": ("1 svar är ännu inte kodat", "2 svar är ännu inte kodade"),
        "fi": ("1 vastaus on vielä koodaamatta", "2 vastausta on vielä koodaamatta"),
    }
    for lang, (one, two) in expected.items():
        assert note("not_coded", lang, not_coded=1, coder="anna").startswith(one)
        assert note("not_coded", lang, not_coded=2, coder="anna").startswith(two)
    assert [counted(n, "codings", "fi") for n in (0, 1, 2)] == [
        "0 koodausta",
        "1 koodaus",
        "2 koodausta",
    ]
    assert (
        counted(1, "codings", "en") == "1 coding" and counted(3, "codings", "sv") == "3 kodningar"
    )


def test_lookups_fall_back_to_english_then_to_the_key() -> None:
    assert (word("theme", "sv"), word("theme", "fi"), word("theme", "de")) == (
        "Tema",
        "Teema",
        "Theme",
    )
    assert t("action.next", "fi") == "Seuraava" and t("action.next", "de") == "Next"
    assert t("no.such.key", "sv") == "no.such.key"
    assert i18n.text("no.such.key") is None
    with pytest.raises(KeyError, match="no_such"):
        word("no_such", "en")


def test_running_coder_needs_no_babel() -> None:
    code = (
        "import sys; sys.modules['babel'] = None\n"
        "from coder.export.words import note, word\n"
        "from coder.tui.i18n import t\n"
        "print(word('theme', 'fi'), t('action.quit', 'sv'), note('no_code', 'en', no_code=1))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.startswith("Teema Avsluta 1 coded answer received no code")


def test_the_script_moves_a_string_table_added_later_into_the_catalogues(
    tmp_path: Path,
) -> None:
    """Work begun before the move adds a dict entry; re-running the script takes it over."""
    script = _script()
    for path in {s.path for s in script.SOURCES}:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / path, tmp_path / path)
    locale = tmp_path / "locale"
    shutil.copytree(ROOT / "coder" / "locale", locale)
    module = tmp_path / "coder" / "tui" / "i18n.py"
    module.write_text(
        module.read_text(encoding="utf-8")
        + "\n\n# --- a screen's strings\n"
        + 'CATALOGUE: dict[str, dict[str, str]] = {\n    "note.saved": {"en": "Saved.", '
        + '"sv": "Sparat.", "fi": "Tallennettu."},\n}\n'
        + 'register({"note.kept": {"en": "{n} kept", "sv": "{n} kvar", "fi": "{n} jäljellä"}})\n',
        encoding="utf-8",
    )
    words = tmp_path / "coder" / "export" / "words.py"
    words.write_text(
        words.read_text(encoding="utf-8")
        + '\n\nCOUNTED: dict[str, dict[str, tuple[str, str]]] = {\n    "quotes": {\n'
        + '        "en": ("{n} quote", "{n} quotes"),\n        "sv": ("{n} citat", "{n} citat"),\n'
        + '        "fi": ("{n} sitaatti", "{n} sitaattia"),\n    },\n}\n',
        encoding="utf-8",
    )
    entries = script.collect(tmp_path)
    assert set(entries) == {"note.saved", "note.kept", "export.counted.quotes"}
    script.update_catalogues(entries, locale)
    assert sorted(script.strip_sources(tmp_path)) == ["coder/export/words.py", "coder/tui/i18n.py"]
    script.compile_all(locale)
    assert script.collect(tmp_path) == {}
    assert module.read_text(encoding="utf-8") == (ROOT / "coder/tui/i18n.py").read_text(
        encoding="utf-8"
    )
    fi = read_po((locale / "fi" / "LC_MESSAGES" / "coder.po").open("rb"), locale="fi")
    assert fi["note.saved"].string == "Tallennettu."
    assert fi["export.counted.quotes"].string == ("{n} sitaatti", "{n} sitaattia")
    assert fi["action.next"].string == "Seuraava"  # earlier strings kept
    import gettext

    compiled = gettext.translation("coder", locale, languages=["fi"])
    assert compiled.ngettext("export.counted.quotes", "export.counted.quotes", 5) == "{n} sitaattia"
