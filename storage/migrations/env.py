"""Alembic environment: uses the engine handed over by storage.migrate.

Workers started together (local or distributed) may all migrate the same database: on
PostgreSQL a transaction-level advisory lock makes them take turns (the later ones find the
schema at head); SQLite is serialised by a file lock in `storage.migrate`.
"""
from alembic import context
from sqlalchemy import text

from storage.models import Base

MIGRATION_LOCK = 7_240_001  # pg_advisory_xact_lock key of zwgk's migrations

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()
