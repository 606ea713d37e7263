"""HTML markup in survey cells never becomes a respondent's answer text.

tests/data/ingest/layouts/limesurvey_markup.csv (written for these tests) is a LimeSurvey
code-dot-text export whose answer options carry the editor's markup, as LimeSurvey writes
them, beside open answers with and without markup; the real LimeSurvey export in
../shared/real-world/surveys is read too when it is there.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from coder.ingest.formats import MARKUP_OPTIONS
from coder.ingest.markup import has_markup, markup_text
from coder.ingest.shape import ImportOptions, read_survey
from tests.cli_helpers import run_cli

FIXTURE = Path(__file__).parent.parent / "data" / "ingest" / "layouts" / "limesurvey_markup.csv"
REAL = (
    Path(__file__).parents[2].parent
    / "shared"
    / "real-world"
    / "surveys"
    / "limesurvey_code-dot-text_headings.csv"
)


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        ('<div><span style="color:#2ecc71;">Environment</span></div>', "Environment"),
        # CSV quoting broken by the markup's own quotes leaves one behind the closing tag
        ('<div><span style=color:#ffccff;">Person & Org</span></div>"', "Person & Org"),
        ("<p>Bra &amp; smidigt</p><p>Andra stycket</p>", "Bra & smidigt\nAndra stycket"),
        ("Rad ett<br/>rad  två", "Rad ett\nrad två"),
        ("<P>Upper case tags</P>", "Upper case tags"),
        ('<p>Sa "hej"</p>', 'Sa "hej"'),
        ("<p>&nbsp;</p>", ""),
        ("<p>tid <kursnamn> schema</p>", "tid <kursnamn> schema"),
    ],
)
def test_text_of_a_cell_with_markup(cell: str, text: str) -> None:
    assert has_markup(cell)
    assert markup_text(cell) == text


@pytest.mark.parametrize(
    "cell", ["(e.g., <muscle names>)", "a <3 b", "x < y > z", "R&amp;D", "<kursnamn>", ""]
)
def test_angle_brackets_that_are_not_html_are_text(cell: str) -> None:
    assert not has_markup(cell)


def test_limesurvey_answer_options_in_markup_are_not_open_answers() -> None:
    survey = read_survey(FIXTURE, ImportOptions())
    assert list(survey.questions) == ["G01Q02", "G03Q04"]
    assert survey.skipped_columns["G02Q03[SQ001]"] == MARKUP_OPTIONS
    assert survey.skipped_columns["G02Q03[SQ002]"] == MARKUP_OPTIONS
    texts = {(a.respondent_id, a.question_id): a.text for a in survey.answers}
    assert not [t for t in texts.values() if has_markup(t) or "&amp;" in t or "&nbsp;" in t]
    # real text wrapped in markup: the text, a line per paragraph
    assert texts[("1", "G03Q04")] == "Samarbetet med arbetslivet fungerar bra & smidigt."
    assert texts[("4", "G03Q04")] == "Gemensamma planeringsdagar.\nTydliga kontaktpersoner."
    # angle brackets a respondent typed stay
    assert "<kursnamn>" in texts[("4", "G01Q02")]
    # a cell of markup alone and a cell repeating the question's text are no answers
    assert ("3", "G03Q04") not in texts and ("3", "G01Q02") not in texts
    assert survey.blank == 2
    assert any("held HTML markup" in w for w in survey.warnings)
    assert any("the question's text" in w and "G01Q02" in w for w in survey.warnings)


def test_an_option_column_named_with_text_is_stored_as_its_text() -> None:
    survey = read_survey(FIXTURE, ImportOptions(id_col="id", text=("G02Q03[SQ001]",)))
    assert [a.text for a in survey.answers] == ["Miljö", "Organisation", "Plats", "Miljö", "Miljö"]


def stored_texts(db: str) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [text for (text,) in conn.execute("SELECT text FROM answers")]


def test_import_stores_no_markup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "p.sqlite")
    assert run_cli(capsys, "init", db)[0] == 0
    status, out, err = run_cli(capsys, "import", db, str(FIXTURE), "--json")
    assert status == 0, err
    result = json.loads(out)
    assert result["answers_added"] == 8
    texts = stored_texts(db)
    assert len(texts) == 8 and not [t for t in texts if has_markup(t)]


@pytest.mark.skipif(not REAL.is_file(), reason="../shared/real-world/surveys is not here")
def test_real_limesurvey_export_stores_no_markup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "p.sqlite")
    assert run_cli(capsys, "init", db)[0] == 0
    status, out, err = run_cli(capsys, "import", db, str(REAL), "--json")
    assert status == 0, err
    result = json.loads(out)
    assert MARKUP_OPTIONS in result["skipped_columns"].values()
    texts = stored_texts(db)
    assert texts and not [t for t in texts if has_markup(t)]
    # what respondents typed between angle brackets is kept as they wrote it
    assert any("<muscle names>" in t for t in texts)


def test_question_titles_from_headings_lose_their_markup(tmp_path: Path) -> None:
    path = tmp_path / "lime.csv"
    path.write_text(
        "id. Response ID,submitdate. Date submitted,lastpage. Last page,"
        "startlanguage. Start language,G01Q02. <p>Vilka är de <b>största</b> utmaningarna?</p>\n"
        "1,2025-10-01 08:31:12,1,sv,Det saknas tid för planering av nya kurser.\n",
        encoding="utf-8",
    )
    survey = read_survey(path, ImportOptions(id_col="id", text=("G01Q02",)))
    assert survey.questions == {"G01Q02": "Vilka är de största utmaningarna?"}
