"""Alembic migrations run programmatically, so `zwgk` needs no alembic.ini at run time."""
from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def sqlite_path(engine: Engine) -> Path | None:
    """The file of a file-backed SQLite database, else None."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:" \
            or database.startswith("file:"):
        return None
    return Path(database)


@contextmanager
def _one_migrator(engine: Engine) -> Iterator[None]:
    """Processes migrating the same SQLite file take turns (PostgreSQL: see migrations/env.py)."""
    path = sqlite_path(engine)
    if path is None:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".migrate-lock"), "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        yield


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply migrations up to `revision`."""
    with _one_migrator(engine):
        command.upgrade(alembic_config(engine), revision)
