"""Segments in the store, the theme table and the TUI.

Whole-answer codings stay unique per answer, code and coder; one coder may code several parts
of an answer with the same code. Counting stays per answer (a segment counts its answer
once) and a starred answer coded in parts is quoted by its coded parts. The coding screen
highlights the parts.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from coder.export.table import build_theme_table
from coder.refi.importer import import_refi
from coder.store import actions
from coder.store.models import Answer, Coding, utcnow
from coder.store.project import Project
from coder.store.segments import add_codings
from coder.tui.app import CoderApp
from coder.tui.config import Config
from coder.tui.widgets.panels import AnswerPanel

from .conftest import REFI_DATA

QUESTION = "lower_sources"


@pytest.fixture
def imported(any_db: str) -> Iterator[Project]:
    project = Project.create(any_db)
    import_refi(project, REFI_DATA / "lower_sources.qdpx")
    yield project
    project.close()


def ids(project: Project) -> tuple[int, int, int]:
    """The answer of respondent R1, the code "Tid" and coder Maria."""
    from coder.store.actions import code_by_key, find_answer, get_coder

    with project.session(write=False) as s:
        answer = find_answer(s, "R1", QUESTION)
        assert answer is not None
        return answer.id, code_by_key(s, QUESTION, "Tid").id, get_coder(s, "Maria").id


def test_whole_codings_are_unique_and_segments_are_not(imported: Project) -> None:
    answer, code, coder = ids(imported)
    with imported.session() as s:  # a whole-answer "Tid" next to Maria's two "Tid" segments
        assert add_codings(s, [(answer, code, coder, None, None)]) == 1
        assert add_codings(s, [(answer, code, coder, None, None), (answer, code, coder, 0, 9)]) == 0
        assert add_codings(s, [(answer, code, coder, 3, 7)]) == 1
    row = {"answer_id": answer, "code_id": code, "coder_id": coder, "source": "x"}
    for offsets in ({}, {"start_offset": 3, "end_offset": 7}):
        with pytest.raises(IntegrityError), imported.session() as s:
            s.execute(insert(Coding).values(**row, **offsets, created_at=utcnow()))


def test_theme_tables_count_answers_once_and_quote_the_coded_parts(imported: Project) -> None:
    with imported.session() as s:
        answer, _code, _coder = ids(imported)
        actions.set_star(s, answer, "Maria", True)
        table = build_theme_table(s, QUESTION, "Maria", lang="sv")
        text = s.get(Answer, answer).text
    row = next(r for r in table.rows if r.code == "Tid")
    assert row.count == 3  # three answers, each with two "Tid" segments by Maria
    (quote,) = row.quotes
    assert quote.text == f"{text[0:9]} … {text[20:30]}"


@pytest.fixture
def anyio_backend() -> str:
    """Textual runs on asyncio."""
    return "asyncio"


@pytest.mark.anyio
async def test_the_coding_screen_highlights_the_coded_parts(tmp_path: Path) -> None:
    project = Project.create(str(tmp_path / "p.sqlite"))
    try:
        import_refi(project, REFI_DATA / "lower_sources.qdpx")
        app = CoderApp(project, "Maria", QUESTION, config=Config(), learn=False)
        async with app.run_test() as pilot:
            await pilot.pause()
            panel = app.screen.query_one(AnswerPanel)
            # the answer body (Textual's Content: plain text and styled spans)
            rendered = panel.query_one("#answer-text").render()
            assert "kodade delar" in rendered.plain or "coded parts" in rendered.plain
            assert "Tid 0–9" in rendered.plain and "Tid 20–30" in rendered.plain
            text = app.state.detail(app.state.current_id).text  # type: ignore[union-attr]
            start = rendered.plain.index(text)
            styled = {
                (span.start - start, span.end - start)
                for span in rendered.spans
                if getattr(span.style, "background", None) is not None
            }
            assert {(0, 9), (20, 30)} <= styled
    finally:
        project.close()


def test_a_project_at_revision_0001_keeps_its_codings_on_upgrade(any_db: str) -> None:
    """Revision 0002 adds the offsets and swaps the unique constraint without losing a row."""
    from alembic import command
    from sqlalchemy import text

    from coder.store import migrate
    from coder.store.engine import make_engine

    engine = make_engine(any_db, create=True)
    with engine.begin() as conn:
        command.upgrade(migrate._config(conn), "0001")
        conn.execute(
            text(
                "INSERT INTO questions (id, title, position, created_at) VALUES ('Q', '', 1, '2024-01-01')"
            )
        )
        conn.execute(
            text("INSERT INTO respondents (id, position, created_at) VALUES ('R', 1, '2024-01-01')")
        )
        conn.execute(
            text(
                "INSERT INTO answers (id, respondent_id, question_id, text, language, "
                "language_source, position, imported_at) "
                "VALUES (1, 'R', 'Q', 'Some text', 'en', 'detected', 1, '2024-01-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO coders (id, name, is_consensus, created_at) VALUES (1, 'anna', false, '2024-01-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO codebooks (id, question_id, name, title, question_text, version, "
                "created_at, updated_at) VALUES (1, 'Q', 'q', '{}', '{}', 1, '2024-01-01', '2024-01-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO codes (id, codebook_id, key, position, labels, definition, include, "
                "exclude, examples, keywords, codable, status, revision, created_at, updated_at) "
                "VALUES (1, 1, 'c', 0, '{}', '{}', '{}', '{}', '{}', '{}', true, 'active', 1, "
                "'2024-01-01', '2024-01-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO codings (answer_id, code_id, coder_id, source, created_at) "
                "VALUES (1, 1, 1, 'manual', '2024-01-01')"
            )
        )
    engine.dispose()
    project = Project.open(any_db)
    try:
        with project.session() as s:
            assert add_codings(s, [(1, 1, 1, None, None), (1, 1, 1, 0, 4), (1, 1, 1, 5, 9)]) == 2
        with project.session(write=False) as s:
            rows = s.execute(
                select(Coding.start_offset, Coding.end_offset).order_by(Coding.id)
            ).all()
        assert [tuple(r) for r in rows] == [(None, None), (0, 4), (5, 9)]
    finally:
        project.close()


def test_codings_are_found_by_answer_through_an_index(project: Project) -> None:
    """The unique constraint 0002 replaced was the index every lookup by answer used."""
    from sqlalchemy import inspect, text

    with project.engine.connect() as conn:
        names = {index["name"] for index in inspect(conn).get_indexes("codings")}
        assert {"ix_codings_answer", "uq_coding_whole", "uq_coding_segment"} <= names
        plan = " ".join(
            str(row[-1])
            for row in conn.execute(
                text("EXPLAIN QUERY PLAN SELECT code_id FROM codings WHERE answer_id = 1")
            )
        )
    assert "USING" in plan and "INDEX" in plan, plan


def test_check_does_not_take_segments_for_duplicates_and_backups_keep_them(
    tmp_path: Path,
) -> None:
    """Two segments of one code by one coder are not duplicate codings; a portable dump and
    its restore keep every offset."""
    from coder.store.maintenance import backup, check, restore

    project = Project.create(str(tmp_path / "p.sqlite"))
    try:
        import_refi(project, REFI_DATA / "lower_sources.qdpx")
        assert [f for f in check(project) if "duplicate" in f.message] == []
        before = stored(project)
        backup(project, tmp_path / "dump.jsonl.gz")
    finally:
        project.close()
    again = restore(tmp_path / "dump.jsonl.gz", str(tmp_path / "restored.sqlite"))
    try:
        assert stored(again) == before
    finally:
        again.close()


def stored(project: Project) -> set[tuple[int, int, int, int | None, int | None]]:
    with project.session(write=False) as s:
        rows = s.execute(
            select(
                Coding.answer_id,
                Coding.code_id,
                Coding.coder_id,
                Coding.start_offset,
                Coding.end_offset,
            )
        )
        return {tuple(r) for r in rows}  # type: ignore[misc]
