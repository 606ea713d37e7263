"""The project store: SQLAlchemy models, engine set-up, migrations, the event log.

SQLite by default, PostgreSQL through a URL. Every analyst action is one committed
transaction that also appends to the event log, so a crash or a kill loses nothing.
"""
