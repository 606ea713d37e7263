"""The code matrix and the quotes table against what the test project holds, on SQLite and
PostgreSQL: their one query per question (codes given as one string per answer, attribute
values, done marks) must read the same on both."""

from __future__ import annotations

from collections import Counter

from coder.export.matrix import MASKED, build_code_matrix, build_quotes_table
from coder.store.project import Project

from .conftest import UNIVERSITIES, anna_codes, text_of


def expected_codes() -> Counter[str]:
    given: Counter[str] = Counter()
    for i in range(len(UNIVERSITIES)):
        given.update(anna_codes(i) or ())
    return given


def test_the_code_matrix_reads_the_same_on_every_database(coded_any: Project) -> None:
    with coded_any.session(write=False) as s:
        matrix = build_code_matrix(s, "Q1", "anna", min_group=5)
    assert matrix.respondent_ids == [f"R{i:03d}" for i in range(len(UNIVERSITIES))]
    # answers 0-26 are coded (answer 2 with no code), 27-29 not yet
    assert matrix.coded == [1 if anna_codes(i) is not None else 0 for i in range(30)]
    columns = {code: [row[n] for row in matrix.values] for n, code in enumerate(matrix.codes)}
    assert {code: sum(values) for code, values in columns.items()} == {
        code: expected_codes()[code] for code in matrix.codes
    }
    for i in range(30):
        given = {code for code, values in columns.items() if values[i]}
        assert given == (anna_codes(i) or set())
    university = matrix.attributes.index("university")
    shown = [values[university] for values in matrix.attribute_values]
    # Lapland (3 respondents) is masked, the respondent without a university reads ""
    assert shown == [MASKED if u == "Lapland" else u for u in UNIVERSITIES]
    assert matrix.masked == {"university": ["Lapland"]}
    records = list(matrix.csv_records())
    assert len(records) == len(matrix) == 30
    assert records[0][:3] == ("R000", "Q1", 1)


def test_the_quotes_table_reads_the_same_on_every_database(coded_any: Project) -> None:
    with coded_any.session(write=False) as s:
        quotes = build_quotes_table(s, "Q1", "anna", min_group=5)
    assert len(quotes) == sum(expected_codes().values())
    header = quotes.header()
    rows = [dict(zip(header, row, strict=True)) for row in quotes.records()]
    by_answer: dict[str, set[str]] = {}
    for row in rows:
        by_answer.setdefault(row["respondent_id"], set()).add(row["code"])
        i = int(row["respondent_id"][1:])
        assert row["text"] == text_of(i)
        assert row["starred"] == (1 if i in (1, 3) else 0)
    assert by_answer == {f"R{i:03d}": anna_codes(i) for i in range(30) if anna_codes(i)}
    # a sub-code's path names its parent; the formula-like answer is made inert in CSV only
    money = next(row for row in rows if row["code"] == "resources.money")
    assert money["code_path"] == "Resources > Money"
    inert = next(r for r in quotes.csv_records() if r[0] == "R000")
    assert str(inert[6]).startswith("'=") and rows[0]["text"].startswith("=")
