"""Opening, creating and transacting on a coder project."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, select
from sqlalchemy.exc import DataError, InternalError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from coder import __version__
from coder.errors import CoderError, ProjectError
from coder.store import migrate
from coder.store.engine import display_name, make_engine, read_only, sqlite_path
from coder.store.models import Setting

PROJECT_KEY = "project.created_with"

__all__ = ["PROJECT_KEY", "Project", "Session", "get_setting", "set_setting"]
"""``Session`` is the transaction handle the store's query and command functions take."""


class Project:
    """An open coder project: an engine plus session factories for writing and reading.

    Use ``with project.session() as s:`` for one committed transaction (the unit of every
    analyst action and of every command), ``project.session(write=False)`` to read: that
    transaction takes no write lock and the database refuses any write in it.
    """

    def __init__(self, db: str, engine: Engine) -> None:
        self.db = db
        self.engine = engine
        self._writer = sessionmaker(bind=engine, expire_on_commit=False)
        self._reader = sessionmaker(bind=read_only(engine), expire_on_commit=False)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @classmethod
    def create(cls, db: str) -> Project:
        """Create a project at ``db`` (idempotent: an existing project is opened unchanged)."""
        engine = make_engine(db, create=True)
        name = display_name(db)
        try:
            with engine.begin() as conn:
                revision = migrate.check_not_newer(conn, name)
                if revision is None and _has_foreign_tables(conn):
                    raise ProjectError("error.store.other_tables", db=name)
                migrate.upgrade(conn)
                with Session(bind=conn) as session:
                    if session.get(Setting, PROJECT_KEY) is None:
                        session.add(Setting(key=PROJECT_KEY, value=__version__))
                        session.flush()
        except SQLAlchemyError as exc:
            engine.dispose()
            raise ProjectError("error.store.cannot_create", db=name, reason=_reason(exc)) from None
        except CoderError:
            engine.dispose()
            raise
        return cls(db, engine)

    @classmethod
    def open(cls, db: str) -> Project:
        """Open an existing project, migrating its schema to this version of coder."""
        engine = make_engine(db, create=False)
        name = display_name(db)
        try:
            with engine.begin() as conn:
                revision = migrate.check_not_newer(conn, name)
                if revision is None:
                    raise ProjectError("error.store.no_project", db=name)
                if revision != migrate.head_revision():
                    migrate.upgrade(conn)
        except SQLAlchemyError as exc:
            engine.dispose()
            raise ProjectError("error.store.cannot_open", db=name, reason=_reason(exc)) from None
        except CoderError:
            engine.dispose()
            raise
        return cls(db, engine)

    @contextmanager
    def session(self, write: bool = True) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises.

        ``write=False`` gives a read-only transaction: a write in it is a CoderError.
        """
        factory = self._writer if write else self._reader
        with factory() as session:
            try:
                with session.begin():
                    yield session
            except OperationalError as exc:
                raise CoderError(
                    "error.store.database", db=display_name(self.db), reason=_reason(exc)
                ) from exc
            except DataError as exc:  # a value the column cannot hold (PostgreSQL checks widths)
                raise CoderError("error.store.value_refused", reason=_reason(exc)) from exc
            except InternalError as exc:  # PostgreSQL: a write in a read-only transaction
                raise CoderError(
                    "error.store.database", db=display_name(self.db), reason=_reason(exc)
                ) from exc

    def close(self) -> None:
        """Release connections (files stay as they are)."""
        self.engine.dispose()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def path(self) -> str | None:
        """The SQLite file, or None for a server database."""
        path = sqlite_path(self.db)
        return str(path) if path is not None else None


def _has_foreign_tables(conn) -> bool:  # type: ignore[no-untyped-def]
    from sqlalchemy import inspect

    return bool(inspect(conn).get_table_names())


def _reason(exc: SQLAlchemyError) -> str:
    """The driver's message without SQLAlchemy's long preamble and links."""
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__


def get_setting(session: Session, key: str, default: str = "") -> str:
    """A project setting, or ``default``."""
    value = session.scalar(select(Setting.value).where(Setting.key == key))
    return default if value is None else value


def set_setting(session: Session, key: str, value: str) -> None:
    """Store a project setting."""
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
