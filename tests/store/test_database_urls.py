"""Which databases a project may live in, and the one-line errors for the others."""

from __future__ import annotations

import sys

import pytest

from coder.errors import ProjectError
from coder.store.project import Project
from tests.cli_helpers import run_cli


def test_an_unsupported_database_is_named_as_such() -> None:
    with pytest.raises(ProjectError) as caught:
        Project.open("mysql://anna:s3cret@db.example/survey")
    assert str(caught.value) == "coder supports SQLite files and PostgreSQL URLs; got mysql"


def test_an_empty_project_argument_is_a_clear_error() -> None:
    with pytest.raises(ProjectError, match="no project given"):
        Project.open("")


def test_postgresql_without_its_driver_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    # As if `pip install coder` without the `postgres` extra: psycopg cannot be imported.
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(ProjectError) as caught:
        Project.open("postgresql+psycopg://anna:s3cret@127.0.0.1:1/survey")
    message = str(caught.value)
    assert "coder[postgres]" in message
    assert "s3cret" not in message
    assert "\n" not in message


def test_a_plain_postgresql_url_uses_psycopg(monkeypatch: pytest.MonkeyPatch) -> None:
    # SQLAlchemy's default PostgreSQL driver is psycopg2, which coder does not install.
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(ProjectError, match="'psycopg' is not installed"):
        Project.open("postgresql://anna@127.0.0.1:1/survey")


def test_status_of_an_empty_argument_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run_cli(capsys, "status", "")
    assert status == 1
    assert out == ""
    assert err.strip().splitlines() == [
        "coder: error: no project given: DB must be a SQLite file path or a database URL"
    ]
