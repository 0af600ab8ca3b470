"""Engine and session set-up. SQLite (WAL) by default, PostgreSQL by URL."""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from crawler.yamlfile import ConfigError

DEFAULT_DB_URL = "sqlite:///zwgk.db"


def resolve_db_url(cli_value: str | None) -> str:
    """The database URL: `--db`, else `ZWGK_DB`, else `sqlite:///zwgk.db` in the working directory."""
    return cli_value or os.environ.get("ZWGK_DB") or DEFAULT_DB_URL


_USERINFO = re.compile(r"(?<=://)([^/@:]*):[^/@]*@")


def safe_url(url: str) -> str:
    """The URL with any password masked, for logs and messages (also when it does not parse)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return _USERINFO.sub(r"\1:***@", url)


def _scrubbed(text: str, url: str) -> str:
    """The first line of a driver's message, with the URL's password (if any) masked."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    try:
        password = make_url(url).password
    except (ArgumentError, ValueError):
        password = None
    return line.replace(str(password), "***") if password else line


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


#: The DBAPI driver each backend needs, and the extra of zwgk-audit that installs it.
DRIVER_EXTRAS = {"postgresql": ("psycopg", "postgres")}


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets WAL so a report can read while a crawl writes.

    A malformed URL, an unknown backend or a missing driver is bad input (ConfigError).
    """
    try:
        engine = create_engine(url, future=True)
    except ImportError as exc:
        driver, extra = DRIVER_EXTRAS.get(make_url(url).get_backend_name(), (exc.name, None))
        hint = f", 请安装: pip install 'zwgk-audit[{extra}]'" if extra else ""
        raise ConfigError("--db", None, "",
                          f"{safe_url(url)} 需要数据库驱动 {driver}, 但未安装{hint}") from None
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise ConfigError("--db", None, "",
                          f"无法使用的数据库 URL {safe_url(url)}: {_scrubbed(str(exc), url)}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def init_db(engine: Engine) -> None:
    """Bring the schema to the newest migration (creates it on an empty database).

    A database that cannot be reached or written is bad input (ConfigError naming --db, with
    the password masked)."""
    from storage.migrate import upgrade

    try:
        upgrade(engine)
    except DBAPIError as exc:
        raise unusable(engine, exc) from None


def unusable(engine: Engine, exc: DBAPIError) -> ConfigError:
    """The one-line error of a database that cannot be reached or used (password masked)."""
    url = engine.url.render_as_string(hide_password=False)
    return ConfigError("--db", None, "", f"无法使用数据库 {safe_url(url)}: {_scrubbed(str(exc.orig), url)}")


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session committed on success and rolled back on error."""
    factory = sessionmaker(engine, expire_on_commit=False)
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
