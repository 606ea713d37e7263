"""The analyst's config file, the UI string catalogue, and `coder code` refusing bad input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from coder.cli import cli
from coder.errors import InputError
from coder.tui.config import DEFAULT_BINDINGS, default_config_text, load_config
from coder.tui.i18n import CATALOGUE, UI_LANGUAGES, missing, register, t


def test_missing_config_file_is_empty(tmp_path: Path) -> None:
    config = load_config(tmp_path / "none.toml")
    assert config.ui_lang is None and config.keys("next") == DEFAULT_BINDINGS["next"]


def test_config_sets_language_and_keys(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('ui_lang = "fi"\n[bindings]\naccept = "ctrl+a, A"\n', encoding="utf-8")
    config = load_config(path)
    assert config.ui_lang == "fi"
    assert config.keys("accept") == "ctrl+a,A"
    assert config.keys("undo") == "ctrl+z"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("ui_lang = [", "not valid TOML"),
        ('ui_lang = "de"', "ui_lang 'de'"),
        ('[bindings]\nfly = "x"', "unknown action 'fly'"),
        ("[bindings]\nnext = 3", "next must be a non-empty string"),
    ],
)
def test_broken_config_names_file_and_fault(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)) as err:
        load_config(path)
    assert str(path) in str(err.value)


def test_default_config_text_lists_every_action_and_parses(tmp_path: Path) -> None:
    text = default_config_text()
    for action in DEFAULT_BINDINGS:
        assert f"# {action} = " in text
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    assert load_config(path).bindings == {}


def test_every_string_in_every_language() -> None:
    for lang in UI_LANGUAGES:
        assert missing(lang) == [], lang


def test_action_names_have_strings() -> None:
    for action in DEFAULT_BINDINGS:
        assert f"action.{action}" in CATALOGUE


def test_placeholders_match_across_languages() -> None:
    for key, texts in CATALOGUE.items():
        fields = {lang: set(re.findall(r"{(\w+)}", text)) for lang, text in texts.items()}
        assert len({frozenset(f) for f in fields.values()}) == 1, key


def test_other_screens_register_strings() -> None:
    register({"test.hello": {"en": "Hello {name}", "sv": "Hej {name}"}})
    assert t("test.hello", "sv", name="Anna") == "Hej Anna"
    assert t("test.hello", "fi", name="Anna") == "Hello Anna"  # falls back to English
    assert t("no.such.key", "sv") == "no.such.key"


def test_code_command_refuses_unknown_question(
    coding_project: object, db_path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from coder.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["code", db_path, "--coder", "anna", "--question", "Q9"])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("coder: error:") and "'Q9'" in err and "Q1" in err


def test_code_command_help_names_its_options() -> None:
    result = CliRunner().invoke(cli, ["code", "--help"])
    assert result.exit_code == 0
    for option in ("--coder", "--question", "--lang"):
        assert option in result.output


def test_code_command_refuses_missing_project(tmp_path: Path) -> None:
    from coder.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["code", str(tmp_path / "nope.sqlite"), "--coder", "anna"])
    assert exit_info.value.code == 1
    assert not (tmp_path / "nope.sqlite").exists()
