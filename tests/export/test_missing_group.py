"""The group of respondents without a value for `--by` is named in the table's language,
from the gettext catalogues, in every format that shows it."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from coder.export.run import ExportOptions, run_export
from coder.export.table import build_theme_table, missing_group
from coder.store.project import Project

NAMES = {"en": "(no value)", "sv": "(inget värde)", "fi": "(ei arvoa)"}


@pytest.mark.parametrize("lang", ["en", "sv", "fi"])
def test_the_group_without_a_value_is_named_in_the_table_language(
    coded: Project, lang: str
) -> None:
    assert missing_group(lang) == NAMES[lang]
    with coded.session(write=False) as s:
        shown = build_theme_table(s, "Q1", "anna", lang=lang, by="university", min_group=1)
        hidden = build_theme_table(s, "Q1", "anna", lang=lang, by="university", min_group=5)
    # one respondent has no university: shown last at --min-group 1, suppressed at 5
    assert list(shown.group_sizes)[-1] == NAMES[lang]
    assert shown.group_sizes[NAMES[lang]] == 1
    assert NAMES[lang] in hidden.suppressed_groups
    assert NAMES[lang] in hidden.suppressed_note
    other = {name for code, name in NAMES.items() if code != lang}
    assert not other & {*shown.group_sizes, *hidden.suppressed_groups}


def test_the_csv_and_json_exports_name_it_in_swedish(coded: Project, tmp_path: Path) -> None:
    out = tmp_path / "q1.csv"
    options = ExportOptions(
        fmt="csv", out=out, coder="anna", by="university", lang="sv", min_group=1
    )
    run_export(coded, options)
    with out.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert "(inget värde) count" in header and "(no value) count" not in header
    options.fmt, options.out = "json", tmp_path / "q1.json"
    options.min_group = 5
    run_export(coded, options)
    document = json.loads(options.out.read_text(encoding="utf-8"))
    assert "(inget värde)" in document["suppressed_groups"]
