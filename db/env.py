"""Alembic environment for coder projects.

coder runs migrations itself when a project is opened (coder.store.migrate), passing the open
connection in ``config.attributes["connection"]``; the ``alembic`` command works too when
``-x db=PATH_OR_URL`` is given.
"""

from __future__ import annotations

from alembic import context

from coder.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
        return

    from coder.store.engine import make_engine

    db = context.get_x_argument(as_dictionary=True).get("db")
    if not db:
        raise SystemExit("give the project: alembic -x db=PATH_OR_URL upgrade head")
    engine = make_engine(db, create=True)
    with engine.connect() as conn:
        context.configure(
            connection=conn,
            target_metadata=target_metadata,
            render_as_batch=conn.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
