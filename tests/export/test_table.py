"""The theme table's numbers against the database, suppression and the honest-count notes."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import text

from coder.errors import InputError, NotFoundError
from coder.export.table import MISSING_GROUP, build_theme_table
from coder.redaction import Redactor
from coder.store import actions
from coder.store.project import Project

from .conftest import PERSONAL, UNIVERSITIES


def db_counts(project: Project, coder: str, question: str = "Q1") -> Counter[str]:
    """Answers per code key for a coder, straight from SQL."""
    with project.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT k.key, COUNT(DISTINCT c.answer_id) FROM codings c "
                "JOIN codes k ON k.id = c.code_id JOIN coders u ON u.id = c.coder_id "
                "JOIN answers a ON a.id = c.answer_id "
                "WHERE u.name = :coder AND a.question_id = :q GROUP BY k.key"
            ),
            {"coder": coder, "q": question},
        )
        return Counter(dict(rows.all()))


def db_group_counts(project: Project, coder: str, attribute: str) -> dict[tuple[str, str], int]:
    """(code key, attribute value) -> answers, straight from SQL."""
    with project.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT k.key, r.value, COUNT(DISTINCT c.answer_id) FROM codings c "
                "JOIN codes k ON k.id = c.code_id JOIN coders u ON u.id = c.coder_id "
                "JOIN answers a ON a.id = c.answer_id "
                "JOIN respondent_attributes r ON r.respondent_id = a.respondent_id "
                "WHERE u.name = :coder AND a.question_id = 'Q1' AND r.name = :attr "
                "GROUP BY k.key, r.value"
            ),
            {"coder": coder, "attr": attribute},
        )
        return {(key, value): n for key, value, n in rows.all()}


def test_counts_and_shares_match_the_database(coded_any: Project) -> None:
    project = coded_any
    with project.session(write=False) as s:
        table = build_theme_table(s, "Q1", "anna")
    expected = db_counts(project, "anna")
    assert [r.code for r in table.rows] == [
        "resources",
        "resources.time",
        "resources.money",
        "admin",
        "definition",
    ]
    assert [r.depth for r in table.rows] == [0, 1, 1, 0, 0]
    assert table.answers == len(UNIVERSITIES)
    for row in table.rows:
        assert row.count == expected[row.code]
        assert row.share == pytest.approx(expected[row.code] / table.answers, abs=1e-4)
    resources = table.rows[0]
    # answers with resources itself or any of its sub-codes, each once
    assert resources.count_with_subcodes == 13
    assert table.coded == 27 and table.not_coded == 3
    assert table.no_code == 7
    assert table.several_codes == 13
    assert table.codings == sum(expected.values())


def test_groups_match_the_database_and_small_groups_are_suppressed(coded: Project) -> None:
    with coded.session(write=False) as s:
        table = build_theme_table(s, "Q1", "anna", by="university", min_group=5)
    assert table.group_sizes == {"Helsinki": 12, "Åbo Akademi": 14}
    assert table.suppressed_groups == [MISSING_GROUP, "Lapland"]
    expected = db_group_counts(coded, "anna", "university")
    for row in table.rows:
        assert set(row.groups) == {"Helsinki", "Åbo Akademi"}
        for group, cell in row.groups.items():
            assert cell.count == expected.get((row.code, group), 0)
            assert cell.share == pytest.approx(cell.count / table.group_sizes[group], abs=1e-4)
    document = table.to_json()
    for row in document["rows"]:
        assert "Lapland" not in row["groups"]
        assert "Lapland" in row["suppressed_groups"]
    assert "Lapland" in document["suppressed_groups"]
    assert any("Lapland" in note for note in table.notes)


def test_min_group_one_shows_every_group(coded: Project) -> None:
    with coded.session(write=False) as s:
        table = build_theme_table(s, "Q1", "anna", by="university", min_group=1)
    assert set(table.group_sizes) == {"Helsinki", "Åbo Akademi", "Lapland", MISSING_GROUP}
    assert table.suppressed_groups == []


def test_memo_points_quotes_and_redaction(coded: Project) -> None:
    redactor = Redactor(names=["Anna Virtanen"])
    with coded.session(write=False) as s:
        table = build_theme_table(s, "Q1", "anna", redactor=redactor)
    admin = next(r for r in table.rows if r.code == "admin")
    assert admin.points == ["Forms and approvals take long", "Roles are unclear"]
    assert [q.respondent_id for q in admin.quotes] == ["R001"]
    quote = admin.quotes[0].text
    assert "[phone]" in quote and "[e-mail]" in quote and "[name]" in quote
    assert "anna.k@abo.fi" not in quote and "Virtanen" not in quote
    with coded.session(write=False) as s:
        plain = build_theme_table(s, "Q1", "anna")
    assert next(r for r in plain.rows if r.code == "admin").quotes[0].text == PERSONAL


def test_labels_in_the_chosen_language(coded: Project) -> None:
    with coded.session(write=False) as s:
        table = build_theme_table(s, "Q1", "anna", lang="fi")
    assert [r.label for r in table.rows][:3] == ["Resurssit", "Aika", "Raha"]
    assert table.rows[1].path == ["Resurssit", "Aika"]


def test_notes_say_how_answers_are_counted(coded: Project) -> None:
    with coded.session(write=False) as s:
        table = build_theme_table(s, "Q1", "anna")
    notes = " ".join(table.notes)
    assert "7 coded answers received no code" in notes
    assert "13 answers received more than one code" in notes
    assert "3 answers are not coded yet" in notes


def test_the_coder_is_chosen_or_named(coded: Project) -> None:
    with coded.session(write=False) as s:
        with pytest.raises(InputError, match="anna, ben"):
            build_theme_table(s, "Q1")
        with pytest.raises(NotFoundError, match="no coder named 'carl'"):
            build_theme_table(s, "Q1", "carl")
        with pytest.raises(NotFoundError, match="no question 'Q9'"):
            build_theme_table(s, "Q9", "anna")
        with pytest.raises(NotFoundError, match="no codebook"):
            build_theme_table(s, "Q2", "anna")
        with pytest.raises(NotFoundError, match="attribute 'faculty'"):
            build_theme_table(s, "Q1", "anna", by="faculty")
    # a consensus coder is the default
    with coded.session() as s:
        answer = actions.find_answer(s, "R000", "Q1")
        assert answer is not None
        code = actions.code_by_key(s, "Q1", "admin")
        actions.set_codes(s, answer.id, "consensus", [code.id], consensus=True)
    with coded.session(write=False) as s:
        table = build_theme_table(s, "Q1")
    assert table.coder == "consensus"
    assert next(r for r in table.rows if r.code == "admin").count == 1


def test_notes_in_the_chosen_language(coded: Project) -> None:
    with coded.session(write=False) as s:
        sv = build_theme_table(s, "Q1", "anna", lang="sv", by="university")
        fi = build_theme_table(s, "Q1", "anna", lang="fi")
    assert "7 kodade svar fick ingen kod" in " ".join(sv.notes)
    assert "Utelämnade" in sv.notes[-1] and "Lapland" in sv.notes[-1]
    assert "13 vastausta sai useamman kuin yhden koodin" in " ".join(fi.notes)
