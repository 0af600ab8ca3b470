"""Idempotent batch writes (INSERT … ON CONFLICT) for SQLite and PostgreSQL.

A resumed crawl, or two workers that met the same page, write the same rows again: these
statements make that harmless.
"""
from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def _insert(session: Session, table: Table):
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"no upsert for {dialect}")


def insert_ignore(session: Session, table: Table, rows: Sequence[dict], keys: Sequence[str]) -> None:
    """Insert `rows`; a row whose `keys` already exist is left as it is."""
    if rows:
        session.execute(_insert(session, table).on_conflict_do_nothing(index_elements=list(keys)), rows)


def upsert(session: Session, table: Table, rows: Sequence[dict], keys: Sequence[str]) -> None:
    """Insert `rows`; a row whose `keys` already exist gets the new values."""
    if not rows:
        return
    stmt = _insert(session, table)
    updates = {c: stmt.excluded[c] for c in rows[0] if c not in keys}
    session.execute(stmt.on_conflict_do_update(index_elements=list(keys), set_=updates), rows)
