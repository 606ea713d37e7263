"""Messages never show a PostgreSQL password."""

from __future__ import annotations

import pytest

from coder.errors import ProjectError
from coder.store.engine import display_name
from coder.store.project import Project


def test_display_name_hides_the_password() -> None:
    assert display_name("postgresql+psycopg://anna:s3cret@db.example/survey") == (
        "postgresql+psycopg://anna:***@db.example/survey"
    )
    assert display_name("survey.sqlite") == "survey.sqlite"


def test_a_failed_connection_does_not_print_the_password() -> None:
    with pytest.raises(ProjectError) as caught:
        Project.open("postgresql+psycopg://anna:s3cret@127.0.0.1:1/survey")
    assert "s3cret" not in str(caught.value)
    assert "anna:***@127.0.0.1:1/survey" in str(caught.value)
