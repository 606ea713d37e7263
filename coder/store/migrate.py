"""Schema migrations (Alembic, scripts in the repository's ``db/``), run when a project opens."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from sqlalchemy import Connection, inspect

from coder.errors import CoderError, ProjectError


@cache
def migrations_dir() -> Path:
    """Where the Alembic scripts live: ``db/`` of the clone or of the installation."""
    from coder.resources import shipped_dir

    try:
        return shipped_dir("db")
    except CoderError:
        raise ProjectError("error.store.no_migrations") from None


def _config(connection: Connection | None = None):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@cache
def known_revisions() -> frozenset[str]:
    """Every revision this version of coder knows."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_config())
    return frozenset(rev.revision for rev in script.walk_revisions())


@cache
def head_revision() -> str:
    """The newest schema revision this version of coder writes."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    if head is None:
        raise ProjectError("error.store.no_head")
    return head


def current_revision(connection: Connection) -> str | None:
    """The schema revision stored in the database, or None if it holds no coder schema."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    from alembic.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def check_not_newer(connection: Connection, where: str) -> str | None:
    """Refuse a project whose schema was written by a newer coder; return its revision."""
    revision = current_revision(connection)
    if revision is not None and revision not in known_revisions():
        raise ProjectError("error.store.newer_schema", where=where, revision=revision)
    return revision


def upgrade(connection: Connection) -> None:
    """Bring the schema to head inside the caller's transaction."""
    from alembic import command

    command.upgrade(_config(connection), "head")
